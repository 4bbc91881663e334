"""Scheduler benchmark: seeded tiers S/M/L/R/XL, each solver, several seeds, one table.

    python bench/scheduler.py [--tiers S M L R XL] [--solvers highs cbc] [--seeds 1 2 3]
                              [--time-limit SECONDS]

Per tier, solver and seed (each run in a fresh process, so peak memory is its own): time to
the first schedule that passes the checker, time to the final one, objective, proven bound,
gap, peak memory, and the replan after closing two fields for the morning of day one. The
table gives, per tier and solver, the median and the spread (min-max) over the seeds, and
how many runs failed; a failed run is listed with its error, never fatal and never a hang.
Writes bench/reports/scheduler.md and prints it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from services.scheduler.bound import SCOPE
from services.scheduler.checker import check
from services.scheduler.explain import ScheduleInfeasible
from services.scheduler.fairness import fairness
from services.scheduler.games import tournament_games
from services.scheduler.placement import Schedule
from services.scheduler.replan import replan
from services.scheduler.slots import Closure
from services.scheduler.solve import Options, solve
from services.scheduler.tournament import Tournament, Window
from workloads.cups import TIERS, generate

TIME_LIMITS = {"S": 30.0, "M": 60.0, "L": 180.0, "RS": 30.0, "R": 180.0, "XL": 600.0}
REPORT = Path(__file__).parent / "reports" / "scheduler.md"
Record = dict[str, object]
Job = tuple[str, str, int, float]  # tier, solver, seed, time limit


def run(tier_name: str, solver: str, seed: int, time_limit: float) -> Record:
    """One tier with one solver on one seed, measured; runs in its own process."""
    tournament = generate(TIERS[tier_name], seed)
    games = tournament_games(tournament)
    solution = solve(tournament, Options(solver=solver, time_limit=time_limit))
    violations = check(tournament, games, solution.schedule)
    fair = fairness(tournament, games, solution.schedule).summary
    closures = storm(tournament, solution.schedule)
    replan_started = time.perf_counter()
    try:
        replanned: Schedule | None = replan(tournament, solution.schedule, closures).schedule
    except ScheduleInfeasible:
        replanned = None  # a proven "no replan": counted, not a failed run
    replan_seconds = time.perf_counter() - replan_started
    return {
        "tier": tier_name,
        "solver": solver,
        "seed": seed,
        "teams": len(tournament.teams),
        "fields": len(tournament.fields),
        "days": len(tournament.days),
        "games": len(games),
        "first_seconds": solution.first_valid_seconds,
        "first_clean": not check(tournament, games, solution.first),
        "searched": int(solution.searched),
        "final_seconds": solution.total_seconds,
        "final_clean": not violations,
        "objective": solution.objective.total,
        "bound": solution.bound,
        "gap": solution.gap,
        "min_rest": fair["min_rest_minutes"],
        "long_gaps": fair["teams_with_long_gaps"],
        "early_late_max": fair["early_late_max"],
        "venues_per_day": fair["venues_per_day_max"],
        # CBC runs as a child process: count the larger of us and our biggest child.
        "peak_mb": max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024,
        "replan_seconds": replan_seconds,
        "replan_moved": None
        if replanned is None
        else sum(1 for g, p in replanned.items() if p != solution.schedule[g]),
        "replan_impossible": int(replanned is None),
        "replan_clean": replanned is None or not check(tournament, games, replanned, closures),
    }


def storm(tournament: Tournament, schedule: Schedule) -> list[Closure]:
    """A thunderstorm on the busiest day: its busiest field closed for the first two hours
    of its opening, where the displaced games have to find new slots."""
    day = Counter(p.day for p in schedule.values()).most_common(1)[0][0]
    field = Counter(p.field for p in schedule.values() if p.day == day).most_common(1)[0][0]
    opening = tournament.field[field].windows[day][0].start
    return [Closure(field, day, Window(opening, opening + 120))]


def failure(job: Job, error: str) -> Record:
    """The record of a run that did not finish: which run, and why."""
    tier, solver, seed, _ = job
    return {"tier": tier, "solver": solver, "seed": seed, "error": error}


def _run_isolated(job: Job, measure: Callable[..., Record] = run) -> Record:
    """`measure(*job)` in the pool's worker. Any exception comes back as a failure record: an
    exception that cannot be unpickled in the parent (one whose `__init__` takes something
    other than its message) would otherwise never reach it."""
    try:
        return measure(*job)
    except Exception as error:
        return failure(job, f"{type(error).__name__}: {error}")


def in_fresh_process(job: Job, measure: Callable[..., Record] = run) -> Record:
    """One run in a new process (its own peak memory); a worker that dies is a failure too."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            return pool.submit(_run_isolated, job, measure).result()
        except BrokenProcessPool as error:
            return failure(job, f"worker died: {error}")


@dataclass(frozen=True)
class Column:
    """One column of the table: a record field and how to print one value of it."""

    title: str
    key: str
    show: Callable[[float], str] = lambda value: f"{value:.1f}"

    def cell(self, records: Sequence[Record]) -> str:
        """The median over the records, with (min-max) when they differ; '-' when none has
        a value (a bound that was not proven)."""
        values = sorted(float(v) for r in records if isinstance(v := r.get(self.key), int | float))
        if not values:
            return "-"
        low, middle, high = (
            self.show(v) for v in (values[0], statistics.median(values), values[-1])
        )
        return middle if low == high else f"{middle} ({low}-{high})"


