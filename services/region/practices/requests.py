"""The practice sign-up: the region's fields with their open hours, and the coaches' ranked
choices.

Fields: field, day (Mon-Sun or the full name), start and end (HH:MM), and optionally
divisions (';'-separated age groups that may use it; empty: any). A field with several
windows on one day has a row for each. Choices: coach, team, division (its age group gives
the allowance, `allowances.py`), rank (1 is the first choice), field, day, start; the
session's end follows from the allowance. A choice must fit a window of its field that its
age group may use, or it is a problem with its row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from services.input_problem import InputError
from services.region.csv_rows import Row, read_table
from services.region.practices.allowances import ALLOWANCES, Allowance, age_group

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAYS = tuple(name[:3] for name in DAY_NAMES)
DAY_OF = {name.lower(): name[:3] for name in DAY_NAMES} | {d.lower(): d for d in DAYS}
FIELD_COLUMNS = ("field", "day", "start", "end")
CHOICE_COLUMNS = ("coach", "team", "division", "rank", "field", "day", "start")


@dataclass(frozen=True)
class PracticeWindow:
    field: str
    day: str
    start: int  # minutes after midnight
    end: int
    age_groups: frozenset[str]  # empty: any

    def fits(self, day: str, start: int, end: int, group: str) -> bool:
        return (
            self.day == day
            and self.start <= start
            and end <= self.end
            and (not self.age_groups or group in self.age_groups)
        )


@dataclass(frozen=True)
class Choice:
    coach: str
    team: str
    division: str
    rank: int
    field: str
    day: str
    start: int
    end: int
    row: int

    def overlaps(self, other: Choice) -> bool:
        return self.day == other.day and self.start < other.end and other.start < self.end

    @property
    def when(self) -> str:
        return f"{self.day} {clock(self.start)}-{clock(self.end)}"


@dataclass(frozen=True)
class SignUp:
    windows: tuple[PracticeWindow, ...]
    choices: tuple[Choice, ...]

    @cached_property
    def teams(self) -> dict[str, tuple[str, str]]:
        """Team -> (coach, division), in the order teams first appear."""
        return {c.team: (c.coach, c.division) for c in self.choices}

    def allowance(self, team: str) -> Allowance:
        return ALLOWANCES[age_group(self.teams[team][1]) or ""]


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def read_sign_up(fields_csv: Path, choices_csv: Path) -> SignUp:
    """Both files, every choice checked against the fields; raises `InputError` with every
    problem."""
    field_table = read_table(fields_csv, FIELD_COLUMNS, ("divisions",))
    choice_table = read_table(choices_csv, CHOICE_COLUMNS)
    windows = [w for w in map(_window, field_table.rows) if w is not None]
    choices = _choices(choice_table.rows, windows)
    problems = [*field_table.problems, *choice_table.problems]
    if problems:
        raise InputError(problems)
    return SignUp(tuple(windows), tuple(choices))


def _day(row: Row) -> str:
    value = row.text("day")
    if value and value.lower() not in DAY_OF:
        row.problem("day", f"{value!r} is not a day of the week (Mon-Sun)")
    return DAY_OF.get(value.lower(), "")


def _time(row: Row, column: str) -> int | None:
    def minutes(text: str) -> int:
        hours, _, mins = text.partition(":")
        if not (hours.isdigit() and mins.isdigit() and len(mins) == 2):
            raise ValueError(text)
        value = int(hours) * 60 + int(mins)
        if int(mins) > 59 or value > 24 * 60:
            raise ValueError(text)
        return value

    return row.parsed(column, minutes, "a time of day (HH:MM)")


def _window(row: Row) -> PracticeWindow | None:
    field, day = row.text("field"), _day(row)
    start, end = _time(row, "start"), _time(row, "end")
    groups = frozenset(item.upper() for item in row.items("divisions"))
    unknown = sorted(g for g in groups if g not in ALLOWANCES)
    if unknown:
        row.problem(
            "divisions", f"{', '.join(unknown)}: not an age group ({', '.join(ALLOWANCES)})"
        )
    if start is not None and end is not None and end <= start:
        row.problem("end", f"{clock(end)} is not after the start {clock(start)}")
        return None
    if not (field and day) or start is None or end is None or unknown:
        return None
    return PracticeWindow(field, day, start, end, groups)


def _choices(rows: Sequence[Row], windows: Sequence[PracticeWindow]) -> list[Choice]:
    """The rows' choices; a team's coach and division come from its first row, and a team
    ranks each choice once."""
    choices: list[Choice] = []
    first: dict[str, Choice] = {}
    ranks: set[tuple[str, int]] = set()
    for row in rows:
        choice = _choice(row, windows)
        if choice is None:
            continue
        known = first.setdefault(choice.team, choice)
        if (known.coach, known.division) != (choice.coach, choice.division):
            row.problem("team", f"coach or division differs from row {known.row}")
        elif (choice.team, choice.rank) in ranks:
            row.problem("rank", f"team {choice.team} already has a choice {choice.rank}")
        else:
            ranks.add((choice.team, choice.rank))
            choices.append(choice)
    return choices


def _choice(row: Row, windows: Sequence[PracticeWindow]) -> Choice | None:
    coach, team, division = row.ident("coach"), row.ident("team"), row.text("division")
    rank = row.parsed("rank", _positive, "a whole number from 1")
    field, day, start = row.text("field"), _day(row), _time(row, "start")
    group = age_group(division)
    if division and group is None:
        row.problem(
            "division", f"{division!r} does not start with an age group ({', '.join(ALLOWANCES)})"
        )
    if not (coach and team and field and day and group) or rank is None or start is None:
        return None
    end = start + ALLOWANCES[group].minutes
    refused = _not_open(windows, field, day, start, end, group)
    if refused:
        row.problem(*refused)
        return None
    return Choice(coach, team, division, rank, field, day, start, end, row.number)


def _not_open(
    windows: Sequence[PracticeWindow], field: str, day: str, start: int, end: int, group: str
) -> tuple[str, str] | None:
    """The column at fault and why the session cannot be on that field then (None: it can)."""
    mine = [w for w in windows if w.field == field]
    if not mine:
        return "field", f"{field!r} is not in the fields file"
    if any(w.fits(day, start, end, group) for w in mine):
        return None
    timely = [w for w in mine if w.fits(day, start, end, next(iter(w.age_groups), group))]
    if timely:
        groups = ", ".join(sorted({g for w in timely for g in w.age_groups}))
        return "field", f"{field} on {day} {clock(start)}-{clock(end)} is for {groups} only"
    hours = ", ".join(f"{clock(w.start)}-{clock(w.end)}" for w in mine if w.day == day)
    return (
        "start",
        f"{field} is not open {day} {clock(start)}-{clock(end)} (open: {hours or 'closed'})",
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value
