"""Read the referees: a YAML file of the assignor's rules and referees, or a CSV of referees.

An assignor writes or exports these by hand, so every problem is reported with the file, the
line (or CSV row and column) and what is wrong, all at once, as for the tournament file
(`InputProblem`). The YAML may name a CSV (`referees_csv:`) for the referee list itself, as
regions export it; a CSV given alone is read with the default rules.

    id, name, grade, birth_date, available, venues, max_games_per_day, teams, club
    r7, Ann Lee, advanced, 1984-03-02, sat 08:00-12:00 14:00-18:00; sun 08:00-13:00,
        north, 3, U12-t4, Rovers   (one line)

`available`, `venues` and `teams` empty mean every day, every venue, no team. A referee whose
id is a coach id of the tournament's teams is tied to those teams too (AYSO coaches are
certified referees; the tie must not depend on the assignor remembering it).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from services.input_problem import InputError, InputProblem, shown
from services.referees.entries import RefereeEntry, RefereesEntry, grades_of
from services.referees.pool import AssignorRules, Crew, Pool, Referee
from services.scheduler.loader import where
from services.scheduler.tournament import Tournament
from services.scheduler.tournament_file.errors import Loc, kind_of, problems_of
from services.scheduler.tournament_file.values import Declared
from services.scheduler.tournament_file.yaml_tree import YamlUnreadable, read_yaml

CSV_COLUMNS = (
    "id",
    "name",
    "grade",
    "birth_date",
    "available",
    "venues",
    "max_games_per_day",
    "teams",
    "club",
)
REQUIRED_COLUMNS = ("id", "grade", "birth_date")
#: Far larger than any region's referee list.
MAX_BYTES = 4 * 1024 * 1024


class RefereesFileError(InputError):
    """The referees file (or its CSV) cannot be used; carries every problem found."""


def load_pool(path: Path | str, tournament: Tournament) -> Pool:
    """The referees and rules of a YAML or CSV file, checked against the tournament's days,
    venues and teams; raise `RefereesFileError` listing every problem."""
    path = Path(path)
    context = {"declared": _declared(tournament)}
    if path.suffix.lower() == ".csv":
        rows, problems = _read_csv(path, None)
        context["grades"] = grades_of(None)
        entries, more = _csv_entries(rows, context)
        problems += more + _duplicates([(origin, entry.id) for origin, entry in entries])
        if problems:
            raise RefereesFileError(problems)
        return _pool(RefereesEntry(), [entry for _, entry in entries], tournament)
    data, line_of, problems = _read_yaml(path)
    context["grades"] = grades_of(data)

    def here(loc: Loc) -> InputProblem:
        return InputProblem(path.name, where(loc, data), "", line=line_of(loc))

    document: RefereesEntry | None = None
    try:
        document = RefereesEntry.model_validate(data, context=context)
    except ValidationError as error:
        problems += problems_of(error, RefereesEntry, here)
    listed = data.get("referees") if isinstance(data.get("referees"), list) else []
    written = [
        (here(("referees", n, "id")), str(item.get("id")))
        for n, item in enumerate(listed)
        if isinstance(item, dict)
    ]
    csv_entries: list[tuple[InputProblem, RefereeEntry]] = []
    if isinstance(data.get("referees_csv"), str):
        rows, more = _read_csv(path.parent / data["referees_csv"], here(("referees_csv",)))
        csv_entries, invalid = _csv_entries(rows, context)
        problems += more + invalid
        written += [(origin, entry.id) for origin, entry in csv_entries]
    problems += _duplicates(written) + _grade_levels(data, here)
    if not written and not problems:
        problems.append(here(("referees",)).saying("no referees: give referees or referees_csv"))
    if problems or document is None:
        raise RefereesFileError(problems)
    return _pool(document, document.referees + [e for _, e in csv_entries], tournament)


def _declared(tournament: Tournament) -> Declared:
    """The tournament's ids a referee may refer to."""
    return Declared(
        days=set(tournament.day), venues=set(tournament.venue), teams=set(tournament.team)
    )


