"""Referee assignment benchmark: the scheduler's tiers S/M/L/R, several seeds, one table.

    python bench/referees.py [--tiers S M L R] [--solvers highs cbc] [--seeds 1 2 3]
                             [--time-limit SECONDS]

Per tier, solver and seed (each in a fresh process): the tier's first valid schedule, a
seeded pool of about 1.2 referees per field (`workloads.referees`), then the assignment:
time to the first valid assignment (the greedy start), time to the final one, positions
left unfilled by each, objective and, where the whole model is solved, its proven bound (on
S the model is solved to a gap of zero: the exact floor), games per referee (min, max,
standard deviation), venue changes, and the replan after the busiest referee withdraws
(changes, and how many of those were that referee's own positions). Every assignment is run
through the checker. Writes bench/reports/referees.md and prints it.
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
from pathlib import Path

from bench.scheduler import Column, Record, failures, in_fresh_process, table
from services.referees.checker import check
from services.referees.duties import Problem
from services.referees.objective import active
from services.referees.replan import replan
from services.referees.solve import Options, assign
from services.scheduler.games import tournament_games
from services.scheduler.solve import Options as ScheduleOptions
from services.scheduler.solve import solve
from workloads.cups import TIERS, generate
from workloads.referees import referee_pool

TIME_LIMITS = {"S": 30.0, "M": 60.0, "L": 60.0, "R": 60.0}
REPLAN_SECONDS = 30.0
REPORT = Path(__file__).parent / "reports" / "referees.md"


def run(tier_name: str, solver: str, seed: int, time_limit: float) -> Record:
    """One tier with one solver on one seed, measured; runs in its own process."""
    tournament = generate(TIERS[tier_name], seed)
    schedule = solve(tournament, ScheduleOptions(time_limit=600, passes=0)).first
    problem = Problem.of(
        tournament, tournament_games(tournament), schedule, referee_pool(tournament, seed)
    )
    exact = tier_name == "S"
    result = assign(
        problem, Options(solver=solver, time_limit=time_limit, gap=1e-7 if exact else 0.002)
    )
    load = [sum(r == who for r in result.assignment.values()) for who in active(problem)]
    busiest = Counter(result.assignment.values()).most_common(1)[0][0]
    replan_started = time.perf_counter()
    replanned = replan(
        problem,
        result.assignment,
        Options(solver=solver, time_limit=REPLAN_SECONDS),
        frozenset({busiest}),
    )
    replan_seconds = time.perf_counter() - replan_started
    after = Problem(tournament, problem.matches, problem.pool.without(busiest))
    objective = result.objective
    return {
        "tier": tier_name,
        "solver": solver,
        "seed": seed,
        "games": len(problem.matches),
        "positions": len(problem.seats),
        "referees": len(problem.pool.referees),
        "first_seconds": result.first_valid_seconds,
        "final_seconds": result.total_seconds,
        "unfilled_first": len(problem.seats) - len(result.first),
        "unfilled": len(result.unfilled),
        "objective": objective,
        "bound": result.bound,
        "gap": None if result.bound is None else max(0.0, (objective - result.bound) / objective),
        "load_min": min(load),
        "load_max": max(load),
        "load_stdev": statistics.pstdev(load),
        "venue_changes": result.terms["venues"] / Options().weights.venues,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "replan_seconds": replan_seconds,
        "replan_changes": len(replanned.changes),
        "replan_must": sum(r == busiest for r in result.assignment.values()),
        "first_clean": not check(problem, result.first),
        "final_clean": not check(problem, result.assignment),
        "replan_clean": not check(after, replanned.result.assignment),
    }


def _shown(places: int) -> Callable[[float], str]:
    return lambda value: f"{value:.{places}f}"


COLUMNS = (
    Column("games", "games", _shown(0)),
    Column("positions", "positions", _shown(0)),
    Column("referees", "referees", _shown(0)),
    Column("first valid (s)", "first_seconds", _shown(2)),
    Column("final (s)", "final_seconds"),
    Column("unfilled first", "unfilled_first", _shown(0)),
    Column("unfilled", "unfilled", _shown(0)),
    Column("objective", "objective"),
    Column("bound", "bound"),
    Column("gap", "gap", lambda value: f"{value:.2%}"),
    Column("games/referee min", "load_min", _shown(0)),
    Column("max", "load_max", _shown(0)),
    Column("stdev", "load_stdev"),
    Column("venue changes", "venue_changes", _shown(0)),
    Column("peak MB", "peak_mb", _shown(0)),
    Column("replan (s)", "replan_seconds"),
    Column("replan changes", "replan_changes", _shown(0)),
    Column("of which withdrawn's", "replan_must", _shown(0)),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiers", nargs="+", default=list(TIME_LIMITS), choices=list(TIME_LIMITS))
    parser.add_argument("--solvers", nargs="+", default=["highs", "cbc"], choices=["highs", "cbc"])
    parser.add_argument("--cbc-tiers", nargs="+", default=["S"], help="the tiers CBC runs on")
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    parser.add_argument(
        "--time-limit", type=float, help="seconds per assignment (default: per tier)"
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
                result = in_fresh_process((tier, solver, seed, limit), run)
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
    limits = f"{time_limit:g} s per assignment" if time_limit is not None else f"{TIME_LIMITS}"
    listed = failures(results)
    report = (
        "# Referee assignment benchmark\n\n"
        f"Seeds {', '.join(map(str, seeds))}; time limits {limits} (replan {REPLAN_SECONDS:g} s); "
        f"{platform.processor() or platform.machine()}, {multiprocessing.cpu_count()} cores, "
        f"Python {platform.python_version()}; single-threaded solvers. The machine's load "
        f"(1-minute average, before and after each run) was {min(loads):.1f}-{max(loads):.1f}.\n\n"
        "Each cell: the median over the seeds, and (min-max) when they differ; failed runs are "
        "counted and listed below, and left out of the figures.\n"
        "Referees: round(1.2 x fields). Positions: a centre for 7v7 and 9v9, a centre and two "
        "assistants for 11v11, so there are far more positions than such a pool can fill "
        "(4-6 games a day each); unfilled counts them, each with its reason in the output. "
        "First valid: the greedy start, checker-clean. Bound: the whole model's proven bound "
        "(S, M: solved whole; S to a gap of zero, the exact floor); '-' where the model is "
        "solved stretch by stretch (fix-and-optimise), whose bounds hold only with the rest "
        "fixed. Games/referee over the referees who may fill any position. Replan: the "
        "busiest referee withdraws; changes counts every position whose referee changed, of "
        "which the withdrawn referee's own are the ones that had to.\n\n"
        + table(results, COLUMNS)
        + "\n"
        + (f"\nFailed runs:\n\n{listed}\n" if listed else "")
    )
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report)


if __name__ == "__main__":
    main()
