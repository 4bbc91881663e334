"""Replanning after a closure: started games stay, displaced games move to the nearest slot."""

from __future__ import annotations

import itertools
import random
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.scheduler.checker import check
from services.scheduler.explain import ScheduleInfeasible
from services.scheduler.games import tournament_games
from services.scheduler.loader import TournamentFileError
from services.scheduler.placement import Placement, Schedule
from services.scheduler.replan import parse_closure, replan
from services.scheduler.slots import Closure, build_slots
from services.scheduler.solve import Options, solve
from services.scheduler.tournament import Tournament, Window
from tests.unit.scheduler.helpers import RAIN_CUP, minutes, tournament_from

CUP = tournament_from(RAIN_CUP)
GAMES = tournament_games(CUP)


def at(game: str, field: str, start: str) -> Placement:
    return Placement(game, field, "sat", minutes(start), minutes(start) + 55)


SCHEDULE = {"U12B-A1": at("U12B-A1", "N1", "08:00"), "U11B-A1": at("U11B-A1", "N2", "08:00")}


def local(hhmm: str) -> datetime:
    hours, mins = map(int, hhmm.split(":"))
    return datetime(2026, 11, 21, hours, mins, tzinfo=ZoneInfo("America/New_York"))


def test_only_the_displaced_game_moves_to_the_nearest_open_slot() -> None:
    """N1 closed 08:00-09:00: the 09:05 slots stay where they were (65-minute slots from
    08:00), so the nearest is N1 09:05 (+65 min); the other game keeps its place."""
    result = replan(CUP, SCHEDULE, [parse_closure(CUP, "N1@sat 08:00-09:00")])
    assert [(m.game, m.after.field, m.after.start, m.shift_minutes) for m in result.moves] == [
        ("U12B-A1", "N1", minutes("09:05"), 65)
    ]
    assert result.schedule["U11B-A1"] == SCHEDULE["U11B-A1"]
    assert check(CUP, GAMES, result.schedule) == []
    assert str(result.moves[0]) == "U12B-A1: sat 08:00 -> 09:05 (+65 min)"


def test_games_already_started_are_never_moved() -> None:
    closures = [parse_closure(CUP, "N1@sat 08:00-09:00"), parse_closure(CUP, "N2@sat 08:00-09:00")]
    result = replan(CUP, SCHEDULE, closures, now=local("08:30"))
    assert result.moves == []
    assert result.schedule == SCHEDULE


def test_before_kick_off_both_displaced_games_move_and_share_the_reopened_slots() -> None:
    closures = [parse_closure(CUP, "N1@sat 08:00-09:00"), parse_closure(CUP, "N2@sat 08:00-09:00")]
    result = replan(CUP, SCHEDULE, closures, now=local("07:00"))
    assert {(m.game, m.after.field, m.shift_minutes) for m in result.moves} == {
        ("U11B-A1", "N1", 65),
        ("U12B-A1", "N2", 65),
    }
    assert check(CUP, GAMES, result.schedule) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("N1 08:00-09:00", "expected FIELD@DAY HH:MM-HH:MM"),
        ("Z9@sat 08:00-09:00", "unknown field 'Z9'"),
        ("N1@sun 08:00-09:00", "unknown day 'sun'"),
        ("N1@sat 09:00-08:00", "the closure ends before it starts"),
    ],
)
def test_a_bad_closure_is_named(text: str, message: str) -> None:
    with pytest.raises(TournamentFileError, match=message):
        parse_closure(CUP, text)


def test_a_replan_with_no_room_left_names_the_displaced_games() -> None:
    """N1 and N2 both closed for the rest of the day after 09:00: the games find no slot."""
    late = {"U12B-A1": at("U12B-A1", "N1", "10:10"), "U11B-A1": at("U11B-A1", "N2", "10:10")}
    closures = [parse_closure(CUP, "N1@sat 09:00-14:00"), parse_closure(CUP, "N2@sat 09:00-14:00")]
    with pytest.raises(ScheduleInfeasible) as caught:
        replan(CUP, late, closures, now=local("09:30"))
    assert caught.value.reasons == [
        "U11B-A1, U12B-A1 lose their field to the closures (N1 sat 09:00-14:00, N2 sat "
        "09:00-14:00) and find no allowed slot, even moving every game of their day not yet "
        "started or them to another day; add field time or reopen a field"
    ]


