"""Replan after a field closes (thunderstorm, flooding): move as few games as possible, by as
little as possible, never touching a game that has started.

Only games that lose their field time must move; each goes to the allowed slot nearest its old
kick-off, with every other game held where it is. If that cannot place them all, every game
not yet started is rebuilt around the started ones (more moves, but a valid schedule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from services.scheduler.board import Board
from services.scheduler.construct import ConstructionFailed, construct
from services.scheduler.explain import ScheduleInfeasible, explain_stuck
from services.scheduler.games import Game, tournament_games
from services.scheduler.loader import Problem, TournamentFileError
from services.scheduler.placement import Placement, Schedule
from services.scheduler.slots import Closure, Slot, build_slots, open_windows
from services.scheduler.tournament import Tournament, Window, clock

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
class Replan:
    schedule: Schedule
    moves: list[Move]


def parse_closure(tournament: Tournament, text: str) -> Closure:
    """'FIELD@DAY HH:MM-HH:MM', e.g. 'C1@sat 08:00-12:00'."""
    match = CLOSURE.match(text.strip())
    where = f"--closed {text!r}"
    if not match:
        raise TournamentFileError(
            [Problem("command line", 0, where, "expected FIELD@DAY HH:MM-HH:MM")]
        )
    field, day = match[1], match[2]
    start, end = int(match[3]) * 60 + int(match[4]), int(match[5]) * 60 + int(match[6])
    if field not in tournament.field:
        raise TournamentFileError([Problem("command line", 0, where, f"unknown field {field!r}")])
    if day not in tournament.day:
        raise TournamentFileError([Problem("command line", 0, where, f"unknown day {day!r}")])
    if end <= start:
        raise TournamentFileError(
            [Problem("command line", 0, where, "the closure ends before it starts")]
        )
    return Closure(field, day, Window(start, end))


def _absolute(tournament: Tournament, day: str, minute: int) -> int:
    return tournament.day_offset[day] + minute


def replan(
    tournament: Tournament,
    schedule: Schedule,
    closures: list[Closure],
    now: datetime | None = None,
) -> Replan:
    """Move the games the closures displace; games started by `now` stay put."""
    games = tournament_games(tournament)
    slots = build_slots(tournament, closures)
    first_midnight = tournament.moment(tournament.days[0].id, 0)
    moment = -1 if now is None else int((now - first_midnight).total_seconds() // 60)
    started = {
        gid for gid, p in schedule.items() if _absolute(tournament, p.day, p.start) <= moment
    }
    displaced = [
        gid
        for gid, p in sorted(schedule.items())
        if gid not in started and _loses_field(tournament, p, closures)
    ]
    by_id = {game.id: game for game in games}
    repaired = _nearest(tournament, games, schedule, displaced, slots, moment, by_id)
    if repaired is None:
        fixed = {gid: schedule[gid] for gid in started}
        future = [s for s in slots if _absolute(tournament, s.day, s.start) > moment]
        try:
            repaired = construct(tournament, games, future, fixed)
        except ConstructionFailed as failure:
            raise ScheduleInfeasible(explain_stuck(tournament, failure.stuck)) from None
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


def _loses_field(tournament: Tournament, placement: Placement, closures: list[Closure]) -> bool:
    """The game no longer fits an open window of its field."""
    field = tournament.field[placement.field]
    windows = open_windows(field, placement.day, closures)
    return not any(w.contains(placement.start, placement.end) for w in windows)


def _nearest(
    tournament: Tournament,
    games: list[Game],
    schedule: Schedule,
    displaced: list[str],
    slots: list[Slot],
    moment: int,
    by_id: dict[str, Game],
) -> Schedule | None:
    """Each displaced game to its nearest allowed slot, the rest held; None if one finds none."""
    board = Board(tournament, games)
    for gid, placement in schedule.items():
        if gid not in displaced:
            board.place(placement)
    for gid in sorted(
        displaced, key=lambda g: (_absolute(tournament, schedule[g].day, schedule[g].start), g)
    ):
        old = _absolute(tournament, schedule[gid].day, schedule[gid].start)
        options = sorted(
            (
                s
                for s in slots
                if _absolute(tournament, s.day, s.start) > moment and board.allows(by_id[gid], s)
            ),
            key=lambda s: (
                abs(_absolute(tournament, s.day, s.start) - old),
                _absolute(tournament, s.day, s.start),
                s.field,
            ),
        )
        if not options:
            return None
        board.place(board.placement(by_id[gid], options[0]))
    return dict(board.schedule)
