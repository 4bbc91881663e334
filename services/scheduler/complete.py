"""Finish a stuck greedy construction: its left-out games, and the games near them, re-placed
in one small MILP.

On a large cup the greedy places nearly everything and gets stuck on a few games: on the
XL tier a final (and the games of its playoff), because the one venue its playoff may use
has no slot left that day for its field size. The day search would fit ~700 games a day
from scratch; here only a neighbourhood moves, everything else is held where the greedy
put it. Neighbourhoods, smallest first:

- per venue: the left-out games anywhere, and the placed games of their field sizes on
  their days at that one venue (a one-venue playoff needs room at one venue);
- all the placed games of those sizes on those days.

A neighbourhood that does not fit proves nothing about the cup (the rest is held), so a
failure here only hands over to the search. What comes back is a full schedule that every
hard rule of the open model allows (the search's checker-clean guarantee holds for it too).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from services.scheduler.games import Game
from services.scheduler.openmodel import OpenModel
from services.scheduler.placement import Schedule
from services.scheduler.slots import Slot
from services.scheduler.tournament import Tournament

VENUE_TIME_LIMIT = 10.0
SHARE = 0.25  # of the time left, at most, for the whole repair


def complete(
    tournament: Tournament,
    games: list[Game],
    slots: list[Slot],
    partial: Schedule,
    solver: str,
    deadline: float,
    log: Callable[[str], None],
) -> Schedule | None:
    """The greedy's `partial` schedule completed, or None (then the search takes over)."""
    left_out = [g for g in games if g.id not in partial]
    if not left_out:
        return dict(partial)
    stop = time.perf_counter() + SHARE * (deadline - time.perf_counter())
    for name, moved, limit in _neighbourhoods(tournament, games, partial, left_out):
        remaining = stop - time.perf_counter()
        if remaining <= 0.5:
            return None
        plan: dict[str, str | None] = {g.id: _day(tournament, g) for g in left_out}
        plan |= {gid: partial[gid].day for gid in moved}
        fixed = {gid: p for gid, p in partial.items() if gid not in plan}
        model = OpenModel(tournament, games, fixed, plan, slots).build(objective=False)
        outcome = model.solve(solver, min(limit, remaining), gap=0.5)
        if outcome.run.solved:
            log(f"greedy completed: {len(left_out)} left-out games placed, {name} re-placed")
            return fixed | outcome.schedule
    return None


def _day(tournament: Tournament, game: Game) -> str | None:
    """A left-out game's day: its playoff day, or any day for a group game."""
    return tournament.division[game.division].playoff_day if game.stage == "playoff" else None


def _neighbourhoods(
    tournament: Tournament, games: list[Game], partial: Schedule, left_out: list[Game]
) -> Iterator[tuple[str, list[str], float]]:
    """(what moves, the placed games that move, a time limit), smallest first."""
    by_id = {g.id: g for g in games}
    sizes = {tournament.division[g.division].size for g in left_out}
    days = {_day(tournament, g) for g in left_out}
    near = [
        gid
        for gid, p in partial.items()
        if (None in days or p.day in days)
        and tournament.division[by_id[gid].division].size in sizes
    ]
    venue = {gid: tournament.field[partial[gid].field].venue for gid in near}
    for v in sorted(set(venue.values())):
        yield (
            f"the games of their sizes at {v}",
            [g for g in near if venue[g] == v],
            VENUE_TIME_LIMIT,
        )
    yield "the games of their sizes on their days", near, float("inf")
