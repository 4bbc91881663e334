"""Assign referees: the greedy start at once (the first valid assignment), then the model
within the time limit, keeping whichever costs less. Every unfilled position gets its reason.

A model of the whole tournament is solved when it is small enough; a larger one stretch of
consecutive kick-offs at a time, everything else fixed (fix-and-optimise): a referee's fixed
games remove the clashing candidates and count against their daily maximum, so the hard
rules hold across the cuts. A stretch's bound holds only with the rest fixed, so no bound is
reported then.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field

from services.referees.duties import Assignment, AssignmentProblem, Seat
from services.referees.eligibility import FAMILIES, candidates
from services.referees.greedy import greedy
from services.referees.model import Part, RefereeModel
from services.referees.objective import RefereeWeights, evaluate
from services.referees.reasons import reasons
from services.scheduler.milp import Run

#: A part is not started with less time left: building its model takes about that long.
MIN_PART_SECONDS = 1.0


@dataclass(frozen=True)
class AssignmentOptions:
    solver: str = "highs"
    time_limit: float = 60.0  # the whole assignment, model included
    gap: float = 0.002  # stop within 0.2% of the proven bound (an unfilled position is ~5%)
    max_variables: int = 6_000  # above this, stretches of a day (fix-and-optimise)
    passes: int = 4  # over the stretches, while one improves and time is left
    weights: RefereeWeights = field(default_factory=RefereeWeights)


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
    problem: AssignmentProblem,
    options: AssignmentOptions = AssignmentOptions(),
    current: Assignment | None = None,
    families: Collection[str] = FAMILIES,
) -> Result:
    """The best assignment found; with `current` (a replan) every change from it costs
    `RefereeWeights.change`, and what still holds is the start."""
    started = time.perf_counter()
    # Room at the end for the reasons of the unfilled positions (a few seconds on tier L)
    # and a last solve's overrun.
    deadline = started + options.time_limit * 0.93 - 0.5
    allowed = candidates(problem, families)
    first = greedy(problem, families, keep=current, allowed=allowed)
    first_valid = time.perf_counter() - started

    def cost(assignment: Assignment) -> float:
        return sum(evaluate(problem, assignment, options.weights, current).values())

    best, ended = first, []
    whole = sum(len(listed) for listed in allowed.values()) <= options.max_variables
    for number in range(1 if whole else options.passes):
        parts = [problem.seats] if whole else _stretches(problem, allowed, options, number)
        before = cost(best)
        for n, seats in enumerate(parts):
            if deadline - time.perf_counter() < MIN_PART_SECONDS:
                break
            inside = set(seats)
            outside = {s: r for s, r in best.items() if s not in inside}
            part = Part(seats, outside, allowed)
            model = RefereeModel(problem, options.weights, families, current, part)
            share = (deadline - time.perf_counter()) / (len(parts) - n)
            start = {s: r for s, r in best.items() if s in inside}
            chosen, run = model.solve(options.solver, share, options.gap, start)
            ended.append(run)
            if chosen is not None and cost(outside | chosen) <= cost(best) + 1e-6:
                best = outside | chosen
        if cost(best) >= before - 1e-6 or time.perf_counter() >= deadline:
            break
    return Result(
        best,
        reasons(problem, best),
        evaluate(problem, best, options.weights, current),
        ended[0].status if whole else _by_parts(ended),
        ended[0].bound if whole else None,
        first_valid,
        time.perf_counter() - started,
        first,
    )


def _by_parts(ended: list[Run]) -> str:
    """'by parts: 12 optimal, 3 feasible'."""
    counts = Counter(run.status for run in ended)
    return "by parts: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))


def _stretches(
    problem: AssignmentProblem,
    allowed: dict[Seat, list[str]],
    options: AssignmentOptions,
    number: int,
) -> list[list[Seat]]:
    """Each day cut into stretches of consecutive kick-offs of at most `max_variables`
    candidates; every other pass starts half a stretch later, so that games on either side
    of one pass's cut are decided together in the next."""
    parts: list[list[Seat]] = []
    for day in problem.tournament.days:
        size, current = (options.max_variables // 2 if number % 2 else 0), []
        for match in (m for m in problem.matches if m.day == day.id):
            weight = sum(len(allowed[seat]) for seat in match.seats)
            if current and size + weight > options.max_variables:
                parts.append(current)
                size, current = 0, []
            current += match.seats
            size += weight
        if current:
            parts.append(current)
    return parts
