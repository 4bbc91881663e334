"""The check-in desk: each player's proof of age against the roster, and the lock after it.

Seed 003: for competitive teams "the only acceptable proof of age will be a valid US
Soccer/US Youth Soccer, State, or National registration card that includes a signature and a
photograph of the player", and players "who do not present valid player passes will not
play"; a recreational team provides "a birth certificate or state or national certified
player pass, for each such player evidencing that player's eligibility to play on that team
based on birth date". The age rules themselves (age group by birth year, how far a player may
play up) are the roster check's (`services.discipline.eligibility`), run on the roster with
the birth date the proof shows.

"The same players must be on the maximum tournament roster for the entirety of the
tournament": once a team's roster is locked, the gateway refuses (`refusal`) a new roster or
application for the team, a late check-in, and a lineup naming anyone not verified at
check-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemas.match import LineupSubmitted
from schemas.registration import ApplicationSubmitted, PlayerCheckedIn
from schemas.roster import RosterSubmitted
from services.discipline.config import DisciplineConfig
from services.discipline.eligibility import check_roster
from services.registration.state import Application, Registration, locked

#: An application carries every field of a roster but its type.
ROSTER_FIELDS = tuple(name for name in RosterSubmitted.model_fields if name != "type")


def roster_of(submitted: ApplicationSubmitted) -> RosterSubmitted:
    """The application's roster as the roster rules read it."""
    return RosterSubmitted(**{name: getattr(submitted, name) for name in ROSTER_FIELDS})


def verify(
    application: Application, check_in: PlayerCheckedIn, season_year: int | None
) -> list[str]:
    """Why the proof does not verify the player (empty: verified)."""
    submitted = application.submitted
    listed = {p.person_id: p for p in submitted.players}
    player = listed.get(check_in.person_id)
    if player is None:
        return [f"{check_in.person_id} is not on the roster of team {submitted.team_id}"]
    found = []
    if submitted.competitive and check_in.proof != "player_pass":
        found.append("a competitive team's only acceptable proof of age is a player pass")
    if check_in.proof == "player_pass" and not check_in.photo_and_signature:
        found.append("the player pass must include a signature and a photograph of the player")
    if check_in.birth_date != player.birth_date:
        found.append(
            f"the {check_in.proof.replace('_', ' ')} shows born {check_in.birth_date}; "
            f"the roster says {player.birth_date}"
        )
    if season_year is None:
        found.append("the season year is not set (registration terms): ages cannot be checked")
        return found
    shown = player.model_copy(update={"birth_date": check_in.birth_date})
    roster = roster_of(submitted).model_copy(update={"players": [shown]})
    config = DisciplineConfig(season_year=season_year)
    found.extend(p.what for p in check_roster(roster, config) if p.person_id == player.person_id)
    return found


@dataclass(frozen=True)
class PlayerCheckIn:
    """One rostered player at check-in: not seen yet, verified, or refused with reasons."""

    person_id: str
    name: str
    state: str
    reasons: tuple[str, ...] = ()


def check_in_sheet(application: Application, season_year: int | None) -> list[PlayerCheckIn]:
    """Every rostered player's check-in state, in roster order."""
    sheet = []
    for player in application.submitted.players:
        seen = application.check_ins.get(player.person_id)
        if seen is None:
            sheet.append(PlayerCheckIn(player.person_id, player.name, "not checked in"))
            continue
        reasons = tuple(verify(application, seen, season_year))
        sheet.append(
            PlayerCheckIn(
                player.person_id, player.name, "refused" if reasons else "verified", reasons
            )
        )
    return sheet


def cleared(application: Application, season_year: int | None) -> frozenset[str]:
    """Who may appear on the team's lineups once its roster is locked: the players verified
    at check-in and the roster's coaches and officials."""
    players = [
        p.person_id for p in check_in_sheet(application, season_year) if p.state == "verified"
    ]
    return frozenset(players + [s.person_id for s in application.submitted.staff])


#: The events a locked roster may refuse; nothing else is asked about the lock.
LOCKABLE = (RosterSubmitted, ApplicationSubmitted, PlayerCheckedIn, LineupSubmitted)


def refusal(registration: Registration, event: Any) -> str | None:
    """Why `event` may not enter because a roster is locked (None: the lock does not stop it)."""
    team_id = getattr(event, "team_id", None)
    application = registration.applications.get(team_id) if team_id else None
    if application is None or application.locked_at is None:
        return None
    if isinstance(event, RosterSubmitted | ApplicationSubmitted | PlayerCheckedIn):
        return locked(application)
    if isinstance(event, LineupSubmitted):
        season = registration.terms.season_year if registration.terms else None
        allowed = cleared(application, season)
        outside = sorted(m.person_id for m in event.members if m.person_id not in allowed)
        if outside:
            return (
                f"{', '.join(outside)} not verified at check-in for team {team_id}, whose "
                "roster is locked for the tournament: only its verified players and rostered "
                "staff may be on a lineup"
            )
    return None
