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
- `unacknowledged`: tests/unit/test_folding.py
  (test_a_batch_left_unfolded_never_reaches_the_consumers_acknowledgements).
- `acting_for` and `write_through`: tests/faults/test_worker_kill.py
  (test_a_tournament_bigger_than_a_broker_message_is_kept_and_recovered) and
  tests/faults/test_gateway_and_broker_restarts.py.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import aiokafka
import faust
from faust.streams import _current_event
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import EventT

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

    def _new_consumer(self) -> Any:
        consumer = super()._new_consumer()
        consumer._read_offset = ForgottenReadOffsets()
        return consumer

    def on_rebalance_end(self) -> None:
        super().on_rebalance_end()
        self._reading = asyncio.ensure_future(self._read_again())

    async def _read_again(self) -> None:
        await self.consumer.perform_seek()
        log.info("streams sought to their committed offsets again")
        self.reread.set()


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
    until their changelog records have left, each alone in its partition's batch.

    The embedded broker reports a changelog partition's end as the base offset of its newest
    batch + 1, ignoring the other records of that batch (`shared/BROKER.md`). A restarted
    worker then stops its recovery early (stale state), or finds its own persisted offset
    past the "end" and refuses to start. Flushing after one write per partition keeps every
    changelog batch a single record, so the reported end is the true end.
    """
    partitions = [event.message.partition for _, _, event in writes]
    assert len(set(partitions)) == len(partitions), "one write per partition at a time"
    for key, value, event in writes:
        with acting_for(event):
            table[key] = value
    await app.producer.flush()
