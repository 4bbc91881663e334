"""Every workaround for faust (and for the embedded broker through faust), in one place.

Each one reaches into faust internals that its public API does not expose, so each was
written for one faust version and is proved by a named test; importing this module on
another version fails at once rather than letting a patch silently miss (or hit the wrong
thing). To move to a new faust: read each patch against its source, run the named tests,
then add the version to `FAUST_VERSIONS`.

- `install_low_latency_fetch`: tests/unit/test_faust_patches.py
  (test_the_worker_consumer_waits_only_the_configured_fetch_time) and the latency figures of
  bench/pipeline.py.
- `RereadingApp`: tests/faults/test_worker_kill.py
  (test_workers_killed_mid_match_day_recover_to_the_pure_fold).
- `ForgottenReadOffsets` (installed by `RereadingApp`): tests/unit/test_faust_patches.py
  (test_every_worker_consumer_forgets_its_read_offsets) and, for the loss it prevents, two
  replicas of each worker with one killed (see docs/NOTES.md, scale-out).
- `commits_from_the_committed` (installed by `RereadingApp`): tests/unit/test_faust_patches.py
  (the three commit tests) and tests/faults/test_scale_out.py.
- `unacknowledged`: tests/unit/test_folding.py
  (test_a_batch_left_unfolded_never_reaches_the_consumers_acknowledgements).
- `StallWatch` (run by `RereadingApp`): tests/unit/test_faust_patches.py (the three
  stall tests) and tests/faults/test_scale_out.py.
- `acting_for` and `write_through`: tests/faults/test_worker_kill.py
  (test_a_tournament_bigger_than_a_broker_message_is_kept_and_recovered),
  tests/faults/test_gateway_and_broker_restarts.py, tests/faults/test_scale_out.py and, for
  waiting on the records rather than faust's flush, tests/unit/test_faust_patches.py
  (test_write_through_returns_only_once_the_broker_has_every_record).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import aiokafka
import faust
from faust.streams import _current_event
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import EventT

from services.streaming.topics import TOPICS

log = logging.getLogger(__name__)

#: The faust versions every patch below was read against and tested on.
FAUST_VERSIONS = ("0.15.3",)


class UnexpectedFaustVersion(RuntimeError):
    """faust is not a version the patches were written for."""


def check_faust_version(version: str = faust.__version__) -> None:
    """Refuse to run on a faust the patches were not written for."""
    if version not in FAUST_VERSIONS:
        raise UnexpectedFaustVersion(
            f"faust {version} is installed, but services/streaming/faust_patches.py was "
            f"written for {', '.join(FAUST_VERSIONS)}: check each patch against it and run the "
            "tests its docstring names before adding the version"
        )


check_faust_version()


def install_low_latency_fetch(wait_ms: int) -> None:
    """Make faust's worker consumer wait `wait_ms` for data instead of its fixed 1500 ms.

    faust has no setting for this; it passes `fetch_max_wait_ms=1500` where it creates the
    worker consumer, so we set the attribute on the consumer it built (aiokafka reads it when
    the consumer starts). Idempotent.
    """
    thread_class = faust_aiokafka.AIOKafkaConsumerThread
    if getattr(thread_class, "_touchline_fetch_wait", None) == wait_ms:
        return
    original = getattr(thread_class, "_touchline_original", thread_class._create_worker_consumer)

    def create_worker_consumer(self: Any, transport: Any) -> aiokafka.AIOKafkaConsumer:
        consumer = original(self, transport)
        consumer._fetch_max_wait_ms = wait_ms
        return consumer

    thread_class._touchline_original = original
    thread_class._create_worker_consumer = create_worker_consumer
    thread_class._touchline_fetch_wait = wait_ms


class ForgottenReadOffsets(dict[Any, int | None]):
    """Read offsets that are kept (faust writes them) but never read back: every message
    looks like the first one of its partition.

    faust's consumer remembers the last offset it read per partition, and its fetch loop drops
    a message below it as already delivered ("DROPPED MESSAGE ROFF") and takes a message more
    than one above it as the end of a hole (a compacted range, a transaction marker), which it
    then commits as if handled. After a rebalance a worker seeks its streams to their committed
    offsets again (`RereadingApp`). If the fetch loop is in the middle of a batch fetched
    before that seek, the next message of that batch is far above the offset sought to: faust
    records the events in between as a hole and commits it, then drops them when they are
    fetched again. Seen with two replicas of each worker, about every other run: a score or a
    red card missing for good from a partition that stayed with the surviving replica.

    Every consumer of ours is idempotent by event id, so the remembered offset is not needed
    to keep duplicates out. With it forgotten, a message is never dropped and no hole is ever
    assumed: a commit passes an offset only once its message was handled. The cost: a commit
    on a compacted topic (the schedule, on Kafka) stops at a compacted range until the worker
    restarts, which then reads the schedule again from there (it is small, and idempotent).
    """

    def __getitem__(self, partition: Any) -> None:
        return None


def commits_from_the_committed(
    consumer: Any, starts: Mapping[Any, int]
) -> Callable[[Any], int | None]:
    """faust's choice of the offset to commit, refused when it would pass a record that was
    never acknowledged at the head of the partition.

    faust commits the first run of consecutive acknowledged offsets, and checks the run
    against the committed offset only loosely: not at all while the committed offset is 0
    or none, and one record short otherwise (`min(acked) - committed > 1`). A record faust
    dropped (its stream queues are emptied when flow resumes after a rebalance, while records
    held back by flow control are delivered after the emptying) is then committed as handled
    once the records after it are: with two replicas of each worker, a replica re-keying a
    division's results skipped a run of them for good (a tournament's discipline short of a
    division's cards). With this, a partition whose head record was dropped commits nothing
    until it is read again (`StallWatch` sees it sit past its commit and seeks back).

    With nothing committed yet (a new group, or a partition its owner never committed) the
    head is the partition's first offset, `starts` (learnt from the broker after each
    rebalance); until it is known nothing is committed there. Compacted topics keep faust's
    rule: their holes are real and never filled.
    """
    new_offset = consumer._new_offset
    said: dict[Any, tuple[int, int | None]] = {}  # what was last logged per partition

    def commit_from_the_committed(tp: Any) -> int | None:
        acked = consumer._acked[tp]
        if not acked or tp.topic in COMPACTED:
            return new_offset(tp)
        head = consumer._committed_offset[tp]
        if head is None:
            head = starts.get(tp)
        first = min(acked)
        if head is None or first > head:
            # Once per state, not on every commit attempt (each second) while it lasts.
            if said.get(tp) != (first, head):
                said[tp] = (first, head)
                log.info(
                    "commit held back on %s: the first acknowledged %d, head %s", tp, first, head
                )
            return None
        return new_offset(tp)

    return commit_from_the_committed


class RereadingApp(faust.App):
    """A faust app that reads its streams again from the committed offsets after every
    rebalance (a start is one).

    At the end of a rebalance faust resumes the stream partitions, seeks them to their
    committed offsets, and then resumes flow control again, which empties the streams' queues:
    what was fetched in between and not yet taken by an agent is dropped, yet counted as
    read, and is not processed until the next restart (twice in ~25 runs of the worker-kill
    test: 17 results missing from a restarted standings worker, which the discipline worker
    had). Nor does faust commit past the hole, so seeking once more, after flow control
    resumed, reads the dropped events; what comes twice is absorbed by event id. For faust to
    deliver what it reads again, its consumer forgets its read offsets
    (`ForgottenReadOffsets`; set before its fetch loop starts, which looks them up once).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reread = asyncio.Event()  # set once the first rebalance's streams are re-read
        self._reading: asyncio.Future[None] | None = None
        self._watching: asyncio.Future[None] | None = None
        #: The first offset of each watched partition with nothing committed on it.
        self._starts: dict[Any, int] = {}

    def _new_consumer(self) -> Any:
        consumer = super()._new_consumer()
        consumer._read_offset = ForgottenReadOffsets()
        consumer._new_offset = commits_from_the_committed(consumer, self._starts)
        return consumer

    def on_rebalance_end(self) -> None:
        super().on_rebalance_end()
        self._reading = asyncio.ensure_future(self._read_again())
        if self._watching is None:
            self._watching = asyncio.ensure_future(self._watch_for_stalls())

    async def _read_again(self) -> None:
        await self.consumer.perform_seek()
        log.info("streams sought to their committed offsets again")
        self.reread.set()
        self._starts.clear()  # a log's start moves on as retention deletes its head
        try:
            await self._learn_starts(self._watched())
        except Exception:  # partitions moved again: the stall watch learns them
            log.info("first offsets not learnt after the rebalance", exc_info=True)

    async def _learn_starts(self, watched: Iterable[Any]) -> None:
        """Ask the broker for the first offset of each watched partition that has nothing
        committed and whose first offset is not known yet (`commits_from_the_committed`)."""
        consumer = self.consumer
        unknown = [
            tp
            for tp in watched
            if consumer._committed_offset.get(tp) is None and tp not in self._starts
        ]
        if unknown:
            self._starts.update(await consumer.earliest_offsets(*unknown))

    async def _watch_for_stalls(self) -> None:
        """Read the streams again whenever a partition sits behind with nothing moving."""
        watch = StallWatch()
        while True:
            await asyncio.sleep(STALL_LOOK_SECONDS)
            try:
                offsets = {} if self.rebalancing else await self._stream_offsets()
                await self._learn_starts(offsets)
                stalled = watch.look(offsets)
                if stalled:
                    await self._read_stalled({tp: offsets[tp] for tp in stalled})
            except Exception:  # a rebalance took a partition between two calls
                log.info("stall watch: partitions moved, looking again", exc_info=True)
                watch.forget()

    async def _read_stalled(self, stalled: Mapping[Any, Offsets]) -> None:
        """Fetch each stalled partition again from its committed offset (the start when none
        is committed: faust's seek to committed offsets leaves those where they are), and
        resume it in case faust holds it as paused while no rebalance is under way."""
        consumer = self.consumer
        log.warning(
            "stream partitions behind with nothing moving, read again: %s",
            "; ".join(
                f"{tp.topic}[{tp.partition}] at {where.position}, committed {where.committed}, "
                f"end {where.end}, active={tp in consumer._get_active_partitions()}, "
                f"paused={tp in consumer._paused_partitions}"
                for tp, where in sorted(stalled.items())
            ),
        )
        consumer.resume_partitions(set(stalled))
        for tp, where in stalled.items():
            self._starts.pop(tp, None)  # learnt again at the next look
            await consumer.seek(tp, where.committed or 0)

    def _watched(self) -> list[Any]:
        """The stream partitions whose progress is watched: acknowledged ones, but not
        changelogs nor compacted topics, whose commits stop at a compacted range for good
        (`ForgottenReadOffsets`) and would look stalled for ever."""
        consumer = self.consumer
        return [
            tp
            for tp in consumer.assignment()
            if not consumer._is_changelog_tp(tp)
            and self.topics.acks_enabled_for(tp.topic)
            and tp.topic not in COMPACTED
        ]

    async def _stream_offsets(self) -> dict[Any, Offsets]:
        """Each watched stream partition's fetch position, committed offset and end."""
        consumer = self.consumer
        watched = self._watched()
        ends = await consumer.highwaters(*watched) if watched else {}
        return {
            tp: Offsets(
                await consumer.position(tp), consumer._committed_offset.get(tp), ends.get(tp)
            )
            for tp in watched
        }


