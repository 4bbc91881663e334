"""What every faust worker shares: building the app, dead-lettering, readiness, running.

Workers are built by a factory per process (configuration from the environment, never a
module-level app), so tests can start fresh ones against their own broker.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import faust
import mode.loop
from faust.streams import _current_event
from faust.types import AppT, EventT

from touchline import topics
from touchline.broker import ensure_topics
from touchline.files import private_directory
from touchline.redelivery import forget_read_offsets
from touchline.settings import (
    FETCH_MAX_WAIT_MS,
    Settings,
    faust_config,
    install_low_latency_fetch,
)

log = logging.getLogger(__name__)


class App(faust.App):
    """A faust app that reads its streams again from the committed offsets after every
    rebalance (a start is one).

    At the end of a rebalance faust resumes the stream partitions, seeks them to their
    committed offsets, and then resumes flow control again, which empties the streams' queues:
    what was fetched in between and not yet taken by an agent is dropped, yet counted as
    read, and is not processed until the next restart (twice in ~25 runs of the worker-kill
    test: 17 results missing from a restarted standings worker, which the discipline worker
    had). Nor does faust commit past the hole, so seeking once more, after flow control
    resumed, reads the dropped events; what comes twice is absorbed by event id. For faust to
    deliver what it reads again, its consumer forgets its read offsets (`redelivery`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reread = asyncio.Event()  # set once the first rebalance's streams are re-read
        self._reading: asyncio.Future[None] | None = None

    def _new_consumer(self) -> Any:
        return forget_read_offsets(super()._new_consumer())

    def on_rebalance_end(self) -> None:
        super().on_rebalance_end()
        self._reading = asyncio.ensure_future(self._read_again())

    async def _read_again(self) -> None:
        await self.consumer.perform_seek()
        log.info("streams sought to their committed offsets again")
        self.reread.set()


def build_app(service: str, settings: Settings, fetch_wait_ms: int = FETCH_MAX_WAIT_MS) -> App:
    """A faust app with our tuned settings, its consumer waiting at most `fetch_wait_ms`."""
    install_low_latency_fetch(fetch_wait_ms)
    app_id = settings.app_id(service)
    private_directory(settings.data_dir)  # faust makes only the last level; it holds names
    return App(**faust_config(settings, app_id, topics.PARTITIONS))


class DeadLetters:
    """Sends what a worker cannot use to the dead-letter topic, with the reason, and goes on."""

    def __init__(self, app: AppT, service: str) -> None:
        self.topic = app.topic(topics.DEAD_LETTER.name, value_serializer="raw", key_type=bytes)
        self.service = service

    async def send(self, raw: bytes | None, source_topic: str, reason: str) -> None:
        log.warning("dead-lettered a message from %s: %s", source_topic, reason)
        await self.topic.send(
            key=source_topic.encode(),
            value=raw or b"",
            headers={
                "source-topic": source_topic.encode(),
                "service": self.service.encode(),
                "reason": reason.encode()[:4000],
            },
        )


#: A worker's exit status when it stops so that its supervisor starts it again (EX_SOFTWARE).
EXIT_RESTART = 70


def restart_process() -> NoReturn:
    """End this worker at once, committing nothing more: its supervisor (`touchline up`, the
    container's restart policy) starts it again, and it reads from its committed offsets."""
    logging.shutdown()
    os._exit(EXIT_RESTART)


def report_ready(app: App, settings: Settings, name: str) -> None:
    """Touch `<ready_dir>/<name>.ready` once the worker's tables are recovered and its streams
    read again from the committed offsets (`App`); `touchline up` and the tests wait for it."""

    @app.task
    async def _announce() -> None:
        await app.tables.recovery.completed.wait()
        await app.reread.wait()
        settle_memory()
        log.info("%s ready", name)
        if settings.ready_dir is not None:
            settings.ready_dir.mkdir(parents=True, exist_ok=True)
            Path(settings.ready_dir, f"{name}.ready").touch()


def run(app: faust.App, settings: Settings, own_topics: tuple[topics.TopicSpec, ...]) -> None:
    """Create the worker's own topics, then run it in this process until SIGINT/SIGTERM."""
    ensure_topics(settings.bootstrap_servers, own_topics)
    mode.loop.use("uvloop")  # faust's consumer loop does a fetch every few ms: keep it cheap
    worker = faust.Worker(app, loglevel="INFO", quiet=True)
    worker.execute_from_commandline()


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


def settle_memory() -> None:
    """Keep Python's full garbage collections off the latency path.

    A full collection scans every tracked object; in a service that has loaded its code,
    schemas and state that is hundreds of thousands of objects, and the scan stalls every
    request for tens of milliseconds (seen as bursts of 100+ ms answers under load). Objects
    alive now are moved out of the collector's sight (`gc.freeze`), and young collections,
    cheap but frequent, run on larger generations.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def yield_cpu() -> None:
    """Run this process only when a core is otherwise free (SCHED_IDLE on Linux; elsewhere
    the lowest nice level): for work nobody waits on by the millisecond."""
    if hasattr(os, "sched_setscheduler"):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    else:
        os.nice(19)
