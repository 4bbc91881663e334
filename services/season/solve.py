"""Build a season: the counting reasons first, then a valid schedule, then a better one.

Two solves of one model: without an objective (any schedule meeting every hard rule,
which is the time to first valid a director waits for), then with the soft terms, warm
started from the first. "No schedule is possible" is said only with a proof: a counting
argument (`explain.py`) or the solver's proof that the model is infeasible. Running out of
time is "no schedule found", never "impossible".
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from services.scheduler.explain import NoScheduleFound, ScheduleInfeasible
from services.scheduler.milp import run
from services.season import measures
from services.season.explain import explain_counts
from services.season.league import League, SeasonSchedule
from services.season.model import FAMILIES, build, decode


@dataclass(frozen=True)
class Options:
    solver: str = "highs"
    time_limit: float = 60.0  # for both solves together
    gap: float = 0.005  # stop within 0.5% of the proven bound


@dataclass(frozen=True)
class SeasonSolution:
    schedule: SeasonSchedule
    terms: dict[str, float]
    objective: float
    bound: float | None
    first_valid_seconds: float
    total_seconds: float

    @property
    def gap(self) -> float | None:
        if self.bound is None:
            return None
        return 0.0 if self.objective <= 1e-9 else max(0.0, 1 - self.bound / self.objective)


def infeasible_model(league: League) -> ScheduleInfeasible:
    """The solver's proof, with what the model it proved it for contained."""
    return ScheduleInfeasible(
        [
            f"the season model ({', '.join(FAMILIES)}) has no solution: the blackouts, home "
            f"fields and kick-offs of {len(league.teams)} teams over {len(league.weekends)} "
            "weekends leave no way to play every game"
        ]
    )


def solve(league: League, options: Options = Options()) -> SeasonSolution:
    """A valid season, improved within the time limit; raises `ScheduleInfeasible` with a
    proof, or `NoScheduleFound` when the time ran out first."""
    reasons = explain_counts(league)
    if reasons:
        raise ScheduleInfeasible(reasons)
    started = time.perf_counter()
    first_model = build(league, objective=False)
    first_run = run(first_model.prob, options.solver, options.time_limit, 0.0)
    if first_run.status == "infeasible":
        raise infeasible_model(league)
    if not first_run.solved:
        raise NoScheduleFound(
            [
                f"the solver found no schedule in {options.time_limit:.0f} s and proved none "
                f"impossible ({len(first_model.x)} game variables)"
            ]
        )
    first = decode(first_model)
    first_valid = time.perf_counter() - started
    model = build(league)
    left = options.time_limit - first_valid
    improved = run(model.prob, options.solver, left, options.gap, model.start_from(first))
    schedule = decode(model) if improved.solved else first
    values = measures.terms(league, schedule)
    return SeasonSolution(
        schedule,
        values,
        measures.total(league, values),
        improved.bound,
        first_valid,
        time.perf_counter() - started,
    )