COMPACTED = {spec.name for spec in TOPICS if spec.compacted}
#: How often `StallWatch` looks, and how many looks in a row make a partition stalled: more
#: than a batch takes to fold on a busy machine (a needless re-read costs only duplicates).
STALL_LOOK_SECONDS = 2.0
STALL_LOOKS = 3


@dataclass(frozen=True)
class Offsets:
    """Where a consumer stands on a partition: the next offset it fetches, the next one
    committed as handled (None: none yet), and the broker's end (None: not known)."""

    position: int | None
    committed: int | None
    end: int | None

    @property
    def behind(self) -> bool:
        """Records fetched but not handled, or records on the broker not yet fetched."""
        if self.position is None:
            return False
        return self.position > (self.committed or 0) or (self.end or 0) > self.position


class StallWatch:
    """Finds stream partitions that fell behind and stay there with nothing moving.

    faust drops fetched records in several places without rewinding the fetch position: the
    rest of a fetched batch while flow is suspended (its fetch loop races the suspension of
    a rebalance), and its streams' queues when flow resumes. A seek after the rebalance
    (`RereadingApp`) reads most of them again, but not a batch fetched after that seek. And
    with two replicas of each worker, one killed, a survivor once never fetched a partition
    it took over (nothing committed on it at the end, its records on the broker, none
    handled): a tournament's discipline short of a division's cards. Either way the
    partition is behind (`Offsets.behind`) and neither its position nor its commit moves,
    look after look; a partition being worked on moves within a look or two.
    """

    def __init__(self, looks: int = STALL_LOOKS) -> None:
        self.looks = looks
        self._seen: dict[Any, tuple[tuple[int | None, int | None], int]] = {}

    def look(self, offsets: Mapping[Any, Offsets]) -> set[Any]:
        """The partitions stalled as of this look; they start counting afresh."""
        seen, stalled = {}, set()
        for tp, where in offsets.items():
            if not where.behind:
                continue
            standing = (where.position, where.committed)
            last, count = self._seen.get(tp, (None, 0))
            count = count + 1 if last == standing else 1
            if count >= self.looks:
                stalled.add(tp)
            else:
                seen[tp] = (standing, count)
        self._seen = seen
        return stalled

    def forget(self) -> None:
        self._seen = {}


