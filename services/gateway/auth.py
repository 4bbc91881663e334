"""Bearer tokens with roles, scoped to tournaments, stored only as SHA-256 hashes.

The token file (YAML) lists one entry per token:

    tokens:
      - name: field-3
        sha256: 9f86d0...        # `touchline token create` prints a token and this line
        role: field              # field | committee | admin | display | referee
        tournaments: [alliance-cup-2026]   # or ["*"]
        fields: [F3, F4]         # optional, field tokens: only games on these fields
        referee: ref-adams       # referee tokens: whose own schedule it reads
    public: [alliance-cup-2026]  # tournaments whose standings anyone may read

It is read from TOUCHLINE_TOKENS_FILE, or given inline in TOUCHLINE_TOKENS.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from schemas.codec import problems_of
from schemas.schedule import SCHEDULE_EVENT_TYPES

#: The consoles' session cookie: it holds the token itself (see `console/session.py`).
CONSOLE_COOKIE = "touchline_console"


class Role(StrEnum):
    FIELD = "field"
    COMMITTEE = "committee"
    ADMIN = "admin"
    DISPLAY = "display"
    REFEREE = "referee"


#: Event types only the committee (or an admin) may post; field apps post everything else.
COMMITTEE_EVENT_TYPES = frozenset({"score.corrected", "tiebreak.decided", "team.disqualified"})
#: And every event of these families: rulings, and the registration desk's.
COMMITTEE_PREFIXES = ("ruling.", "registration.")


#: The director's events: the schedule and the registered rosters.
DIRECTOR_EVENT_TYPES = SCHEDULE_EVENT_TYPES | {"roster.submitted"}


class TokenEntry(BaseModel):
    name: str = Field(min_length=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    role: Role
    tournaments: list[str] = Field(min_length=1)
    fields: list[str] | None = Field(
        default=None, description="For field tokens: only games on these fields."
    )
    referee: str | None = Field(
        default=None, description="For referee tokens: the referee whose schedule it reads."
    )

    @model_validator(mode="after")
    def _referee_tokens_name_their_referee(self) -> TokenEntry:
        if (self.role is Role.REFEREE) != (self.referee is not None):
            raise ValueError("referee: a referee token, and only one, names its referee")
        return self


class TokenFile(BaseModel):
    tokens: list[TokenEntry] = Field(default_factory=list)
    public: list[str] = Field(
        default_factory=list,
        description="Tournaments whose standings and display anyone may read.",
    )

    @model_validator(mode="after")
    def _names_are_unique(self) -> TokenFile:
        """Answers and logs tell tokens apart by name; two of one name would not be."""
        counts = Counter(token.name for token in self.tokens)
        shared = [f"the name {n!r} is used by {c} tokens" for n, c in counts.items() if c > 1]
        if shared:
            raise ValueError("; ".join(shared))
        return self


class TokenConfigError(ValueError):
    """The token configuration cannot be read; the message says where and what."""


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token (by its hash, `key`), its name, role and tournaments."""

    key: str
    name: str
    role: Role
    tournaments: frozenset[str]
    fields: frozenset[str] | None = None
    referee: str | None = None  # referee tokens: whose schedule

    def covers(self, tournament_id: str) -> bool:
        return "*" in self.tournaments or tournament_id in self.tournaments

    def covers_field(self, field_id: str | None) -> bool:
        """A field-scoped token posts only about games on its fields."""
        return self.fields is None or field_id in self.fields

    def may_post(self, event_type: str) -> bool:
        """Field apps post match events; the committee posts rulings, corrections and
        registrations; only an admin (the director's tools) posts the schedule and rosters."""
        if self.role is Role.ADMIN:
            return True
        if event_type in DIRECTOR_EVENT_TYPES:
            return False
        if event_type.startswith(COMMITTEE_PREFIXES) or event_type in COMMITTEE_EVENT_TYPES:
            return self.role is Role.COMMITTEE
        return self.role is Role.FIELD


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A fresh random token (shown once; only its hash is stored)."""
    return secrets.token_urlsafe(24)


def unused_name(role: Role, taken: Iterable[str]) -> str:
    """The first of `field-1`, `field-2`, ... (for the role) that no token has yet."""
    names = set(taken)
    return next(
        f"{role.value}-{n}" for n in range(1, len(names) + 2) if f"{role.value}-{n}" not in names
    )


class TokenStore:
    """Looks up a presented token by its hash. Its tokens and public tournaments are held
    as one value, so `replace` (from any thread) swaps both at once."""

    def __init__(self, entries: list[TokenEntry], public: list[str] | None = None) -> None:
        by_hash = {
            entry.sha256: Principal(
                entry.sha256,
                entry.name,
                entry.role,
                frozenset(entry.tournaments),
                None if entry.fields is None else frozenset(entry.fields),
                entry.referee,
            )
            for entry in entries
        }
        self._held = (by_hash, frozenset(public or ()))

    @property
    def public(self) -> frozenset[str]:
        return self._held[1]

    def authenticate(self, token: str) -> Principal | None:
        return self._held[0].get(digest(token))

    def principals(self) -> list[Principal]:
        """Every token the store knows, by name."""
        return sorted(self._held[0].values(), key=lambda principal: principal.name)

    def replace(self, other: TokenStore) -> None:
        """Serve `other`'s tokens and public tournaments from the next request on (the
        token file changed); whoever holds this store sees the change."""
        self._held = other._held

    def may_read(self, principal: Principal | None, tournament_id: str) -> bool:
        """Standings and the display: public tournaments for anyone, others with a token
        (of any role) for the tournament."""
        public = self.public
        if tournament_id in public or "*" in public:
            return True
        return principal is not None and principal.covers(tournament_id)

    @classmethod
    def parse(cls, text: str, origin: str) -> TokenStore:
        try:
            data = yaml.safe_load(text) or {}
            parsed = TokenFile.model_validate(data)
            return cls(parsed.tokens, parsed.public)
        except yaml.YAMLError as exc:
            raise TokenConfigError(f"{origin}: not valid YAML ({exc})") from exc
        except ValidationError as exc:
            where = "; ".join(f"{path}: {what}" for path, what in problems_of(exc))
            raise TokenConfigError(f"{origin}: {where}") from exc


def entry_for(
    name: str,
    token: str,
    role: Role,
    tournaments: list[str],
    fields: list[str] | None = None,
    referee: str | None = None,
) -> dict[str, object]:
    """The token file entry for a token (what `touchline token create` appends)."""
    entry: dict[str, object] = {
        "name": name,
        "sha256": digest(token),
        "role": role.value,
        "tournaments": tournaments,
    }
    if fields:
        entry["fields"] = fields
    if referee:
        entry["referee"] = referee
    return entry
