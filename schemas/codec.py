"""Bytes <-> events, with errors that say which field was wrong and how.

Used by the gateway (HTTP bodies), by every worker (Kafka values) and by the file importers, so
a bad message gets the same specific explanation wherever it turns up.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from schemas.discipline import Notice, Ruling
from schemas.match import MatchEvent
from schemas.roster import RosterSubmitted
from schemas.schedule import ScheduleEvent
from schemas.standings import StandingsSnapshot

T = TypeVar("T")

#: Everything posted to the gateway and folded by workers: field apps' match events, the
#: committee's rulings, and the director's schedule and rosters.
InboundEvent = Annotated[
    MatchEvent | Ruling | ScheduleEvent | RosterSubmitted, Field(discriminator="type")
]

MATCH_EVENT: TypeAdapter[Any] = TypeAdapter(MatchEvent)
SCHEDULE_EVENT: TypeAdapter[Any] = TypeAdapter(ScheduleEvent)
RULING: TypeAdapter[Any] = TypeAdapter(Ruling)
NOTICE: TypeAdapter[Any] = TypeAdapter(Notice)
INBOUND_EVENT: TypeAdapter[Any] = TypeAdapter(InboundEvent)
SNAPSHOT: TypeAdapter[StandingsSnapshot] = TypeAdapter(StandingsSnapshot)


class DecodeError(ValueError):
    """A message that cannot become an event; `problems` lists (field, what is wrong)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{where}: {what}" for where, what in problems))


def problems_of(error: ValidationError) -> list[tuple[str, str]]:
    """Pydantic's errors as (dotted field path, message), the discriminator tag left out."""
    found = []
    for item in error.errors(include_url=False):
        path = ".".join(str(part) for part in item["loc"] if not _is_union_tag(part))
        if not path:
            path = "type" if item["type"].startswith("union_tag") else "body"
        found.append((path, item["msg"]))
    return found


def _is_union_tag(part: object) -> bool:
    return isinstance(part, str) and "." in part and " " not in part and not part[0].isdigit()


def decode(adapter: TypeAdapter[T], raw: bytes | str) -> T:
    """Parse JSON bytes into the adapter's type or raise DecodeError naming the fields.

    Valid input (nearly all of it) is parsed and validated in one pass in pydantic's core;
    only what fails takes the slower path that names every problem.
    """
    try:
        return adapter.validate_json(raw)
    except ValidationError:
        pass
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DecodeError([("body", f"not valid JSON ({exc})")]) from exc
    return validate(adapter, data)


def validate(adapter: TypeAdapter[T], data: object) -> T:
    """Validate already-parsed data, raising DecodeError naming the fields."""
    if isinstance(data, dict) and "type" not in data:
        raise DecodeError([("type", "missing: every event names its type")])
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        raise DecodeError(problems_of(exc)) from exc


def encode(model: BaseModel) -> bytes:
    """The wire form of any event or document: compact JSON."""
    return model.model_dump_json().encode()
