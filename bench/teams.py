"""Team formation benchmark: 1,500 players into 120 teams (12 divisions of 125 players and
10 teams), the model against the snake draft on the same players, over repeated runs with
other seeds. Run: `python bench/teams.py [--runs 3]`; writes bench/reports/teams.md."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from decimal import Decimal
from pathlib import Path

from services.region.teams.balance import balance
from services.region.teams.formation import FormationOptions, form_teams
from workloads.region import season

REPORT = Path(__file__).parent / "reports" / "teams.md"
PLAYERS, TEAMS = 1500, 120
FIGURES = ("rating_totals", "top_rated", "alliance")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=FormationOptions().time_limit)
    args = parser.parse_args()
    rows, seconds, statuses = [], [], []
    for run in range(args.runs):
        players = season(PLAYERS, TEAMS, seed=run)
        started = time.perf_counter()
        formed = form_teams(players, seed=run, options=FormationOptions(time_limit=args.time_limit))
        seconds.append(time.perf_counter() - started)
        statuses += [f.status for f in formed]
        for f in formed:
            model = balance(f.players, f.teams, f.assignment)
            snake = balance(f.players, f.teams, f.snake)
            rows.append(
                {
                    **{f"model {n}": getattr(model, n).spread for n in FIGURES},
                    **{f"snake {n}": getattr(snake, n).spread for n in FIGURES},
                }
            )
    lines = [
        "# Team formation benchmark",
        "",
        f"{PLAYERS} players (ratings 1-10) into {TEAMS} teams: 12 divisions of 125 players "
        f"and 10 teams, each coach's own child in the division, 5% Alliance players. "
        f"{args.runs} runs (workload and draw seeds 0-{args.runs - 1}), time limit "
        f"{args.time_limit:.0f} s per run on HiGHS, load average "
        f"{os.getloadavg()[0]:.1f} at the end.",
        "",
        f"Time per run: {', '.join(f'{s:.1f} s' for s in seconds)}. Division solves: "
        + ", ".join(f"{statuses.count(s)} {s}" for s in sorted(set(statuses)))
        + ".",
        "",
        "Spread (highest less lowest team) over the divisions of all runs:",
        "",
        "| figure | model mean | model worst | snake draft mean | snake draft worst |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for n in FIGURES:
        model = [row[f"model {n}"] for row in rows]
        snake = [row[f"snake {n}"] for row in rows]
        lines.append(
            f"| {n.replace('_', ' ')} | {_mean(model)} | {max(model)} "
            f"| {_mean(snake)} | {max(snake)} |"
        )
    report = "\n".join(lines) + "\n"
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report)
    print(report)


def _mean(values: list[Decimal]) -> str:
    return f"{statistics.fmean(float(v) for v in values):.2f}"


if __name__ == "__main__":
    main()
