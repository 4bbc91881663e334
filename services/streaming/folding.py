"""The two stream shapes every worker is made of: re-key inputs, then fold them in batches.

A worker's inputs arrive on topics keyed for their producers (a game id, a division); its
state is keyed by what its rules need (a division, a tournament). `rekey` copies inputs to an
internal topic under the right key, so stream and table are co-partitioned; `LedgerFold`
folds each batch into per-key ledgers (`services.ledger`), stores what each gained as a
chunk, and hands the touched ones to the worker's own `emit`.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import faust
from faust.types import EventT, StreamT, TopicT

from schemas import codec
from services.ledger import Applied, Explain, Ledger, encode_chunks, fold_in, rebuild
from services.streaming.faust_patches import unacknowledged, write_through
from services.streaming.process import restart_process
from services.streaming.runtime import DeadLetters

log = logging.getLogger(__name__)

KeyOf = Callable[[Any], bytes]
REKEY_BATCH = 1000  # inputs copied per round trip to the broker
#: Seconds a copy batch may wait to fill up. faust's batching wakes an idle agent this often,
#: so not the 2 ms of the standings fold: re-keyed inputs are the schedule and discipline's,
#: which waits for 2 s batches anyway.
REKEY_WITHIN = 0.05


@contextmanager
def whole_batch(
    batch: list[EventT], on_cancel: Callable[[], None] = lambda: None
) -> Iterator[None]:
    """Handle a batch wholly or not at all: a cancelled batch (a stop or a rebalance) is never
    committed; any other failure (rules defects are dead-lettered per key and never get here:
    this is the broker or the store) ends the worker at once, to be restarted from its
    committed offsets, since carrying on would leave the batch handled nowhere."""
    try:
        yield
    except asyncio.CancelledError:
        unacknowledged(batch)
        on_cancel()
        raise
    except Exception:
        log.critical("a batch failed; exiting to be restarted", exc_info=True)
        restart_process()


def decode_or_dead_letter(dead: DeadLetters) -> Callable[[EventT], Awaitable[Any | None]]:
    """A decoder for raw inputs that dead-letters what it cannot read, with the reason."""

    async def decode(event: EventT) -> Any | None:
        try:
            return codec.decode(codec.INBOUND_EVENT, event.value)
        except codec.DecodeError as exc:
            await dead.send(event.value, event.message.topic, str(exc))
            return None

    return decode


def rekey(
    app: faust.App, name: str, source: TopicT, target: TopicT, key_of: KeyOf, dead: DeadLetters
) -> None:
    """An agent copying every decodable input of `source` to `target` under `key_of(input)`.

    Copies go in batches, and a batch is acknowledged (so committed) only once the broker has
    every copy: faust's `send` returns when the record is queued, not when it is stored.
    """
    decode = decode_or_dead_letter(dead)

    async def copy(stream: StreamT[bytes]) -> None:
        async for batch in stream.take_events(REKEY_BATCH, within=REKEY_WITHIN):
            with whole_batch(batch):
                sent = []
                for event in batch:
                    item = await decode(event)
                    if item is not None:
                        sent.append(await target.send(key=key_of(item), value=event.value))
                for future in sent:
                    await future

    app.agent(source, name=name)(copy)


@dataclass
class Touched:
    """A ledger a batch touched, the last event that touched it, and the inputs to store.

    Inputs that changed the ledger are stored, and so are inputs that came again: a repeat
    may be a batch replayed after a crash whose first fold reached the local store but not
    the changelog, and storing it again puts it where a worker that loses its disk will look.
    A repeat also re-emits (the crash may have come before the emit).
    """

    ledger: Ledger
    event: EventT
    stored: list[bytes] = field(default_factory=list)
    changed: bool = False
    repeated: bool = False

    @property
    def newsworthy(self) -> bool:
        return self.changed or self.repeated


Emit = Callable[[dict[bytes, Touched]], Awaitable[None]]


#: A stored record's most bytes of inputs, well under the broker's 1 MB message limit.
RECORD_BYTES = 256 * 1024
Write = tuple[bytes, bytes, EventT]  # a table key, its value, the event it is written for


def records(touched: dict[bytes, Touched]) -> dict[int, list[Write]]:
    """What every touched ledger stores, packed into records per partition: as few records as
    can be (each costs a round trip to the broker), none holding over RECORD_BYTES of inputs
    (a ledger's chunk is split across records when it is bigger)."""
    by_partition: dict[int, list[tuple[bytes, Touched]]] = defaultdict(list)
    for key, entry in touched.items():
        if entry.stored:
            by_partition[entry.event.message.partition].append((key, entry))
    packed: dict[int, list[Write]] = defaultdict(list)
    for partition, entries in by_partition.items():
        piece: dict[bytes, tuple[Touched, list[bytes]]] = {}
        size = 0
        for key, entry in entries:
            for raw in entry.stored:
                if piece and size + len(raw) > RECORD_BYTES:
                    packed[partition].append(_record(piece))
                    piece, size = {}, 0
                piece.setdefault(key, (entry, []))[1].append(raw)
                size += len(raw)
        packed[partition].append(_record(piece))
    return packed


def _record(piece: dict[bytes, tuple[Touched, list[bytes]]]) -> Write:
    """One record of chunks, under a key never used before: a batch replayed after a crash
    must never overwrite a record with one holding fewer chunks."""
    event = list(piece.values())[-1][0].event
    key = b"%d:%d:%s" % (event.message.partition, event.message.offset, uuid.uuid4().hex.encode())
    chunks = {k.decode(): (entry.ledger.version, raws) for k, (entry, raws) in piece.items()}
    return key, encode_chunks(chunks), event


async def _nothing() -> None:
    """A batch with no news emits nothing."""


class LedgerFold:
    """Folds batches of inputs into per-key ledgers, then calls `emit`.

    Ledgers live in memory; the table holds their chunks (`services.ledger`), a record per
    partition and batch, and is read back whole only after a start or a rebalance. Chunks are
    written while `emit` runs (emitting first would be as safe: what it sends depends only on
    the ledger), and the batch's offsets are committed only after both, so a crash replays
    the batch, folded again from the table (the ledger ignores what it already holds).
    """

    def __init__(
        self,
        app: faust.App,
        table_name: str,
        key_of: KeyOf,
        dead: DeadLetters,
        wanted: Callable[[Any], bool] = lambda _: True,
        explain: Explain = lambda ledger, item: None,
        batch_within: float = 0.002,
        batch_size: int = 500,
    ) -> None:
        self.app = app
        self.batch_within = batch_within  # how long a batch may wait to fill up, in seconds
        self.batch_size = batch_size  # a batch ends when it holds this many inputs
        self.table = app.Table(table_name, default=None, key_type=bytes, value_type=bytes)
        self.key_of = key_of
        self.dead = dead
        self.wanted = wanted
        self.explain = explain
        self.decode = decode_or_dead_letter(dead)
        self._ledgers: dict[bytes, Ledger] | None = None  # None: read the table first
        app.on_partitions_revoked.connect(self._forget)
        app.on_rebalance_complete.connect(self._forget)

    async def _forget(self, sender: Any, *args: Any, **kwargs: Any) -> None:
        """Partitions move: the ledgers held may be another worker's now, or stale later.
        Forgotten again once the tables are recovered: a batch that was under way when the
        partitions moved reads the table before the new partitions are in it, and the
        ledgers it keeps would lack theirs (seen with two replicas: a tournament a killed
        replica had folded lost its schedule in the one that took it over)."""
        self._forget_ledgers()

    def _forget_ledgers(self) -> None:
        """Read the ledgers from the table again before the next batch (after a cancelled
        batch they may hold what the table does not)."""
        self._ledgers = None

    def ledgers(self) -> dict[bytes, Ledger]:
        """Every ledger of this worker's partitions, rebuilt from the table when not held."""
        if self._ledgers is None:
            rebuilt = rebuild(self.table.values())
            self._ledgers = {key.encode(): ledger for key, ledger in rebuilt.items()}
        return self._ledgers

    async def store(self, touched: dict[bytes, Touched]) -> None:
        """Write what each touched ledger stores from this batch (`Touched`) to the table and
        changelog, in rounds of at most one record per partition (see `write_through`)."""
        pending = records(touched)
        while any(pending.values()):
            await write_through(self.app, self.table, [w.pop() for w in pending.values() if w])

    def agent(self, app: faust.App, name: str, source: TopicT, emit: Emit) -> None:
        """Register the folding agent on `source`."""

        async def fold(stream: StreamT[bytes]) -> None:
            async for batch in stream.take_events(self.batch_size, within=self.batch_within):
                touched: dict[bytes, Touched] = {}
                with whole_batch(batch, on_cancel=self._forget_ledgers):
                    for event in batch:
                        await self._fold_one(event, touched)
                    news = {key: entry for key, entry in touched.items() if entry.newsworthy}
                    await asyncio.gather(self.store(touched), emit(news) if news else _nothing())

        app.agent(source, name=name)(fold)

    async def _fold_one(self, event: EventT, touched: dict[bytes, Touched]) -> None:
        item = await self.decode(event)
        if item is None:
            return
        key = self.key_of(item)
        if key != event.key:
            reason = f"key {event.key!r} does not match the event's {key.decode()!r}"
            await self.dead.send(event.value, event.message.topic, reason)
            return
        entry = touched.get(key)
        if entry is None:
            ledger = self.ledgers().setdefault(key, Ledger())
            entry = touched[key] = Touched(ledger, event)
        entry.event = event
        applied, reason = fold_in(entry.ledger, item, self.wanted, self.explain)
        if applied is not Applied.IGNORED:
            entry.stored.append(event.value)
        entry.changed |= applied in (Applied.CHANGED, Applied.UNKNOWN_GAME)
        entry.repeated |= applied is Applied.DUPLICATE
        if reason is not None:
            await self.dead.send(event.value, event.message.topic, reason)
