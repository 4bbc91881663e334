"""Tokens created and revoked while the gateway runs (the director's console).

The token file stays the source of truth: every change is written to it atomically, in the
format `touchline token create` writes, and the running `TokenStore` then takes the file's
new entries, so a revoked token is refused from the next request on and a new one works at
once, and both survive a restart. Changes made by the CLI meanwhile are noticed too: the file
is looked at every few seconds and read again when it changed (a file that no longer reads
is logged and the tokens in force are kept).

Only field, committee and display tokens are made or revoked here, and only for the one
tournament of the console: admin tokens stay with whoever holds the file, so no click in a
browser can lock the director out.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import threading
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import yaml

from schemas.base import IDENT_PATTERN
from services.gateway import field_sheet, token_file
from services.gateway.auth import (
    Principal,
    Role,
    TokenConfigError,
    TokenStore,
    entry_for,
    new_token,
    unused_name,
)

log = logging.getLogger(__name__)

#: The roles the console hands out.
CONSOLE_ROLES = (Role.FIELD, Role.COMMITTEE, Role.DISPLAY)


class TokenChangeRefused(ValueError):
    """A token change that cannot be made: which form field, and what was wrong."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class Created:
    """A new token: shown once, since only its hash is kept."""

    name: str
    token: str
    role: Role
    fields: tuple[str, ...]


class TokenAdmin:
    """Creates and revokes tokens in the token file and swaps them into the running store."""

    def __init__(self, store: TokenStore, file: Path | None, every: float = 2.0) -> None:
        self.store = store
        self.file = file
        self.every = every
        self._lock = threading.Lock()  # one read-change-write at a time
        self._seen = _stamp(file)

    def tokens_for(self, tournament_id: str) -> list[Principal]:
        """The tokens that reach the tournament (its own and every-tournament ones)."""
        return [p for p in self.store.principals() if p.covers(tournament_id)]

    async def create(
        self,
        tournament_id: str,
        role: str,
        name: str = "",
        fields: Collection[str] = (),
        known_fields: Collection[str] = (),
    ) -> Created:
        """A new token for this tournament only; a field token may be limited to fields
        (of `known_fields`) and is then a code to type (`field_sheet.new_code`)."""
        wanted = _console_role(role)
        chosen = tuple(dict.fromkeys(fields))
        if chosen and wanted is not Role.FIELD:
            raise TokenChangeRefused("fields", "only field tokens are limited to fields")
        unknown = sorted(set(chosen) - set(known_fields))
        if unknown:
            raise TokenChangeRefused("fields", f"no field {', '.join(unknown)} in the schedule")
        name = name.strip()
        if name and not re.match(IDENT_PATTERN, name):
            raise TokenChangeRefused(
                "name", "letters, digits, '.', '_' or '-', at most 64, starting with a letter"
            )
        token = field_sheet.new_code() if wanted is Role.FIELD else new_token()
        file = self._file()

        def write() -> str:
            with self._lock:
                given = name or unused_name(wanted, token_file.names(file))
                entry = entry_for(given, token, wanted, [tournament_id], list(chosen) or None)
                try:
                    self._take(token_file.add(file, entry, check=_readable(file)))
                except token_file.TokenNameTaken:
                    raise TokenChangeRefused("name", f"a token named {given!r} exists") from None
                return given

        given = await asyncio.to_thread(write)
        log.info("token %r (%s) created for %s", given, wanted.value, tournament_id)
        return Created(given, token, wanted, chosen)

    async def revoke(self, tournament_id: str, name: str, by: Principal) -> None:
        """Take a token out of the file and the store: refused from the next request on."""
        held = next((p for p in self.store.principals() if p.name == name), None)
        if held is None or not held.covers(tournament_id):
            raise TokenChangeRefused("name", f"no token named {name!r} for {tournament_id!r}")
        if held.role not in CONSOLE_ROLES:
            raise TokenChangeRefused("name", f"{name!r} is an {held.role.value} token")
        if not all(by.covers(t) for t in held.tournaments):
            scope = ", ".join(sorted(held.tournaments))
            raise TokenChangeRefused("name", f"{name!r} is also for {scope}: not yours to revoke")
        file = self._file()

        def write() -> None:
            with self._lock:
                try:
                    self._take(token_file.remove(file, name, check=_readable(file)))
                except token_file.UnknownTokenName:
                    raise TokenChangeRefused("name", f"no token named {name!r}") from None

        await asyncio.to_thread(write)
        log.info("token %r revoked by %r", name, by.name)

    def reload_if_changed(self) -> bool:
        """Read the file again if it changed since last read (by the CLI, say); True if
        the store now serves its new contents."""
        if self.file is None:
            return False
        with self._lock:
            stamp = _stamp(self.file)
            if stamp == self._seen:
                return False
            self._seen = stamp
            try:
                fresh = TokenStore.parse(self.file.read_text(), str(self.file))
            except (OSError, TokenConfigError) as problem:
                log.error("kept the tokens in force; the token file does not read: %s", problem)
                return False
        self.store.replace(fresh)
        log.info("token file changed: %d tokens in force", len(fresh.principals()))
        return True

    async def watch(self) -> None:
        """Notice changes made to the file by others, every `every` seconds, forever."""
        while True:
            await asyncio.sleep(self.every)
            await asyncio.to_thread(self.reload_if_changed)

    def _file(self) -> Path:
        if self.file is None:
            raise TokenChangeRefused(
                "tokens",
                "the gateway's tokens are given inline (TOUCHLINE_TOKENS); give it a "
                "token file (TOUCHLINE_TOKENS_FILE) to manage tokens here",
            )
        return self.file

    def _take(self, data: token_file.TokenData) -> None:
        """Serve what was just written (under the lock)."""
        assert self.file is not None
        self.store.replace(TokenStore.parse(yaml.safe_dump(data), str(self.file)))
        self._seen = _stamp(self.file)


def _console_role(role: str) -> Role:
    allowed = {r.value: r for r in CONSOLE_ROLES}
    if role not in allowed:
        raise TokenChangeRefused("role", f"{role!r} is not one of {', '.join(allowed)}")
    return allowed[role]


def _readable(file: Path) -> token_file.Check:
    """Refuse to write contents the gateway could not read back."""

    def check(data: token_file.TokenData) -> None:
        try:
            TokenStore.parse(yaml.safe_dump(data), str(file))
        except TokenConfigError as problem:
            raise TokenChangeRefused("tokens", str(problem)) from None

    return check


def _stamp(file: Path | None) -> tuple[int, int, int] | None:
    """What tells one version of the file from another without reading it."""
    try:
        found = os.stat(file) if file is not None else None
    except FileNotFoundError:
        return None
    return None if found is None else (found.st_ino, found.st_mtime_ns, found.st_size)
