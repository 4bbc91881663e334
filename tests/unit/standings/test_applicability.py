"""Events the standings cannot apply are explained (for the worker's dead-letter topic) and,
when folded anyway, change nothing."""

from __future__ import annotations

from schemas.match import ForfeitDeclared
from services.standings.applicability import why_not_applicable
from services.standings.rules import compute_division
from workloads import factories

DEFINITION = factories.division()
GAMES = factories.round_robin(DEFINITION)
A1 = GAMES["A1"]
SF = factories.playoff("SF", factories.group_winner("A"), factories.group_winner("A", 2))


def test_events_that_can_count_have_no_objection() -> None:
    """Issue: the worker "never crashes on an event it cannot apply (it is logged and
    dead-lettered with why)" — and must not dead-letter the ones it can."""
    games = GAMES | {"SF": SF}
    for event in (
        factories.score(A1, 1, 0),
        factories.forfeit(A1, "T2"),
        factories.terminated(A1, "mercy", 9, 1, minute=30),
        factories.shootout(SF, 5, 4),
        factories.decided(["T2", "T1"]),
        factories.disqualified("T3"),
    ):
        assert why_not_applicable(DEFINITION, games, event) is None


def test_each_inapplicable_event_names_the_field_and_the_reason() -> None:
    """Each reason names the field; the mercy ones quote the rulebook's "8-goal differential ...
    after the completion of the first half" (U12: 25-minute halves)."""
    stranger = ForfeitDeclared(
        **factories.envelope(), division_id="U12B", game_id="A1", forfeiting_team_id="T4",
        reason="no_show",
    )  # fmt: skip
    cases = {
        "game_id: no scheduled game 'Z9'": factories.score(A1, 1, 0, game_id="Z9"),
        "division_id: the event is not about division 'U12B'": factories.score(
            A1, 1, 0, division_id="U14G"
        ),
        "forfeiting_team_id: 'T4' does not play game 'A1'": stranger,
        "home_goals/away_goals: the mercy rule needs an 8-goal margin": factories.terminated(
            A1, "mercy", 7, 0
        ),
        "minute: the mercy rule applies only after half-time (25 minutes)": factories.terminated(
            A1, "mercy", 8, 0, minute=24
        ),
        "game_id: a shoot-out only settles a drawn playoff game": factories.shootout(A1, 3, 2),
        "ranking: T9 not in A": factories.decided(["T1", "T9"]),
        "group_id: no group 'Q'": factories.decided(["T1", "T2"], group="Q"),
        "team_id: 'T9' is not in the division": factories.disqualified("T9"),
    }
    for reason, event in cases.items():
        found = why_not_applicable(DEFINITION, GAMES, event)
        assert found is not None and found.startswith(reason), (reason, found)


def test_folding_inapplicable_events_changes_nothing() -> None:
    """The fold stays total: an event the worker would dead-letter has no effect if kept."""
    base = [factories.score(A1, 2, 0)]
    noise = [
        ForfeitDeclared(
            **factories.envelope(), division_id="U12B", game_id="A1", forfeiting_team_id="T4",
            reason="forfeit",
        ),
        factories.terminated(A1, "mercy", 7, 0),
        factories.shootout(A1, 3, 2),
        factories.card(A1, "T4", "p1", "red"),
    ]  # fmt: skip
    expected = compute_division(DEFINITION, GAMES, base, version=1)
    assert compute_division(DEFINITION, GAMES, base + noise, version=1) == expected
