"""Scheduler benchmark: seeded tiers S/M/L/XL, each solver, one table.

    python bench/scheduler.py [--tiers S M L XL] [--solvers highs cbc] [--seed 1]

Per tier and solver (each run in a fresh process, so peak memory is its own): time to the
first schedule that passes the checker, time to the final one, objective, proven bound, gap,
peak memory, and the replan time after closing two fields for the morning of day one.
Writes bench/reports/scheduler.md and prints it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.scheduler.checker import check
from services.scheduler.construct import construct
from services.scheduler.games import tournament_games
from services.scheduler.instances import TIERS, generate
from services.scheduler.replan import replan
from services.scheduler.slots import Closure, build_slots
from services.scheduler.solve import Options, solve
from services.scheduler.tournament import Window

TIME_LIMITS = {"S": 30.0, "M": 60.0, "L": 180.0, "XL": 300.0}
REPORT = Path(__file__).parent / "reports" / "scheduler.md"


def run(tier_name: str, solver: str, seed: int) -> dict[str, object]:
    """One tier with one solver, measured; runs in its own process."""
    tier = TIERS[tier_name]
    tournament = generate(tier, seed)
    games = tournament_games(tournament)
    started = time.perf_counter()
    first = construct(tournament, games, build_slots(tournament))
    first_violations = check(tournament, games, first)
    first_seconds = time.perf_counter() - started
    solution = solve(tournament, Options(solver=solver, time_limit=TIME_LIMITS[tier_name]))
    violations = check(tournament, games, solution.schedule)
    day_one = tournament.days[0].id
    closures = [Closure(f.id, day_one, Window(8 * 60, 12 * 60)) for f in tournament.fields[:2]]
    replan_started = time.perf_counter()
    replanned = replan(tournament, solution.schedule, closures)
    replan_seconds = time.perf_counter() - replan_started
    return {
        "tier": tier_name,
        "solver": solver,
        "teams": len(tournament.teams),
        "fields": len(tournament.fields),
        "days": len(tournament.days),
        "games": len(games),
        "first_seconds": first_seconds,
        "first_clean": not first_violations,
        "final_seconds": solution.total_seconds,
        "final_clean": not violations,
        "objective": solution.objective.total,
        "bound": solution.bound,
        "gap": solution.gap,
        # CBC runs as a child process: count the larger of us and our biggest child.
        "peak_mb": max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024,
        "replan_seconds": replan_seconds,
        "replan_moved": len(replanned.moves),
        "replan_clean": not check(tournament, games, replanned.schedule),
    }


def _run_isolated(args: tuple[str, str, int]) -> dict[str, object]:
    return run(*args)


def table(results: list[dict[str, object]]) -> str:
    def number(value: object, digits: int = 1) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    lines = [
        "| tier | solver | teams | fields | days | games | first valid (s) | final (s) | "
        "objective | bound | gap | peak MB | replan (s) | moved | checker |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
        "---: | ---: | --- |",
    ]
    for r in results:
        gap = "-" if r["gap"] is None else f"{r['gap']:.2%}"
        clean = all(r[k] for k in ("first_clean", "final_clean", "replan_clean"))
        lines.append(
            f"| {r['tier']} | {r['solver']} | {r['teams']} | {r['fields']} | {r['days']} | "
            f"{r['games']} | {number(r['first_seconds'], 2)} | {number(r['final_seconds'])} | "
            f"{number(r['objective'])} | {number(r['bound'])} | {gap} | {number(r['peak_mb'], 0)}"
            f" | {number(r['replan_seconds'], 2)} | {r['replan_moved']} | "
            f"{'clean' if clean else 'VIOLATIONS'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiers", nargs="+", default=["S", "M", "L"], choices=list(TIERS))
    parser.add_argument("--solvers", nargs="+", default=["highs", "cbc"], choices=["highs", "cbc"])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    context = multiprocessing.get_context("spawn")
    results = []
    for tier in args.tiers:
        for solver in args.solvers:
            with context.Pool(1) as pool:
                try:
                    result = pool.apply(_run_isolated, ((tier, solver, args.seed),))
                except Exception as error:  # a failed run is reported, not fatal
                    print(f"{tier}/{solver} failed: {error!r}", file=sys.stderr, flush=True)
                    continue
            results.append(result)
            print(f"{tier}/{solver} done", file=sys.stderr, flush=True)
            write_report(results, args.seed)
    print(REPORT.read_text())


def write_report(results: list[dict[str, object]], seed: int) -> None:
    """Write the report (after every run, so a long benchmark leaves what it measured)."""
    report = (
        "# Scheduler benchmark\n\n"
        f"Seed {seed}; time limits {TIME_LIMITS}; {platform.processor() or platform.machine()}"
        f", {multiprocessing.cpu_count()} cores, Python {platform.python_version()}; single-"
        "threaded solvers.\n\n"
        "Bound: sum of the proven bounds of the (day, field size) blocks with the day plan of "
        "the construction; '-' when a block was only improved in chunks or ran out of time.\n"
        "Replan: fields 1 and 2 closed 08:00-12:00 on day one.\n\n" + table(results) + "\n"
    )
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report)


if __name__ == "__main__":
    main()
