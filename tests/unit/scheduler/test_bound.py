"""The reported bound is proven for the whole problem, every game's day free."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.scheduler.bound import team_bound, whole_bound
from services.scheduler.explain import NoScheduleFound, ScheduleInfeasible
from services.scheduler.games import tournament_games
from services.scheduler.objective import evaluate
from services.scheduler.openmodel import OpenModel
from services.scheduler.slots import build_slots
from services.scheduler.solve import Options, solve
from tests.unit.scheduler.helpers import tournament_from
from tests.unit.scheduler.small_cups import small_cup

#: One U12 game and a field open 08:00-12:00 (slots 08:00, 09:05, 10:10): the middle of the
#: day is 10:00, so the cheapest kick-off is 10:10, a sixth of an hour from it.
ONE_GAME = """\
id: one
days: [{id: sat, date: 2027-05-15}]
venues: [{id: park}]
fields: [{id: F1, venue: park, size: 9v9, open: {sat: "08:00-12:00"}}]
divisions: [{id: U12B, age_group: U12, groups: {A: [a, b]}}]
teams: [{id: a, division: U12B}, {id: b, division: U12B}]
"""


def test_one_game_is_bounded_by_its_cheapest_slot() -> None:
    """The transport bound of a single game is the cost of its cheapest slot."""
    tournament = tournament_from(ONE_GAME)
    games = tournament_games(tournament)
    bound = whole_bound(tournament, games, build_slots(tournament)).value
    assert bound is not None and abs(bound - 10 / 60) < 1e-6


THREE_TEAMS = """\
id: three
days: [{id: sat, date: 2027-05-15}]
venues: [{id: park}]
fields: [{id: F1, venue: park, size: 9v9, open: {sat: "08:00-13:30"}}]
divisions: [{id: U12B, age_group: U12, groups: {A: [a, b, c]}}]
teams: [{id: a, division: U12B}, {id: b, division: U12B}, {id: c, division: U12B}]
"""


def test_a_teams_second_game_of_a_day_is_bounded_by_the_slot_grid() -> None:
    """Three teams, one day, kick-offs every 65 minutes from 08:00: each team plays twice,
    and a game (55) plus the rest (60) is 115 minutes, so its two kick-offs are at least two
    slots (130) apart: at least 15 idle minutes per team (2 points an hour), and the worst
    team of the division at least 15 (1 point an hour, even rest)."""
    tournament = tournament_from(THREE_TEAMS)
    games = tournament_games(tournament)
    slots = build_slots(tournament)
    assert abs(team_bound(tournament, games, slots) - (3 * 2 * 15 / 60 + 15 / 60)) < 1e-9
    best = solve(tournament, Options(time_limit=10)).objective.terms
    assert team_bound(tournament, games, slots) <= best["idle"] + best["even_rest"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_no_valid_schedule_costs_less_than_the_bound(seed: int) -> None:
    """A bound for the whole problem: below the solver's schedule and below an exact model's
    schedule with the per-game terms minimised over all days, on small cups of real shapes;
    its team part below those schedules' idle and even rest alone."""
    tournament = small_cup(seed)
    games = tournament_games(tournament)
    slots = build_slots(tournament)
    bound = whole_bound(tournament, games, slots).value
    anywhere = dict.fromkeys((g.id for g in games), None)
    cheapest = OpenModel(tournament, games, {}, anywhere, slots).build().solve("highs", 20)
    if bound is None:  # the transport LP has no solution: then no schedule has one either
        assert cheapest.run.status == "infeasible"
        return
    teams = team_bound(tournament, games, slots)
    if cheapest.run.solved:
        terms = evaluate(tournament, games, cheapest.schedule)
        assert bound <= terms.total + 1e-6
        assert teams <= terms.terms["idle"] + terms.terms["even_rest"] + 1e-6
    try:
        solution = solve(tournament, Options(time_limit=10))
    except (ScheduleInfeasible, NoScheduleFound):
        return
    assert bound <= solution.objective.total + 1e-6
    assert teams <= solution.objective.terms["idle"] + solution.objective.terms["even_rest"] + 1e-6
