"""The search that replaces the greedy construction as the judge: never "impossible" when a
schedule exists, and "impossible" only with a proof.

The yardstick is the open model with every day free: an exact model of the whole cup on the
slot grid, whose schedules the independent checker must pass.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.scheduler.checker import check
from services.scheduler.construct import ConstructionFailed, construct
from services.scheduler.explain import ScheduleInfeasible, explain_capacity
from services.scheduler.games import tournament_games
from services.scheduler.openmodel import OpenModel
from services.scheduler.search import Search
from services.scheduler.slots import build_slots
from services.scheduler.solve import Options, solve
from services.scheduler.tournament import Tournament
from tests.unit.scheduler.helpers import tournament_from
from tests.unit.scheduler.small_cups import small_cup

#: Three U9 fields; a group of three and a group of four. Two teams leave at 14:00, and the
#: greedy construction, placing round by round at the earliest slot, fills the morning with
#: the wrong games and finds no slot for D2-A5 (D2A2 v D2A1) before D2A1 leaves.
GREEDY_TRAP = """\
id: trap
timezone: America/Chicago
days: [{id: sat, date: 2027-05-15}]
venues: [{id: north, main: true}, {id: south}]
travel: [{from: north, to: south, minutes: 15}]
fields:
  - {id: F1, venue: north, size: 7v7, open: {sat: "08:00-17:00"}}
  - {id: F2, venue: south, size: 7v7, open: {sat: "08:00-13:00"}}
  - {id: F3, venue: north, size: 7v7, open: {sat: "08:00-13:00"}}
divisions:
  - {id: D1, age_group: U9, half_minutes: 25, groups: {A: [a1, a2, a3]}}
  - {id: D2, age_group: U9, half_minutes: 20, groups: {A: [b1, b2, b3, b4]}}
teams:
  - {id: a1, division: D1}
  - {id: a2, division: D1}
  - {id: a3, division: D1}
  - {id: b1, division: D2}
  - {id: b2, division: D2}
  - {id: b3, division: D2}
  - {id: b4, division: D2}
unavailable:
  - {team: b1, day: sat, window: "14:00-24:00"}
  - {team: a2, day: sat, window: "14:00-24:00"}
"""


def quiet(_: str) -> None:
    """The search's progress lines are not what these tests look at."""


def exact(tournament: Tournament) -> tuple[str, dict[str, object]]:
    """The exact model's verdict (status) and schedule, with every day free."""
    games = tournament_games(tournament)
    anywhere = dict.fromkeys((g.id for g in games), None)
    model = OpenModel(tournament, games, {}, anywhere, build_slots(tournament))
    outcome = model.build(objective=False).solve("highs", 30)
    return outcome.run.status, dict(outcome.schedule)


def test_a_cup_the_greedy_construction_cannot_place_still_gets_a_schedule() -> None:
    """Completeness: the greedy construction gets stuck, which proves nothing; the search
    finds a schedule that the independent checker passes."""
    tournament = tournament_from(GREEDY_TRAP)
    games = tournament_games(tournament)
    with pytest.raises(ConstructionFailed):
        construct(tournament, games, build_slots(tournament))
    solution = solve(tournament, Options(time_limit=20))
    assert len(solution.schedule) == len(games)
    assert check(tournament, games, solution.schedule) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_the_exact_model_agrees_with_the_checker(seed: int) -> None:
    """The yardstick itself: whatever the exact model places passes the checker."""
    tournament = small_cup(seed)
    status, schedule = exact(tournament)
    if status == "optimal":
        assert check(tournament, tournament_games(tournament), schedule) == []  # type: ignore[arg-type]


@settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.integers(0, 10**6))
def test_the_decomposition_finds_a_schedule_exactly_when_one_exists(seed: int) -> None:
    """Completeness and soundness of the day-plan search (the exact shortcut switched off):
    on small cups of real shapes it returns a checker-clean schedule whenever the exact
    model has one, and says "impossible" only when the exact model is infeasible too."""
    tournament = small_cup(seed)
    games = tournament_games(tournament)
    slots = build_slots(tournament)
    if explain_capacity(tournament, games, slots):
        return
    status, _ = exact(tournament)
    search = Search(
        tournament, games, slots, "highs", time.perf_counter() + 60, quiet, exact_variables=0
    )
    if status == "optimal":
        assert check(tournament, games, search.run()) == []
    else:
        assert status == "infeasible"
        with pytest.raises(ScheduleInfeasible):
            search.run()
