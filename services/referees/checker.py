"""An independent check of every hard rule of a referee assignment.

Separate from the model and the greedy start on purpose: it takes any assignment (ours, an
assignor's spreadsheet read back, a replan), walks each referee's games in time order on
plain minutes and re-derives every rule of issue 17 from the pool and the schedule, so a bug
in the model's eligibility or conflict constraints cannot hide behind the same bug here.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from services.referees.duties import Assignment, AssignmentProblem, Match, Seat
from services.referees.pool import Referee
from services.scheduler.tournament import clock

#: Every kind of violation, one per hard rule family (and two for assignments that name
#: something that does not exist).
KINDS = (
    "unknown_seat",
    "unknown_referee",
    "grade",
    "age",
    "unavailable",
    "venue",
    "tied",
    "with_team",
    "overlap",
    "daily_max",
)


@dataclass(frozen=True)
class RefereeViolation:
    """A broken hard rule: which kind, who, which game and position, and why."""

    kind: str
    referee: str
    game: str
    position: str
    why: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.referee} in {self.game} ({self.position}): {self.why}"


def check(problem: AssignmentProblem, assignment: Assignment) -> list[RefereeViolation]:
    """Every violation, in a stable order; empty when the assignment keeps every hard rule."""
    found: list[RefereeViolation] = []
    duties: dict[str, list[tuple[Match, str]]] = defaultdict(list)
    for (game, position), referee_id in sorted(assignment.items()):
        match = problem.match.get(game)
        if match is None or position not in dict(match.positions):
            why = f"the schedule has no position {position!r} in game {game!r}"
            found.append(RefereeViolation("unknown_seat", referee_id, game, position, why))
            continue
        referee = problem.pool.referee.get(referee_id)
        if referee is None:
            why = f"no referee {referee_id!r} in the pool"
            found.append(RefereeViolation("unknown_referee", referee_id, game, position, why))
            continue
        found += _seat_rules(problem, referee, match, position)
        duties[referee_id].append((match, position))
    for referee_id, listed in sorted(duties.items()):
        referee = problem.pool.referee[referee_id]
        found += _with_team(problem, referee, listed)
        found += _overlaps(problem, referee_id, listed)
        found += _daily_max(problem, referee, listed)
    return found


def _seat_rules(
    problem: AssignmentProblem, referee: Referee, match: Match, position: str
) -> list[RefereeViolation]:
    """Grade, age, availability, venue and own teams: what one seat alone decides."""
    rules = problem.pool.rules
    found = []

    def flag(kind: str, why: str) -> None:
        found.append(RefereeViolation(kind, referee.id, match.id, position, why))

    needed = match.minimum_grade(position)
    if rules.rank(referee.grade) < rules.rank(needed):
        flag("grade", f"grade {referee.grade}, the {position} of U{match.age} needs {needed}+")
    game_date = problem.tournament.day[match.day].date
    age, youngest = referee.age_on(game_date), rules.minimum_age(match.age)
    if age < youngest:
        flag("age", f"{age} years old on {game_date}, U{match.age} needs {youngest}+")
    if not referee.free(match.day, match.start, match.end):
        flag("unavailable", f"not available {match.day} {clock(match.start)}-{clock(match.end)}")
    if not referee.reaches(match.venue):
        flag("venue", f"cannot reach venue {match.venue}")
    own = sorted(referee.teams & match.teams)
    if own:
        flag("tied", f"tied to team {', '.join(own)}, which plays (or may play) this game")
    return found


def _with_team(
    problem: AssignmentProblem, referee: Referee, listed: list[tuple[Match, str]]
) -> list[RefereeViolation]:
    """Not while they must be with their own team: from `with_team_before` before its
    kick-off to `with_team_after` after its final whistle, plus the drive between venues."""
    rules = problem.pool.rules
    found = []
    for match, position in listed:
        for team in sorted(referee.teams - match.teams):
            for own in problem.games_of_team.get(team, []):
                if own.day != match.day:
                    continue
                drive = problem.drive(match.venue, own.venue)
                must_arrive = own.start - rules.with_team_before
                may_leave = own.end + rules.with_team_after
                if match.end + drive > must_arrive and may_leave + drive > match.start:
                    why = (
                        f"must be with team {team} ({own.id}, {clock(own.start)}-"
                        f"{clock(own.end)} at {own.venue}) from {clock(must_arrive)} to "
                        f"{clock(may_leave)}, {drive} min away"
                    )
                    found.append(RefereeViolation("with_team", referee.id, match.id, position, why))
    return found


def _overlaps(
    problem: AssignmentProblem, referee_id: str, listed: list[tuple[Match, str]]
) -> list[RefereeViolation]:
    """One position at a time: never two of one game, and between games the rest plus the
    drive from one venue to the other."""
    rest = problem.pool.rules.rest_minutes
    found = []
    ordered = sorted(listed, key=lambda item: (item[0].day, item[0].start, item[0].id, item[1]))
    for (a, pa), (b, pb) in itertools.combinations(ordered, 2):
        if a.day != b.day:
            continue
        if a.id == b.id:
            why = f"already {pa} of this game"
            found.append(RefereeViolation("overlap", referee_id, b.id, pb, why))
            continue
        drive = problem.drive(a.venue, b.venue)
        free_from = a.end + rest + drive
        if b.start < free_from:  # a kicks off no later than b
            why = (
                f"kicks off {clock(b.start)} at {b.venue}, but {a.id} ends {clock(a.end)} at "
                f"{a.venue}: free from {clock(free_from)} ({rest} rest + {drive} drive)"
            )
            found.append(RefereeViolation("overlap", referee_id, b.id, pb, why))
    return found


def _daily_max(
    problem: AssignmentProblem, referee: Referee, listed: list[tuple[Match, str]]
) -> list[RefereeViolation]:
    """At most their maximum of games a day."""
    limit = problem.pool.daily_max(referee)
    per_day: dict[str, list[Seat]] = defaultdict(list)
    for match, position in listed:
        per_day[match.day].append((match.id, position))
    found = []
    for day, seats in sorted(per_day.items()):
        games = sorted({game for game, _ in seats})
        if len(games) > limit:
            game, position = sorted(seats)[-1]
            why = f"{len(games)} games on {day} ({', '.join(games)}), at most {limit}"
            found.append(RefereeViolation("daily_max", referee.id, game, position, why))
    return found
