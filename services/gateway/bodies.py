"""Request bodies as the journal keeps them: each event's exact bytes, also inside a batch.

The journal records what a sender said byte for byte, so a batch is not parsed whole and
re-encoded: each element of the JSON array is decoded where it stands and its own slice of
the body is kept. Pure: no HTTP.
"""

from __future__ import annotations

import json
import re

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


class NotAnArray(ValueError):
    """The body is valid JSON, but not an array."""


def text_of(body: bytes) -> str:
    """The body as text: JSON exchanged between systems is UTF-8 (RFC 8259, section 8.1).
    Raises UnicodeDecodeError."""
    return body.decode("utf-8")


def elements(text: str) -> list[tuple[object, bytes]]:
    """Each element of a JSON array with its exact bytes (UTF-8), in order.

    Raises json.JSONDecodeError for text that is not JSON, NotAnArray for other JSON."""
    at = _skip(text, 0)
    if text[at : at + 1] != "[":
        json.loads(text)  # not JSON at all: say so
        raise NotAnArray("must be a JSON array of events")
    found: list[tuple[object, bytes]] = []
    at = _skip(text, at + 1)
    if text[at : at + 1] == "]":
        return _end(text, at + 1, found)
    while True:
        value, end = _DECODER.raw_decode(text, at)
        found.append((value, text[at:end].encode()))
        at = _skip(text, end)
        separator = text[at : at + 1]
        if separator == "]":
            return _end(text, at + 1, found)
        if separator != ",":
            raise json.JSONDecodeError("Expecting ',' delimiter", text, at)
        at = _skip(text, at + 1)


def _skip(text: str, at: int) -> int:
    match = _SPACE.match(text, at)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _end(text: str, at: int, found: list[tuple[object, bytes]]) -> list[tuple[object, bytes]]:
    at = _skip(text, at)
    if at != len(text):
        raise json.JSONDecodeError("Extra data", text, at)
    return found
