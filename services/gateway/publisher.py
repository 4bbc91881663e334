"""Moves journaled events to the broker with acks=all and marks them published.

The embedded broker cannot run aiokafka's idempotent producer, so a retry may publish an
event twice; every consumer ignores event ids it has already seen, on either broker. That
also makes the "published" mark advisory: a mark lost to a crash only means the event is
published again. So marks are written twice a second in one transaction, not once per
request: at 200 requests/s they had been half the journal's transactions and fsyncs, on
the path every answer waits for.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial

from aiokafka import AIOKafkaProducer

from services.gateway.journal import Entry, Journal
from services.gateway.outbox import PENDING, PUBLISHED, Delivery, Fate, judge

log = logging.getLogger(__name__)

#: Kafka's default `message.max.bytes`: the producer refuses a bigger message for the broker.
MAX_MESSAGE_BYTES = 1024 * 1024


class Publisher:
    """The gateway's producer and its outbox loop."""

    def __init__(
        self,
        bootstrap: str,
        journal: Journal,
        ack_timeout: float = 5.0,
        mark_every: float = 0.5,
        max_message_bytes: int = MAX_MESSAGE_BYTES,
        on_quarantine: Callable[[Entry], None] = lambda entry: None,
    ) -> None:
        self.journal = journal
        self.on_quarantine = on_quarantine  # who waits for the event must stop waiting
        self.ack_timeout = ack_timeout
        self.mark_every = mark_every
        self.bootstrap = bootstrap
        self.max_message_bytes = max_message_bytes
        self._acknowledged: list[int] = []  # journal seqs the broker has, not yet marked
        self.producer: AIOKafkaProducer | None = None
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self.producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap,
            acks="all",
            linger_ms=0,
            enable_idempotence=False,
            max_request_size=self.max_message_bytes,
        )
        await self.producer.start()
        self._tasks = [
            asyncio.create_task(self._drain_forever()),
            asyncio.create_task(self._mark_forever()),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._mark()
        if self.producer is not None:
            await self.producer.stop()

    async def publish(self, entries: list[Entry]) -> list[Delivery]:
        """Send entries and wait (up to the timeout) for the broker; each entry's fate.

        Every entry is sent and judged on its own, so none waits for another. What is not
        acknowledged in time stays unpublished and the outbox loop sends it again (an
        acknowledgement that comes later is still marked); what the broker refuses for good
        is quarantined in the journal at once.
        """
        assert self.producer is not None, "start() the publisher first"
        fates = [PENDING] * len(entries)
        sent: dict[asyncio.Future[object], int] = {}
        for index, entry in enumerate(entries):
            try:
                future = await self.producer.send(entry.topic, entry.body, key=entry.key)
            except Exception as exc:  # judged: refused for good, or sent again later
                fates[index] = judge(exc)
                continue
            future.add_done_callback(partial(self._acknowledge, entry.seq))
            sent[future] = index
        if sent:
            done, _ = await asyncio.wait(sent, timeout=self.ack_timeout)
            for future in done:
                error = None if future.cancelled() else future.exception()
                fates[sent[future]] = PUBLISHED if error is None else judge(error)
        for entry, delivery in zip(entries, fates, strict=True):
            if delivery.fate is Fate.QUARANTINED:
                reason = delivery.reason
                log.error("quarantined event %s (seq %d): %s", entry.event_id, entry.seq, reason)
                await asyncio.to_thread(self.journal.quarantine, entry.seq, delivery.reason)
                self.on_quarantine(entry)
        waiting = sum(delivery.fate is Fate.PENDING for delivery in fates)
        if waiting:
            log.warning("broker did not acknowledge %d events yet; kept in journal", waiting)
        return fates

    def _acknowledge(self, seq: int, future: asyncio.Future[object]) -> None:
        if not future.cancelled() and future.exception() is None:
            self._acknowledged.append(seq)

    async def _mark(self) -> None:
        """Mark what the broker acknowledged since the last time, in one transaction."""
        seqs, self._acknowledged = self._acknowledged, []
        if not seqs:
            return
        try:
            await asyncio.to_thread(self.journal.mark_published, seqs)
        except Exception:  # the disk may come back; till then the marks wait
            log.exception("could not mark %d events published; will retry", len(seqs))
            self._acknowledged[:0] = seqs

    async def _mark_forever(self) -> None:
        while True:
            await asyncio.sleep(self.mark_every)
            await self._mark()

    async def _drain_forever(self, every: float = 2.0) -> None:
        """Publish what the journal holds unpublished: at start (everything left from before),
        then every `every` seconds whatever has waited a whole round (a send that timed out);
        younger events are still being published by the request that accepted them. Each
        round pages through the backlog once, so an event that fails again waits for the
        next round without holding up the events after it."""
        upto = await asyncio.to_thread(self.journal.last_seq)
        while True:
            after = 0
            while page := await asyncio.to_thread(self.journal.unpublished, upto, after):
                await self.publish(page)
                after = page[-1].seq
            newest = await asyncio.to_thread(self.journal.last_seq)
            await asyncio.sleep(every)
            upto = newest
