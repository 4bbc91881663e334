"""Solve a tournament: explain if impossible, construct or search, then improve block by block.

The greedy construction is tried first because it is instant; when it gets stuck, a small
MILP re-places its left-out games and their neighbours (`complete.py`), and failing that the
decomposition search (`search.py`) finds a schedule or proves there is none. Either settles
each game's day. Improvement then works on (day, field size class) blocks, each one MILP
with every other game fixed (fix-and-optimise); a block too big for one MILP is improved
division chunk by division chunk. The blocks' own bounds hold only with everything else
fixed, so the reported bound is `bound.whole_bound`: proven for the whole problem, days free.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from services.scheduler.bound import whole_bound
from services.scheduler.checker import check
from services.scheduler.complete import complete
from services.scheduler.construct import ConstructionFailed, construct
from services.scheduler.daysfree import replace_divisions
from services.scheduler.explain import ScheduleInfeasible, explain_capacity, explain_stuck
from services.scheduler.games import Game, tournament_games
from services.scheduler.model import DayModel
from services.scheduler.objective import Breakdown, evaluate
from services.scheduler.placement import Schedule
from services.scheduler.search import search
from services.scheduler.slots import Closure, Slot, build_slots
from services.scheduler.tournament import SIZES, Tournament


@dataclass(frozen=True)
class Progress:
    """One line of progress: what was just done, the time, the best objective, the bound."""

    phase: str
    elapsed: float
    objective: float | None  # None while no schedule is known yet
    bound: float | None


@dataclass
class Solution:
    """The schedule with its objective, the whole problem's proven bound (`bound.SCOPE`)
    and how long each stage took."""

    schedule: Schedule
    objective: Breakdown
    bound: float | None
    first_valid_seconds: float
    total_seconds: float
    blocks: list[str] = field(default_factory=list)
    first: Schedule = field(default_factory=dict)  # the first valid schedule
    searched: bool = False  # the greedy construction got stuck and the search found it

    @property
    def gap(self) -> float | None:
        if self.bound is None:
            return None
        total = self.objective.total
        return 0.0 if total <= 1e-9 else max(0.0, (total - self.bound) / total)


@dataclass(frozen=True)
class Options:
    solver: str = "highs"
    time_limit: float = 60.0  # for the whole improvement
    block_time_limit: float = 10.0
    block_gap: float = 0.005  # stop a block within 0.5% of its proven bound
    # Blocks are cut into chunks of divisions this small: a small MILP is solved to its gap
    # in seconds, a whole L block (7,000 variables) not in its 10 s (docs/NOTES.md).
    max_block_variables: int = 2_500
    passes: int = 20  # at most; improvement stops at the first pass that finds nothing
    # A division's days-free solve spends most of its time proving little after its first
    # few hundred nodes (spring-classic: 200 nodes converge to 193.1 in 23 s, a 30 s clock
    # per solve reached 218.5 in 60 s), and a node cap, unlike a clock, stops it at the
    # same point on a busy machine.
    division_nodes: int | None = 200


Report = Callable[[Progress], None]


def _quiet(_: Progress) -> None:
    """Progress goes nowhere unless a caller asks for it."""


def solve(
    tournament: Tournament,
    options: Options = Options(),
    on_progress: Report = _quiet,
    closures: list[Closure] | None = None,
) -> Solution:
    """A valid schedule, improved within the time limit.

    Raises `ScheduleInfeasible` only with a proof (a counting argument, or the search's
    infeasible day plan), and `NoScheduleFound` when the time ran out before either.
    """
    started = time.perf_counter()
    games = tournament_games(tournament)
    slots = build_slots(tournament, closures or [])
    reasons = explain_capacity(tournament, games, slots)
    if reasons:
        raise ScheduleInfeasible(reasons)
    searched = False
    try:
        schedule = construct(tournament, games, slots)
    except ConstructionFailed as failure:
        searched = True
        for reason in explain_stuck(tournament, failure.stuck):
            on_progress(Progress(f"greedy stuck: {reason}", _since(started), None, None))

        def log(phase: str) -> None:
            on_progress(Progress(phase, _since(started), None, None))

        deadline = started + options.time_limit
        schedule = complete(
            tournament, games, slots, failure.partial, options.solver, deadline, log
        ) or search(tournament, games, slots, options.solver, deadline, log)
    first_valid = time.perf_counter() - started
    first = dict(schedule)
    best = evaluate(tournament, games, schedule)
    on_progress(Progress("first valid schedule", first_valid, best.total, None))
    bound = whole_bound(tournament, games, slots, options.solver).value
    schedule, blocks = improve(
        tournament, games, slots, schedule, options, started, on_progress, bound=bound
    )
    return Solution(
        schedule,
        evaluate(tournament, games, schedule),
        bound,
        first_valid,
        time.perf_counter() - started,
        blocks,
        first,
        searched,
    )


def _since(started: float) -> float:
    return time.perf_counter() - started


def improve(
    tournament: Tournament,
    games: list[Game],
    slots: list[Slot],
    schedule: Schedule,
    options: Options,
    started: float,
    on_progress: Report = _quiet,
    frozen: frozenset[str] = frozenset(),
    bound: float | None = None,
) -> tuple[Schedule, list[str]]:
    """Fix-and-optimise over (day, size class) blocks, then over each division with its
    days free (`daysfree`: what the blocks, which keep days and orders, cannot move); games
    in `frozen` never move.

    A block or division is solved again only when the schedule changed since it was last
    solved: around the same schedule the same solve finds the same, so a pass that finds
    nothing costs next to nothing, and with no limit reached the result is deterministic.

    `bound` is only passed on in the progress lines."""
    deadline = started + options.time_limit
    notes: list[str] = []
    version = 0  # counts the improvements taken
    total = evaluate(tournament, games, schedule).total
    solved_at: dict[object, int] = {}  # a block's or division's key: the version it saw

    def unchanged(key: object) -> bool:
        seen = solved_at.get(key) == version
        solved_at[key] = version
        return seen

    for turn in range(options.passes):
        improved = False
        for day in tournament.days:
            for size in SIZES:
                block = [
                    g
                    for g in games
                    if g.id not in frozen
                    and schedule[g.id].day == day.id
                    and tournament.division[g.division].size == size
                ]
                if not block:
                    continue
                for chunk, whole in _chunks(
                    tournament, games, schedule, block, day.id, slots, options, turn
                ):
                    remaining = deadline - time.perf_counter()
                    if remaining <= 0.5 or unchanged((day.id, frozenset(g.id for g in chunk))):
                        continue
                    model = DayModel(tournament, games, schedule, chunk, day.id, slots).build()
                    result = model.solve(
                        options.solver, min(options.block_time_limit, remaining), options.block_gap
                    )
                    label = f"{day.id} {size}" + ("" if whole else f" ({len(chunk)} games)")
                    better = _better(tournament, games, schedule, total, result.schedule)
                    if better is not None:
                        (schedule, total), improved, version = better, True, version + 1
                    notes.append(f"{label}: {result.status} in {result.runtime:.1f}s")
                    on_progress(Progress(label, time.perf_counter() - started, total, bound))
        for division in tournament.divisions:
            remaining = deadline - time.perf_counter()
            if (
                remaining <= 0.5
                or any(g.division == division.id for g in games if g.id in frozen)
                or unchanged(division.id)
            ):
                continue
            placed = replace_divisions(
                tournament,
                games,
                slots,
                schedule,
                {division.id},
                options.solver,
                min(options.block_time_limit, remaining),
                options.block_gap,
                options.division_nodes,
            )
            better = _better(tournament, games, schedule, total, placed.schedule)
            if better is not None:
                (schedule, total), improved, version = better, True, version + 1
            label = f"{division.id} any day"
            on_progress(Progress(label, time.perf_counter() - started, total, bound))
        if not improved:
            break
    return schedule, notes


def _better(
    tournament: Tournament, games: list[Game], schedule: Schedule, total: float, placed: Schedule
) -> tuple[Schedule, float] | None:
    """The schedule with `placed` in it and its total, if that costs less than `total` (the
    schedule's) and passes the checker."""
    if not placed:
        return None
    candidate = schedule | placed
    after = evaluate(tournament, games, candidate).total
    if after < total - 1e-9 and not check(tournament, games, candidate):
        return candidate, after
    return None


def _chunks(
    tournament: Tournament,
    games: list[Game],
    schedule: Schedule,
    block: list[Game],
    day: str,
    slots: list[Slot],
    options: Options,
    turn: int = 0,
) -> list[tuple[list[Game], bool]]:
    """The block whole if small enough, else consecutive division chunks that are.

    Each pass (`turn`) starts the chunks half a chunk further on, so divisions that were
    cut apart in one pass share a chunk in the next: what a chunk cannot move is what its
    neighbours hold, and those change."""
    whole = DayModel(tournament, games, schedule, block, day, slots)
    if whole.size <= options.max_block_variables:
        return [(block, True)]
    per_division: dict[str, list[Game]] = {}
    for game in block:
        per_division.setdefault(game.division, []).append(game)
    share = {d: sum(len(whole.candidates[g.id]) for g in gs) for d, gs in per_division.items()}
    order = list(per_division)
    pieces = max(1, -(-sum(share.values()) // options.max_block_variables))
    shift = (turn * len(order)) // (2 * pieces) % len(order)
    order = order[shift:] + order[:shift]
    chunks: list[tuple[list[Game], bool]] = []
    current: list[Game] = []
    size = 0
    for division in order:
        division_games = per_division[division]
        if current and size + share[division] > options.max_block_variables:
            chunks.append((current, False))
            current, size = [], 0
        current = current + division_games
        size += share[division]
    if current:
        chunks.append((current, False))
    return chunks
