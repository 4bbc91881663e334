"""Replanning after a closure: started games stay, displaced games move to the nearest slot."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from services.scheduler.checker import check
from services.scheduler.explain import ScheduleInfeasible
from services.scheduler.games import tournament_games
from services.scheduler.loader import TournamentFileError
from services.scheduler.placement import Placement
from services.scheduler.replan import parse_closure, replan
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
