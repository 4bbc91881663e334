"""Builders for registration events in tests and examples: the Alliance Cup 2020's dates
(start 21 November, registration deadline 4 October, season 2020), a U12 team whose players
are born in 2009, so a test states only what it is about."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from schemas.registration import (
    AgeGroupNotOffered,
    ApplicationAccepted,
    ApplicationNotAccepted,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    Document,
    PlayerCheckedIn,
    PlayUpApproved,
    RefundPaid,
    RegistrationTermsSet,
    RosterLocked,
    TournamentCancelled,
)
from schemas.roster import RosterPlayer, RosterStaff
from workloads.factories import envelope

STARTS_ON = date(2020, 11, 21)
DEADLINE = date(2020, 10, 4)
SEASON = 2020
FEE_CENTS = 65_000


def on(day: date, hour: int = 12) -> dict[str, Any]:
    """The envelope of an event on `day` (UTC noon unless told)."""
    return envelope(occurred_at=datetime.combine(day, time(hour), tzinfo=UTC), source="registrar")


def terms(day: date = date(2020, 8, 1), **overrides: Any) -> RegistrationTermsSet:
    fields = {"starts_on": STARTS_ON, "registration_deadline": DEADLINE, "season_year": SEASON}
    return RegistrationTermsSet(**(on(day) | fields | overrides))


def player(person_id: str, born: date = date(2009, 3, 1), **overrides: Any) -> RosterPlayer:
    return RosterPlayer(
        **({"person_id": person_id, "name": f"Player {person_id}", "birth_date": born} | overrides)
    )


def application(
    team: str,
    day: date = date(2020, 9, 1),
    players: Sequence[str | RosterPlayer] = ("P1", "P2"),
    complete: bool = True,
    **overrides: Any,
) -> ApplicationSubmitted:
    """A competitive U12 team's application; `complete` hands in every document it needs."""
    roster = [p if isinstance(p, RosterPlayer) else player(f"{team}-{p}") for p in players]
    documents = (
        [Document(kind="state_roster")]
        + [Document(kind="medical_release", person_id=p.person_id) for p in roster]
        if complete
        else []
    )
    fields = {
        "team_id": team,
        "team_name": f"Team {team}",
        "division_id": "U12B",
        "age_group": "U12",
        "club": f"Club {team}",
        "entry_fee_cents": FEE_CENTS,
        "players": roster,
        "staff": [RosterStaff(person_id=f"{team}-C1", name=f"Coach {team}")],
        "documents": documents,
    }
    return ApplicationSubmitted(**(on(day) | fields | overrides))


def accepted(team: str, day: date = date(2020, 9, 10)) -> ApplicationAccepted:
    return ApplicationAccepted(**on(day), team_id=team)


def not_accepted(team: str, day: date = date(2020, 9, 10)) -> ApplicationNotAccepted:
    return ApplicationNotAccepted(**on(day), team_id=team, reason="division full")


def withdrawn(team: str, day: date = date(2020, 9, 20)) -> ApplicationWithdrawn:
    return ApplicationWithdrawn(**on(day), team_id=team)


def play_up(team: str, day: date = date(2020, 9, 5)) -> PlayUpApproved:
    return PlayUpApproved(**on(day), team_id=team)


def not_offered(age_group: str = "U12", day: date = date(2020, 10, 1)) -> AgeGroupNotOffered:
    return AgeGroupNotOffered(**on(day), age_group=age_group)


def cancelled(day: date = date(2020, 10, 20)) -> TournamentCancelled:
    return TournamentCancelled(**on(day), reason="fields closed")


def paid(team: str, cents: int = FEE_CENTS, day: date = date(2020, 9, 25)) -> RefundPaid:
    return RefundPaid(**on(day), team_id=team, amount_cents=cents)


def checked_in(
    team: str,
    person: str,
    born: date = date(2009, 3, 1),
    day: date = STARTS_ON,
    **overrides: Any,
) -> PlayerCheckedIn:
    fields = {
        "team_id": team,
        "person_id": f"{team}-{person}",
        "proof": "player_pass",
        "birth_date": born,
        "photo_and_signature": True,
    }
    return PlayerCheckedIn(**(on(day, hour=8) | fields | overrides))


def locked(team: str, day: date = STARTS_ON) -> RosterLocked:
    return RosterLocked(**on(day, hour=9), team_id=team)
