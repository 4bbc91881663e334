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
from services.scheduler.explain import ScheduleInfeasible
from services.scheduler.games import Game, tournament_games
from services.scheduler.loader import Problem, TournamentFileError
from services.scheduler.model import DayModel
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
    solver: str = "highs",
    time_limit: float = 10.0,
) -> Replan:
    """Move the games the closures displace; games started by `now` stay put.

    Per day with displaced games, a MILP over that day's unstarted games charges 1,000 per
    moved game plus a minute per minute of shift: fewest moves first, then the smallest.
    """
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
    repaired: Schedule | None = dict(schedule)
    for day in tournament.days:
        if repaired is None or not any(schedule[g].day == day.id for g in displaced):
            continue
        # Only games of the displaced games' field sizes can make room for them.
        sizes = {
            tournament.division[by_id[g].division].size
            for g in displaced
            if schedule[g].day == day.id
        }
        free = [
            by_id[g]
            for g, p in sorted(schedule.items())
            if p.day == day.id
            and g not in started
            and tournament.division[by_id[g].division].size in sizes
        ]
        model = DayModel(tournament, games, repaired, free, day.id, slots, replan_after=moment)
        result = model.build().solve(solver, time_limit)
        repaired = (repaired | result.schedule) if result.schedule else None
    # Two quick repairs may reorder a team's games, which the model does not, and so
    # sometimes move fewer games; keep whichever of the three moves fewest. Nearest: only the
    # displaced games move, each to the allowed slot nearest its old kick-off. Ripple: every
    # game not started, in kick-off order, keeps its place if it can, else goes nearest.
    unstarted = [gid for gid in schedule if gid not in started]
    rippled = _nearest(
        tournament, games, schedule, sorted(started), unstarted, slots, moment, by_id
    )
    held = [gid for gid in schedule if gid not in displaced]
    nearest = _nearest(tournament, games, schedule, held, displaced, slots, moment, by_id)
    options = [s for s in (nearest, repaired, rippled) if s is not None]
    repaired = min(options, key=lambda s: _disturbance(tournament, schedule, s), default=None)
    if repaired is None:
        closed = ", ".join(f"{c.field} {c.day} {c.window}" for c in closures)
        raise ScheduleInfeasible(
            [
                f"{', '.join(displaced)} lose their field to the closures ({closed}) and find "
                "no allowed slot, even moving every game not yet started; add field time or "
                "reopen a field"
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


def _disturbance(tournament: Tournament, before: Schedule, after: Schedule) -> tuple[int, int]:
    """Games moved, then total minutes of shift."""
    moved = [g for g in before if after[g] != before[g]]
    shift = sum(
        abs(
            _absolute(tournament, after[g].day, after[g].start)
            - _absolute(tournament, before[g].day, before[g].start)
        )
        for g in moved
    )
    return len(moved), shift


def _loses_field(tournament: Tournament, placement: Placement, closures: list[Closure]) -> bool:
    """The game no longer fits an open window of its field."""
    field = tournament.field[placement.field]
    windows = open_windows(field, placement.day, closures)
    return not any(w.contains(placement.start, placement.end) for w in windows)


def _nearest(
    tournament: Tournament,
    games: list[Game],
    schedule: Schedule,
    held: list[str],
    moving: list[str],
    slots: list[Slot],
    moment: int,
    by_id: dict[str, Game],
) -> Schedule | None:
    """`held` games stay; each `moving` game, in kick-off order, stays if it still may, else
    takes the allowed slot nearest its old kick-off. None if one finds no slot."""
    board = Board(tournament, games)
    for gid in held:
        board.place(schedule[gid])
    taken = {(p.field, p.day, p.start) for p in board.schedule.values()}

    def kick_off(day: str, minute: int) -> int:
        return _absolute(tournament, day, minute)

    for gid in sorted(moving, key=lambda g: (kick_off(schedule[g].day, schedule[g].start), g)):
        old = schedule[gid]
        here = next(
            (s for s in slots if (s.field, s.day, s.start) == (old.field, old.day, old.start)), None
        )
        if (
            here is not None
            and (here.field, here.day, here.start) not in taken
            and board.allows(by_id[gid], here)
        ):
            chosen = here
        else:
            allowed = [
                s
                for s in slots
                if kick_off(s.day, s.start) > moment
                and (s.field, s.day, s.start) not in taken
                and board.allows(by_id[gid], s)
            ]
            if not allowed:
                return None
            target = kick_off(old.day, old.start)
            chosen = min(
                allowed,
                key=lambda s: (
                    abs(kick_off(s.day, s.start) - target),
                    kick_off(s.day, s.start),
                    s.field,
                ),
            )
        board.place(board.placement(by_id[gid], chosen))
        taken.add((chosen.field, chosen.day, chosen.start))
    return dict(board.schedule)
