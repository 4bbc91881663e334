"""Assign referees: the greedy start at once (the first valid assignment), then the model
within the time limit, keeping whichever costs less. Every unfilled position gets its reason.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, field

from services.referees.duties import Assignment, Problem, Seat
from services.referees.eligibility import FAMILIES
from services.referees.greedy import greedy
from services.referees.model import RefereeModel
from services.referees.objective import Weights, evaluate
from services.referees.reasons import reasons


@dataclass(frozen=True)
class Options:
    solver: str = "highs"
    time_limit: float = 60.0  # the whole assignment, model included
    gap: float = 0.002  # stop within 0.2% of the proven bound (an unfilled position is ~5%)
    weights: Weights = field(default_factory=Weights)


@dataclass
class Result:
    """The assignment, the reason per unfilled position, the cost per term, how the model
    ended (status and proven bound), and when the first valid assignment was there."""

    assignment: Assignment
    unfilled: dict[Seat, str]
    terms: dict[str, float]
    status: str
    bound: float | None
    first_valid_seconds: float
    total_seconds: float
    first: Assignment

    @property
    def objective(self) -> float:
        return sum(self.terms.values())


def assign(
    problem: Problem,
    options: Options = Options(),
    current: Assignment | None = None,
    families: Collection[str] = FAMILIES,
) -> Result:
    """The best assignment found; with `current` (a replan) every change from it costs
    `Weights.change`, and what still holds is the start."""
    started = time.perf_counter()
    first = greedy(problem, families, keep=current)
    first_valid = time.perf_counter() - started
    model = RefereeModel(problem, options.weights, families, current)
    remaining = options.time_limit - (time.perf_counter() - started)
    chosen, ended = model.solve(options.solver, remaining, options.gap, first)
    best = first

    def cost(assignment: Assignment) -> float:
        return sum(evaluate(problem, assignment, options.weights, current).values())

    if chosen is not None and cost(chosen) <= cost(first) + 1e-6:
        best = chosen
    return Result(
        best,
        reasons(problem, best),
        evaluate(problem, best, options.weights, current),
        ended.status,
        ended.bound,
        first_valid,
        time.perf_counter() - started,
        first,
    )
