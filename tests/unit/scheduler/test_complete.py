"""Finishing a stuck greedy construction: its left-out games and their neighbours re-placed
in a small MILP, everything else held where the greedy put it."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.scheduler.checker import check
from services.scheduler.complete import complete
from services.scheduler.construct import ConstructionFailed, construct
from services.scheduler.games import tournament_games
from services.scheduler.placement import Schedule
from services.scheduler.slots import build_slots
from services.scheduler.tournament import Tournament
from tests.unit.scheduler.helpers import tournament_from
from tests.unit.scheduler.small_cups import small_cup
from tests.unit.scheduler.test_search import GREEDY_TRAP


def stuck(tournament: Tournament) -> ConstructionFailed | None:
    games = tournament_games(tournament)
    try:
        construct(tournament, games, build_slots(tournament))
    except ConstructionFailed as failure:
        return failure
    return None


def only_missing(tournament: Tournament, partial: Schedule) -> bool:
    """The partial schedule breaks no rule: the checker finds only the left-out games."""
    games = tournament_games(tournament)
    left_out = {g.id for g in games} - set(partial)
    found = check(tournament, games, partial)
    return all(v.kind == "missing" for v in found) and {v.games[0] for v in found} == left_out


def completed(tournament: Tournament, failure: ConstructionFailed) -> Schedule | None:
    games = tournament_games(tournament)
    slots = build_slots(tournament)
    deadline = time.perf_counter() + 20
    return complete(tournament, games, slots, failure.partial, "highs", deadline, lambda _: None)


def test_the_greedy_goes_on_past_a_stuck_game_and_the_repair_finishes_it() -> None:
    """The greedy gets stuck on one game of the trap, places every other one, and the
    repair re-places that game's neighbourhood into a schedule the checker passes."""
    tournament = tournament_from(GREEDY_TRAP)
    games = tournament_games(tournament)
    failure = stuck(tournament)
    assert failure is not None
    assert len(failure.partial) == len(games) - 1
    assert only_missing(tournament, failure.partial)
    schedule = completed(tournament, failure)
    assert schedule is not None and set(schedule) == {g.id for g in games}
    assert check(tournament, games, schedule) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6))
def test_a_repaired_schedule_is_whole_and_passes_the_checker(seed: int) -> None:
    """Whatever the repair returns holds every game and breaks no rule; the partial schedule
    the greedy leaves breaks none either."""
    tournament = small_cup(seed)
    games = tournament_games(tournament)
    failure = stuck(tournament)
    if failure is None:
        return
    assert only_missing(tournament, failure.partial)
    schedule = completed(tournament, failure)
    if schedule is not None:
        assert set(schedule) == {g.id for g in games}
        assert check(tournament, games, schedule) == []
