"""How much of the journal a division's standings fold holds, counted the same way by the
standings worker (from its ledger) and by the gateway (from its journal).

After a full stop the embedded broker comes back empty, the gateway republishes its journal,
and the worker folds it again from nothing, publishing a snapshot after every batch: each a
fold of part of the journal, some "complete" with the wrong winner. Offsets cannot say when
the fold is whole: the schedule reaches the fold through an internal topic the gateway never
sees, and the embedded broker misreports a partition's end. A ledger can: it holds each
event once, whatever the order, so the number it holds per producer grows to the number the
journal holds, and reaches it only when it holds them all; and it holds the newest entry of
each division definition and game, so a digest of which entries those are equals the
journal's only when it holds the newest of each. The worker sends those counts and that
digest with each snapshot; the gateway holds back a division's snapshots until they reach
what its journal holds (`Backlog.reached`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from schemas.schedule import DivisionDefined, GameCancelled, GameScheduled
from services.ledger import Ledger, division_id_of, newer
from services.standings.rules import counts_for_standings
from services.streaming import topics

#: The snapshot message's header carrying the counts (`held`): the snapshot itself is the
#: displays' document and stays as it is.
HEADER = "touchline-held"
#: The digest of the schedule entries a ledger holds; the other keys count events per producer.
SCHEDULE = "schedule"

Counts = Mapping[str, int]


def division_of(item: Any) -> bytes:
    """The tournament/division key of any schedule or match event: the ledger it goes to."""
    return topics.division_key(item.tournament_id, division_id_of(item) or "")


def slot(item: Any) -> str | None:
    """The slot a definition or schedule entry fills in a ledger (None: it is an event)."""
    if isinstance(item, DivisionDefined):
        return f"division:{item.division_id}"
    if isinstance(item, GameScheduled):
        return f"game:{item.game.game_id}"
    if isinstance(item, GameCancelled):
        return f"game:{item.game_id}"
    return None


def digest(entries: Mapping[str, Any]) -> int:
    """Which entry fills each slot, in 63 bits (equal digests: the same entries)."""
    text = "\n".join(f"{where}={entries[where].identity}" for where in sorted(entries))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") >> 1


def held(ledger: Ledger) -> dict[str, int]:
    """What a ledger holds: its events per producer, and the digest of its schedule."""
    counts = Counter(event.producer or "" for event in ledger.events.values())
    entries = [*ledger.divisions.values(), *ledger.schedule.values()]
    counts[SCHEDULE] = digest({slot(entry) or "": entry for entry in entries})
    return dict(counts)


def encode_held(counts: Counts) -> bytes:
    return json.dumps(counts, sort_keys=True, separators=(",", ":")).encode()


def decode_held(raw: bytes | None) -> dict[str, int]:
    """Counts from a header; none (a snapshot from before the header) holds nothing."""
    return json.loads(raw) if raw else {}


class Backlog:
    """Per division, what its standings ledger holds once it has folded the journal."""

    def __init__(self) -> None:
        self._events: dict[bytes, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._entries: dict[bytes, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))

    def add(self, item: Any) -> None:
        """Count an accepted input (one the standings never keep changes nothing)."""
        key = division_of(item)
        where = slot(item)
        if where is not None:
            self._entries[key][where].append(item)
        elif counts_for_standings(item):
            self._events[key][item.producer or ""].add(item.identity)

    def discard(self, item: Any) -> None:
        """Stop counting an input that will never be folded (quarantined)."""
        key = division_of(item)
        where = slot(item)
        if where is not None:
            kept = self._entries[key][where]
            kept[:] = [other for other in kept if other.identity != item.identity]
        else:
            self._events[key][item.producer or ""].discard(item.identity)

    def divisions(self) -> list[bytes]:
        """The divisions with a definition: the ones whose snapshots the worker publishes."""
        return [
            key
            for key, entries in self._entries.items()
            if any(where.startswith("division:") and kept for where, kept in entries.items())
        ]

    def reached(self, key: bytes, counts: Counts, schedule: bool = True) -> bool:
        """Whether a snapshot with these counts folds every input the journal holds for the
        division. Its events of one producer came from the journal (or, for discipline's
        derived events, which the journal never holds, are not asked), so as many is all.
        `schedule=False`: the events only, not which schedule entries it holds."""
        if key not in self._entries and key not in self._events:
            return True  # nothing of it in the journal: a division new since
        events = self._events.get(key, {})
        if any(counts.get(kind, 0) < len(ids) for kind, ids in events.items()):
            return False
        return not schedule or counts.get(SCHEDULE) == digest(self._newest(key))

    def _newest(self, key: bytes) -> dict[str, Any]:
        """The entry the ledger keeps in each slot: the newest, as `ledger.apply` chooses."""
        newest: dict[str, Any] = {}
        for where, kept in self._entries.get(key, {}).items():
            for item in kept:
                if newer(item, newest.get(where)):
                    newest[where] = item
        return newest
