"""Improving a division with its days free: the move the day blocks cannot make."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.scheduler.checker import check
from services.scheduler.daysfree import replace_divisions
from services.scheduler.explain import NoScheduleFound, ScheduleInfeasible
from services.scheduler.games import tournament_games
from services.scheduler.objective import evaluate
from services.scheduler.placement import Placement
from services.scheduler.slots import build_slots
from services.scheduler.solve import Options, solve
from tests.unit.scheduler.helpers import tournament_from
from tests.unit.scheduler.small_cups import small_cup

#: Three teams, one field open Saturday and Sunday 08:00-13:30 (kick-offs every 65 minutes).
TWO_DAYS = """\
id: two-days
days: [{id: sat, date: 2027-05-15}, {id: sun, date: 2027-05-16}]
venues: [{id: park}]
fields: [{id: F1, venue: park, size: 9v9, open: {sat: "08:00-13:30", sun: "08:00-13:30"}}]
divisions: [{id: U12B, age_group: U12, groups: {A: [a, b, c]}}]
teams: [{id: a, division: U12B}, {id: b, division: U12B}, {id: c, division: U12B}]
"""


def test_a_division_crowded_into_one_day_is_spread_over_both() -> None:
    """All three games on Saturday at 08:00, 10:10 and 12:20 make every team play twice
    that day and b wait 145 minutes; with its days free the division moves a game to
    Sunday, which the day blocks (each game's day held) never could, and the checker
    passes what comes back."""
    tournament = tournament_from(TWO_DAYS)
    games = tournament_games(tournament)
    slots = build_slots(tournament)
    crowded = {
        g.id: Placement(g.id, "F1", "sat", start, start + 55)
        for g, start in zip(games, (480, 610, 740), strict=True)
    }
    assert not check(tournament, games, crowded)
    outcome = replace_divisions(tournament, games, slots, crowded, {"U12B"}, "highs", 20, 0.0)
    placed = outcome.schedule
    assert outcome.run.status == "optimal" and not check(tournament, games, placed)
    assert any(p.day == "sun" for p in placed.values())
    assert evaluate(tournament, games, placed).total < evaluate(tournament, games, crowded).total


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_the_objective_it_minimises_is_the_schedules_own(seed: int) -> None:
    """Every division freed at once is the whole cup: started from the solver's schedule,
    what comes back passes the checker, costs no more by `evaluate`, and at an optimum the
    model's objective is exactly `evaluate`'s (its idle as first-to-last kick-off, its even
    rest and early/late pairs are the objective's own terms, not estimates)."""
    tournament = small_cup(seed)
    games = tournament_games(tournament)
    slots = build_slots(tournament)
    try:
        start = solve(tournament, Options(time_limit=10, passes=0)).schedule
    except (ScheduleInfeasible, NoScheduleFound):
        return
    divisions = {d.id for d in tournament.divisions}
    outcome = replace_divisions(tournament, games, slots, start, divisions, "highs", 20, 0.0)
    assert outcome.run.solved and outcome.run.objective is not None  # it starts from `start`
    total = evaluate(tournament, games, outcome.schedule).total
    assert not check(tournament, games, outcome.schedule)
    assert total <= evaluate(tournament, games, start).total + 1e-6
    assert total <= outcome.run.objective + 1e-6
    if outcome.run.status == "optimal":
        assert abs(total - outcome.run.objective) < 1e-6
