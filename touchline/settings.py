"""Every setting that reaches faust, aiokafka or the gateway, read from the environment.

Faust's defaults are tuned for big clusters: a 60 s session timeout makes every worker start
take ~30 s on the embedded broker, and a fixed 1.5 s fetch wait makes an idle worker see
~750 ms per message. The values here make a worker ready in about 3 s and keep per-event
latency in tens of milliseconds, on the embedded broker and on Apache Kafka alike.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiokafka
from faust.transport.drivers import aiokafka as faust_aiokafka

#: How long a consumer on the path to the displays waits for data in one fetch (faust
#: hard-codes 1500 ms). The embedded broker re-checks an empty fetch after half the remaining
#: wait, so a shorter wait means less latency per hop and more polling while idle. Measured
#: here: one hop p50/p99 3.4/13.6 ms at 20 ms, 3.3/6.0 ms at 5 ms; an idle system (gateway
#: and two workers) costs the broker 8% of a core at 100 ms, 22% at 20 ms, 49% at 5 ms.
FETCH_MAX_WAIT_MS = 10


@dataclass(frozen=True)
class Settings:
    """Where the broker is and where local state lives; one instance per process."""

    bootstrap_servers: str
    data_dir: Path
    ready_dir: Path | None = None
    app_prefix: str = "touchline"
    extra: dict[str, Any] = field(default_factory=dict)

    def app_id(self, service: str) -> str:
        """The worker's faust id (consumer group, changelog and internal topic prefix)."""
        return f"{self.app_prefix}-{service}"

    @classmethod
    def from_env(cls) -> Settings:
        bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "")
        if not bootstrap:
            raise SystemExit(
                "KAFKA_BOOTSTRAP_SERVERS is not set: run `touchline up`, which starts the "
                "embedded broker, or point it at a Kafka cluster (host:9092)."
            )
        ready = os.environ.get("TOUCHLINE_READY_DIR")
        return cls(
            bootstrap_servers=bootstrap,
            data_dir=Path(os.environ.get("TOUCHLINE_DATA_DIR", "var/data")),
            ready_dir=Path(ready) if ready else None,
            app_prefix=os.environ.get("TOUCHLINE_APP_PREFIX", "touchline"),
        )


def faust_config(settings: Settings, app_id: str, partitions: int) -> dict[str, Any]:
    """Keyword arguments for `faust.App`: fast start and stop, durable local tables."""
    return {
        "id": app_id,
        "broker": f"kafka://{settings.bootstrap_servers.replace(',', ';kafka://')}",
        "store": "rocksdb://",
        "datadir": str(settings.data_dir / app_id),
        "topic_partitions": partitions,
        "topic_replication_factor": 1,
        "topic_disable_leader": True,
        "consumer_auto_offset_reset": "earliest",
        "broker_session_timeout": 3.0,
        "broker_heartbeat_interval": 0.5,
        "broker_rebalance_timeout": 2.0,
        "broker_request_timeout": 30.0,
        "broker_commit_interval": 0.5,
        "producer_acks": -1,
        "stream_wait_empty": False,
        "web_enabled": False,
        "table_cleanup_interval": 3600.0,
        "value_serializer": "raw",
        "key_serializer": "raw",
    } | settings.extra


def install_low_latency_fetch(wait_ms: int = FETCH_MAX_WAIT_MS) -> None:
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