def _digits(count: int) -> Callable[[float], str]:
    return lambda value: f"{value:.{count}f}"


COLUMNS = (
    Column("teams", "teams", _digits(0)),
    Column("fields", "fields", _digits(0)),
    Column("days", "days", _digits(0)),
    Column("games", "games", _digits(0)),
    Column("greedy stuck", "searched", _digits(0)),
    Column("first valid (s)", "first_seconds", _digits(2)),
    Column("final (s)", "final_seconds"),
    Column("objective", "objective"),
    Column("bound", "bound"),
    Column("gap", "gap", lambda value: f"{value:.2%}"),
    Column("min rest", "min_rest", _digits(0)),
    Column("teams >3h idle", "long_gaps", _digits(0)),
    Column("max early/late", "early_late_max", _digits(0)),
    Column("venues/day", "venues_per_day", _digits(0)),
    Column("peak MB", "peak_mb", _digits(0)),
    Column("replan (s)", "replan_seconds", _digits(2)),
    Column("moved", "replan_moved", _digits(0)),
    Column("no replan", "replan_impossible", _digits(0)),
)
CLEAN = ("first_clean", "final_clean", "replan_clean")


def table(results: Sequence[Record], columns: Sequence[Column] = COLUMNS) -> str:
    """One row per tier and solver, in the order first run."""
    header = ["tier", "solver", "runs", *(c.title for c in columns), "failed", "checker"]
    lines = [
        "| " + " | ".join(header) + " |",
        "| --- | --- | ---: | " + "---: | " * len(columns) + "---: | --- |",
    ]
    rows: dict[tuple[object, object], list[Record]] = {}
    for record in results:
        rows.setdefault((record["tier"], record["solver"]), []).append(record)
    for (tier, solver), records in rows.items():
        done = [r for r in records if "error" not in r]
        dirty = sum(1 for r in done if not all(r[k] for k in CLEAN))
        checker = "-" if not done else "clean" if not dirty else f"VIOLATIONS in {dirty}"
        cells = [c.cell(done) for c in columns]
        failed = len(records) - len(done)
        lines.append(
            f"| {tier} | {solver} | {len(records)} | " + " | ".join(cells) + f" | {failed} | "
            f"{checker} |"
        )
    return "\n".join(lines)


def failures(results: Sequence[Record]) -> str:
    """Every failed run with its error, one line each (empty when none failed)."""
    return "\n".join(
        f"- {r['tier']}/{r['solver']} seed {r['seed']}: {r['error']}"
        for r in results
        if "error" in r
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiers", nargs="+", default=["S", "M", "L", "R"], choices=list(TIERS))
    parser.add_argument("--solvers", nargs="+", default=["highs", "cbc"], choices=["highs", "cbc"])
    parser.add_argument(
        "--cbc-tiers", nargs="+", default=["S", "M"], help="the tiers CBC runs on (slow beyond)"
    )
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    parser.add_argument(
        "--time-limit", type=float, help="seconds per solve for every tier (default: per tier)"
    )
    args = parser.parse_args()
    results: list[Record] = []
    loads = [os.getloadavg()[0]]
    for tier in args.tiers:
        limit = args.time_limit if args.time_limit is not None else TIME_LIMITS[tier]
        for solver in args.solvers:
            if solver == "cbc" and tier not in args.cbc_tiers:
                continue
            for seed in args.seeds:
                result = in_fresh_process((tier, solver, seed, limit))
                results.append(result)
                outcome = f"failed: {result['error']}" if "error" in result else "done"
                print(f"{tier}/{solver} seed {seed} {outcome}", file=sys.stderr, flush=True)
                loads.append(os.getloadavg()[0])
                write_report(results, args.seeds, args.time_limit, loads)
    print(REPORT.read_text())


def write_report(
    results: Sequence[Record], seeds: Sequence[int], time_limit: float | None, loads: list[float]
) -> None:
    """Write the report (after every run, so a long benchmark leaves what it measured)."""
    limits = f"{time_limit:g} s per solve" if time_limit is not None else f"{TIME_LIMITS}"
    listed = failures(results)
    report = (
        "# Scheduler benchmark\n\n"
        f"Seeds {', '.join(map(str, seeds))}; time limits {limits}; "
        f"{platform.processor() or platform.machine()}, {multiprocessing.cpu_count()} cores, "
        f"Python {platform.python_version()}; single-threaded solvers. The machine's load "
        f"(1-minute average, before and after each run) was {min(loads):.1f}-{max(loads):.1f} "
        "on its cores: when it is shared, every time here is longer and the time-limited "
        "solves reach less than on a quiet machine.\n\n"
        "Each cell: the median over the seeds, and (min-max) when they differ; failed runs are "
        "counted and listed below, and left out of the figures.\n"
        f"Bound: {SCOPE}. Greedy stuck: runs where the greedy construction got stuck and "
        "a repair of its neighbourhood or the search found the first schedule. Min rest: "
        "the shortest rest of any team (min). "
        "Teams >3h idle: teams with a wait over 3 hours. Max early/late: the most early or "
        "late kick-offs of one team. Venues/day: the most venues a team visits in a day.\n"
        "Replan: a storm on the busiest day, its busiest field closed for its first two "
        "hours; moved: games the replan moved; no replan: runs where none exists (proven).\n\n"
        + table(results)
        + "\n"
        + (f"\nFailed runs:\n\n{listed}\n" if listed else "")
    )
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report)


if __name__ == "__main__":
    main()
