"""One thing wrong with a file a person wrote, and where: the one problem type of every reader.

Every reader of a director's or a committee's file (the tournament YAML, a team or roster
CSV, a JSON-lines event file, a schedule JSON, a command-line value) reports what it cannot
use as `InputProblem`s, so every command prints them the same way: `file:line: where: what`
(or `file:row N: ...` for a CSV row, as a spreadsheet numbers it), which editors and
terminals turn into a link to the line. A reader keeps going after a problem, so one run
lists everything to fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

#: A value shown in a message is cut to this many characters, so a hostile or mistaken
#: megabyte of text in one field does not become a megabyte of error message.
SHOWN = 60


@dataclass(frozen=True)
class InputProblem:
    """What is wrong (`what`, a sentence a director understands), in which file, at which
    line or CSV row (neither when the whole file is at fault), and `where` in it: a dotted
    path such as `divisions.U12B.groups.A` or `teams[2].coach_ids[0]`, or a CSV column."""

    file: str
    where: str
    what: str
    line: int | None = None
    row: int | None = None

    @property
    def position(self) -> str:
        """`file:line`, `file:row N` or just `file`."""
        if self.line is not None:
            return f"{self.file}:{self.line}"
        if self.row is not None:
            return f"{self.file}:row {self.row}"
        return self.file

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.position}:{where} {self.what}"

    def saying(self, what: str) -> InputProblem:
        """The same place with another message (a check that runs after reading a thing
        reports at the place the thing was written)."""
        return replace(self, what=what)


class InputError(ValueError):
    """Input that cannot be used; carries every problem found, in the order of each file."""

    def __init__(self, problems: Iterable[InputProblem]) -> None:
        self.problems = in_file_order(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def in_file_order(problems: Iterable[InputProblem]) -> list[InputProblem]:
    """Each file's problems by line or row, files in the order they first appear."""
    listed = list(problems)
    first = {}
    for problem in listed:
        first.setdefault(problem.file, len(first))
    return sorted(listed, key=lambda p: (first[p.file], p.line or p.row or 0))


def shown(value: object) -> str:
    """`repr(value)`, cut to `SHOWN` characters."""
    text = repr(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."
