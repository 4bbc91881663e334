"""Live views of output topics for the HTTP side: latest standings, discipline notices.

Each feed reads its topic from the beginning with a plain consumer (no group: every gateway
sees everything), folds messages into what it serves, and wakes every SSE subscriber.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from aiokafka import AIOKafkaConsumer
from pydantic import BaseModel, TypeAdapter

from schemas import codec
from schemas.discipline import NoticeWithdrawn
from services.streaming.settings import FETCH_MAX_WAIT_MS

log = logging.getLogger(__name__)


def by_version(document: Any) -> tuple[float, str]:
    """Standings snapshots: the higher version is newer."""
    return (document.version, "")


def by_time(document: Any) -> tuple[float, str]:
    """Events (notices, schedule entries): the later (occurred_at, event id) is newer."""
    return (document.occurred_at.timestamp(), str(document.event_id))


def notice_identity(notice: Any) -> str:
    """A notice and its withdrawal are one document: the withdrawal takes the notice's place."""
    return str(notice.withdrawn_id if isinstance(notice, NoticeWithdrawn) else notice.event_id)


def by_revision(notice: Any) -> tuple[float, str]:
    """Notices: the discipline worker's higher revision is newer (a correction, a withdrawal,
    a notice implied again; `services/discipline/news.py`)."""
    return (float(notice.revision), str(notice.event_id))


def not_withdrawn(notice: Any) -> bool:
    return not isinstance(notice, NoticeWithdrawn)


class SnapshotHead(BaseModel):
    """What the gateway reads of a standings snapshot: whose it is and how new. The rest is
    passed on exactly as the worker wrote it; validating every table again here cost a fifth
    of the gateway's CPU under load."""

    tournament_id: str
    division_id: str
    version: int


#: What a feed serves of a document and its message (and the message's headers): the message,
#: perhaps rewritten, or None to hold the document back for now (`catchup`).
Gate = Callable[[Any, bytes, Mapping[str, bytes]], bytes | None]


def serve_as_is(document: Any, raw: bytes, headers: Mapping[str, bytes]) -> bytes:
    """The gate of feeds that hold nothing back (notices, the schedule)."""
    return raw


@dataclass(frozen=True)
class Held:
    """A document as the gateway reads it, and the message it came in: what readers get."""

    document: Any
    raw: bytes


