"""The event envelope and the identifier types every event shares.

Every event carries its own `event_id`, chosen by the sender: with the event's `producer` it
is the idempotency key, so a field app on a bad connection can post the same event as often
as it likes, and no sender can choose an id that shadows another producer's event.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

#: The id patterns, for every reader of ids (path parameters too), so they are written once.
TOURNAMENT_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
IDENT_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
#: The age groups events may name: the rulebook's U9-U19, and U7-U8 that play small-sided.
AGE_GROUP_PATTERN = r"^U([7-9]|1[0-9])$"

TournamentId = Annotated[
    str,
    Field(
        pattern=TOURNAMENT_ID_PATTERN,
        description="Tournament slug: lower-case letters, digits and dashes.",
        examples=["alliance-cup-2026"],
    ),
]
Ident = Annotated[
    str,
    Field(
        pattern=IDENT_PATTERN,
        description="An identifier: letters, digits, '.', '_' or '-', at most 64 characters.",
        examples=["U12B-G1"],
    ),
]
AgeGroup = Annotated[str, Field(pattern=AGE_GROUP_PATTERN, examples=["U12"])]
#: Who produced an event: the role of the token that posted it (the gateway sets it), or the
#: service that derived it. Each producer has an id space of its own.
Producer = Literal["field", "committee", "admin", "discipline"]
#: The longest free-text reason an event may give (a ruling, a correction, a disqualification).
REASON_MAX_LENGTH = 500
Reason = Annotated[str, Field(max_length=REASON_MAX_LENGTH)]
Goals = Annotated[int, Field(ge=0, le=99, description="Goals scored.", examples=[2])]
Minute = Annotated[
    int, Field(ge=0, le=200, description="Minute of play (0 = before kick-off).", examples=[37])
]


class Model(BaseModel):
    """Base for every document: frozen (events are facts) and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Envelope(Model):
    """Fields every event has, whatever its type."""

    event_id: UUID = Field(
        description="Chosen by the sender; the idempotency key. Posting twice is harmless.",
        examples=["6f1c2a4e-8d1b-4c51-9f0e-2b7a3c4d5e6f"],
    )
    schema_version: int = Field(
        default=SCHEMA_VERSION,
        ge=1,
        le=SCHEMA_VERSION,
        description="Version of this event's schema.",
        examples=[SCHEMA_VERSION],
    )
    tournament_id: TournamentId
    occurred_at: AwareDatetime = Field(
        description="When it happened on the field, with a UTC offset.",
        examples=["2026-11-21T10:42:00+00:00"],
    )
    source: str = Field(
        min_length=1,
        max_length=100,
        description="Who sent it: a field app id, 'committee', 'scheduler', a service name.",
        examples=["field-app-7"],
    )
    producer: Producer | None = Field(
        default=None,
        description="Set by the gateway from the posting token's role (or by the service "
        "that derived the event); senders leave it out. Ids are unique per producer.",
        examples=["field"],
    )

    @property
    def identity(self) -> str:
        """What tells one event from another: its id within its producer's id space. Derived
        ids are computed from public data, so a sender could otherwise post under one first
        and make the real event a duplicate; a sender's id can never be another producer's."""
        return f"{self.producer or ''}/{self.event_id}"


def utc_sort_key(moment: datetime) -> float:
    """A number that orders aware datetimes the same way whatever their offsets."""
    return moment.timestamp()


def recency(event: Envelope) -> tuple[float, str]:
    """The one order between versions of a thing (a division definition, a game's schedule
    entry, a team's roster, a game's correction): the later `occurred_at` wins, whatever its
    UTC offset, and the identity settles equal times, so no choice ever depends on the order
    events arrived or were written in."""
    return (utc_sort_key(event.occurred_at), event.identity)
