"""What every faust worker shares: building the app, dead-lettering, readiness, running.

Workers are built by a factory per process from `StreamSettings` (the composition root reads
the environment, never a module), so tests can start fresh ones against their own broker.
"""

from __future__ import annotations

import logging
from pathlib import Path

import faust
import mode.loop
from faust.types import AppT

from services.files import private_directory
from services.streaming import topics
from services.streaming.admin import ensure_topics
from services.streaming.faust_patches import RereadingApp, install_low_latency_fetch
from services.streaming.process import settle_memory
from services.streaming.settings import FETCH_MAX_WAIT_MS, StreamSettings, faust_config

log = logging.getLogger(__name__)


def build_app(
    service: str, settings: StreamSettings, fetch_wait_ms: int = FETCH_MAX_WAIT_MS
) -> RereadingApp:
    """A faust app with our tuned settings, its consumer waiting at most `fetch_wait_ms`."""
    install_low_latency_fetch(fetch_wait_ms)
    app_id = settings.app_id(service)
    private_directory(settings.data_dir)  # faust makes only the last level; it holds names
    return RereadingApp(**faust_config(settings, app_id))


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


def report_ready(app: RereadingApp, settings: StreamSettings, name: str) -> None:
    """Touch `<ready_dir>/<name>.ready` once the worker's tables are recovered and its streams
    read again from the committed offsets (`RereadingApp`); `touchline up` and the tests wait
    for it."""

    @app.task
    async def _announce() -> None:
        await app.tables.recovery.completed.wait()
        await app.reread.wait()
        settle_memory()
        log.info("%s ready", name)
        if settings.ready_dir is not None:
            settings.ready_dir.mkdir(parents=True, exist_ok=True)
            Path(settings.ready_dir, f"{name}.ready").touch()


def run(app: faust.App, settings: StreamSettings, own_topics: tuple[topics.TopicSpec, ...]) -> None:
    """Create the worker's own topics, then run it in this process until SIGINT/SIGTERM."""
    ensure_topics(settings.bootstrap_servers, own_topics, settings.partitions)
    mode.loop.use("uvloop")  # faust's consumer loop does a fetch every few ms: keep it cheap
    worker = faust.Worker(app, loglevel="INFO", quiet=True)
    worker.execute_from_commandline()
