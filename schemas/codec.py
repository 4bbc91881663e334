"""Bytes <-> events, with errors that say which field was wrong and how.

Used by the gateway (HTTP bodies), by every worker (Kafka values) and by the file importers, so
a bad message gets the same specific explanation wherever it turns up.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from schemas.discipline import Notice, Ruling
from schemas.field_notice import FieldNoticeEvent
from schemas.match import MatchEvent
from schemas.registration import RegistrationEvent
from schemas.roster import RosterSubmitted
from schemas.schedule import ScheduleEvent
from schemas.standings import StandingsSnapshot

T = TypeVar("T")

#: The deepest nesting of arrays and objects accepted in one document. Real events nest 4
#: deep; Python's parser fails with RecursionError (not a decode error) near 1,000.
MAX_DEPTH = 32
#: The most digits accepted in one JSON integer. No count, minute or version comes near it;
#: `int()` refuses more than 4,300 digits with a ValueError, and far fewer cost CPU for
#: nothing.
MAX_INT_DIGITS = 20

#: Everything posted to the gateway and folded by workers: field apps' match events, the
#: committee's rulings and registrations, and the director's schedule and rosters.
InboundEvent = Annotated[
    MatchEvent | Ruling | ScheduleEvent | RosterSubmitted | RegistrationEvent,
    Field(discriminator="type"),
]

MATCH_EVENT: TypeAdapter[Any] = TypeAdapter(MatchEvent)
SCHEDULE_EVENT: TypeAdapter[Any] = TypeAdapter(ScheduleEvent)
RULING: TypeAdapter[Any] = TypeAdapter(Ruling)
REGISTRATION_EVENT: TypeAdapter[Any] = TypeAdapter(RegistrationEvent)
NOTICE: TypeAdapter[Any] = TypeAdapter(Notice)
FIELD_NOTICE: TypeAdapter[Any] = TypeAdapter(FieldNoticeEvent)
INBOUND_EVENT: TypeAdapter[Any] = TypeAdapter(InboundEvent)
#: The `type` of every input event (snapshots and notices are outputs).
INBOUND_EVENT_TYPES = frozenset(INBOUND_EVENT.json_schema()["discriminator"]["mapping"])
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


def decode(adapter: TypeAdapter[T], raw: bytes) -> T:
    """Parse JSON bytes into the adapter's type or raise DecodeError naming the fields.

    Valid input (nearly all of it) is parsed and validated in one pass in pydantic's core;
    only what fails takes the slower path that names every problem.
    """
    try:
        return adapter.validate_json(raw)
    except ValidationError:
        pass
    return validate(adapter, parse(raw))


class _LongInteger(Exception):
    def __init__(self, digits: int) -> None:
        self.digits = digits


def _integer(text: str) -> int:
    digits = len(text) - text.startswith("-")
    if digits > MAX_INT_DIGITS:
        raise _LongInteger(digits)
    return int(text)


_DECODER = json.JSONDecoder(parse_int=_integer)
_STRING = rb'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
#: Skips, in one match, everything up to the next bracket, strings whole (so brackets
#: inside them do not count); group 1 is that bracket, a quote that opens a string never
#: closed, or nothing at the end. Possessive, so it never backtracks.
_NEXT_BRACKET = re.compile(rb'(?:[^"\[\]{}]++|' + _STRING + rb')*+([][{}]|"|\Z)', re.DOTALL)
_STRING_OR_COMMA = re.compile(_STRING + rb"|,", re.DOTALL)
#: JSON's whitespace (RFC 8259): not the other bytes `bytes.strip()` would remove.
_SPACE = b" \t\n\r"


def _not_json(problem: str) -> DecodeError:
    return DecodeError([("body", f"not valid JSON ({problem})")])


def parse(raw: bytes) -> Any:
    """JSON as Python values, refusing with a DecodeError what would crash the parser or
    cost it for nothing: nesting deeper than MAX_DEPTH, integers longer than
    MAX_INT_DIGITS.

    The nesting is counted before parsing, by a scan that skips strings exactly as the
    parser reads them, so the parser never recurses past MAX_DEPTH.
    """
    depth, pos = 0, 0
    while mark := (bracket := _NEXT_BRACKET.match(raw, pos))[1]:
        if mark == b'"':
            break  # a string never closed: the parser stops there too
        depth += 1 if mark in b"[{" else -1
        if depth > MAX_DEPTH:
            raise DecodeError([("body", f"arrays and objects nested deeper than {MAX_DEPTH}")])
        pos = bracket.end()
    try:
        return _DECODER.decode(raw.decode())
    except _LongInteger as exc:
        problem = f"an integer of {exc.digits} digits; at most {MAX_INT_DIGITS} are accepted"
        raise DecodeError([("body", problem)]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _not_json(str(exc)) from exc


def array_items(raw: bytes) -> Iterator[bytes]:
    """The exact bytes of each element of a JSON array (without the whitespace around it),
    found without parsing them.

    A batch of events is split here so that each event is measured, parsed and refused on
    its own: one oversized or malformed event does not take the others with it, and no
    more than one event is ever held as Python values. Raises DecodeError (lazily, when the
    scan reaches it) for what is not one JSON array.
    """
    body = raw.lstrip(_SPACE)
    if not body.startswith(b"["):
        raise DecodeError([("body", "must be a JSON array of events")])
    pos = start = len(raw) - len(body) + 1
    depth, count = 1, 0
    while True:
        bracket = _NEXT_BRACKET.match(raw, pos)
        mark, at = bracket[1], bracket.start(1)
        if depth == 1:  # between or inside top-level elements: their commas
            for comma in _STRING_OR_COMMA.finditer(raw, pos, at):
                if comma[0] == b",":
                    yield raw[start : comma.start()].strip(_SPACE)
                    start, count = comma.end(), count + 1
        if mark == b'"':
            raise _not_json(f"a string at byte {at} is never closed")
        if not mark:
            raise _not_json("the array is never closed")
        depth += 1 if mark in b"[{" else -1
        pos = bracket.end()
        if depth == 0:
            if mark != b"]" or raw[pos:].strip(_SPACE):
                raise _not_json(f"the array ends badly at byte {at}")
            if count or raw[start:at].strip(_SPACE):
                yield raw[start:at].strip(_SPACE)
            return


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
