"""Why a position is unfilled, in the assignor's words: nobody of the grade, nobody old
enough, nobody free (availability, venue, own teams), or everyone eligible is busy."""

from __future__ import annotations

from collections import Counter

from services.referees.duties import Assignment, AssignmentProblem, Seat
from services.referees.eligibility import SEAT_FAMILIES, refusal

#: How each seat-level family is said when it keeps every referee from a position.
SAID = {
    "availability": "not available then",
    "venue": "cannot reach the venue",
    "tied": "tied to a team in the game",
    "with_team": "with their own team then",
}


def reasons(problem: AssignmentProblem, assignment: Assignment) -> dict[Seat, str]:
    """The reason for every unfilled position of the assignment."""
    return {seat: reason(problem, seat) for seat in problem.seats if seat not in assignment}


def reason(problem: AssignmentProblem, seat: Seat) -> str:
    """Why no referee fills this position."""
    match = problem.match[seat[0]]
    rules = problem.pool.rules
    grade = match.minimum_grade(seat[1])
    refused = Counter(
        refusal(problem, referee, match, seat[1], SEAT_FAMILIES)
        for referee in problem.pool.referees
    )
    graded = len(problem.pool.referees) - refused["grade"]
    if graded == 0:
        return f"grade: no referee of grade {grade} or above"
    if graded == refused["age"]:
        youngest = rules.minimum_age(match.age)
        return f"grade: no referee of grade {grade}+ is {youngest}+ years old (U{match.age})"
    if refused[None] == 0:
        counts = ", ".join(
            f"{refused[family]} {said}" for family, said in SAID.items() if refused[family]
        )
        return f"no eligible referee free: of {graded - refused['age']} of the grade, {counts}"
    return (
        f"conflict: all {refused[None]} eligible referees are in other games then "
        "or at their daily maximum"
    )
