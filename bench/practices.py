"""Practice slot benchmark: 200 coaches' ranked choices (about 230 teams, 1,000 choices) on
24 field sections over five evenings, the model against the greedy rank-by-rank allocation,
over repeated runs with other seeds. Run: `python bench/practices.py [--coaches 200]
[--runs 3]`; writes bench/reports/practices.md."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from services.region.practices.allocation import AllocationOptions, allocate
from services.region.practices.explain import shortfalls
from services.region.practices.requests import Choice
from workloads.region import practice_sign_up

REPORT = Path(__file__).parent / "reports" / "practices.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--coaches", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    lines = [
        "# Practice slot benchmark",
        "",
        f"{args.coaches} coaches (one in seven with two teams), 3-6 ranked choices a team, "
        "24 field sections open 16:30-20:30 Monday to Friday; seed 002's allowances. "
        f"Time limit {AllocationOptions().time_limit:.0f} s on HiGHS. Each run is one seed.",
        "",
        "| seed | teams | choices | solve (s) | explain (s) | status | sessions given (model / "
        "greedy) of allowed | teams with a practice (model / greedy) | first choices (model "
        "/ greedy) | teams short |",
        "| ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | ---: |",
    ]
    for seed in range(args.runs):
        sign_up = practice_sign_up(args.coaches, seed)
        started = time.perf_counter()
        allocation = allocate(sign_up)
        solved = time.perf_counter() - started
        short = shortfalls(allocation)
        explained = time.perf_counter() - started - solved
        allowed = sum(sign_up.allowance(team).sessions for team in sign_up.teams)
        model, greedy = allocation.chosen, allocation.greedy
        lines.append(
            f"| {seed} | {len(sign_up.teams)} | {len(sign_up.choices)} | {solved:.1f} "
            f"| {explained:.1f} | {allocation.status} | {len(model)} / {len(greedy)} of "
            f"{allowed} | {_teams(model)} / {_teams(greedy)} | {_firsts(model)} / "
            f"{_firsts(greedy)} | {len(short)} |"
        )
    lines += ["", f"Load average {os.getloadavg()[0]:.1f} at the end."]
    report = "\n".join(lines) + "\n"
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report)
    print(report)


def _teams(chosen: tuple[Choice, ...]) -> int:
    return len({c.team for c in chosen})


def _firsts(chosen: tuple[Choice, ...]) -> int:
    return sum(c.rank == 1 for c in chosen)


if __name__ == "__main__":
    main()
