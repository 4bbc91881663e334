"""Creating the topics, before any worker or gateway starts."""

from __future__ import annotations

import asyncio

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from services.streaming.topics import DEFAULT_PARTITIONS, TOPICS, TopicSpec


async def create_topics(
    bootstrap: str, specs: tuple[TopicSpec, ...] = TOPICS, partitions: int = DEFAULT_PARTITIONS
) -> None:
    """Create every topic with the partition count we mean (the broker would pick its own).

    Safe to call again: topics that exist are left alone.
    """
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(
                name=spec.name,
                num_partitions=partitions,
                replication_factor=1,
                topic_configs={"cleanup.policy": "compact"} if spec.compacted else {},
            )
            for spec in specs
            if spec.name not in existing
        ]
        if wanted:
            await admin.create_topics(wanted)
    finally:
        await admin.close()


def ensure_topics(
    bootstrap: str, specs: tuple[TopicSpec, ...] = TOPICS, partitions: int = DEFAULT_PARTITIONS
) -> None:
    """Synchronous wrapper of `create_topics` for command-line use."""
    asyncio.run(create_topics(bootstrap, specs, partitions))
