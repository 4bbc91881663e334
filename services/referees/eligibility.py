"""Who may fill a position, and which pairs of games one referee cannot both take.

The hard rules come in families; the model and the greedy start take the families to apply
as an argument, so a test can drop one and show the answer changes (each family's test). A
seat-level family removes a referee from a position's candidates; `overlap` and `daily_max`
are constraints between a referee's games.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from services.referees.duties import AssignmentProblem, Match, Seat
from services.referees.pool import Referee

SEAT_FAMILIES = ("grade", "age", "availability", "venue", "tied", "with_team")
FAMILIES = (*SEAT_FAMILIES, "overlap", "daily_max")


def refusal(
    problem: AssignmentProblem,
    referee: Referee,
    match: Match,
    position: str,
    families: Collection[str],
) -> str | None:
    """The first family that keeps the referee from this position, or None."""
    rules = problem.pool.rules
    tests = {
        "grade": lambda: rules.rank(referee.grade) >= rules.rank(match.minimum_grade(position)),
        "age": lambda: (
            referee.age_on(problem.tournament.day[match.day].date) >= rules.minimum_age(match.age)
        ),
        "availability": lambda: referee.free(match.day, match.start, match.end),
        "venue": lambda: referee.reaches(match.venue),
        "tied": lambda: not (referee.teams & match.teams),
        "with_team": lambda: not _with_own_team(problem, referee, match),
    }
    for family in SEAT_FAMILIES:
        if family in families and not tests[family]():
            return family
    return None


def _with_own_team(problem: AssignmentProblem, referee: Referee, match: Match) -> bool:
    """Whether the game falls in a time they must be with one of their teams (which is
    from `with_team_before` before its kick-off to `with_team_after` after, plus the drive)."""
    rules = problem.pool.rules
    for team in referee.teams:
        for own in problem.games_of_team.get(team, ()):
            if own.day != match.day or own.id == match.id:
                continue
            drive = problem.drive(match.venue, own.venue)
            if (
                match.start < own.end + rules.with_team_after + drive
                and own.start - rules.with_team_before < match.end + drive
            ):
                return True
    return False


def candidates(problem: AssignmentProblem, families: Collection[str]) -> dict[Seat, list[str]]:
    """Each position's referees that no seat-level family refuses, in pool order. Kept per
    problem and families: the model, the greedy start, the balance and the reasons ask."""
    key = tuple(sorted(families))
    kept = _CANDIDATES.setdefault(problem, {})
    if key not in kept:
        kept[key] = {
            (match.id, position): [
                r.id
                for r in problem.pool.referees
                if refusal(problem, r, match, position, families) is None
            ]
            for match in problem.matches
            for position, _ in match.positions
        }
    return kept[key]


_CANDIDATES: WeakKeyDictionary[AssignmentProblem, dict[tuple[str, ...], dict[Seat, list[str]]]] = (
    WeakKeyDictionary()
)


def clash(problem: AssignmentProblem, a: Match, b: Match) -> bool:
    """Whether one referee cannot take both games: one game (two of its positions), or the
    same day and the later kicks off before the earlier's final whistle plus the rest plus
    the drive between their venues."""
    if a.id == b.id:
        return True
    if a.day != b.day:
        return False
    if (a.start, a.id) > (b.start, b.id):
        a, b = b, a
    return b.start < a.end + problem.pool.rules.rest_minutes + problem.drive(a.venue, b.venue)


@dataclass
class Diary:
    """The games a referee has taken so far (greedy start, replan): whether one more fits."""

    problem: AssignmentProblem
    families: Collection[str]
    games: dict[str, list[Match]]

    @classmethod
    def empty(cls, problem: AssignmentProblem, families: Collection[str]) -> Diary:
        return cls(problem, families, {r.id: [] for r in problem.pool.referees})

    def fits(self, referee_id: str, match: Match) -> bool:
        taken = self.games[referee_id]
        if "overlap" in self.families and any(clash(self.problem, m, match) for m in taken):
            return False
        if "daily_max" in self.families:
            limit = self.problem.pool.daily_max(self.problem.pool.referee[referee_id])
            return sum(m.day == match.day for m in taken) < limit
        return True

    def take(self, referee_id: str, match: Match) -> None:
        self.games[referee_id].append(match)
