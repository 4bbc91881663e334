"""Replan: a referee withdraws or a game moves; reassign with the fewest changes.

The model is the assignment model with a cost on every position of the current assignment
given to someone else (`Weights.change`), and the current assignment, less what no longer
holds, is its start. What changed is said per position and per referee affected.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.referees.duties import Assignment, AssignmentProblem, Seat
from services.referees.solve import AssignmentOptions, Result, assign


@dataclass(frozen=True)
class Change:
    """A position whose referee changed (None: unfilled)."""

    seat: Seat
    before: str | None
    after: str | None

    def __str__(self) -> str:
        game, position = self.seat
        return f"{game} {position}: {self.before or 'unfilled'} -> {self.after or 'unfilled'}"


@dataclass
class Replanned:
    result: Result
    changes: list[Change]

    @property
    def affected(self) -> dict[str, list[Change]]:
        """Each referee who lost or gained a position, with those changes."""
        found: dict[str, list[Change]] = {}
        for change in self.changes:
            for referee_id in (change.before, change.after):
                if referee_id is not None:
                    found.setdefault(referee_id, []).append(change)
        return dict(sorted(found.items()))


def replan(
    problem: AssignmentProblem,
    current: Assignment,
    options: AssignmentOptions | None = None,
    withdrawn: frozenset[str] = frozenset(),
) -> Replanned:
    """Reassign `problem` (whose schedule may have moved games) after `withdrawn` referees
    left, changing as few positions of `current` as the weights allow."""
    pool = problem.pool
    for referee_id in withdrawn:
        pool = pool.without(referee_id)
    after = AssignmentProblem(problem.tournament, problem.matches, pool)
    kept = {seat: r for seat, r in current.items() if seat[0] in after.match}
    result = assign(after, options or AssignmentOptions(), current=kept)
    seats = sorted(set(current) | set(result.assignment))
    changes = [
        Change(seat, current.get(seat), result.assignment.get(seat))
        for seat in seats
        if current.get(seat) != result.assignment.get(seat)
    ]
    return Replanned(result, changes)
