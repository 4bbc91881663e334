"""The two stream shapes every worker is made of: re-key inputs, then fold them in batches.

A worker's inputs arrive on topics keyed for their producers (a game id, a division); its
state is keyed by what its rules need (a division, a tournament). `rekey` copies inputs to an
internal topic under the right key, so stream and table are co-partitioned; `LedgerFold`
folds each batch into per-key ledgers (`services.ledger`) and hands the touched ones to the
worker's own `emit`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import faust
from faust.types import EventT, StreamT, TopicT

from schemas import codec
from services.ledger import Ledger, Outcome, apply
from touchline.runtime import DeadLetters, acting_for, write_through

KeyOf = Callable[[Any], bytes]


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
    """An agent copying every decodable input of `source` to `target` under `key_of(input)`."""
    decode = decode_or_dead_letter(dead)

    async def copy(stream: StreamT[bytes]) -> None:
        async for event in stream.events():
            item = await decode(event)
            if item is not None:
                await target.send(key=key_of(item), value=event.value)

    app.agent(source, name=name)(copy)


@dataclass
class Touched:
    """A ledger a batch touched, the last event that touched it, whether it changed, and
    whether an input came again (perhaps a batch replayed after a crash: re-emit then)."""

    ledger: Ledger
    event: EventT
    changed: bool = False
    repeated: bool = False

    @property
    def newsworthy(self) -> bool:
        return self.changed or self.repeated


Emit = Callable[[dict[bytes, Touched]], Awaitable[None]]
#: Why an accepted input has no effect on the worker's state (None when it has one).
Explain = Callable[[Ledger, Any], str | None]


class LedgerFold:
    """Folds batches of inputs into a table of ledgers, then calls `emit`.

    Changed ledgers are written back before `emit` runs, and the batch's offsets are
    committed only after `emit` returns, so a crash replays the batch (harmless: the
    ledger ignores what it already holds).
    """

    batch_size = 500

    def __init__(
        self,
        app: faust.App,
        table_name: str,
        key_of: KeyOf,
        dead: DeadLetters,
        wanted: Callable[[Any], bool] = lambda _: True,
        explain: Explain = lambda ledger, item: None,
        batch_within: float = 0.01,
    ) -> None:
        self.app = app
        self.batch_within = batch_within  # how long a batch may wait to fill up, in seconds
        self.table = app.Table(table_name, default=None, key_type=bytes, value_type=bytes)
        self.key_of = key_of
        self.dead = dead
        self.wanted = wanted
        self.explain = explain
        self.decode = decode_or_dead_letter(dead)
        # Parsed ledgers with the exact bytes they were read or written as: reused only while
        # the table holds those same bytes, so parsing a large ledger is not paid per batch.
        self._parsed: dict[bytes, tuple[bytes, Ledger]] = {}

    async def store(self, touched: dict[bytes, Touched]) -> None:
        """Write changed ledgers back to the table (and its changelog)."""
        for key, entry in touched.items():
            if entry.changed:
                dumped = entry.ledger.dump()
                await write_through(self.app, self.table, key, dumped, entry.event)
                self._parsed[key] = (dumped, entry.ledger)

    def load(self, key: bytes, event: EventT) -> Ledger:
        """The key's ledger as the table holds it."""
        with acting_for(event):
            raw = self.table.get(key)
        cached = self._parsed.get(key)
        if raw is not None and cached is not None and cached[0] == raw:
            return cached[1]
        ledger = Ledger.load(raw)
        if raw is not None:
            self._parsed[key] = (raw, ledger)
        return ledger

    def agent(self, app: faust.App, name: str, source: TopicT, emit: Emit) -> None:
        """Register the folding agent on `source`."""

        async def fold(stream: StreamT[bytes]) -> None:
            async for batch in stream.take_events(self.batch_size, within=self.batch_within):
                touched: dict[bytes, Touched] = {}
                try:
                    for event in batch:
                        await self._fold_one(event, touched)
                    await self.store(touched)
                except BaseException:
                    self._parsed.clear()  # ledgers may hold half a batch: parse afresh
                    raise
                news = {key: entry for key, entry in touched.items() if entry.newsworthy}
                if news:
                    await emit(news)

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
            entry = touched[key] = Touched(self.load(key, event), event)
        entry.event = event
        outcome = apply(entry.ledger, item, self.wanted)
        entry.changed |= outcome in (Outcome.CHANGED, Outcome.UNKNOWN_GAME)
        entry.repeated |= outcome is Outcome.DUPLICATE
        if outcome is Outcome.UNKNOWN_GAME:
            reason = f"game_id: unknown game {item.game_id!r}; kept, counts once scheduled"
            await self.dead.send(event.value, event.message.topic, reason)
        elif outcome is Outcome.CHANGED and (why := self.explain(entry.ledger, item)):
            reason = f"{why}; kept, but it changes nothing"
            await self.dead.send(event.value, event.message.topic, reason)
