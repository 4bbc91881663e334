"""What the gateway serves of the standings while the fold catches up with its journal, and
how versions keep rising across restarts.

After a full stop the worker folds the republished journal from nothing and publishes a
snapshot after every batch, each the fold of part of the journal (some "complete" with the
wrong winner), and its versions start again from nothing. So a division's snapshots are held
back until one folds every input the journal holds for it (`progress.Backlog`); `/healthz`
is not caught up while any division is held back. A display that saw version 900 before a
stop must not be sent 40 after it either: after a rebuild of the empty embedded broker, each
division's versions are served shifted above every one served before, which the journal
remembers. It remembers a reserve ahead (`RESERVE`), written before a version at its top is
served, so serving costs no write each.

Once caught up, the gateway goes on counting what it accepts. A snapshot that decides
something (a group complete, a division winner) while its fold still lacks a result the
journal accepted for the division (a committee's correction, say, that would change the
winner) is held back too, until one holds it: a display never announces a winner an accepted
result has already overturned. Snapshots that decide nothing are served as they come, so a
live table never waits. Only the events are compared then, not the schedule's digest: a
schedule entry published through another gateway is one this gateway never counted.

Only a rebuild shifts. A gateway that restarts on a broker that kept its data (Kafka, or the
embedded broker while it runs) finds the worker's versions where they were and keeps the
shift it had, so gateways that never rebuilt (every replica on Kafka) serve the same
versions, and a display that moves from one to another never sees one go back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Protocol

from schemas import codec
from services.gateway.journal import Entry
from services.standings.progress import Backlog, Counts

#: Versions reserved at a time per division; after a restart its versions jump by at most this.
RESERVE = 1000


class Served(Protocol):
    """What the gateway keeps of the versions it served (its journal)."""

    def served_above(self) -> dict[bytes, int]: ...
    def reserve_served(self, division_key: bytes, above: int) -> None: ...
    def shifts(self) -> dict[bytes, int]: ...
    def keep_shift(self, division_key: bytes, shift: int) -> None: ...


class CatchUp:
    """Decides, snapshot by snapshot, what the standings feed serves; `rebuilt`: the broker
    lost its data and the workers fold the journal again from nothing."""

    def __init__(self, served: Served, rebuilt: bool) -> None:
        self._backlog = Backlog()  # every input accepted, for as long as the gateway runs
        self._live = False  # caught up once: every division served a whole fold
        self._waiting: set[bytes] = set()
        self._served = served
        self._above = served.served_above()
        self._kept = served.shifts()
        self._rebuilt = rebuilt
        self._shift: dict[bytes, int] = {}  # per division served since the start

    @property
    def caught_up(self) -> bool:
        return self._live

    @property
    def behind(self) -> int:
        """How many divisions' tables are not yet the fold of the whole journal."""
        return len(self._waiting)

    def journaled(self, entries: Iterable[Entry]) -> None:
        """Count what the journal holds (at the start), or has just accepted (later: before
        it is published, so no snapshot can hold it uncounted)."""
        for entry in entries:
            if entry.quarantined is None:
                self._backlog.add(codec.decode(codec.INBOUND_EVENT, entry.body))
        self._settle()

    def quarantined(self, entry: Entry) -> None:
        """An event the broker refused for good is never folded: stop waiting for it (the
        feed then offers its held-back snapshots again)."""
        self._backlog.discard(codec.decode(codec.INBOUND_EVENT, entry.body))
        self._settle()

    def serve(self, key: bytes, version: int, raw: bytes, counts: Counts) -> bytes | None:
        """The snapshot message to serve (its version shifted if need be), or None to hold it
        back because it folds only part of what the journal holds for its division."""
        if key not in self._shift:
            if not self._live and not self._backlog.reached(key, counts):
                return None
            self._shift[key] = self._shift_of(key, version)
            self._settle()
        if self._live and not self._backlog.reached(key, counts, schedule=False) and _decides(raw):
            return None
        served = version + self._shift[key]
        if served >= self._above.get(key, 0):  # one synchronous write per RESERVE versions
            self._above[key] = served + RESERVE
            self._served.reserve_served(key, served + RESERVE)
        if served == version:
            return raw
        document = json.loads(raw)
        document["version"] = served
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()

    def _shift_of(self, key: bytes, version: int) -> int:
        """The shift of a division's versions from its first snapshot served on: above every
        version served before after a rebuild, the one kept (none at first) otherwise."""
        kept = self._kept.get(key, 0)
        if not self._rebuilt:
            return kept
        shift = max(0, self._above.get(key, 0) - version)
        if shift != kept:
            self._served.keep_shift(key, shift)
        return shift

    def _settle(self) -> None:
        """Live once every division the journal defines has been served a whole fold."""
        if not self._live:
            self._waiting = set(self._backlog.divisions()) - set(self._shift)
            self._live = not self._waiting


def _decides(raw: bytes) -> bool:
    """Whether a snapshot announces something: a complete group or a division's winner."""
    document = json.loads(raw)
    groups = document.get("groups") or []
    return bool(document.get("division_winners")) or any(g.get("complete") for g in groups)
