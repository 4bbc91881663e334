"""Moves journaled events to the broker with acks=all and marks them published.

The embedded broker cannot run aiokafka's idempotent producer, so a retry may publish an
event twice; every consumer ignores event ids it has already seen, on either broker.
"""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from services.gateway.group_commit import GroupCommit
from services.gateway.journal import Entry, Journal

log = logging.getLogger(__name__)


class Publisher:
    """The gateway's producer and its outbox loop."""

    def __init__(self, bootstrap: str, journal: Journal, ack_timeout: float = 5.0) -> None:
        self.journal = journal
        self.ack_timeout = ack_timeout
        self.bootstrap = bootstrap
        self._marks: GroupCommit[str, None] = GroupCommit(self._mark_published)
        self._marking: set[asyncio.Future[list[None]]] = set()
        self.producer: AIOKafkaProducer | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap, acks="all", linger_ms=0, enable_idempotence=False
        )
        await self.producer.start()
        self._task = asyncio.create_task(self._drain_forever())

    def _mark_published(self, event_ids: list[str]) -> list[None]:
        self.journal.mark_published(event_ids)
        return [None] * len(event_ids)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await asyncio.gather(*self._marking, return_exceptions=True)
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
        # Not awaited: a mark lost to a crash only means the event is published again, which
        # every consumer absorbs; waiting for it would add a transaction to every answer.
        marking = asyncio.ensure_future(self._marks.submit([e.event_id for e in entries]))
        self._marking.add(marking)
        marking.add_done_callback(self._marking.discard)
        return True

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
