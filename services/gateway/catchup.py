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
        self._backlog: Backlog | None = Backlog()  # None once caught up: live from then on
        self._waiting: set[bytes] = set()
        self._served = served
        self._above = served.served_above()
        self._kept = served.shifts()
        self._rebuilt = rebuilt
        self._shift: dict[bytes, int] = {}  # per division served since the start

    @property
    def caught_up(self) -> bool:
        return self._backlog is None

    @property
    def behind(self) -> int:
        """How many divisions' tables are not yet the fold of the whole journal."""
        return len(self._waiting)

    def journaled(self, entries: Iterable[Entry]) -> None:
        """Count what the journal holds (at the start), or has just accepted (later: before
        it is published, so no snapshot can hold it uncounted)."""
        if self._backlog is None:
            return
        for entry in entries:
            if entry.quarantined is None:
                self._backlog.add(codec.decode(codec.INBOUND_EVENT, entry.body))
        self._waiting = set(self._backlog.divisions()) - set(self._shift)
        self._settle()

    def quarantined(self, entry: Entry) -> None:
        """An event the broker refused for good is never folded: stop waiting for it (the
        feed then offers its held-back snapshots again)."""
        if self._backlog is not None:
            self._backlog.discard(codec.decode(codec.INBOUND_EVENT, entry.body))
            self._waiting = set(self._backlog.divisions()) - set(self._shift)
            self._settle()

    def serve(self, key: bytes, version: int, raw: bytes, counts: Counts) -> bytes | None:
        """The snapshot message to serve (its version shifted if need be), or None to hold it
        back because it folds only part of what the journal holds for its division."""
        if key not in self._shift:
            if self._backlog is not None and not self._backlog.reached(key, counts):
                return None
            self._shift[key] = self._shift_of(key, version)
            self._waiting.discard(key)
            self._settle()
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
        if self._backlog is not None and not self._waiting:
            self._backlog = None
