"""What the solver benchmarks (scheduler, referees, season) share: each measured run in a fresh
process, so its peak memory is its own and a crash is a failure record, never fatal and never a
hang; the loop over the runs that rewrites the report after every run, so a long benchmark
leaves what it measured; and the cells of medians with their spread over the seeds.

A run is a `Job` (tier or case, solver, seed, time limit) under a label that names its group in
the report ("S/highs", "small, exact"); a benchmark's `measure(*job)` returns its `Record`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import statistics
import sys
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from resource import RUSAGE_CHILDREN, RUSAGE_SELF, getrusage

Record = dict[str, object]
Job = tuple[str, str, int, float]  # tier, solver, seed, time limit
Measure = Callable[..., Record]  # each run's record gains its peak memory, "peak_mb"
Groups = Mapping[str, Sequence[Record]]


def failure(job: Job, error: str) -> Record:
    """The record of a run that did not finish: which run, and why."""
    tier, solver, seed, _ = job
    return {"tier": tier, "solver": solver, "seed": seed, "error": error}


def _run_isolated(job: Job, measure: Measure) -> Record:
    """`measure(*job)` in the pool's worker, with the process's peak memory. Any exception
    comes back as a failure record: an exception that cannot be unpickled in the parent (one
    whose `__init__` takes something other than its message) would otherwise never reach it."""
    try:
        record = measure(*job)
    except Exception as error:
        return failure(job, f"{type(error).__name__}: {error}")
    # CBC runs as a child process: count the larger of us and our biggest child.
    peak = max(getrusage(who).ru_maxrss for who in (RUSAGE_SELF, RUSAGE_CHILDREN))
    return record | {"peak_mb": peak / 1024}


def in_fresh_process(job: Job, measure: Measure) -> Record:
    """One run in a new process (its own peak memory); a worker that dies is a failure too."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            return pool.submit(_run_isolated, job, measure).result()
        except BrokenProcessPool as error:
            return failure(job, f"worker died: {error}")


def measure_all(
    jobs: Sequence[tuple[str, Job]],
    measure: Measure,
    report: Path,
    render: Callable[[Groups, list[float]], str],
) -> None:
    """Every job in a fresh process, in order, its outcome on stderr; after each the report is
    rendered from the records so far (grouped by label) and the machine's loads (1-minute
    averages, before the first run and after each), and written; at the end it is printed."""
    groups: dict[str, list[Record]] = {}
    loads = [os.getloadavg()[0]]
    for label, job in jobs:
        result = in_fresh_process(job, measure)
        groups.setdefault(label, []).append(result)
        outcome = f"failed: {result['error']}" if "error" in result else "done"
        print(f"{label} seed {job[2]} {outcome}", file=sys.stderr, flush=True)
        loads.append(os.getloadavg()[0])
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(render(groups, loads))
    print(report.read_text())


