"""What a worker needs to reach the broker and keep its state, and the faust settings made of it.

Faust's defaults are tuned for big clusters: a 60 s session timeout makes every worker start
take ~30 s on the embedded broker, and a fixed 1.5 s fetch wait makes an idle worker see
~750 ms per message. The values here make a worker ready in about 3 s and keep per-event
latency in tens of milliseconds, on the embedded broker and on Apache Kafka alike. Nothing
here reads the environment: the composition root (`touchline.compose`) does, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.streaming.topics import DEFAULT_PARTITIONS

#: How long a consumer on the path to the displays waits for data in one fetch (faust
#: hard-codes 1500 ms). The embedded broker re-checks an empty fetch after half the remaining
#: wait, so a shorter wait means less latency per hop and more polling while idle. Measured
#: here: one hop p50/p99 3.4/13.6 ms at 20 ms, 3.3/6.0 ms at 5 ms; an idle system (gateway
#: and two workers) costs the broker 8% of a core at 100 ms, 22% at 20 ms, 49% at 5 ms.
FETCH_MAX_WAIT_MS = 10


@dataclass(frozen=True)
class StreamSettings:
    """Where the broker is, where local state lives, how topics are partitioned."""

    bootstrap_servers: str
    data_dir: Path
    ready_dir: Path | None = None
    app_prefix: str = "touchline"
    partitions: int = DEFAULT_PARTITIONS
    extra: dict[str, Any] = field(default_factory=dict)

    def app_id(self, service: str) -> str:
        """The worker's faust id (consumer group, changelog and internal topic prefix)."""
        return f"{self.app_prefix}-{service}"


def faust_config(settings: StreamSettings, app_id: str) -> dict[str, Any]:
    """Keyword arguments for `faust.App`: fast start and stop, durable local tables."""
    return {
        "id": app_id,
        "broker": f"kafka://{settings.bootstrap_servers.replace(',', ';kafka://')}",
        "store": "rocksdb://",
        "datadir": str(settings.data_dir / app_id),
        "topic_partitions": settings.partitions,
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
