"""Deterministic event ids for everything discipline derives.

A derived notice or forfeit is named by what it is about (tournament, kind, person, game,
card), never by when or in which order it was computed. So recomputing after every batch, in
any order, with any duplicates, yields the same ids, and the worker can emit exactly the ids it
has not emitted before. `derive` builds such an event, so every derived event says once
that discipline is its source and producer and that its type is the kind its id names.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar
from uuid import NAMESPACE_URL, UUID, uuid5

from schemas.base import Envelope, Producer

NAMESPACE = uuid5(NAMESPACE_URL, "touchline:discipline")
#: The source and producer of everything discipline derives: its own id space, which no
#: token's events can enter (`schemas.base.Envelope.identity`).
SOURCE: Producer = "discipline"

Derived = TypeVar("Derived", bound=Envelope)


def derived_id(tournament_id: str, kind: str, *parts: str) -> UUID:
    """The id of the derived event `kind` about `parts` in one tournament."""
    return uuid5(NAMESPACE, "/".join((tournament_id, kind, *parts)))


def derive(
    event_type: type[Derived],
    tournament_id: str,
    occurred_at: datetime,
    key: tuple[str, ...],
    **fields: Any,
) -> Derived:
    """A derived event of `event_type` with discipline as its source and producer, named by
    its type and `key` (`derived_id`)."""
    return event_type(
        event_id=derived_id(tournament_id, event_type.model_fields["type"].default, *key),
        tournament_id=tournament_id,
        occurred_at=occurred_at,
        source=SOURCE,
        producer=SOURCE,
        **fields,
    )
