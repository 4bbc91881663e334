"""Replan after a field closes (thunderstorm, flooding): move as few games as possible, by as
little as possible, never touching a game that has started.

Only games that lose their field time must move, but moving one more can make room: so every
game of the affected days not yet started may move, at a price, in one exact model, and the
cheapest disturbance wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from services.input_problem import InputProblem
from services.scheduler.explain import ScheduleInfeasible
from services.scheduler.games import Game, tournament_games
from services.scheduler.loader import TournamentFileError
from services.scheduler.openmodel import OpenModel
from services.scheduler.placement import Placement, Schedule
from services.scheduler.slots import Closure, Slot, build_slots, open_windows
from services.scheduler.tournament import Tournament, Window, clock

S = TypeVar("S")
M = TypeVar("M")
CLOSURE = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)@([A-Za-z0-9][A-Za-z0-9._-]*)\s+(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$"
)


@dataclass(frozen=True)
class Move:
    """A game that moved: from where to where, and by how many minutes."""

    game: str
    before: Placement
    after: Placement
    shift_minutes: int

    def __str__(self) -> str:
        field = (
            ""
            if self.before.field == self.after.field
            else f", {self.before.field} -> {self.after.field}"
        )
        day = "" if self.before.day == self.after.day else f"{self.after.day} "
        sign = "+" if self.shift_minutes >= 0 else ""
        return (
            f"{self.game}: {self.before.day} {clock(self.before.start)} -> {day}"
            f"{clock(self.after.start)} ({sign}{self.shift_minutes} min{field})"
        )


@dataclass(frozen=True)
class Replan(Generic[S, M]):
    """The schedule after a replan (a tournament's or a season's), and its moves."""

    schedule: S
    moves: list[M]


def parse_closure(tournament: Tournament, text: str) -> Closure:
    """'FIELD@DAY HH:MM-HH:MM', e.g. 'C1@sat 08:00-12:00'."""
    match = CLOSURE.match(text.strip())
    if not match:
        raise _closure_problem(text, "expected FIELD@DAY HH:MM-HH:MM")
    field, day = match[1], match[2]
    start, end = int(match[3]) * 60 + int(match[4]), int(match[5]) * 60 + int(match[6])
    if field not in tournament.field:
        raise _closure_problem(text, f"unknown field {field!r}")
    if day not in tournament.day:
        raise _closure_problem(text, f"unknown day {day!r}")
    if end <= start:
        raise _closure_problem(text, "the closure ends before it starts")
    return Closure(field, day, Window(start, end))


def _closure_problem(text: str, what: str) -> TournamentFileError:
    return TournamentFileError([InputProblem("command line", f"--closed {text!r}", what)])


def replan(
    tournament: Tournament,
    schedule: Schedule,
    closures: list[Closure],
    now: datetime | None = None,
    solver: str = "highs",
    time_limit: float = 10.0,
) -> Replan[Schedule, Move]:
    """Move the games the closures displace; games started by `now` stay put.

    One exact MILP (`OpenModel` with move costs) over every game not yet started on the
    days the closures touch, each kept to its day, every other game held: 1,000 per moved
    game plus a point per minute of shift, so the fewest games move, then by the least. When
    proven optimal, no replan on those days moves fewer games. Only if those days cannot
    absorb the displaced games may they go to any day.
    """
    games = tournament_games(tournament)
    slots = build_slots(tournament, closures)
    moment = -1 if now is None else _model_minute(tournament, now)
    started = {
        gid for gid, p in schedule.items() if _absolute(tournament, p.day, p.start) <= moment
    }
    displaced = [
        gid
        for gid, p in sorted(schedule.items())
        if gid not in started and _loses_field(tournament, p, closures)
    ]
    if not displaced:
        return Replan(dict(schedule), [])
    days = {schedule[g].day for g in displaced}
    free: dict[str, str | None] = {
        gid: p.day for gid, p in schedule.items() if gid not in started and p.day in days
    }
    repaired = _solve(tournament, games, schedule, free, slots, moment, solver, time_limit)
    if repaired is None:
        anywhere = free | dict.fromkeys(displaced)
        repaired = _solve(tournament, games, schedule, anywhere, slots, moment, solver, time_limit)
    if repaired is None:
        closed = ", ".join(f"{c.field} {c.day} {c.window}" for c in closures)
        raise ScheduleInfeasible(
            [
                f"{', '.join(displaced)} lose their field to the closures ({closed}) and find "
                "no allowed slot, even moving every game of their day not yet started or them "
                "to another day; add field time or reopen a field"
            ]
        )
    moves = [
        Move(
            gid,
            schedule[gid],
            repaired[gid],
            _absolute(tournament, repaired[gid].day, repaired[gid].start)
            - _absolute(tournament, schedule[gid].day, schedule[gid].start),
        )
        for gid in sorted(schedule)
        if repaired[gid] != schedule[gid]
    ]
    return Replan(repaired, moves)


def _solve(
    tournament: Tournament,
    games: list[Game],
    schedule: Schedule,
    free: dict[str, str | None],
    slots: list[Slot],
    moment: int,
    solver: str,
    time_limit: float,
) -> Schedule | None:
    """The free games placed at the least disturbance, or None if the model finds none."""
    model = OpenModel(tournament, games, schedule, free, slots, reference=schedule, after=moment)
    outcome = model.build().solve(solver, time_limit, gap=0.0)
    return (schedule | outcome.schedule) if outcome.run.solved else None


def _model_minute(tournament: Tournament, now: datetime) -> int:
    """`now` on the schedule's clock: wall-clock minutes from the first day's midnight.

    Not elapsed minutes: across a daylight-saving change those differ by an hour, and the
    schedule counts every day as 1,440 wall-clock minutes. Before the first day it is -1;
    between or after the days, the end of the last day before it.
    """
    when = tournament.day_and_minute(now)
    if when is not None:
        return _absolute(tournament, *when)
    local = now.astimezone(ZoneInfo(tournament.timezone)).date()
    past = [day for day in tournament.days if day.date < local]
    return _absolute(tournament, past[-1].id, 1440) if past else -1


def _absolute(tournament: Tournament, day: str, minute: int) -> int:
    return tournament.day_offset[day] + minute


def _loses_field(tournament: Tournament, placement: Placement, closures: list[Closure]) -> bool:
    """The game no longer fits an open window of its field."""
    field = tournament.field[placement.field]
    windows = open_windows(field, placement.day, closures)
    return not any(w.contains(placement.start, placement.end) for w in windows)
