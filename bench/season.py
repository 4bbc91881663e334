"""Season benchmark: an Alliance club league's fall season, several seeds, and an exact floor.

    python bench/season.py [--seeds 1 2 3] [--time-limit SECONDS] [--divisions 4] [--teams 10]

Per seed (each run in a fresh process): a league of `divisions` x `teams` teams playing 15
games in 16 fall weekends around their tournaments and State Cup (`workloads.leagues`);
time to the first season that passes the checker, the final objective, its proven bound and
gap, the balance figures (home games per team, the fewest weekends between a pair's two
meetings, doubleheader weekends, away kilometres per team) and the replan of a rained-out
mid-season weekend at its busiest field. The table gives the median and (min-max) over the
seeds. The floor: a small league (one division of six) solved exactly (gap 0, proven
optimal), beside the same league solved within a few seconds, so the time-limited figure
can be read against an optimum.
Writes bench/reports/season.md and prints it.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from bench.runner import Groups, Record, TableColumn, listed, load, machine, measure_all
from services.season import measures
from services.season.checker import check
from services.season.league import League, Rainout, SeasonSchedule
from services.season.replan import replan
from services.season.solve import SeasonOptions, solve
from workloads.leagues import alliance_league

REPORT = Path(__file__).parent / "reports" / "season.md"
SIZES = {"alliance": (4, 10, 15), "small": (1, 6, 10)}


def run(case: str, solver: str, seed: int, time_limit: float) -> Record:
    """One league measured: the solve, its balance, and a rained-out weekend replanned."""
    divisions, teams, games = SIZES[case]
    league = alliance_league(
        divisions, teams, games, seed, weekends=16 if case == "alliance" else 12
    )
    exact = time_limit == 0
    options = SeasonOptions(
        solver=solver, time_limit=3600.0 if exact else time_limit, gap=0.0 if exact else 0.005
    )
    cpu = time.process_time()
    solution = solve(league, options)
    cpu = time.process_time() - cpu
    violations = check(league, solution.schedule)
    record: Record = {
        "tier": case,
        "solver": solver,
        "seed": seed,
        "teams": len(league.teams),
        "games": len(solution.schedule),
        "first_valid": solution.first_valid_seconds,
        "final": solution.total_seconds,
        "cpu": cpu,
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": solution.gap,
        "violations": len(violations),
        **{key: value for key, value in solution.terms.items()},
        **{key: value for key, value in measures.balance(league, solution.schedule).items()},
    }
    rain = [_busiest_field_mid_season(league, solution.schedule)]
    started = time.perf_counter()
    try:
        moved = replan(league, solution.schedule, rain)
        record["replan"] = time.perf_counter() - started
        record["moved"] = len(moved.moves)
        record["violations"] = len(violations) + len(check(league, moved.schedule, rain))
    except Exception as error:  # a rainout with no room is a figure too, not a failed run
        record["no_replan"] = f"{type(error).__name__}"
    return record


def _busiest_field_mid_season(league: League, games: SeasonSchedule) -> Rainout:
    """The field with the most games on the weekend before mid-season, rained out."""
    weekend = league.weekends[len(league.weekends) // 2 - 1]
    busiest = Counter(g.field for g in games if g.day.weekend == weekend).most_common(1)
    return Rainout(weekend, busiest[0][0] if busiest else None)


COLUMNS = (
    TableColumn("teams", "teams", ".0f"),
    TableColumn("games", "games", ".0f"),
    TableColumn("first valid (s)", "first_valid", ".2f"),
    TableColumn("final (s)", "final"),
    TableColumn("CPU (s)", "cpu"),
    TableColumn("objective", "objective"),
    TableColumn("bound", "bound"),
    TableColumn("gap", "gap", ".1%"),
    TableColumn("doubleheaders", "double weekends", ".0f"),
    TableColumn("close rematches", "close rematches", ".0f"),
    TableColumn("home games", "home_games_min", ".0f"),
    TableColumn("home max", "home_games_max", ".0f"),
    TableColumn("weekends between meetings (min)", "min_weekends_between_meetings", ".0f"),
    TableColumn("away km (least)", "away_km_min", ".0f"),
    TableColumn("away km (most)", "away_km_max", ".0f"),
    TableColumn("replan (s)", "replan", ".2f"),
    TableColumn("moved", "moved", ".0f"),
    TableColumn("violations", "violations", ".0f"),
)


def table(groups: Groups) -> str:
    """One row per case, in the order first run."""
    lines = [
        "| case | runs | failed | " + " | ".join(c.title for c in COLUMNS) + " |",
        "| --- | ---: | ---: | " + " | ".join("---:" for _ in COLUMNS) + " |",
    ]
    for name, records in groups.items():
        done = [r for r in records if "error" not in r]
        cells = " | ".join(column.cell(done) for column in COLUMNS)
        lines.append(f"| {name} | {len(records)} | {len(records) - len(done)} | {cells} |")
    return "\n".join(lines)


def report(groups: Groups, loads: list[float], seeds: Sequence[int], limit: float) -> str:
    """The report of the runs so far."""
    failed = listed(groups)
    no_room = listed(groups, "no_replan")
    return (
        "# Season benchmark\n\n"
        f"Seeds {', '.join(map(str, seeds))}; {limit:g} s per season; {machine()}; "
        f"HiGHS single-threaded. {load(loads)}: on a shared machine wall-clock times are "
        "longer than the CPU column, and a time-limited solve reaches less.\n\n"
        "Each cell: the median over the seeds, and (min-max) when they differ. Alliance: "
        f"{SIZES['alliance'][0]} divisions of {SIZES['alliance'][1]} teams, "
        f"{SIZES['alliance'][2]} games each in 16 weekends, 1-3 tournament blackouts a team "
        "and State Cup for some, doubleheaders allowed (on different days). Small, exact: one "
        "division of 6 playing 10 games in 12 weekends, solved to a proven optimum (gap 0); "
        "small, limited: the same leagues within the time limit. Replan: the busiest field "
        "of the weekend before mid-season rained out. Bound: the larger of HiGHS's and a "
        "counting bound (doubleheaders forced by blackouts, each team's shortest away trips).\n\n"
        + table(groups)
        + "\n"
        + (f"\nFailed runs:\n{failed}\n" if failed else "")
        + (f"\nNo replan possible (proven):\n{no_room}\n" if no_room else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=120.0)
    args = parser.parse_args()
    cases = {
        "alliance": ("alliance", args.time_limit),
        "small, exact": ("small", 0.0),
        "small, limited": ("small", 5.0),
    }
    jobs = [
        (name, (case, "highs", seed, limit))
        for name, (case, limit) in cases.items()
        for seed in args.seeds
    ]
    render = partial(report, seeds=args.seeds, limit=args.time_limit)
    measure_all(jobs, run, REPORT, render)


if __name__ == "__main__":
    main()
