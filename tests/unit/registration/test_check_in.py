"""The check-in desk: proof of age against the roster, and the roster locked after it."""

from __future__ import annotations

from datetime import date
from typing import Any

from schemas.match import LineupSubmitted
from services.registration.checkin import check_in_sheet, refusal
from services.registration.state import Registration, fold
from workloads import factories
from workloads import registration as r
from workloads.factories import TOURNAMENT


def sheet(*events: Any) -> dict[str, tuple[str, tuple[str, ...]]]:
    registration = fold(TOURNAMENT, [r.terms(), *events])
    application = registration.applications["T1"]
    return {p.person_id: (p.state, p.reasons) for p in check_in_sheet(application, r.SEASON)}


ACCEPTED = (r.application("T1"), r.accepted("T1"))


def test_a_valid_player_pass_verifies_a_competitive_player() -> None:
    """Seed 003: for competitive teams "the only acceptable proof of age will be a valid US
    Soccer/US Youth Soccer, State, or National registration card that includes a signature
    and a photograph of the player"."""
    assert sheet(*ACCEPTED, r.checked_in("T1", "P1")) == {
        "T1-P1": ("verified", ()),
        "T1-P2": ("not checked in", ()),
    }


def test_a_competitive_player_without_a_valid_pass_is_refused() -> None:
    """Seed 003: "Players on these competitive teams who do not present valid player passes
    will not play." A birth certificate is not enough; a pass without photograph and
    signature is not valid."""
    found = sheet(
        *ACCEPTED,
        r.checked_in("T1", "P1", proof="birth_certificate", photo_and_signature=False),
        r.checked_in("T1", "P2", photo_and_signature=False),
    )
    assert found["T1-P1"] == (
        "refused",
        ("a competitive team's only acceptable proof of age is a player pass",),
    )
    assert found["T1-P2"] == (
        "refused",
        ("the player pass must include a signature and a photograph of the player",),
    )


def test_a_recreational_player_may_show_a_birth_certificate() -> None:
    """Seed 003: a recreational team must provide "a birth certificate or state or national
    certified player pass, for each such player"."""
    recreational = (r.application("T1", competitive=False), r.accepted("T1"))
    found = sheet(
        *recreational,
        r.checked_in("T1", "P1", proof="birth_certificate", photo_and_signature=False),
    )
    assert found["T1-P1"] == ("verified", ())


def test_the_proof_must_show_the_rostered_birth_date_and_an_eligible_age() -> None:
    """Seed 003: the proof is "evidencing that player's eligibility to play on that team
    based on birth date": the date it shows must be the roster's, and the roster check's age
    rules (age group by birth year) run on it."""
    found = sheet(*ACCEPTED, r.checked_in("T1", "P1", born=date(2007, 6, 1)))
    assert found["T1-P1"] == (
        "refused",
        (
            "the player pass shows born 2007-06-01; the roster says 2009-03-01",
            "born 2007, age group U13 in season 2020: too old for U12",
        ),
    )


def test_a_player_playing_up_too_far_is_refused_at_check_in() -> None:
    """Seed 003: "Players in the 9U to 14U age groups ... will be allowed to roster up 2
    years": a U9 player (born 2011) on a U12 roster is three years up."""
    young = r.player("T1-P1", born=date(2011, 2, 1))
    events = (r.application("T1", players=[young]), r.accepted("T1"))
    found = sheet(*events, r.checked_in("T1", "P1", born=date(2011, 2, 1)))
    assert found["T1-P1"][0] == "refused"
    assert "may play up 2 year(s), to U11, not U12" in found["T1-P1"][1][0]


def test_a_check_in_for_someone_off_the_roster_does_not_verify() -> None:
    """Seed 003: the proof is checked "for each such player" of the roster: a stranger is
    not on the sheet, and a check-in for a team not accepted changes nothing."""
    registration = fold(TOURNAMENT, [r.terms(), r.application("T1"), r.checked_in("T1", "P1")])
    assert registration.applications["T1"].check_ins == {}
    assert [p.what for p in registration.problems] == [
        "registration.player_checked_in for an application that is applied"
    ]


def locked_registration() -> Registration:
    return fold(
        TOURNAMENT,
        [r.terms(), *ACCEPTED, r.checked_in("T1", "P1"), r.locked("T1")],
    )


def lineup(*people: str) -> LineupSubmitted:
    return factories.lineup(factories.round_robin(factories.division())["A1"], "T1", [*people])


def test_after_the_lock_a_lineup_may_name_only_players_verified_at_check_in() -> None:
    """Seed 003: "the same players must be on the maximum tournament roster for the
    entirety of the tournament", and players without a valid pass "will not play"."""
    registration = locked_registration()
    assert refusal(registration, lineup("T1-P1", "T1-C1")) is None
    reason = refusal(registration, lineup("T1-P1", "T1-P2", "X9"))
    assert reason is not None
    assert reason.startswith("T1-P2, X9 not verified at check-in for team T1")


def test_after_the_lock_the_roster_cannot_change() -> None:
    """Seed 003: "The above roster sizes are for the entirety of the tournament in that the
    same players must be on the maximum tournament roster for the entirety of the
    tournament." A new application, roster or check-in for the team is refused; in a file,
    the fold keeps the locked roster and lists the change."""
    registration = locked_registration()
    late = r.application("T1", players=["P1", "P2", "P3"], day=date(2020, 11, 22))
    director = factories.roster("T1", ["T1-P1", "T1-P3"])
    for event in (late, director, r.checked_in("T1", "P2", day=date(2020, 11, 22))):
        reason = refusal(registration, event)
        assert reason is not None and "locked for the tournament" in reason
    folded = fold(TOURNAMENT, [r.terms(), *ACCEPTED, r.locked("T1"), late])
    assert len(folded.applications["T1"].submitted.players) == 2
    assert "locked for the tournament" in folded.problems[0].what


def test_the_lock_stops_nothing_for_a_team_not_locked() -> None:
    """Only a locked roster is fixed: other teams' lineups and rosters enter as before."""
    registration = fold(TOURNAMENT, [r.terms(), *ACCEPTED])
    assert refusal(registration, lineup("X9")) is None
    assert refusal(Registration(TOURNAMENT), factories.roster("T1", ["T1-P3"])) is None
