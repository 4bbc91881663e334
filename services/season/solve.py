"""Build a season: the counting reasons first, then a valid schedule, then a better one.

First the model without an objective: any season meeting every hard rule, which is the
time to first valid a director waits for. Then fix-and-optimise with the soft terms: a
window of `WINDOW` weekends is freed (every other game fixed) and solved exactly, the window
slides on by `STEP`, and passes repeat while they improve. A window moves games between
nearby weekends across every division at once (fields are shared); freeing one division at
a time instead improved nothing on the benchmark league, weekend windows halved its
objective in seconds. Last, with the time left, the whole model warm started from the best
season, for a bound on the whole problem; the reported bound is the larger of the
solver's and a counting bound (`measures.counted_bound`), since on a large league the
solver may not finish its root relaxation in the time left. "No schedule is possible" is
said only with a proof: a counting argument (`explain.py`) or the solver's proof that the
model is infeasible. Running out of time is "no schedule found", never "impossible".
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from services.scheduler.explain import NoScheduleFound, ScheduleInfeasible
from services.scheduler.milp import run
from services.season import measures
from services.season.explain import explain_counts
from services.season.league import League, SeasonSchedule
from services.season.model import FAMILIES, SeasonModel, build, decode


@dataclass(frozen=True)
class SeasonOptions:
    solver: str = "highs"
    time_limit: float = 60.0  # for the whole solve: first valid, windows, whole model
    gap: float = 0.005  # each solve stops within 0.5% of its proven bound


@dataclass(frozen=True)
class SeasonSolution:
    """The best season found, its soft terms and objective (recomputed from the games), a
    lower bound on the whole problem's objective, and the times."""

    schedule: SeasonSchedule
    terms: dict[str, float]
    objective: float
    bound: float
    first_valid_seconds: float
    total_seconds: float

    @property
    def gap(self) -> float:
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


def solve(league: League, options: SeasonOptions = SeasonOptions()) -> SeasonSolution:
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
    deadline = started + options.time_limit
    schedule = _windows(league, model, first, options, deadline)
    model.free_only(None, {})
    whole = run(
        model.prob, options.solver, deadline - time.perf_counter(), options.gap,
        model.start_from(schedule),
    )  # fmt: skip
    best = measures.total(league, measures.terms(league, schedule))
    if whole.solved and (whole.objective or 0.0) < best - 1e-6:
        schedule = decode(model)
    values = measures.terms(league, schedule)
    bounds = [b for b in (whole.bound, measures.counted_bound(league)) if b is not None]
    return SeasonSolution(
        schedule,
        values,
        measures.total(league, values),
        max(bounds),
        first_valid,
        time.perf_counter() - started,
    )


WINDOW = 5  # weekends freed at once
STEP = 3  # weekends the window slides on


def _windows(
    league: League,
    model: SeasonModel,
    schedule: SeasonSchedule,
    options: SeasonOptions,
    deadline: float,
) -> SeasonSchedule:
    """Fix-and-optimise over sliding windows of weekends, in passes while a pass improves
    and time is left (keeping a share of it for the whole model's bound)."""
    weekends = league.weekends
    best = measures.total(league, measures.terms(league, schedule))
    keep_for_bound = 0.2 * options.time_limit
    while True:
        start_of_pass = best
        for start in range(0, max(1, len(weekends) - WINDOW + STEP), STEP):
            left = deadline - keep_for_bound - time.perf_counter()
            if left <= 0.05:
                return schedule
            values = model.start_from(schedule)
            model.free_only(set(weekends[start : start + WINDOW]), values)
            result = run(model.prob, options.solver, left, options.gap, values)
            if result.solved and (result.objective or 0.0) < best - 1e-6:
                schedule, best = decode(model), result.objective or 0.0
        if best >= start_of_pass - 1e-6:
            return schedule