class Feed:
    """Keeps, per tournament, the documents of one topic; tells subscribers what changed.

    Documents are keyed by `identity` (the division for standings, the event id for notices,
    the game for the schedule); one replaces the stored one only if `recency` says it is
    newer, so replayed or republished messages never move a display backwards. `gate` may
    hold a document back; the newest held back is offered to it again by `reoffer`. Readers
    get the stored documents that are `shown` (a withdrawal is stored, not shown); a
    subscriber is sent every change.
    """

    def __init__(
        self,
        topic: str,
        adapter: TypeAdapter[Any],
        identity: Callable[[Any], str],
        recency: Callable[[Any], tuple[float, str]] = by_time,
        gate: Gate = serve_as_is,
        shown: Callable[[Any], bool] = lambda document: True,
    ) -> None:
        self.topic = topic
        self.adapter = adapter
        self.identity = identity
        self.recency = recency
        self.gate = gate
        self.shown = shown
        self._held: dict[str, dict[str, Held]] = defaultdict(dict)
        self._held_back: dict[tuple[str, str], tuple[Any, bytes, Mapping[str, bytes]]] = {}
        self._subscribers: dict[str, set[asyncio.Queue[bytes]]] = defaultdict(set)
        self._listeners: list[Callable[[str, bytes], None]] = []

    def listen(self, listener: Callable[[str, bytes], None]) -> None:
        """Call `listener(tournament, message)` for every document served from now on."""
        self._listeners.append(listener)

    def _shown(self, tournament_id: str) -> list[Held]:
        return [h for h in self._held.get(tournament_id, {}).values() if self.shown(h.document)]

    def current(self, tournament_id: str) -> list[Any]:
        """The tournament's documents, decoded."""
        return [held.document for held in self._shown(tournament_id)]

    def current_raw(self, tournament_id: str) -> list[bytes]:
        """The tournament's documents as their messages (JSON)."""
        return [held.raw for held in self._shown(tournament_id)]

    def current_json(self, tournament_id: str) -> list[Any]:
        """The tournament's documents as the JSON of their messages (what clients are sent)."""
        return [json.loads(raw) for raw in self.current_raw(tournament_id)]

    def get(self, tournament_id: str, identity: str) -> Any | None:
        held = self._held.get(tournament_id, {}).get(identity)
        return None if held is None or not self.shown(held.document) else held.document

    def offer(self, raw: bytes, headers: Mapping[str, bytes] | None = None) -> None:
        """Fold one message in; undecodable ones are logged and skipped."""
        try:
            document = codec.decode(self.adapter, raw)
        except codec.DecodeError as exc:
            log.warning("skipped an undecodable message on %s: %s", self.topic, exc)
            return
        self._consider(document, raw, headers or {})

    def reoffer(self) -> None:
        """Offer the documents held back to the gate again (what it waits for changed)."""
        held_back, self._held_back = self._held_back, {}
        for document, raw, headers in held_back.values():
            self._consider(document, raw, headers)

    def _consider(self, document: Any, raw: bytes, headers: Mapping[str, bytes]) -> None:
        tournament = document.tournament_id
        ident = self.identity(document)
        held = self._held[tournament].get(ident)
        if held is not None and self.recency(held.document) >= self.recency(document):
            return
        served = self.gate(document, raw, headers)
        if served is None:
            waiting = self._held_back.get((tournament, ident))
            if waiting is None or self.recency(waiting[0]) < self.recency(document):
                self._held_back[(tournament, ident)] = (document, raw, headers)
            return
        self._held_back.pop((tournament, ident), None)
        self._held[tournament][ident] = Held(document, served)
        for queue in self._subscribers.get(tournament, ()):
            queue.put_nowait(served)
        for listener in self._listeners:
            listener(tournament, served)

    @contextlib.asynccontextmanager
    async def subscribe(self, tournament_id: str) -> AsyncIterator[asyncio.Queue[bytes]]:
        """A queue that first holds the current documents' messages, then every change."""
        queue: asyncio.Queue[bytes] = asyncio.Queue()
        for raw in self.current_raw(tournament_id):
            queue.put_nowait(raw)
        self._subscribers[tournament_id].add(queue)
        try:
            yield queue
        finally:
            self._subscribers[tournament_id].discard(queue)


class Follower(Protocol):
    """What `follow` feeds a topic's messages to: a Feed, or any other fold of a topic."""

    topic: str

    def offer(self, raw: bytes, headers: Mapping[str, bytes] | None = None) -> None: ...


@dataclass(frozen=True)
class TopicReader:
    """A `Follower` that hands each message of `topic` to `take`, its headers unread: how a
    fold that is not a Feed (the live board, the discipline views) follows its topics."""

    topic: str
    take: Callable[[bytes], None]

    def offer(self, raw: bytes, headers: Mapping[str, bytes] | None = None) -> None:
        self.take(raw)


async def follow(bootstrap: str, feeds: Sequence[Follower], ready: asyncio.Event) -> None:
    """Read every feed's topic from the start, forever; `ready` is set once caught up.
    Several feeds may follow one topic: each is offered every message."""
    by_topic: dict[str, list[Follower]] = defaultdict(list)
    for feed in feeds:
        by_topic[feed.topic].append(feed)
    consumer = AIOKafkaConsumer(
        *by_topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
    )
    await consumer.start()
    try:
        while True:
            batches = await consumer.getmany(timeout_ms=200, max_records=2000)
            for partition, messages in batches.items():
                for message in messages:
                    raw, headers = message.value or b"", dict(message.headers or ())
                    for feed in by_topic[partition.topic]:
                        feed.offer(raw, headers)
            if not batches:
                ready.set()
    finally:
        await consumer.stop()
