"""The referees file's sections as pydantic models, in the tournament file's conventions.

The value types (ids, day, venue and team references, windows, dates) are the tournament
file's own, so a referee file says "unknown team 'U12-t9'" exactly as the tournament file
would. Grades are checked against the file's own `grades:` levels, passed in the validation
context as `grades` (read from the raw data first, like the declared ids).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationInfo

from services.input_problem import shown
from services.referees.pool import CENTER, DEFAULT_GRADES, POSITIONS, AssignorRules
from services.scheduler.tournament import SIZES
from services.scheduler.tournament_file.values import (
    AGE,
    Date,
    DayRef,
    Id,
    Minutes,
    OpeningHours,
    StrictEntry,
    TeamRef,
    VenueRef,
)

DEFAULT_RULES = AssignorRules()


def grades_of(data: Any) -> tuple[str, ...]:
    """The levels a file declares (lowest first), or the default ones; read before validation
    so that every grade in the file can be checked against them."""
    listed = data.get("grades") if isinstance(data, dict) else None
    if isinstance(listed, list) and listed and all(isinstance(g, str) for g in listed):
        return tuple(listed)
    return DEFAULT_GRADES


def _known_grade(value: str, info: ValidationInfo) -> str:
    levels = (info.context or {}).get("grades", DEFAULT_GRADES)
    if value not in levels:
        raise ValueError(f"{shown(value)} is not a grade (the levels: {', '.join(levels)})")
    return value


Grade = Annotated[str, AfterValidator(_known_grade)]
GamesPerDay = Annotated[int, Field(ge=1, le=12)]


def _crew_key(value: str) -> str:
    match = AGE.match(value)
    if value not in SIZES and not (match and 9 <= int(match[1]) <= 19):
        raise ValueError(
            f"{shown(value)} is neither a game size ({', '.join(SIZES)}) nor an age group U9-U19"
        )
    return value


CrewKey = Annotated[str, AfterValidator(_crew_key)]


class CrewEntry(StrictEntry):
    """The positions of a crew, each with its minimum grade; a crew always has a centre."""

    center: Grade
    ar1: Grade | None = None
    ar2: Grade | None = None
    fourth: Grade | None = None

    def minimum(self) -> tuple[tuple[str, str], ...]:
        grades = {CENTER: self.center, "ar1": self.ar1, "ar2": self.ar2, "fourth": self.fourth}
        return tuple((p, grades[p]) for p in POSITIONS if grades[p] is not None)  # type: ignore[misc]


class RefereeEntry(StrictEntry):
    """One referee. Without `available` they are free every day all day; without `venues`
    they reach every venue; `teams` are the teams they coach, play on or have children on."""

    id: Id
    name: str | None = None
    grade: Grade
    birth_date: Date
    available: dict[DayRef, OpeningHours] | None = None
    venues: list[VenueRef] | None = None
    max_games_per_day: GamesPerDay | None = None
    teams: list[TeamRef] = []
    club: str = ""


class RefereesEntry(StrictEntry):
    """The referees file's top level: the assignor's rules, then the referees (listed here,
    in the CSV `referees_csv` names, or both)."""

    grades: list[Id] = list(DEFAULT_GRADES)
    crews: dict[CrewKey, CrewEntry] = {}
    age_gap_years: Annotated[int, Field(ge=0, le=40)] = DEFAULT_RULES.age_gap_years
    rest_minutes: Minutes = DEFAULT_RULES.rest_minutes
    max_games_per_day: GamesPerDay = DEFAULT_RULES.max_games_per_day
    with_team_before: Minutes = DEFAULT_RULES.with_team_before
    with_team_after: Minutes = DEFAULT_RULES.with_team_after
    referees: list[RefereeEntry] = []
    referees_csv: str | None = None