def machine() -> str:
    """The machine the figures come from."""
    return (
        f"{platform.processor() or platform.machine()}, {multiprocessing.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


def load(loads: Sequence[float]) -> str:
    """The machine's load over the runs: on a shared machine every time is longer."""
    return (
        "The machine's load (1-minute average, before and after each run) was "
        f"{min(loads):.1f}-{max(loads):.1f}"
    )


@dataclass(frozen=True)
class TableColumn:
    """One column of the table: a record field and the format of one value of it."""

    title: str
    key: str
    spec: str = ".1f"

    def cell(self, records: Sequence[Record]) -> str:
        """The median over the records, with (min-max) when they differ; '-' when none has
        a value (a bound that was not proven)."""
        values = sorted(float(v) for r in records if isinstance(v := r.get(self.key), int | float))
        if not values:
            return "-"
        low, middle, high = (
            format(v, self.spec) for v in (values[0], statistics.median(values), values[-1])
        )
        return middle if low == high else f"{middle} ({low}-{high})"


#: The solve's own figures, the same in every tier benchmark's record and report.
SOLVE = (
    TableColumn("first valid (s)", "first_seconds", ".2f"),
    TableColumn("final (s)", "final_seconds"),
    TableColumn("objective", "objective"),
    TableColumn("bound", "bound"),
    TableColumn("gap", "gap", ".2%"),
)
PEAK = TableColumn("peak MB", "peak_mb", ".0f")
CLEAN = ("first_clean", "final_clean", "replan_clean")


def table(groups: Groups, columns: Sequence[TableColumn]) -> str:
    """One row per tier and solver, in the order first run, with the runs that failed and
    whether the checker passed every schedule (the `CLEAN` fields) of the others."""
    header = ["tier", "solver", "runs", *(c.title for c in columns), "failed", "checker"]
    lines = [
        "| " + " | ".join(header) + " |",
        "| --- | --- | ---: | " + "---: | " * len(columns) + "---: | --- |",
    ]
    for records in groups.values():
        done = [r for r in records if "error" not in r]
        dirty = sum(1 for r in done if not all(r[k] for k in CLEAN))
        checker = "-" if not done else "clean" if not dirty else f"VIOLATIONS in {dirty}"
        cells = [c.cell(done) for c in columns]
        failed = len(records) - len(done)
        lines.append(
            f"| {records[0]['tier']} | {records[0]['solver']} | {len(records)} | "
            + " | ".join(cells)
            + f" | {failed} | {checker} |"
        )
    return "\n".join(lines)


def listed(groups: Groups, key: str = "error") -> str:
    """Every run whose record has `key` (a failed run's error), one line each, or ''."""
    return "\n".join(
        f"- {label} seed {r['seed']}: {r[key]}"
        for label, records in groups.items()
        for r in records
        if key in r
    )


@dataclass(frozen=True)
class TierBenchmark:
    """A benchmark over the tournament tiers (`workloads.cups`): each tier, solver and seed
    measured by `measure`, one row per tier and solver. Its command line: which tiers,
    solvers (CBC on `cbc_tiers` only: it is slow beyond), seeds, and one time limit for every
    tier instead of `time_limits`' own (its tiers are the ones it has a time limit for)."""

    title: str
    measure: Measure
    columns: Sequence[TableColumn]
    notes: str  # what the columns mean, after the report's header
    report: Path
    default_tiers: Sequence[str]
    cbc_tiers: Sequence[str]
    time_limits: Mapping[str, float]
    per: str  # what one time limit is for: "solve"
    limits_note: str = ""  # after the time limits in the header
    load_note: str = ""  # after the machine's load in the header

    def main(self, description: str) -> None:
        """Parse the command line, measure every run and write the report after each."""
        parser = argparse.ArgumentParser(description=description)
        parser.add_argument(
            "--tiers", nargs="+", default=list(self.default_tiers), choices=list(self.time_limits)
        )
        parser.add_argument(
            "--solvers", nargs="+", default=["highs", "cbc"], choices=["highs", "cbc"]
        )
        parser.add_argument(
            "--cbc-tiers", nargs="+", default=list(self.cbc_tiers), help="the tiers CBC runs on"
        )
        parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
        parser.add_argument(
            "--time-limit", type=float, help=f"seconds per {self.per} (default: per tier)"
        )
        args = parser.parse_args()
        render = partial(self.render, seeds=args.seeds, time_limit=args.time_limit)
        measure_all(self.jobs(args), self.measure, self.report, render)

    def jobs(self, args: argparse.Namespace) -> list[tuple[str, Job]]:
        """Each tier, solver and seed asked for, labelled "tier/solver"."""
        return [
            (f"{tier}/{solver}", (tier, solver, seed, limit))
            for tier in args.tiers
            for limit in [self.time_limits[tier] if args.time_limit is None else args.time_limit]
            for solver in args.solvers
            if solver != "cbc" or tier in args.cbc_tiers
            for seed in args.seeds
        ]

    def render(
        self, groups: Groups, loads: list[float], seeds: Sequence[int], time_limit: float | None
    ) -> str:
        """The report of the runs so far."""
        limits = (
            f"{dict(self.time_limits)}"
            if time_limit is None
            else f"{time_limit:g} s per {self.per}"
        )
        failed = listed(groups)
        return (
            f"# {self.title}\n\n"
            f"Seeds {', '.join(map(str, seeds))}; time limits {limits}{self.limits_note}; "
            f"{machine()}; single-threaded solvers. {load(loads)}{self.load_note}.\n\n"
            "Each cell: the median over the seeds, and (min-max) when they differ; failed runs "
            "are counted and listed below, and left out of the figures.\n"
            f"{self.notes}\n\n"
            + table(groups, self.columns)
            + "\n"
            + (f"\nFailed runs:\n\n{failed}\n" if failed else "")
        )
