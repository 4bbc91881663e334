"""The token file on disk: the one source of truth for who may do what, shared by the CLI
(`touchline token create`, `field-sheet`) and the director's console.

Every change is a read, a change and an atomic write: the new text goes to a private
temporary file beside the token file, is flushed to disk, and replaces the old file in one
rename. A gateway reading the file meanwhile (at start, or on noticing it changed) sees
either the old file or the new one, never half of either; a crash mid-write leaves the old.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from services.files import private_directory

TokenData = dict[str, Any]


class TokenNameTaken(ValueError):
    """A token of that name is already in the file (answers and logs tell tokens apart by
    name, so two may not share one)."""

    def __init__(self, file: Path, name: str) -> None:
        super().__init__(f"{file} already has a token named {name!r}")
        self.name = name


class UnknownTokenName(LookupError):
    """No token of that name is in the file."""

    def __init__(self, file: Path, name: str) -> None:
        super().__init__(f"{file} has no token named {name!r}")
        self.name = name


def read(file: Path) -> TokenData:
    """The file's contents as written (a missing or empty file: no tokens)."""
    data = (yaml.safe_load(file.read_text()) if file.exists() else None) or {}
    data.setdefault("tokens", [])
    return data


def write(file: Path, data: TokenData) -> None:
    """Replace the file's contents atomically, readable by its owner only."""
    private_directory(file.parent)
    handle, temporary = tempfile.mkstemp(prefix=f".{file.name}.", dir=file.parent)
    try:
        with os.fdopen(handle, "w") as out:  # mkstemp creates it 0600
            out.write(yaml.safe_dump(data, sort_keys=False))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, file)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


#: Called with the changed contents before they are written; raises to leave the file alone.
Check = Callable[[TokenData], None]


def _nothing(data: TokenData) -> None:
    """The CLI writes what it is told; the gateway checks the whole file first."""


def edit(file: Path, change: Callable[[TokenData], None], check: Check = _nothing) -> TokenData:
    """Read, change, check and write the file back; the new contents."""
    data = read(file)
    change(data)
    check(data)
    write(file, data)
    return data


def add(file: Path, entry: dict[str, object], check: Check = _nothing) -> TokenData:
    """Append a token's entry (`auth.entry_for`); TokenNameTaken if its name is in use."""

    def change(data: TokenData) -> None:
        if any(held.get("name") == entry["name"] for held in data["tokens"]):
            raise TokenNameTaken(file, str(entry["name"]))
        data["tokens"].append(entry)

    return edit(file, change, check)


def remove(file: Path, name: str, check: Check = _nothing) -> TokenData:
    """Take a token's entry out of the file; UnknownTokenName if there is none."""

    def change(data: TokenData) -> None:
        kept = [held for held in data["tokens"] if held.get("name") != name]
        if len(kept) == len(data["tokens"]):
            raise UnknownTokenName(file, name)
        data["tokens"] = kept

    return edit(file, change, check)


def make_public(file: Path, tournaments: list[str]) -> TokenData:
    """Let anyone read these tournaments' standings and display page."""

    def change(data: TokenData) -> None:
        data["public"] = sorted(set(data.get("public", [])) | set(tournaments))

    return edit(file, change)


def names(file: Path) -> list[str]:
    """The names of the file's tokens."""
    return [str(entry.get("name")) for entry in read(file)["tokens"]]
