"""Read a region's CSV export: a header of known columns, then rows numbered as a spreadsheet
numbers them (the header is row 1), every problem an `InputProblem` naming the row and column.

The readers of players, teams, volunteers, fields and practice choices share this, so each
says only what its columns mean; a bad cell is reported and the reading goes on, so one run
lists everything to fix.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from schemas.base import IDENT_PATTERN
from services.input_problem import InputError, InputProblem, shown

IDENT = re.compile(IDENT_PATTERN)
YES = frozenset({"yes", "y", "true", "1", "x"})
NO = frozenset({"no", "n", "false", "0", ""})
IDENT_RULE = "a letter or digit, then up to 63 letters, digits, '.', '_' or '-'"

T = TypeVar("T")


@dataclass
class Row:
    """One data row: its number, its cells by column (stripped, empty when missing), and the
    problems list its cells report into."""

    file: str
    number: int
    cells: dict[str, str]
    problems: list[InputProblem]

    def problem(self, column: str, what: str) -> None:
        self.problems.append(InputProblem(self.file, column, what, row=self.number))

    def text(self, column: str, *, required: bool = True) -> str:
        """The cell's text; an empty required cell is a problem (and comes back empty)."""
        value = self.cells.get(column, "")
        if required and not value:
            self.problem(column, "empty")
        return value

    def ident(self, column: str) -> str:
        """An id: letters, digits, '.', '_' or '-', at most 64 (ids name output files)."""
        value = self.text(column)
        if value and not IDENT.match(value):
            self.problem(column, f"{shown(value)} is not an id ({IDENT_RULE})")
            return ""
        return value

    def yes_no(self, column: str) -> bool | None:
        """A yes/no cell (empty: no); anything else is a problem (and None)."""
        value = self.cells.get(column, "").lower()
        if value in YES or value in NO:
            return value in YES
        self.problem(column, f"{shown(value)} is neither yes nor no")
        return None

    def parsed(self, column: str, parse: Callable[[str], T], expected: str) -> T | None:
        """The cell read by `parse`, or None (with a problem saying what was `expected`)."""
        value = self.text(column)
        if not value:
            return None
        try:
            return parse(value)
        except (ValueError, InvalidOperation):
            self.problem(column, f"{shown(value)} is not {expected}")
            return None

    def day(self, column: str) -> date | None:
        return self.parsed(column, date.fromisoformat, "a date (YYYY-MM-DD)")

    def decimal(self, column: str) -> Decimal | None:
        return self.parsed(column, _finite, "a number")

    def items(self, column: str) -> list[str]:
        """A ';'-separated list cell (empty: no items)."""
        return [item.strip() for item in self.cells.get(column, "").split(";") if item.strip()]


def _finite(text: str) -> Decimal:
    number = Decimal(text)
    if not number.is_finite():
        raise ValueError(text)
    return number


@dataclass
class Table:
    """A file's rows and the problems found so far (header problems included)."""

    file: str
    rows: list[Row] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)

    def raise_problems(self) -> None:
        if self.problems:
            raise InputError(self.problems)


def read_table(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> Table:
    """The file's rows; a file that cannot be read, a missing or unknown column is a problem
    (rows are not read past a header that lacks a required column)."""
    table = Table(path.name)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        table.problems.append(InputProblem(path.name, "", f"cannot read the file: {reason}"))
        return table
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in reader.fieldnames or []]
    except csv.Error as error:
        table.problems.append(InputProblem(path.name, "", f"not readable as CSV ({error})", row=1))
        return table

    def header_problem(what: str) -> None:
        table.problems.append(InputProblem(path.name, "header", what, row=1))

    missing = [name for name in required if name not in header]
    unknown = [name for name in header if name not in required + optional]
    if missing:
        header_problem(f"missing column(s) {', '.join(missing)} (need {', '.join(required)})")
    if unknown:
        known = ", ".join(required + optional)
        header_problem(f"unknown column(s) {', '.join(unknown)} (known: {known})")
    if missing:
        return table
    for number, raw in _numbered(reader, table):
        if None in raw:
            table.problems.append(
                InputProblem(path.name, "", "more cells than the header has columns", row=number)
            )
            continue
        cells = {
            str(key).strip().lower(): (value or "").strip()
            for key, value in raw.items()
            if key is not None
        }
        if any(cells.values()):
            table.rows.append(Row(path.name, number, cells, table.problems))
    if not table.rows and not table.problems:
        table.problems.append(InputProblem(path.name, "", "no rows: the file has only a header"))
    return table


def _numbered(
    reader: csv.DictReader[str], table: Table
) -> Iterator[tuple[int, dict[str | None, object]]]:
    """(row number, raw row) until a row cannot be read as CSV (reported, not raised). Rows
    are numbered as a spreadsheet shows them: a cell over several lines is still one row."""
    try:
        yield from enumerate(reader, start=2)  # type: ignore[misc]
    except csv.Error as error:
        what = f"not readable as CSV ({error})"
        table.problems.append(InputProblem(table.file, "", what, row=reader.line_num))
