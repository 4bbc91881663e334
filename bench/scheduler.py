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

import time
from collections import Counter
from pathlib import Path

from bench.runner import PEAK, SOLVE, Record, TableColumn, TierBenchmark
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


COLUMNS = (
    TableColumn("teams", "teams", ".0f"),
    TableColumn("fields", "fields", ".0f"),
    TableColumn("days", "days", ".0f"),
    TableColumn("games", "games", ".0f"),
    TableColumn("greedy stuck", "searched", ".0f"),
    *SOLVE,
    TableColumn("min rest", "min_rest", ".0f"),
    TableColumn("teams >3h idle", "long_gaps", ".0f"),
    TableColumn("max early/late", "early_late_max", ".0f"),
    TableColumn("venues/day", "venues_per_day", ".0f"),
    PEAK,
    TableColumn("replan (s)", "replan_seconds", ".2f"),
    TableColumn("moved", "replan_moved", ".0f"),
    TableColumn("no replan", "replan_impossible", ".0f"),
)


BENCHMARK = TierBenchmark(
    title="Scheduler benchmark",
    measure=run,
    columns=COLUMNS,
    notes=f"Bound: {SCOPE}. Greedy stuck: runs where the greedy construction got stuck and a "
    "repair of its neighbourhood or the search found the first schedule. Min rest: the "
    "shortest rest of any team (min). Teams >3h idle: teams with a wait over 3 hours. Max "
    "early/late: the most early or late kick-offs of one team. Venues/day: the most venues a "
    "team visits in a day.\nReplan: a storm on the busiest day, its busiest field closed for "
    "its first two hours; moved: games the replan moved; no replan: runs where none exists "
    "(proven).",
    report=Path(__file__).parent / "reports" / "scheduler.md",
    default_tiers=["S", "M", "L", "R"],
    cbc_tiers=["S", "M"],
    time_limits={"S": 30.0, "M": 60.0, "L": 180.0, "RS": 30.0, "R": 180.0, "XL": 600.0},
    per="solve",
    load_note=" on its cores: when it is shared, every time here is longer and the "
    "time-limited solves reach less than on a quiet machine",
)


if __name__ == "__main__":
    BENCHMARK.main(__doc__.splitlines()[0])
