"""Whether one posted event may enter the journal, and as what: plain code, no HTTP.

The same checks run for an event posted alone and for each event of a batch, so no limit is
missing on either path: its size, its JSON (bounded, `codec.decode`), its schema, that the
sender left `producer` out, that the caller's token covers its tournament, its type (the
role) and, for a field-scoped token, the field of its game, and that no locked roster stops
it (a new roster or a lineup for a team whose roster was locked at check-in). An admitted
event is stamped with the caller's role as its producer (ids are unique per producer),
routed to the topic of whoever folds it, and carries `raw`, its exact bytes, for the journal.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from typing import Any

from pydantic import BaseModel

from schemas import codec
from schemas.match import GameEvent
from services.gateway.auth import Principal
from services.gateway.journal import Incoming
from services.gateway.routing import route

MAX_EVENT_BYTES = 64 * 1024

#: The field a tournament's game is scheduled on, if the gateway knows the game.
FieldOf = Callable[[str, str], str | None]
#: Why a locked roster refuses an event (None: nothing locked stops it).
LockOf = Callable[[Any], str | None]


def nothing_locked(event: Any) -> str | None:
    return None


class Answer(BaseModel):
    """The gateway's answer to one posted event."""

    event_id: str | None = None
    status: str
    published: bool | None = None
    errors: list[dict[str, str]] | None = None


def problem(status: str, field: str, what: str) -> Answer:
    """An answer naming one field and what was wrong with it."""
    return Answer(status=status, errors=[{"field": field, "problem": what}])


class Refused(Exception):
    """One event refused, with the HTTP status and the field-level reason."""

    def __init__(self, status: int, answer: Answer) -> None:
        super().__init__(status, answer)
        self.status = status
        self.answer = answer


class TooManyEvents(Exception):
    """A batch holds more events than one batch may."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"at most {limit} events per batch")
        self.limit = limit


def admit(
    principal: Principal,
    raw: bytes,
    which: str,
    field_of: FieldOf,
    locked: LockOf = nothing_locked,
) -> Incoming:
    """The journal row of one event `principal` posted, or Refused. `which` names the event
    in the reasons: "the event" alone, "event 3 of this batch" in a batch. `field_of` is
    asked only for a field-scoped token's game events; `locked` for every event that passed
    the other checks (409 when a locked roster refuses it)."""
    if len(raw) > MAX_EVENT_BYTES:
        detail = f"{which} is {len(raw):,} bytes; one event may be at most {MAX_EVENT_BYTES:,}"
        raise Refused(413, problem("too_large", "body", detail))
    try:
        event = codec.decode(codec.INBOUND_EVENT, raw)
    except codec.DecodeError as exc:
        raise Refused(422, invalid(exc)) from exc
    if event.producer is not None:
        detail = "set by the gateway from the token's role; leave it out"
        raise Refused(422, problem("invalid", "producer", detail))
    if not principal.covers(event.tournament_id):
        detail = f"token {principal.name!r} is not for {event.tournament_id!r}"
        raise Refused(403, problem("forbidden", "tournament_id", detail))
    if not principal.may_post(event.type):
        detail = f"a {principal.role.value} token may not post {event.type}"
        raise Refused(403, problem("forbidden", "type", detail))
    if (
        isinstance(event, GameEvent)
        and principal.fields is not None
        and not principal.covers_field(field_of(event.tournament_id, event.game_id))
    ):
        detail = f"game {event.game_id!r} is not on a field of token {principal.name!r}"
        raise Refused(403, problem("forbidden", "game_id", detail))
    if (reason := locked(event)) is not None:
        raise Refused(409, problem("locked", "team_id", reason))
    event = event.model_copy(update={"producer": principal.role.value})
    topic, key = route(event)
    body = codec.encode(event)
    return Incoming(
        principal.role.value, str(event.event_id), event.tournament_id, topic, key, body, raw
    )


def batch_events(body: bytes, limit: int) -> list[bytes]:
    """A batch body's events, each its exact bytes, not yet parsed (`codec.array_items`):
    Refused (422) if the body is not a JSON array, TooManyEvents past `limit` (found without
    splitting the rest of the body)."""
    try:
        items = list(islice(codec.array_items(body), limit + 1))
    except codec.DecodeError as exc:
        raise Refused(422, invalid(exc)) from exc
    if len(items) > limit:
        raise TooManyEvents(limit)
    return items


def invalid(error: codec.DecodeError) -> Answer:
    """The answer to input that is not a valid event: every problem, by field."""
    errors = [{"field": where, "problem": what} for where, what in error.problems]
    return Answer(status="invalid", errors=errors)
