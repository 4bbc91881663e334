"""Deterministic event ids for everything discipline derives.

A derived notice or forfeit is named by what it is about (tournament, kind, person, game,
card), never by when or in which order it was computed. So recomputing after every batch, in
any order, with any duplicates, yields the same ids, and the worker can emit exactly the ids it
has not emitted before.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

NAMESPACE = uuid5(NAMESPACE_URL, "touchline:discipline")


def derived_id(tournament_id: str, kind: str, *parts: str) -> UUID:
    """The id of the derived event `kind` about `parts` in one tournament."""
    return uuid5(NAMESPACE, "/".join((tournament_id, kind, *parts)))
