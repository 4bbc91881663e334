"""Messages a worker cannot use go to the dead-letter topic with the reason; the worker goes on."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from services.streaming import topics
from tests.conftest import Running, retarget
from tests.sse import SseRecorder
from workloads import factories


async def poison_then_read_dead_letters(
    bootstrap: str,
    poison: list[tuple[bytes, bytes]],
    marker: bytes,
    topic: str = topics.MATCH_EVENTS.name,
    readers: int = 2,
) -> list[dict[str, str]]:
    """Produce poison messages straight onto a topic; collect the dead letters citing them
    (each worker that reads the topic reports every one)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for key, value in poison:
            await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()
    return await dead_letters_about(bootstrap, marker, expected=readers * len(poison))


def poison_one(
    bootstrap: str, topic: str, document: dict[str, Any], marker: str, readers: int
) -> list[dict[str, str]]:
    """Put one JSON document the workers must refuse on `topic`; the dead letters citing
    `marker` (which the document holds), one per worker that reads the topic."""
    raw = json.dumps(document).encode()
    return asyncio.run(
        poison_then_read_dead_letters(bootstrap, [(b"k", raw)], marker.encode(), topic, readers)
    )


async def dead_letters_about(bootstrap: str, marker: bytes, expected: int) -> list[dict[str, str]]:
    """The headers of dead letters whose message contains `marker` (waits for `expected`)."""
    consumer = AIOKafkaConsumer(
        topics.DEAD_LETTER.name, bootstrap_servers=bootstrap, auto_offset_reset="earliest"
    )
    await consumer.start()
    found: list[dict[str, str]] = []
    try:
        for _ in range(100):
            for messages in (await consumer.getmany(timeout_ms=200)).values():
                for message in messages:
                    if marker in (message.value or b""):
                        found.append({k: v.decode() for k, v in message.headers})
            if len(found) >= expected:
                break
    finally:
        await consumer.stop()
    return found


def test_undecodable_messages_are_dead_lettered_and_the_workers_keep_going(
    system: Running,
) -> None:
    tournament, games = system.publish_division("poison")
    marker = uuid.uuid4().hex.encode()
    key = topics.division_key(tournament, "U12B")
    unknown_type = b'{"type": "score.guessed", "marker": "' + marker + b'"}'
    not_json = b"\xff" + marker
    found = asyncio.run(
        poison_then_read_dead_letters(
            system.stack.bootstrap or "", [(key, unknown_type), (key, not_json)], marker
        )
    )
    reasons = sorted((h["service"], h["reason"].split(":")[0]) for h in found)
    assert reasons == [
        ("discipline", "body"),
        ("discipline", "type"),
        ("standings", "body"),
        ("standings", "type"),
    ]

    feed = SseRecorder(f"{system.stack.gateway_url}/v1/tournaments/{tournament}/standings/stream")
    try:
        system.field.post(retarget(factories.score(games["A1"], 1, 0), tournament))
        feed.wait_for(lambda s: s["groups"][0]["rows"][0]["points"] == 3)
    finally:
        feed.close()


def test_an_event_that_cannot_count_is_kept_and_dead_lettered_with_why(system: Running) -> None:
    tournament, games = system.publish_division("noeffect")
    # Until the standings worker has the schedule, any result is "unknown game" (kept, and
    # counted once scheduled); the reason asserted here needs the game known.
    feed = SseRecorder(f"{system.stack.gateway_url}/v1/tournaments/{tournament}/standings/stream")
    try:
        feed.wait_for(lambda snapshot: snapshot["version"] == 1 + len(games))
    finally:
        feed.close()
    stranger = retarget(factories.forfeit(games["A1"], "T4"), tournament)  # A1 is T1 v T2
    assert system.field.post(stranger)["status"] == "accepted"
    found = asyncio.run(
        dead_letters_about(
            system.stack.bootstrap or "", str(stranger.event_id).encode(), expected=1
        )
    )
    assert [(h["service"], h["reason"].split(":")[0]) for h in found] == [
        ("standings", "forfeiting_team_id")
    ]
    assert found[0]["reason"].endswith("kept, but it changes nothing")


def test_poison_on_the_other_topics_is_dead_lettered_by_whoever_reads_them(
    system: Running,
) -> None:
    marker, other, third = uuid.uuid4().hex, uuid.uuid4().hex, uuid.uuid4().hex
    newer = factories.division().model_dump(mode="json") | {"schema_version": 9, "m": marker}
    ruling = factories.expulsion("P1").model_dump(mode="json") | {"extra": other}
    bootstrap = system.stack.bootstrap or ""
    on_schedule = poison_one(bootstrap, topics.SCHEDULE.name, newer, marker, readers=2)
    assert sorted((h["service"], h["source-topic"]) for h in on_schedule) == [
        ("discipline", "schedule"),
        ("standings", "schedule"),
    ]
    assert all("schema_version" in h["reason"] for h in on_schedule)
    on_rulings = poison_one(bootstrap, topics.RULINGS.name, ruling, other, readers=1)
    assert [(h["service"], h["reason"].split(":")[0]) for h in on_rulings] == [
        ("discipline", "extra")
    ]
    lineup = factories.lineup(factories.round_robin(factories.division())["A1"], "T1", ["T1-P1"])
    sheet = lineup.model_dump(mode="json") | {"members": "everyone", "m": third}
    on_sheets = poison_one(bootstrap, topics.TEAM_SHEETS.name, sheet, third, readers=1)
    assert [(h["service"], h["source-topic"]) for h in on_sheets] == [
        ("discipline", topics.TEAM_SHEETS.name)
    ]
    assert "members" in on_sheets[0]["reason"]
