"""Solving whole tournaments: determinism, the explanation when it is impossible, the tiers."""

from __future__ import annotations

import itertools

import pytest

from services.scheduler.checker import check
from services.scheduler.construct import construct
from services.scheduler.explain import ScheduleInfeasible
from services.scheduler.games import tournament_games
from services.scheduler.loader import load_tournament
from services.scheduler.slots import build_slots
from services.scheduler.solve import Options, _chunks, solve
from tests.unit.scheduler.helpers import EXAMPLES, tournament_from
from workloads.cups import TIERS, generate

FAST = Options(time_limit=20, block_time_limit=10)


def test_the_demo_plays_six_games_on_two_fields_and_passes_the_checker() -> None:
    demo = load_tournament(EXAMPLES / "alliance-cup-demo.yaml")
    solution = solve(demo, FAST)
    assert len(solution.schedule) == 6
    assert {p.field for p in solution.schedule.values()} == {"C1", "C2"}
    assert check(demo, tournament_games(demo), solution.schedule) == []
    assert solution.bound is not None and solution.bound <= solution.objective.total


def test_same_input_gives_the_same_schedule() -> None:
    """With no time limit reached (here the improvement ends in about 25 s on a quiet
    machine: every division's days-free solve stops at its node cap, not its clock), two
    solves of one file give one schedule."""
    tournament = load_tournament(EXAMPLES / "spring-classic.yaml")
    ample = Options(time_limit=300, block_time_limit=60)
    first = solve(tournament, ample)
    second = solve(tournament, ample)
    assert first.schedule == second.schedule
    assert first.objective == second.objective


def test_the_improvement_never_makes_the_construction_worse() -> None:
    tournament = load_tournament(EXAMPLES / "spring-classic.yaml")
    constructed = solve(tournament, Options(time_limit=0))
    improved = solve(tournament, FAST)
    assert improved.objective.total <= constructed.objective.total
    assert check(tournament, tournament_games(tournament), improved.schedule) == []


TOO_SMALL = """\
id: cramped
days: [{id: sat, date: 2026-11-21}]
venues: [{id: park}]
fields:
  - {id: F1, venue: park, size: 9v9, open: {sat: "08:00-11:00"}}
divisions:
  - {id: U12B, name: U12 Boys, age_group: U12, groups: {A: [a, b, c, d]}}
teams:
  - {id: a, division: U12B}
  - {id: b, division: U12B}
  - {id: c, division: U12B}
  - {id: d, division: U12B}
"""


def test_too_few_fields_are_explained_in_field_minutes() -> None:
    """6 games x 65 minutes = 390 field-minutes; 08:00-11:00 holds two 65-minute slots (130)."""
    with pytest.raises(ScheduleInfeasible) as caught:
        solve(tournament_from(TOO_SMALL), FAST)
    assert caught.value.reasons == [
        "U12 Boys: 6 games need 390 field-minutes on 9v9 fields it may use, which offer 130 "
        "in 2 game slots (sat 130)"
    ]


def test_too_many_games_a_day_is_explained_per_division() -> None:
    """Three group games in one day against a limit of two."""
    text = TOO_SMALL.replace('"08:00-11:00"', '"08:00-20:00"').replace(
        "age_group: U12,", "age_group: U12, max_games_per_day: 2,"
    )
    with pytest.raises(ScheduleInfeasible) as caught:
        solve(tournament_from(text), FAST)
    assert caught.value.reasons == [
        "U12 Boys: a team may play 3 games (3 group) but 1 day(s) at most 2 a day allow 2"
    ]


def test_a_team_unavailable_most_of_the_day_is_named() -> None:
    text = (
        TOO_SMALL.replace('"08:00-11:00"', '"08:00-20:00"')
        + 'unavailable: [{team: c, day: sat, window: "08:00-17:00"}]\n'
    )
    with pytest.raises(ScheduleInfeasible) as caught:
        solve(tournament_from(text), FAST)
    assert caught.value.reasons == [
        "team c (U12 Boys) must be able to play 3 games but its unavailability "
        "(sat 08:00-17:00) leaves room for 1"
    ]


COACH_CLASH = """\
id: clash
days: [{id: sat, date: 2026-11-21}]
venues: [{id: north}, {id: south}]
travel: [{from: north, to: south, minutes: 30}]
fields:
  - {id: N1, venue: north, size: 9v9, divisions: [U12B], open: {sat: "08:00-09:00"}}
  - {id: S1, venue: south, size: 9v9, divisions: [U11B], open: {sat: "08:00-09:00"}}
divisions:
  - {id: U12B, name: U12 Boys, age_group: U12, groups: {A: [a, b]}}
  - {id: U11B, name: U11 Boys, age_group: U11, groups: {A: [c, d]}}
teams:
  - {id: a, division: U12B, coach_ids: [coach1]}
  - {id: b, division: U12B}
  - {id: c, division: U11B, coach_ids: [coach1]}
  - {id: d, division: U11B}
"""


def test_when_counting_passes_the_proof_names_the_rules_it_needed() -> None:
    """Each division has one game and one slot, but both slots are at 08:00 and one coach
    runs a team in each. The greedy construction gets stuck; that alone proves nothing, so
    the proof comes from the exact model and names the two rule families that clash."""
    with pytest.raises(ScheduleInfeasible) as caught:
        solve(tournament_from(COACH_CLASH), FAST)
    assert caught.value.reasons == [
        "the exact model of the whole cup (every game, any day, kick-offs on each field's slot "
        "grid) has no solution; it needs: one game per field slot, on fields of the right size "
        "while they are open and the teams are available; a coach's teams never overlapping, "
        "with the drive between venues"
    ]


@pytest.mark.parametrize(("tier", "seconds"), [("S", 10), ("M", 20)])
def test_benchmark_tiers_solve_to_checker_clean_schedules(tier: str, seconds: float) -> None:
    tournament = generate(TIERS[tier], seed=1)
    solution = solve(tournament, Options(time_limit=seconds, block_time_limit=5))
    games = tournament_games(tournament)
    assert len(solution.schedule) == len(games)
    assert check(tournament, games, solution.schedule) == []


def test_each_pass_cuts_a_large_block_half_a_chunk_further_on() -> None:
    """A block too big for one MILP is improved in chunks of whole divisions, each within
    the size limit; the next pass starts half a chunk further on, so two divisions cut apart
    in one pass share a chunk in the next (what one chunk cannot move, its neighbours hold)."""
    tournament = generate(TIERS["M"], 1)
    games = tournament_games(tournament)
    slots = build_slots(tournament)
    schedule = construct(tournament, games, slots)
    day = tournament.days[0].id
    size = tournament.divisions[0].size
    block = [
        g
        for g in games
        if schedule[g.id].day == day and tournament.division[g.division].size == size
    ]
    options = Options(max_block_variables=400)

    def cuts(turn: int) -> list[list[str]]:
        chunks = _chunks(tournament, games, schedule, block, day, slots, options, turn)
        assert sorted(g.id for chunk, _ in chunks for g in chunk) == sorted(g.id for g in block)
        return [list(dict.fromkeys(g.division for g in chunk)) for chunk, _ in chunks]

    first, second = cuts(0), cuts(1)
    assert len(first) > 1
    apart = [(a[-1], b[0]) for a, b in itertools.pairwise(first)]
    together = {(x, y) for chunk in second for x, y in itertools.pairwise(chunk)}
    assert any(pair in together for pair in apart)
