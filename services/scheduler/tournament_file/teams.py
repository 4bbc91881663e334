"""Teams (in the file or in a registration CSV export) and the coaches list."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.input_problem import InputProblem
from services.scheduler.tournament_file.values import CoachRef, DivisionRef, Id, StrictEntry

CSV_COLUMNS = ("team", "club", "division", "coach_ids", "state_association")
#: CSV column of each team key, for problems (`coach_ids` is one ';'-separated cell).
CSV_COLUMN_OF = {"id": "team", "name": "name"} | {c: c for c in CSV_COLUMNS[1:]}


class TeamEntry(StrictEntry):
    id: Id
    name: str | None = None
    division: DivisionRef
    club: str = ""
    coach_ids: list[CoachRef] = []
    state_association: str = ""


class CoachEntry(StrictEntry):
    """A coach the file declares, so a coach id on a team can be checked against the list."""

    id: Id
    name: str | None = None


@dataclass(frozen=True)
class CsvTeams:
    """A registration export's rows as team mappings, each with the place it was written."""

    rows: list[tuple[InputProblem, dict[str, Any]]]
    problems: list[InputProblem]


def read_teams_csv(path: Path, named_at: InputProblem) -> CsvTeams:
    """A registration export: team, club, division, coach_ids (';'-separated),
    state_association, optionally name. Rows are numbered as a spreadsheet shows them (the
    header is row 1); a file that cannot be read is reported where the YAML names it."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return _rows(path.name, csv.DictReader(handle))
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        return CsvTeams([], [named_at.saying(f"cannot read {path.name}: {reason}")])
    except csv.Error as error:
        return CsvTeams([], [InputProblem(path.name, "", f"not readable as CSV ({error})")])


def _rows(file: str, rows: csv.DictReader[str]) -> CsvTeams:
    missing = [column for column in CSV_COLUMNS if column not in (rows.fieldnames or [])]
    if missing:
        what = f"missing column(s) {', '.join(missing)} (need {', '.join(CSV_COLUMNS)})"
        return CsvTeams([], [InputProblem(file, "header", what, row=1)])
    found = []
    for number, row in enumerate(rows, start=2):
        values = {key: (value or "").strip() for key, value in row.items() if key is not None}
        team = {
            "id": values["team"] or None,
            "name": values.get("name") or None,
            "division": values["division"] or None,
            "club": values["club"],
            "coach_ids": [c.strip() for c in values["coach_ids"].split(";") if c.strip()],
            "state_association": values["state_association"],
        }
        found.append((InputProblem(file, "team", "", row=number), team))
    return CsvTeams(found, [])
