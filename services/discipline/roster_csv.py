"""Read tournament rosters from a CSV file: one row per person, any number of teams.

Columns (header row required, names case-insensitive, order free):
    team_id, age_group, role, person_id, name        required
    birth_date (YYYY-MM-DD)                          required for players
    division_id, team_name, club, state_association  team columns, from the team's first row
                                                     (division_id defaults to the age group)
    shirt_number, guest (yes/no), home_club          player columns, optional

A bad row does not stop the reading: its problems are collected with the row number and the
column, and the rows that are good still make rosters, so one run lists everything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from schemas.codec import problems_of
from schemas.roster import RosterPlayer, RosterStaff, RosterSubmitted
from services.discipline.ids import derived_id
from services.input_problem import InputProblem

REQUIRED = ("team_id", "age_group", "role", "person_id", "name")
TEAM_COLUMNS = ("division_id", "team_name", "age_group", "club", "state_association")
KNOWN = frozenset({*REQUIRED, *TEAM_COLUMNS, "birth_date", "shirt_number", "guest", "home_club"})
YES = frozenset({"yes", "y", "true", "1", "x"})
NO = frozenset({"no", "n", "false", "0", ""})


@dataclass
class RosterFile:
    """What a roster file holds: rosters, problems, and the row of every (team, person)."""

    rosters: list[RosterSubmitted] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    rows: dict[tuple[str, str | None], int] = field(default_factory=dict)
    file: str = ""

    def add(self, row: int, where: str, what: str) -> None:
        self.problems.append(InputProblem(self.file, where, what, row=row))


class _BadCell(ValueError):
    """A cell that cannot be read; `column` names it."""

    def __init__(self, column: str, what: str) -> None:
        super().__init__(what)
        self.column = column
        self.what = what


def _rows(reader: csv.DictReader[str], result: RosterFile) -> Iterator[dict[str, Any]]:
    """The reader's rows until one cannot be read as CSV (that is reported, not raised)."""
    try:
        yield from reader
    except csv.Error as error:
        result.add(reader.line_num, "", f"not readable as CSV ({error})")


def read_roster_csv(
    text: str, tournament_id: str, registered_at: datetime, *, file: str
) -> RosterFile:
    """Parse the CSV text; every problem is kept (naming `file`), the good rows still make
    rosters."""
    result = RosterFile(file=file)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as error:
        result.add(1, "header", f"not readable as CSV ({error})")
        return result
    header = [name.strip().lower() for name in fieldnames]
    missing = [name for name in REQUIRED if name not in header]
    unknown = sorted(set(header) - KNOWN)
    if missing:
        result.add(1, "header", f"missing column(s): {', '.join(missing)}")
    if unknown:
        result.add(1, "header", f"unknown column(s): {', '.join(unknown)}")
    if missing:
        return result
    teams: dict[str, dict[str, Any]] = {}
    for number, raw in enumerate(_rows(reader, result), start=2):
        row = {  # a short row's missing cells are empty; extra cells (key None) are dropped
            k.strip().lower(): (v if isinstance(v, str) else "").strip()
            for k, v in raw.items()
            if k is not None
        }
        if not any(row.values()):
            continue
        _read_row(result, teams, number, row)
    for team_id, fields in teams.items():
        envelope = {
            "event_id": derived_id(tournament_id, "roster.submitted", team_id),
            "tournament_id": tournament_id,
            "occurred_at": registered_at,
            "source": "roster-file",
        }
        try:
            result.rosters.append(RosterSubmitted(**envelope, **fields))
        except ValidationError as error:
            first = result.rows[(team_id, None)]
            for where, what in problems_of(error):
                result.add(first, f"team {team_id}.{where}", what)
    return result


def _read_row(
    result: RosterFile, teams: dict[str, dict[str, Any]], number: int, row: dict[str, str]
) -> None:
    team_id = row["team_id"]
    if not team_id:
        result.add(number, "team_id", "empty")
        return
    team = teams.get(team_id)
    if team is None:
        team = {"team_id": team_id, "players": [], "staff": []}
        team |= {name: row[name] for name in TEAM_COLUMNS if row.get(name)}
        team.setdefault("division_id", row["age_group"])
        teams[team_id] = team
        result.rows[(team_id, None)] = number
    elif row["age_group"] and row["age_group"] != team.get("age_group"):
        result.add(
            number,
            "age_group",
            f"{row['age_group']!r}, but team {team_id} is {team.get('age_group')!r} on row "
            f"{result.rows[(team_id, None)]}",
        )
    role = row["role"].lower()
    try:
        if role == "player":
            team["players"].append(_player(row))
        elif role in ("coach", "official"):
            team["staff"].append(
                RosterStaff(person_id=row["person_id"], name=row["name"], role=role)
            )
        else:
            result.add(number, "role", f"{row['role']!r} is not player, coach or official")
            return
    except ValidationError as error:
        for where, what in problems_of(error):
            result.add(number, where, what)
        return
    except _BadCell as error:
        result.add(number, error.column, error.what)
        return
    result.rows[(team_id, row["person_id"])] = number


def _player(row: dict[str, str]) -> RosterPlayer:
    birth = row.get("birth_date", "")
    try:
        birth_date = date.fromisoformat(birth)
    except ValueError:
        raise _BadCell("birth_date", f"{birth!r} is not a date written YYYY-MM-DD") from None
    shirt = row.get("shirt_number", "")
    if shirt and not (shirt.isascii() and shirt.isdigit()):
        raise _BadCell("shirt_number", f"{shirt!r} is not a number")
    guest = row.get("guest", "").lower()
    if guest not in YES | NO:
        raise _BadCell("guest", f"{row['guest']!r} is not yes or no")
    return RosterPlayer(
        person_id=row["person_id"],
        name=row["name"],
        birth_date=birth_date,
        shirt_number=int(shirt) if shirt else None,
        guest=guest in YES,
        home_club=row.get("home_club", ""),
    )
