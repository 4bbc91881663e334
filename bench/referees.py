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

import statistics
import time
from collections import Counter
from pathlib import Path

from bench.runner import PEAK, SOLVE, Record, TableColumn, TierBenchmark
from services.referees.checker import check
from services.referees.duties import AssignmentProblem
from services.referees.objective import active
from services.referees.replan import replan
from services.referees.solve import AssignmentOptions, assign
from services.scheduler.games import tournament_games
from services.scheduler.solve import Options, solve
from workloads.cups import TIERS, generate
from workloads.referees import referee_pool

TIME_LIMITS = {"S": 30.0, "M": 60.0, "L": 60.0, "R": 60.0}
REPLAN_SECONDS = 30.0


def run(tier_name: str, solver: str, seed: int, time_limit: float) -> Record:
    """One tier with one solver on one seed, measured; runs in its own process."""
    tournament = generate(TIERS[tier_name], seed)
    schedule = solve(tournament, Options(time_limit=600, passes=0)).first
    problem = AssignmentProblem.of(
        tournament, tournament_games(tournament), schedule, referee_pool(tournament, seed)
    )
    exact = tier_name == "S"
    result = assign(
        problem,
        AssignmentOptions(solver=solver, time_limit=time_limit, gap=1e-7 if exact else 0.002),
    )
    load = [sum(r == who for r in result.assignment.values()) for who in active(problem)]
    busiest = Counter(result.assignment.values()).most_common(1)[0][0]
    replan_started = time.perf_counter()
    replanned = replan(
        problem,
        result.assignment,
        AssignmentOptions(solver=solver, time_limit=REPLAN_SECONDS),
        frozenset({busiest}),
    )
    replan_seconds = time.perf_counter() - replan_started
    after = AssignmentProblem(tournament, problem.matches, problem.pool.without(busiest))
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
        "venue_changes": result.terms["venues"] / AssignmentOptions().weights.venues,
        "replan_seconds": replan_seconds,
        "replan_changes": len(replanned.changes),
        "replan_must": sum(r == busiest for r in result.assignment.values()),
        "first_clean": not check(problem, result.first),
        "final_clean": not check(problem, result.assignment),
        "replan_clean": not check(after, replanned.result.assignment),
    }


COLUMNS = (
    TableColumn("games", "games", ".0f"),
    TableColumn("positions", "positions", ".0f"),
    TableColumn("referees", "referees", ".0f"),
    *SOLVE,
    TableColumn("unfilled first", "unfilled_first", ".0f"),
    TableColumn("unfilled", "unfilled", ".0f"),
    TableColumn("games/referee min", "load_min", ".0f"),
    TableColumn("max", "load_max", ".0f"),
    TableColumn("stdev", "load_stdev"),
    TableColumn("venue changes", "venue_changes", ".0f"),
    PEAK,
    TableColumn("replan (s)", "replan_seconds"),
    TableColumn("replan changes", "replan_changes", ".0f"),
    TableColumn("of which withdrawn's", "replan_must", ".0f"),
)


BENCHMARK = TierBenchmark(
    title="Referee assignment benchmark",
    measure=run,
    columns=COLUMNS,
    notes="Referees: round(1.2 x fields). Positions: a centre for 7v7 and 9v9, a centre and two "
    "assistants for 11v11, so there are far more positions than such a pool can fill "
    "(4-6 games a day each); unfilled counts them, each with its reason in the output. "
    "First valid: the greedy start, checker-clean. Bound: the whole model's proven bound "
    "(S, M: solved whole; S to a gap of zero, the exact floor); '-' where the model is "
    "solved stretch by stretch (fix-and-optimise), whose bounds hold only with the rest "
    "fixed. Games/referee over the referees who may fill any position. Replan: the "
    "busiest referee withdraws; changes counts every position whose referee changed, of "
    "which the withdrawn referee's own are the ones that had to.",
    report=Path(__file__).parent / "reports" / "referees.md",
    default_tiers=list(TIME_LIMITS),
    cbc_tiers=["S"],
    time_limits=TIME_LIMITS,
    per="assignment",
    limits_note=f" (replan {REPLAN_SECONDS:g} s)",
)


if __name__ == "__main__":
    BENCHMARK.main(__doc__.splitlines()[0])
