"""Read a tournament file (YAML) and its team registration export (CSV) into a `Tournament`.

A director writes this file by hand, so every problem is reported with the file, the line
(or CSV row), the path in the file and what is wrong, and every problem is reported at once.
The steps: YAML to plain data and a line map (`tournament_file.yaml_tree`); the team CSV it
names; the declared ids (for references between sections); the pydantic models of each
section (`tournament_file.document`), whose errors are mapped back to their lines; checks
across items; and, when nothing is wrong, the domain types (`tournament_file.convert`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from services.input_problem import InputError, InputProblem
from services.scheduler.tournament import Tournament
from services.scheduler.tournament_file.checks import Failures, WrittenTeam, cross_checks
from services.scheduler.tournament_file.convert import to_tournament
from services.scheduler.tournament_file.document import TournamentEntry, declared_ids
from services.scheduler.tournament_file.errors import Loc, kind_of, problems_of
from services.scheduler.tournament_file.teams import CSV_COLUMN_OF, TeamEntry, read_teams_csv
from services.scheduler.tournament_file.values import IDENT
from services.scheduler.tournament_file.yaml_tree import YamlDocument, YamlUnreadable, read_yaml

#: Sections whose items are named by their id in problems (`fields.F1.size`), because
#: directors look fields and divisions up by id; other items are named by position.
NAMED_BY_ID = ("fields", "divisions")
#: Larger than any tournament file (a 2,000-team cup is ~200 KiB): read no further.
MAX_BYTES = 8 * 1024 * 1024


class TournamentFileError(InputError):
    """The tournament file (or its team CSV) cannot be used; carries every problem found."""


def load_tournament(path: Path | str) -> Tournament:
    """Parse and validate a tournament file; raise `TournamentFileError` listing every problem."""
    path = Path(path)
    data, here, problems = read_sections(path, TournamentFileError, "tournament")
    csv_rows: list[tuple[InputProblem, dict[str, Any]]] = []
    csv_read = True
    if isinstance(data.get("teams_csv"), str):
        csv = read_teams_csv(path.parent / data["teams_csv"], here(("teams_csv",)))
        csv_rows, csv_read, problems = csv.rows, not csv.problems, problems + csv.problems
    declared = declared_ids(data, [team for _, team in csv_rows], csv_read)
    context = {"declared": declared}

    entry, failed = None, Failures(set())
    try:
        entry = TournamentEntry.model_validate(data, context=context)
    except ValidationError as error:
        problems += problems_of(error, TournamentEntry, here)
        failed = Failures({tuple(item["loc"]) for item in error.errors()})
    teams = data.get("teams")
    written = [
        WrittenTeam(team, here(("teams", index)), not failed.near(("teams", index)))
        for index, team in enumerate(teams if isinstance(teams, list) else [])
        if isinstance(team, dict)
    ]
    csv_teams, csv_written, csv_problems = _csv_team_entries(csv_rows, context)
    written += csv_written
    problems += csv_problems + cross_checks(data, written, failed, declared, here)
    if not written and not problems:
        problems.append(here(("teams",)).saying("no teams: give teams or teams_csv"))
    if problems or entry is None:
        raise TournamentFileError(problems)
    return to_tournament(entry, csv_teams, declared)


def read_document(path: Path, error_type: type[InputError]) -> YamlDocument:
    """A YAML file read with its line map; `error_type` (the reader's own `InputError`)
    when it cannot be read, is too large, or is not YAML."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise error_type(
                [InputProblem(path.name, "file", f"larger than {MAX_BYTES // 2**20} MiB")]
            )
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise error_type([InputProblem(path.name, "file", f"cannot read: {error}")]) from None
    try:
        return read_yaml(text)
    except YamlUnreadable as error:
        raise error_type([InputProblem(path.name, "yaml", error.what, line=error.line)]) from None


def read_sections(
    path: Path, error_type: type[InputError], noun: str
) -> tuple[dict[str, Any], Callable[[Loc], InputProblem], list[InputProblem]]:
    """A director's YAML file of sections (the `noun`'s: "tournament"), as its data, `here`
    (the problem at a loc: its file, path and line, to be given its `what`) and the problems
    found while reading it (a key given twice, at its second line); `error_type` when it
    cannot be read or is not a mapping."""
    document = read_document(path, error_type)
    data = document.data
    if not isinstance(data, dict):
        what = f"expected a mapping of the {noun}'s sections, got {kind_of(data)}"
        raise error_type([InputProblem(path.name, "file", what, line=1)])

    def here(loc: Loc) -> InputProblem:
        return InputProblem(path.name, where(loc, data), "", line=document.line(loc))

    problems = [replace(here(loc), line=line, what=what) for loc, line, what in document.problems]
    return data, here, problems


def where(loc: Loc, data: Any) -> str:
    """A loc as a director reads it: `days[0].date`, `fields.F1.open.sat`, `file` for the
    whole file."""
    text, node = "", data
    for depth, part in enumerate(loc):
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            ident = node.get("id") if isinstance(node, dict) else None
            by_id = depth == 1 and loc[0] in NAMED_BY_ID
            named = by_id and isinstance(ident, str) and IDENT.match(ident)
            text += f".{ident}" if named else f"[{part}]"
        else:
            node = node.get(part) if isinstance(node, dict) else None
            text += f".{part}" if text else str(part)
    return text or "file"


def _csv_team_entries(
    rows: list[tuple[InputProblem, dict[str, Any]]], context: dict[str, Any]
) -> tuple[list[TeamEntry], list[WrittenTeam], list[InputProblem]]:
    """Each CSV row validated as a team, problems named by row and column."""
    entries, written, problems = [], [], []
    for origin, team in rows:
        try:
            entries.append(TeamEntry.model_validate(team, context=context))
            written.append(WrittenTeam(team, origin, True))
        except ValidationError as error:
            problems += problems_of(error, TeamEntry, _in_column(origin), missing="empty")
            written.append(WrittenTeam(team, origin, False))
    return entries, written, problems


def _in_column(origin: InputProblem) -> Callable[[Loc], InputProblem]:
    """Where in a CSV row: the column of the team key a loc starts with."""

    def place(loc: Loc) -> InputProblem:
        column = CSV_COLUMN_OF.get(str(loc[0]), str(loc[0])) if loc else origin.where
        return InputProblem(origin.file, column, "", row=origin.row)

    return place
