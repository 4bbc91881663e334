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

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from services.gateway.journal import Entry, Journal

log = logging.getLogger(__name__)


class Publisher:
    """The gateway's producer and its outbox loop."""

    def __init__(
        self,
        bootstrap: str,
        journal: Journal,
        ack_timeout: float = 5.0,
        mark_every: float = 0.5,
    ) -> None:
        self.journal = journal
        self.ack_timeout = ack_timeout
        self.mark_every = mark_every
        self.bootstrap = bootstrap
        self._acknowledged: list[str] = []  # event ids the broker has, not yet marked
        self.producer: AIOKafkaProducer | None = None
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        self.producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap, acks="all", linger_ms=0, enable_idempotence=False
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

    async def publish(self, entries: list[Entry]) -> bool:
        """Send entries and wait for the broker; True when every one was acknowledged.

        What is not acknowledged within the timeout stays unpublished in the journal and the
        outbox loop delivers it later.
        """
        if not entries:
            return True
        assert self.producer is not None, "start() the publisher first"
        try:
            futures = [
                await self.producer.send(entry.topic, entry.body, key=entry.key)
                for entry in entries
            ]
            await asyncio.wait_for(asyncio.gather(*futures), self.ack_timeout)
        except (KafkaError, TimeoutError) as exc:
            log.warning(
                "broker did not acknowledge %d events (%s); kept in journal", len(entries), exc
            )
            return False
        self._acknowledged.extend(entry.event_id for entry in entries)
        return True

    async def _mark(self) -> None:
        """Mark what the broker acknowledged since the last time, in one transaction."""
        event_ids, self._acknowledged = self._acknowledged, []
        if not event_ids:
            return
        try:
            await asyncio.to_thread(self.journal.mark_published, event_ids)
        except Exception:  # the disk may come back; till then the ids wait
            log.exception("could not mark %d events published; will retry", len(event_ids))
            self._acknowledged[:0] = event_ids

    async def _mark_forever(self) -> None:
        while True:
            await asyncio.sleep(self.mark_every)
            await self._mark()

    async def _drain_forever(self, every: float = 2.0) -> None:
        """Publish what the journal holds unpublished: at start (everything left from before),
        then every `every` seconds whatever has waited a whole round (a send that timed out);
        younger events are still being published by the request that accepted them."""
        upto = await asyncio.to_thread(self.journal.last_seq)
        while True:
            while backlog := await asyncio.to_thread(self.journal.unpublished, upto):
                if not await self.publish(backlog):
                    break
            newest = await asyncio.to_thread(self.journal.last_seq)
            await asyncio.sleep(every)
            upto = newest