def small_day(seed: int) -> Tournament:
    """A one-day cup of two or three groups of three on one field more than groups."""
    rng = random.Random(seed)
    groups = rng.choice((2, 3))
    hours = '{sat: "08:00-15:00"}'
    fields = "".join(
        f"  - {{id: F{n}, venue: park, size: 9v9, open: {hours}}}\n" for n in range(groups + 1)
    )
    divisions = "".join(
        f"  - {{id: D{g}, age_group: U{rng.choice((11, 12))}, groups: {{A: [a{g}, b{g}, c{g}]}}}}\n"
        for g in range(groups)
    )
    teams = "".join(f"  - {{id: {x}{g}, division: D{g}}}\n" for g in range(groups) for x in "abc")
    return tournament_from(
        "id: day\ntimezone: America/New_York\ndays: [{id: sat, date: 2026-11-21}]\n"
        f"venues: [{{id: park}}]\nfields:\n{fields}divisions:\n{divisions}teams:\n{teams}"
    )


MOST_MOVES = 3  # what the enumeration tries


def fewest_moves(
    tournament: Tournament, schedule: Schedule, closures: list[Closure]
) -> tuple[int, int] | None:
    """By enumeration, judged by the checker alone: for k = 0, 1, 2, 3 moved games, every set
    of k games that includes the displaced ones and every placement of them on the day's
    slots, the rest held; the first k with a valid schedule, with its least total shift."""
    games = tournament_games(tournament)
    slots = [(s.field, s.start) for s in build_slots(tournament, closures)]
    play = {g.id: tournament.division[g.division].play_minutes for g in games}
    broken = check(tournament, games, schedule, closures)
    displaced = sorted({g for v in broken if v.kind == "closure" for g in v.games})
    others = sorted(set(schedule) - set(displaced))
    for k in range(len(displaced), MOST_MOVES + 1):
        shifts = []
        for extra in itertools.combinations(others, k - len(displaced)):
            moving = [*displaced, *extra]
            for places in itertools.product(slots, repeat=len(moving)):
                candidate = dict(schedule)
                for game, (field, start) in zip(moving, places, strict=True):
                    candidate[game] = Placement(game, field, "sat", start, start + play[game])
                moved = [g for g in moving if candidate[g] != schedule[g]]
                if len(moved) == k and not check(tournament, games, candidate, closures):
                    shifts.append(sum(abs(candidate[g].start - schedule[g].start) for g in moved))
        if shifts:
            return k, min(shifts)
    return None


@settings(max_examples=15, deadline=None, derandomize=True)
@given(st.integers(0, 10**6), st.data())
def test_a_replan_moves_the_fewest_games_then_the_fewest_minutes(
    seed: int, data: st.DataObject
) -> None:
    """Replan minimality: no replan moves fewer games than ours, nor the same number by fewer
    minutes in all, as an enumeration judged only by the checker (with the closure) shows."""
    tournament = small_day(seed)
    schedule = solve(tournament, Options(time_limit=5)).schedule
    hit = schedule[data.draw(st.sampled_from(sorted(schedule)))]
    start = hit.start - data.draw(st.sampled_from((0, 30, 60)))
    window = Window(start, start + data.draw(st.sampled_from((45, 90, 150))))
    shut = data.draw(st.sets(st.sampled_from([f.id for f in tournament.fields]), min_size=1))
    closures = [Closure(field, "sat", window) for field in sorted(shut | {hit.field})]
    try:
        result = replan(tournament, schedule, closures)
    except ScheduleInfeasible:
        assert fewest_moves(tournament, schedule, closures) is None
        return
    assert check(tournament, tournament_games(tournament), result.schedule, closures) == []
    shift = sum(abs(m.shift_minutes) for m in result.moves)
    best = fewest_moves(tournament, schedule, closures)
    assert best is None or (len(result.moves), shift) <= best
    assert best is None or len(result.moves) > MOST_MOVES or (len(result.moves), shift) == best
