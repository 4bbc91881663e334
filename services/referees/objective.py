"""The soft terms of an assignment, their weights, and their value for any assignment.

The model minimises exactly this sum; `evaluate` recomputes it from an assignment alone, so
the report per term is the same whoever made the assignment, and tests can compare the
model's answer with any other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from services.referees.duties import Assignment, AssignmentProblem, is_center
from services.referees.eligibility import FAMILIES, candidates


@dataclass(frozen=True)
class RefereeWeights:
    """Per unit named on each line. An unfilled position outweighs every soft term of the
    positions a referee could move between; a change (replan) outweighs the soft terms."""

    unfilled: float = 1000.0  # per position left without a referee
    change: float = 50.0  # per position of the current assignment given to someone else
    balance: float = 2.0  # per game between the busiest and the least busy referee
    venues: float = 3.0  # per venue change of a referee in a day
    fields: float = 1.0  # per field change of a referee in a day
    club: float = 4.0  # per position with a referee of a playing team's club
    develop: float = 0.5  # per grade level a centre has above the position's minimum


def evaluate(
    problem: AssignmentProblem,
    assignment: Assignment,
    weights: RefereeWeights = RefereeWeights(),
    current: Assignment | None = None,
) -> dict[str, float]:
    """Each weighted term; `change` counts against `current` (a replan) when given."""
    rules = problem.pool.rules
    load: dict[str, int] = dict.fromkeys(problem.pool.referee, 0)
    places: dict[tuple[str, str], tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    club = develop = 0.0
    for seat, referee_id in assignment.items():
        match, referee = problem.match[seat[0]], problem.pool.referee[referee_id]
        load[referee_id] += 1
        venues, fields = places[(referee_id, match.day)]
        venues.add(match.venue)
        fields.add(match.field)
        club += referee.club in match.clubs
        if is_center(seat):
            develop += rules.rank(referee.grade) - rules.rank(match.minimum_grade(seat[1]))
    busy = [load[r] for r in active(problem)] or [0]
    changes = sum(assignment.get(seat) != r for seat, r in (current or {}).items())
    return {
        "unfilled": weights.unfilled * (len(problem.seats) - len(assignment)),
        "change": weights.change * changes,
        "balance": weights.balance * (max(busy) - min(busy)),
        "venues": weights.venues * sum(len(v) - 1 for v, _ in places.values()),
        "fields": weights.fields * sum(len(f) - 1 for _, f in places.values()),
        "club": weights.club * club,
        "develop": weights.develop * develop,
    }


def active(problem: AssignmentProblem) -> list[str]:
    """The referees balance is measured over: those who may fill some position at all (a
    referee who reaches no venue with games is not "the least busy")."""
    able = {r for listed in candidates(problem, FAMILIES).values() for r in listed}
    return [r.id for r in problem.pool.referees if r.id in able]
