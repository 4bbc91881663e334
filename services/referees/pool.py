"""The referees of a tournament and the assignor's rules: who can referee, and what a game needs.

Plain frozen dataclasses, validated by `inputs`, so the model, the checker and the replan can
trust every reference (a grade is one of the levels, a team and a day exist). Times are
minutes after midnight in the tournament's zone, as in the schedule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import get_args

from schemas.referees import Position
from services.scheduler.tournament import Window

#: AYSO's referee badges, lowest first. "It's a requirement that all Coaches are at least
#: certified Regional Referees" (AYSO Region 60), so every coach in the pool is at least the
#: lowest level. A file can name its own levels (`grades:`), lowest first.
DEFAULT_GRADES = ("regional", "intermediate", "advanced", "national")
#: The positions a crew may have. The centre is the referee; `ar1`/`ar2` are the assistant
#: referees the rulebook mentions ("in the event the assigned assistant referees fail to
#: appear"); `fourth` is the fourth official some finals have.
POSITIONS: tuple[str, ...] = get_args(Position)
CENTER = "center"


@dataclass(frozen=True)
class Crew:
    """The positions a game needs, each with its minimum grade, in `POSITIONS` order."""

    minimum: tuple[tuple[str, str], ...]

    @property
    def positions(self) -> tuple[str, ...]:
        return tuple(position for position, _ in self.minimum)


@dataclass(frozen=True)
class AssignorRules:
    """What the assignor decides for the whole tournament.

    Crews are given per size class (7v7 and 9v9 a centre only, 11v11 a centre and two
    assistants, by default) and may be overridden per age group (a U19 crew of higher
    grades). `age_gap_years`: a referee is at least this many years older than the oldest
    player of the age group (a U12 player is at most 11). `rest_minutes`: between a
    referee's games at one venue; a drive to another venue comes on top. `with_team_*`: the
    time a coach or parent must be with their team before kick-off and after the final
    whistle (warm-up, team talk), during which they referee nothing.
    """

    grades: tuple[str, ...] = DEFAULT_GRADES
    crews_by_size: dict[str, Crew] = field(default_factory=dict)
    crews_by_age: dict[int, Crew] = field(default_factory=dict)
    age_gap_years: int = 2
    rest_minutes: int = 10
    max_games_per_day: int = 4
    with_team_before: int = 30
    with_team_after: int = 15

    def crew(self, size: str, age: int) -> Crew:
        """The crew of a game of this size and age group: the age group's, else the size's."""
        if age in self.crews_by_age:
            return self.crews_by_age[age]
        if size in self.crews_by_size:
            return self.crews_by_size[size]
        return Crew(tuple((position, self.grades[0]) for position in DEFAULT_POSITIONS[size]))

    def rank(self, grade: str) -> int:
        """0 for the lowest level; a referee of rank r may fill a position of rank <= r."""
        return self.grades.index(grade)

    def minimum_age(self, age_group: int) -> int:
        """The youngest a referee of a game of this age group may be, in whole years."""
        return age_group - 1 + self.age_gap_years


#: The issue's default crews: "center only for small-sided games; center + two assistants
#: for 11v11", every position open to the lowest grade.
DEFAULT_POSITIONS = {"7v7": (CENTER,), "9v9": (CENTER,), "11v11": (CENTER, "ar1", "ar2")}


@dataclass(frozen=True)
class Referee:
    """One referee. `available`: windows per day id (None: every day, all day). `venues`:
    the venues they can reach (None: all). `teams`: the teams they coach, play on or have
    children on; they never referee those teams, nor while they must be with them."""

    id: str
    name: str
    grade: str
    birth_date: date
    available: dict[str, tuple[Window, ...]] | None = None
    venues: frozenset[str] | None = None
    max_games_per_day: int | None = None
    teams: frozenset[str] = frozenset()
    club: str = ""

    def age_on(self, day: date) -> int:
        """Age in whole years on a day."""
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    def free(self, day: str, start: int, end: int) -> bool:
        """Whether [start, end) of the day lies within one of their windows."""
        if self.available is None:
            return True
        return any(w.contains(start, end) for w in self.available.get(day, ()))

    def reaches(self, venue: str) -> bool:
        return self.venues is None or venue in self.venues


@dataclass(frozen=True)
class Pool:
    """The referees and the rules they are assigned by."""

    referees: tuple[Referee, ...]
    rules: AssignorRules = field(default_factory=AssignorRules)

    @cached_property
    def referee(self) -> dict[str, Referee]:
        return {referee.id: referee for referee in self.referees}

    def daily_max(self, referee: Referee) -> int:
        if referee.max_games_per_day is None:
            return self.rules.max_games_per_day
        return referee.max_games_per_day

    def without(self, referee_id: str) -> Pool:
        """The pool after a referee withdrew."""
        kept = tuple(r for r in self.referees if r.id != referee_id)
        return Pool(kept, self.rules)
