"""Read a volunteer export: one row per certification held (a volunteer with none has one
row with the certification empty).

Columns: volunteer_id, name, role (coach, assistant_coach or helper), division (for coaches:
one of the divisions, or several separated by ';'), certification (one of
`rules.CERTIFICATIONS`), completed (YYYY-MM-DD). A volunteer's name, role and division are
read from their first row; a later row that says otherwise is a problem.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from services.region.coaches.rules import CERTIFICATIONS, COACHES, DIVISIONS, VolunteerRole
from services.region.csv_rows import Row, read_table

COLUMNS = ("volunteer_id", "name", "role", "division", "certification", "completed")


@dataclass(frozen=True)
class HeldCertification:
    name: str
    completed: date


@dataclass(frozen=True)
class Volunteer:
    id: str
    name: str
    role: VolunteerRole
    divisions: tuple[str, ...]
    held: tuple[HeldCertification, ...] = ()


def read_volunteers(path: Path) -> list[Volunteer]:
    """Every volunteer in the file, in the order they first appear; raises `InputError`
    with every problem found."""
    table = read_table(path, COLUMNS)
    people: dict[str, tuple[Row, Volunteer]] = {}
    for row in table.rows:
        volunteer = _volunteer(row)
        if volunteer is None:
            continue
        if volunteer.id not in people:
            people[volunteer.id] = (row, volunteer)
            continue
        first, known = people[volunteer.id]
        for column, mine, theirs in (
            ("name", volunteer.name, known.name),
            ("role", volunteer.role, known.role),
            ("division", volunteer.divisions, known.divisions),
        ):
            if mine != theirs:
                row.problem(column, f"differs from row {first.number} for {volunteer.id!r}")
        people[volunteer.id] = (first, replace(known, held=known.held + volunteer.held))
    table.raise_problems()
    return [volunteer for _, volunteer in people.values()]


def _volunteer(row: Row) -> Volunteer | None:
    volunteer_id, name = row.ident("volunteer_id"), row.text("name")
    role = _role(row)
    divisions = _divisions(row, role)
    held = _held(row)
    if not (volunteer_id and name) or role is None or divisions is None or held is None:
        return None
    return Volunteer(volunteer_id, name, role, divisions, held)


def _role(row: Row) -> VolunteerRole | None:
    value = row.text("role").lower()
    if not value:
        return None
    try:
        return VolunteerRole(value)
    except ValueError:
        row.problem("role", f"{value!r} is not one of {', '.join(VolunteerRole)}")
        return None


def _divisions(row: Row, role: VolunteerRole | None) -> tuple[str, ...] | None:
    divisions = tuple(row.items("division"))
    unknown = [d for d in divisions if d not in DIVISIONS]
    if unknown:
        what = f"{', '.join(map(repr, unknown))} is not a division ({', '.join(DIVISIONS)})"
        row.problem("division", what)
        return None
    if role in COACHES and not divisions:
        row.problem("division", "empty: a coach coaches in a division")
        return None
    return divisions


def _held(row: Row) -> tuple[HeldCertification, ...] | None:
    name = row.cells.get("certification", "").lower()
    if not name:
        return ()
    if name not in CERTIFICATIONS:
        row.problem("certification", f"{name!r} is not one of {', '.join(CERTIFICATIONS)}")
        return None
    completed = row.day("completed")
    return None if completed is None else (HeldCertification(name, completed),)
