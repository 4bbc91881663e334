"""Finish a stuck greedy construction: its left-out games, and the games near them, re-placed
in one small MILP.

On a large cup the greedy places nearly everything and gets stuck on a few games: on the
XL tier a final (and the games of its playoff), because the one venue its playoff may use
has no slot left that day for its field size. The day search would fit ~700 games a day
from scratch; here only a neighbourhood moves, everything else is held where the greedy
put it. Neighbourhoods, smallest first:

- per venue: the left-out games anywhere, and the placed games of their field sizes on
  their days at that one venue (a one-venue playoff needs room at one venue); each venue
  is tried for a few seconds first, which proves most of them hopeless, and the time left
  is shared by the ones still open;
- all the placed games of those sizes on those days.

A neighbourhood that does not fit proves nothing about the cup (the rest is held), so a
failure here only hands over to the search. What comes back is a full schedule that every
hard rule of the open model allows (the search's checker-clean guarantee holds for it too).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from services.scheduler.games import Game
from services.scheduler.openmodel import OpenModel, Outcome
from services.scheduler.placement import Schedule
from services.scheduler.slots import Slot
from services.scheduler.tournament import Tournament

PROBE = 3.0  # seconds for a first try of each venue
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
    """The greedy's `partial` schedule completed, or None (then the search takes over).

    Each venue's neighbourhood is tried briefly first: those that cannot work are mostly
    proven so in under a second, and the time left is then shared by the ones still open.
    """
    left_out = [g for g in games if g.id not in partial]
    if not left_out:
        return dict(partial)
    stop = time.perf_counter() + SHARE * (deadline - time.perf_counter())
    venues, everything = _neighbourhoods(tournament, games, partial, left_out)
    open_ones = []
    for name, moved in venues:
        outcome = _try(tournament, games, slots, partial, left_out, moved, solver, stop, PROBE)
        if outcome is not None and outcome.run.solved:
            log(f"greedy completed: {len(left_out)} left-out games placed, {name} re-placed")
            return {**partial, **outcome.schedule}
        if outcome is not None and outcome.run.status != "infeasible":
            open_ones.append((name, moved))
    for n, (name, moved) in enumerate([*open_ones, everything]):
        share = (stop - time.perf_counter()) / (len(open_ones) + 1 - n)
        outcome = _try(tournament, games, slots, partial, left_out, moved, solver, stop, share)
        if outcome is not None and outcome.run.solved:
            log(f"greedy completed: {len(left_out)} left-out games placed, {name} re-placed")
            return {**partial, **outcome.schedule}
    return None


def _try(
    tournament: Tournament,
    games: list[Game],
    slots: list[Slot],
    partial: Schedule,
    left_out: list[Game],
    moved: list[str],
    solver: str,
    stop: float,
    limit: float,
) -> Outcome | None:
    """The left-out and `moved` games re-placed around the rest, or None with no time left."""
    remaining = stop - time.perf_counter()
    if remaining <= 0.5:
        return None
    plan: dict[str, str | None] = {g.id: _day(tournament, g) for g in left_out}
    plan |= {gid: partial[gid].day for gid in moved}
    fixed = {gid: p for gid, p in partial.items() if gid not in plan}
    model = OpenModel(tournament, games, fixed, plan, slots).build(objective=False)
    return model.solve(solver, min(limit, remaining), gap=0.5)


def _day(tournament: Tournament, game: Game) -> str | None:
    """A left-out game's day: its playoff day, or any day for a group game."""
    return tournament.division[game.division].playoff_day if game.stage == "playoff" else None


def _neighbourhoods(
    tournament: Tournament, games: list[Game], partial: Schedule, left_out: list[Game]
) -> tuple[list[tuple[str, list[str]]], tuple[str, list[str]]]:
    """Per venue (what moves, the placed games that move), and all of them at once."""
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
    venues = [
        (f"the games of their sizes at {v}", [g for g in near if venue[g] == v])
        for v in sorted(set(venue.values()))
    ]
    return venues, ("the games of their sizes on their days", near)
