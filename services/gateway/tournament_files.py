"""The tournament files the gateway reads a tournament's rules from (TOUCHLINE_TOURNAMENT_FILES):
fields, opening hours, rest and the rest a replan needs and the schedule feed does not carry.

Each path is a file or a directory of `*.yaml` files; a file is known by the `id` inside it.
Files are read when asked for and again whenever they change on disk, so a director who adds
field time to the file replans with it without a restart.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from services.input_problem import InputProblem
from services.scheduler.loader import TournamentFileError, load_tournament
from services.scheduler.tournament import Tournament


class NoTournamentFile(LookupError):
    """No tournament file holds the tournament; the message says where the gateway looked."""


class TournamentFiles:
    """Finds and reads a tournament's file (blocking: call it off the event loop)."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = tuple(paths)
        self._read: dict[Path, tuple[int, Tournament | TournamentFileError]] = {}

    def load(self, tournament_id: str) -> Tournament:
        """The tournament's rules; NoTournamentFile, or the file's own TournamentFileError
        when the only candidate that does not read might have been it."""
        unreadable: list[TournamentFileError] = []
        for path in self._files():
            found = self._read_file(path)
            if isinstance(found, TournamentFileError):
                unreadable.append(found)
            elif found.id == tournament_id:
                return found
        if unreadable:
            raise unreadable[0]
        where = (
            ", ".join(str(p) for p in self.paths) or "nowhere: TOUCHLINE_TOURNAMENT_FILES is unset"
        )
        raise NoTournamentFile(
            f"no tournament file has the id {tournament_id!r} (looked in {where})"
        )

    def _files(self) -> list[Path]:
        found = []
        for path in self.paths:
            if path.is_dir():
                found += sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
            else:
                found.append(path)
        return found

    def _read_file(self, path: Path) -> Tournament | TournamentFileError:
        try:
            changed = os.stat(path).st_mtime_ns
        except OSError as problem:
            what = f"cannot be read ({problem.strerror})"
            return TournamentFileError([InputProblem(str(path), "", what)])
        held = self._read.get(path)
        if held is not None and held[0] == changed:
            return held[1]
        try:
            read: Tournament | TournamentFileError = load_tournament(path)
        except TournamentFileError as problem:
            read = problem
        self._read[path] = (changed, read)
        return read