def unacknowledged(batch: list[EventT]) -> None:
    """Keep a batch that was not handled from being committed.

    faust's `take_events` acknowledges a batch when its generator closes, however it closes;
    an acknowledged offset is committed, and a batch whose effects were not stored would never
    be read again. A message marked acknowledged is skipped by that bookkeeping.
    """
    for event in batch:
        event.message.acked = True


@contextmanager
def acting_for(event: EventT) -> Iterator[None]:
    """Make table reads and writes inside the block use this event's partition.

    faust finds a table key's partition (for the changelog and the rocksdb store) from the
    stream's *current* event; inside a `take_events` batch that is whichever event came last,
    which may belong to another partition than the key being written. Every key we write
    comes from an event with the same key, so acting for that event is always right.
    """
    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)


async def write_through(
    app: faust.App, table: Any, writes: list[tuple[bytes, bytes, EventT]]
) -> None:
    """Set table keys (each for its event's partition, at most one per partition) and wait
    until the broker has stored their changelog records, each alone in its partition's batch.

    The embedded broker reports a changelog partition's end as the base offset of its newest
    batch + 1, ignoring the other records of that batch (`shared/BROKER.md`). A restarted
    worker then stops its recovery early (stale state), or finds its own persisted offset
    past the "end" and refuses to start. Waiting for one write per partition at a time keeps
    every changelog batch a single record, so the reported end is the true end.

    The wait is on each record's own future, not on `producer.flush()`: faust's flush gives
    up after 0.1 s while its buffer is still draining (`ProducerBuffer.flush_atmost`), so on
    a busy machine it returned with the records not yet handed to the broker. The batch was
    then committed, and a worker killed at that moment lost them for good (two replicas of
    each worker, one killed: a division's standings short of most of a match day).
    """
    partitions = [event.message.partition for _, _, event in writes]
    assert len(set(partitions)) == len(partitions), "one write per partition at a time"
    sent: list[asyncio.Future[Any]] = []
    with _changelog_sends(table, sent):
        for key, value, event in writes:
            with acting_for(event):
                table[key] = value
    await app.producer.flush()  # hand them over now rather than at the buffer's pace
    await asyncio.gather(*sent)


@contextmanager
def _changelog_sends(table: Any, sent: list[asyncio.Future[Any]]) -> Iterator[None]:
    """Collect the futures of the changelog records a table write sends: faust's table
    sends them from `__setitem__` and keeps no handle a caller could wait on."""
    send = table.send_changelog

    def sending(*args: Any, **kwargs: Any) -> Any:
        future = send(*args, **kwargs)
        sent.append(future)
        return future

    table.send_changelog = sending
    try:
        yield
    finally:
        del table.send_changelog  # the class's method again
