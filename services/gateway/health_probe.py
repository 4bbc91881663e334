"""Gathers the facts the console's health page puts in words (`health_words`): asks the
broker for its metadata and for each worker's consumer group, and the journal for its
backlog and quarantine. Each question has a deadline, so a dead broker makes the page say
so in seconds rather than hang.
"""

from __future__ import annotations

import asyncio
import time

from aiokafka.admin import AIOKafkaAdminClient

from services.gateway.health_words import BrokerFact, HealthFacts, QuarantinedFact, WorkerFact
from services.gateway.state import Gateway

#: How long the broker has to answer each question.
DEADLINE = 3.0


async def probe(gateway: Gateway) -> HealthFacts:
    """The facts now."""
    broker = await _broker(gateway)
    workers = await _workers(gateway, broker.reachable)
    backlog = await asyncio.to_thread(gateway.journal.count_unpublished)
    held = await asyncio.to_thread(gateway.journal.quarantined)
    return HealthFacts(
        broker,
        workers,
        backlog,
        tuple(
            QuarantinedFact(e.seq, e.event_id, e.tournament_id, e.quarantined or "") for e in held
        ),
        gateway.feeds_read.is_set(),
        gateway.catchup.behind,
    )


async def _broker(gateway: Gateway) -> BrokerFact:
    producer = gateway.publisher.producer
    if producer is None:
        return BrokerFact(False, problem="the gateway has not connected yet")
    started = time.perf_counter()
    try:
        metadata = await asyncio.wait_for(producer.client.fetch_all_metadata(), DEADLINE)
    except Exception as problem:  # any failure to answer is "not reachable", said as it is
        return BrokerFact(False, problem=str(problem) or type(problem).__name__)
    millis = (time.perf_counter() - started) * 1000
    return BrokerFact(True, len(metadata.brokers()), millis)


async def _workers(gateway: Gateway, reachable: bool) -> tuple[WorkerFact, ...]:
    groups = gateway.config.worker_groups
    if not reachable:
        return tuple(WorkerFact(s, g, problem="the broker is not reachable") for s, g in groups)
    admin = AIOKafkaAdminClient(
        bootstrap_servers=gateway.config.bootstrap_servers, request_timeout_ms=int(DEADLINE * 1000)
    )
    try:
        await asyncio.wait_for(admin.start(), DEADLINE)
        answers = [  # one group per request: the embedded broker garbles a reply for several
            await asyncio.wait_for(admin.describe_consumer_groups([group]), DEADLINE)
            for _, group in groups
        ]
    except Exception as problem:
        text = str(problem) or type(problem).__name__
        return tuple(WorkerFact(s, g, problem=text) for s, g in groups)
    finally:
        await admin.close()
    described = {
        group[1]: group
        for answer in answers
        for response in answer
        for group in response.groups
        if group[0] == 0 and isinstance(group[1], str)  # (error_code, group_id, state, ...)
    }
    facts = []
    for service, group in groups:
        found = described.get(group)
        facts.append(
            WorkerFact(service, group, found[2], len(found[5]))
            if found is not None
            else WorkerFact(service, group, "Dead")
        )
    return tuple(facts)
