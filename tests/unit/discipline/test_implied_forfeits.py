"""Ineligible participation becomes a forfeit once confirmed (or automatically, if so set)."""

from __future__ import annotations

from datetime import timedelta

from schemas.match import ForfeitDeclared, TeamDisqualified
from services.discipline.config import DisciplineConfig
from services.discipline.evaluate import evaluate
from services.discipline.forfeits import implied_match_events
from services.discipline.ids import derived_id
from services.discipline.problems import UnknownGame
from tests.unit.discipline.alerts import suspended_coach_on_t2, two_suspended_coaches_on_t2
from workloads import factories as f

T = f.TOURNAMENT


def summary(events: list[ForfeitDeclared | TeamDisqualified]) -> list[tuple[str, ...]]:
    return [
        ("forfeit", e.game_id, e.forfeiting_team_id, e.reason)
        if isinstance(e, ForfeitDeclared)
        else ("disqualified", e.team_id)
        for e in events
    ]


def test_an_unconfirmed_alert_is_no_forfeit() -> None:
    """DESIGN: a suspended person on a lineup "is an ineligible-participation alert and, once
    confirmed, a forfeit"."""
    context, games = f.discipline_context()
    view = evaluate(context, suspended_coach_on_t2(games))
    assert len(view.alerts) == 1
    assert implied_match_events(context, view) == []


def test_the_committees_confirmation_makes_the_game_a_forfeit() -> None:
    """Rulebook: "Any team fielding an ineligible player will be disqualified" - here the
    DESIGN default: the confirmed game is a forfeit of the team that fielded the person."""
    context, games = f.discipline_context()
    confirmed = f.confirmation(games["A4"], "T2", "C1", occurred_at=games["A4"].end)
    view = evaluate(context, [*suspended_coach_on_t2(games), confirmed])
    [forfeit] = implied_match_events(context, view)
    assert summary([forfeit]) == [("forfeit", "A4", "T2", "ineligible_player")]
    assert forfeit.event_id == derived_id(T, "forfeit.declared", "A4", "T2")
    assert (forfeit.division_id, forfeit.occurred_at) == ("U12B", games["A4"].end)


def test_in_automatic_mode_every_alert_is_a_forfeit_without_confirmation() -> None:
    """Issue: ineligible participation becomes a forfeit "once confirmed by the committee (or
    automatically, if the tournament is configured so)"."""
    context, games = f.discipline_context(config=DisciplineConfig(auto_forfeit_ineligible=True))
    view = evaluate(context, suspended_coach_on_t2(games))
    assert summary(implied_match_events(context, view)) == [
        ("forfeit", "A4", "T2", "ineligible_player")
    ]


def test_a_confirmed_second_roster_player_also_disqualifies_the_team() -> None:
    """Rulebook: "the second team on which the player played for in the tournament shall be
    deemed as the team that fielded an ineligible player. Any team fielding an ineligible
    player will be disqualified from the tournament"."""
    context, games = f.discipline_context()
    events = [
        f.lineup(games["A1"], "T1", f.squad("T1", 7)),
        f.lineup(games["A4"], "T2", [*f.squad("T2", 6), "T1-P1"]),
        f.confirmation(games["A4"], "T2", "T1-P1"),
    ]
    found = implied_match_events(context, evaluate(context, events))
    assert sorted(summary(found)) == [
        ("disqualified", "T2"),
        ("forfeit", "A4", "T2", "ineligible_player"),
    ]
    [disqualified] = [e for e in found if isinstance(e, TeamDisqualified)]
    assert disqualified.event_id == derived_id(T, "team.disqualified", "T2")
    assert disqualified.reason == "fielded Person T1-P1, who played for another team"


def test_a_committee_disqualification_becomes_the_match_event() -> None:
    """Rulebook: "Repeated violations may result in the suspension of the team from the
    Tournament"; the ruling goes to the standings as `team.disqualified`."""
    context, _ = f.discipline_context()
    ruling = f.disqualification("U12B", "T3", reason="repeated violations")
    found = implied_match_events(context, evaluate(context, [ruling]))
    assert summary(found) == [("disqualified", "T3")]
    assert found[0].reason == "repeated violations"


def test_two_confirmed_people_in_one_game_are_one_forfeit() -> None:
    """Rulebook: the game is a forfeit of the team, whatever the number of ineligible people."""
    context, games = f.discipline_context()
    a4 = games["A4"]
    events = [
        *two_suspended_coaches_on_t2(games),
        f.confirmation(a4, "T2", "C1"),
        f.confirmation(a4, "T2", "C2", occurred_at=a4.end),
        f.confirmation(a4, "T2", "C2", occurred_at=a4.end + timedelta(minutes=5)),
    ]
    assert summary(implied_match_events(context, evaluate(context, events))) == [
        ("forfeit", "A4", "T2", "ineligible_player")
    ]


def test_a_confirmation_for_a_game_not_on_the_schedule_is_a_named_problem() -> None:
    """DESIGN: a forfeit is scored by the standings for a scheduled game; one for an unknown
    game is reported instead of emitted."""
    context, games = f.discipline_context()
    stray = f.confirmation(games["A4"], "T2", "C1", game_id="Z1")
    view = evaluate(context, [stray])
    assert [type(p) for p in view.problems] == [UnknownGame]
    assert implied_match_events(context, view) == []
