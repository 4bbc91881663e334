"""The value types of a tournament file: ids, references, clock times, windows, minutes,
dates and time zones (the season file uses them too).

Each is an annotated type whose validator says what is wrong in a director's words (the
message is the whole problem; `errors.py` adds the file, line and path). References to
another section (an unknown venue, day, division, team or coach) are checked against the
ids the file declares, which the loader collects before validating and passes in the
validation context as `Declared`.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainValidator,
    ValidationInfo,
    model_validator,
)

from services.input_problem import shown
from services.scheduler.tournament import HALF_MINUTES, SIZES, Window
from services.scheduler.tournament_file.coaches import confusable

IDENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
AGE = re.compile(r"^U(\d{1,2})$")
DAY_MINUTES = 24 * 60


@dataclass
class Declared:
    """The ids the file declares (valid or not, so one bad item does not make every
    reference to it a second problem), and each division's teams in file order.
    `teams_complete` is false when a team CSV could not be read: references to teams are
    then not checked, as every one would fail."""

    days: set[str] = field(default_factory=set)
    venues: set[str] = field(default_factory=set)
    divisions: set[str] = field(default_factory=set)
    teams: set[str] = field(default_factory=set)
    coaches: set[str] | None = None  # None: the file has no coaches list
    members: dict[str, list[str]] = field(default_factory=dict)
    division_of: dict[str, str] = field(default_factory=dict)
    teams_complete: bool = True


def declared(info: ValidationInfo) -> Declared:
    """The `Declared` the loader passed in the validation context."""
    found = (info.context or {}).get("declared")
    return found if isinstance(found, Declared) else Declared()


class StrictEntry(BaseModel):
    """A mapping of the file: strict types, no keys but the model's (a typo in a key is an
    error listing the allowed ones), and a key left empty (`name:`) counts as not given."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_not_given(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None}
        return data


def _as_text(value: Any) -> Any:
    """`id: 12` is the id "12": YAML reads it as a number, the director wrote an id."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _ident(value: str) -> str:
    if not IDENT.match(value):
        raise ValueError(
            f"{shown(value)} is not an id (letters, digits, '.', '_', '-'; at most 64)"
        )
    return value


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(
            f"{shown(value)} is not a tournament id (lower-case letters, digits, '-'; at most 64)"
        )
    return value


Id = Annotated[str, BeforeValidator(_as_text), AfterValidator(_ident)]
Slug = Annotated[str, BeforeValidator(_as_text), AfterValidator(_slug)]


def _reference(section: str, noun: str) -> AfterValidator:
    def check(value: str, info: ValidationInfo) -> str:
        ids = declared(info)
        if section == "teams" and not ids.teams_complete:
            return value
        if value not in getattr(ids, section):
            raise ValueError(f"unknown {noun} {value!r}")
        return value

    return AfterValidator(check)


DayRef = Annotated[Id, _reference("days", "day")]
VenueRef = Annotated[Id, _reference("venues", "venue")]
DivisionRef = Annotated[Id, _reference("divisions", "division")]
TeamRef = Annotated[Id, _reference("teams", "team")]


def _listed_coach(value: str, info: ValidationInfo) -> str:
    """With a `coaches:` list every coach id on a team must be in it: a typo would split one
    coach into two, and their teams' games could overlap."""
    listed = declared(info).coaches
    if listed is not None and value not in listed:
        near = sorted(coach for coach in listed if confusable(value, coach))
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        raise ValueError(f"coach {value!r} is not in the coaches list{hint}")
    return value


CoachRef = Annotated[Id, AfterValidator(_listed_coach)]


def one_of(*choices: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in choices:
            raise ValueError(f"{shown(value)} is not one of {', '.join(choices)}")
        return value

    return AfterValidator(check)


Size = Annotated[str, one_of(*SIZES)]


def between(low: int, high: int, unit: str) -> AfterValidator:
    """A whole number from `low` to `high` (`unit`, as the message says it)."""

    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"{shown(value)} is not {low}-{high} {unit}")
        return value

    return AfterValidator(check)


def _positive(value: int) -> int:
    if value == 0:
        raise ValueError("must be positive")
    return value


Minutes = Annotated[int, between(0, DAY_MINUTES, "minutes")]
PositiveMinutes = Annotated[Minutes, AfterValidator(_positive)]
GamesPerDay = Annotated[int, between(1, 6, "games")]


def _weight(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a number a weight can be")
    if value < 0:
        raise ValueError("must not be negative")
    return value


Weight = Annotated[float, AfterValidator(_weight)]


def _age(value: Any) -> int:
    match = AGE.match(value) if isinstance(value, str) else None
    if not match or int(match[1]) not in HALF_MINUTES:
        raise ValueError(f"{shown(value)} is not an age group U9-U19 of the rulebook's table")
    return int(match[1])


AgeGroup = Annotated[int, PlainValidator(_age)]


def clock(value: Any) -> int:
    """'HH:MM' as minutes after midnight. YAML 1.1 reads an unquoted 10:30 as the
    sexagesimal number 630, which is those minutes already."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < DAY_MINUTES:
        return value
    match = CLOCK.match(value) if isinstance(value, str) else None
    if not match or int(match[1]) > 24 or int(match[2]) > 59:
        raise ValueError(f"{shown(value)} is not a time of day HH:MM")
    return int(match[1]) * 60 + int(match[2])


Clock = Annotated[int, PlainValidator(clock)]


def window(value: Any) -> Window:
    """'HH:MM-HH:MM', a half-open stretch of one day."""
    text = str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""
    parts = [part.strip() for part in text.split("-")]
    if len(parts) != 2 or not all(CLOCK.match(part) for part in parts):
        raise ValueError(f"{shown(value)} is not a window HH:MM-HH:MM")
    start, end = (clock(part) for part in parts)
    if end <= start:
        raise ValueError(f"{shown(value)} ends before it starts")
    return Window(start, end)


TimeWindow = Annotated[Window, PlainValidator(window)]


def _opening_hours(value: Any) -> tuple[Window, ...]:
    """One window or a list of them, none overlapping."""
    windows = sorted(window(text) for text in (value if isinstance(value, list) else [value]))
    for before, after in itertools.pairwise(windows):
        if after.start < before.end:
            raise ValueError(f"windows {before} and {after} overlap")
    return tuple(windows)


OpeningHours = Annotated[tuple[Window, ...], PlainValidator(_opening_hours)]


def _date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    written = str(value) if isinstance(value, datetime) else value  # 2026-11-21 10:00
    raise ValueError(f"{shown(written)} is not a date YYYY-MM-DD")


Date = Annotated[date, PlainValidator(_date)]


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {name!r}") from None
    return name


TimeZone = Annotated[str, AfterValidator(_zone)]
