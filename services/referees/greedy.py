"""A valid assignment at once: the scarcest positions first, each to the least busy referee
who fits. It is the model's starting point and the first valid answer a director sees; the
model only improves on it (more positions filled, better balance and travel).
"""

from __future__ import annotations

from collections.abc import Collection

from services.referees.duties import Assignment, AssignmentProblem, Seat
from services.referees.eligibility import FAMILIES, Diary, candidates


def greedy(
    problem: AssignmentProblem,
    families: Collection[str] = FAMILIES,
    keep: Assignment | None = None,
    allowed: dict[Seat, list[str]] | None = None,
) -> Assignment:
    """Fill what `keep` leaves open (a replan keeps what still holds: its seats are taken
    first, in time order, and dropped when they no longer fit). `allowed`: the candidates,
    when already computed for these families."""
    allowed = allowed or candidates(problem, families)
    diary = Diary.empty(problem, families)
    assignment: Assignment = {}
    for seat, referee_id in sorted((keep or {}).items(), key=lambda item: _when(problem, item[0])):
        match = problem.match.get(seat[0])
        if match and referee_id in allowed.get(seat, ()) and diary.fits(referee_id, match):
            assignment[seat] = referee_id
            diary.take(referee_id, match)
    open_seats = [seat for seat in problem.seats if seat not in assignment]
    open_seats.sort(key=lambda seat: (len(allowed[seat]), _when(problem, seat)))
    for seat in open_seats:
        match = problem.match[seat[0]]
        fitting = [r for r in allowed[seat] if diary.fits(r, match)]
        if not fitting:
            continue
        taken = diary.games
        chosen = min(
            fitting,
            key=lambda r: (
                len(taken[r]),
                all(m.venue != match.venue for m in taken[r] if m.day == match.day),
                problem.pool.rules.rank(problem.pool.referee[r].grade),
            ),
        )
        assignment[seat] = chosen
        diary.take(chosen, match)
    return assignment


def _when(problem: AssignmentProblem, seat: Seat) -> tuple[int, str, str]:
    match = problem.match.get(seat[0])
    if match is None:
        return (0, *seat)
    return (problem.tournament.day_offset[match.day] + match.start, *seat)