def _read_yaml(
    path: Path,
) -> tuple[dict[str, Any], Callable[[Loc], int | None], list[InputProblem]]:
    """The file's mapping and its line map; an unreadable file is one problem."""
    try:
        raw = path.read_bytes()[: MAX_BYTES + 1]
        if len(raw) > MAX_BYTES:
            what = f"larger than {MAX_BYTES // 2**20} MiB"
            raise RefereesFileError([InputProblem(path.name, "file", what)])
        document = read_yaml(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        what = f"cannot read: {getattr(error, 'strerror', None) or error}"
        raise RefereesFileError([InputProblem(path.name, "file", what)]) from None
    except YamlUnreadable as error:
        raise RefereesFileError(
            [InputProblem(path.name, "yaml", error.what, line=error.line)]
        ) from None
    if not isinstance(document.data, dict):
        what = f"expected a mapping of the referees file's sections, got {kind_of(document.data)}"
        raise RefereesFileError([InputProblem(path.name, "file", what, line=1)])
    problems = [
        InputProblem(path.name, where(loc, document.data), what, line=line)
        for loc, line, what in document.problems
    ]
    return document.data, document.line, problems


Row = tuple[InputProblem, dict[str, Any]]


def _read_csv(path: Path, named_at: InputProblem | None) -> tuple[list[Row], list[InputProblem]]:
    """Each row as a referee mapping with its place; the header is row 1, as a spreadsheet
    numbers it. A file that cannot be read is reported where the YAML names it."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                what = f"missing column(s) {', '.join(missing)} (columns: {', '.join(CSV_COLUMNS)})"
                return [], [InputProblem(path.name, "header", what, row=1)]
            unknown = [c for c in reader.fieldnames or [] if c not in CSV_COLUMNS]
            if unknown:
                what = f"unknown column(s) {', '.join(unknown)} (columns: {', '.join(CSV_COLUMNS)})"
                return [], [InputProblem(path.name, "header", what, row=1)]
            rows: list[Row] = []
            problems: list[InputProblem] = []
            for number, row in enumerate(reader, start=2):
                origin = InputProblem(path.name, "id", "", row=number)
                referee, trouble = _row(row, origin)
                rows.append((origin, referee))
                problems += trouble
            return rows, problems
    except (OSError, UnicodeDecodeError) as error:
        what = f"cannot read {path.name}: {getattr(error, 'strerror', None) or error}"
        return [], [(named_at or InputProblem(path.name, "file", "")).saying(what)]
    except csv.Error as error:
        return [], [InputProblem(path.name, "", f"not readable as CSV ({error})")]


def _row(
    row: dict[str | None, str | None], origin: InputProblem
) -> tuple[dict[str, Any], list[InputProblem]]:
    """One CSV row as the mapping a YAML item would be: lists split on ';', the daily
    maximum as a number, availability as `{day: [windows]}`."""
    values = {key: (value or "").strip() for key, value in row.items() if key is not None}
    referee: dict[str, Any] = {
        k: values.get(k) or None for k in ("id", "name", "grade", "birth_date")
    }
    referee["club"] = values.get("club", "")
    for key in ("venues", "teams"):
        if values.get(key):
            referee[key] = [part.strip() for part in values[key].split(";") if part.strip()]
    daily = values.get("max_games_per_day", "")
    if daily:
        referee["max_games_per_day"] = int(daily) if daily.isdigit() else daily
    problems = []
    if values.get("available"):
        available: dict[str, list[str]] = {}
        for part in (p.strip() for p in values["available"].split(";") if p.strip()):
            day, *windows = part.split()
            if not windows:
                what = f"{shown(part)} is not 'DAY HH:MM-HH:MM ...' (e.g. 'sat 08:00-12:00')"
                problems.append(InputProblem(origin.file, "available", what, row=origin.row))
                continue
            available.setdefault(day, []).extend(windows)
        referee["available"] = available
    return referee, problems


def _csv_entries(
    rows: list[Row], context: dict[str, Any]
) -> tuple[list[tuple[InputProblem, RefereeEntry]], list[InputProblem]]:
    """Each row validated as a referee; problems named by row and column."""
    entries, problems = [], []
    for origin, referee in rows:
        try:
            entries.append((origin, RefereeEntry.model_validate(referee, context=context)))
        except ValidationError as error:
            place = _column(origin)
            problems += problems_of(error, RefereeEntry, place, missing="empty")
    return entries, problems


def _column(origin: InputProblem) -> Callable[[Loc], InputProblem]:
    def place(loc: Loc) -> InputProblem:
        column = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)[1:]
        return InputProblem(origin.file, column or "id", "", row=origin.row)

    return place


def _duplicates(written: list[tuple[InputProblem, str]]) -> list[InputProblem]:
    """A referee id used twice, reported at its second use with the first's place."""
    first: dict[str, InputProblem] = {}
    problems = []
    for origin, ident in written:
        if ident in first:
            problems.append(
                origin.saying(
                    f"referee {ident!r} is listed twice (first at {first[ident].position})"
                )
            )
        else:
            first[ident] = origin
    return problems


def _grade_levels(data: dict[str, Any], here: Callable[[Loc], InputProblem]) -> list[InputProblem]:
    """Each level named once, so 'higher than' means one thing."""
    listed = data.get("grades")
    if not isinstance(listed, list):
        return []
    seen: set[object] = set()
    problems = []
    for n, grade in enumerate(listed):
        if grade in seen:
            problems.append(here(("grades", n)).saying(f"grade {shown(grade)} is listed twice"))
        seen.add(grade)
    return problems


def _pool(document: RefereesEntry, entries: list[RefereeEntry], tournament: Tournament) -> Pool:
    """The domain types, with each referee's coach ties added from the tournament's teams."""
    crews = {key: Crew(crew.minimum()) for key, crew in document.crews.items()}
    rules = AssignorRules(
        grades=tuple(document.grades),
        crews_by_size={k: c for k, c in crews.items() if not k.startswith("U")},
        crews_by_age={int(k[1:]): c for k, c in crews.items() if k.startswith("U")},
        age_gap_years=document.age_gap_years,
        rest_minutes=document.rest_minutes,
        max_games_per_day=document.max_games_per_day,
        with_team_before=document.with_team_before,
        with_team_after=document.with_team_after,
    )
    referees = tuple(
        Referee(
            id=entry.id,
            name=entry.name or entry.id,
            grade=entry.grade,
            birth_date=entry.birth_date,
            available=entry.available,
            venues=None if entry.venues is None else frozenset(entry.venues),
            max_games_per_day=entry.max_games_per_day,
            teams=frozenset(entry.teams) | set(tournament.teams_of_coach.get(entry.id, ())),
            club=entry.club,
        )
        for entry in entries
    )
    return Pool(referees, rules)
