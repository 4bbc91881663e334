"""Two replicas of every service on one broker, one of each killed with SIGKILL in the middle
of a match day (issue 12, scale out): the standings and discipline workers share their work
through their consumer groups, the field apps post to either gateway (each with a journal of
its own) and turn to the other when theirs is gone. Afterwards both gateways show exactly the
pure fold of every event either journal accepted, at the same versions."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from itertools import count
from typing import Any

import httpx
import pytest
from aiokafka.partitioner import murmur2

from services.gateway.client import GatewayClient, GatewayRefused
from services.gateway.journal import Journal
from services.replay import differences, merge, replay
from services.streaming.topics import DEFAULT_PARTITIONS as PARTITIONS
from tests.conftest import Running
from tests.faults.test_worker_kill import match_day

GATEWAYS = (1, 2)
BATCH = 20


def partition_of(key: bytes) -> int:
    """The partition a key goes to (the producers' default partitioner)."""
    return (murmur2(key) & 0x7FFFFFFF) % PARTITIONS


def one_tournament_per_partition() -> list[str]:
    """Tournament ids whose keys fill every partition of discipline's tournament-keyed
    input, so that whichever discipline replica is killed was folding one."""
    chosen: dict[int, str] = {}
    prefix = f"scale-{uuid.uuid4().hex[:6]}"
    for n in count():
        tournament = f"{prefix}-{n}"
        chosen.setdefault(partition_of(tournament.encode()), tournament)
        if len(chosen) == PARTITIONS:
            return sorted(chosen.values())
    raise AssertionError("unreachable")


@pytest.fixture
def replicated(own_system: Running) -> Iterator[Running]:
    """The system with a second standings worker, discipline worker and gateway."""
    stack = own_system.stack
    for service in ("standings", "discipline"):
        stack.start_worker(service, replica=2)
    stack.start_gateway(replica=2)
    stack.wait_ready(90)
    yield own_system


def post_with_failover(
    clients: list[GatewayClient], batch: list[Any], first: int
) -> list[dict[str, Any]]:
    """Post a batch as a field app with two gateways' addresses would: to its own, and to
    the other while its own cannot be reached."""
    deadline = time.monotonic() + 60
    for turn in count(first):
        try:
            return clients[turn % len(clients)].post_batch(batch)
        except (httpx.TransportError, GatewayRefused):
            assert time.monotonic() < deadline, "no gateway took the batch"
            time.sleep(0.2)
    raise AssertionError("unreachable")


def live(stack: Any, gateway: int, tournament: str, committee: str) -> tuple[list[Any], list[Any]]:
    url = f"{stack.url_of(gateway)}/v1/tournaments/{tournament}"
    tables = httpx.get(f"{url}/standings", timeout=5).json()["divisions"]
    notices = httpx.get(
        f"{url}/notices", headers={"Authorization": f"Bearer {committee}"}, timeout=5
    ).json()["notices"]
    return tables, notices


@pytest.mark.soak
def test_one_replica_of_each_service_killed_mid_match_day_loses_and_doubles_nothing(
    replicated: Running,
) -> None:
    stack = replicated.stack
    tournaments = one_tournament_per_partition()
    days = {t: match_day(t, seed=n, events=250) for n, t in enumerate(tournaments)}
    for schedule, _ in days.values():
        replicated.admin.post_batch(schedule)
    field_token = replicated.field.token
    clients = [GatewayClient(stack.url_of(g), field_token, attempts=1) for g in GATEWAYS]
    batches = [
        events[start : start + BATCH]
        for _, events in days.values()
        for start in range(0, len(events), BATCH)
    ]
    answers: list[dict[str, Any]] = []

    def field_app(app: int) -> None:
        for batch in batches[app :: len(GATEWAYS)]:
            answers.extend(post_with_failover(clients, batch, first=app))
            time.sleep(0.25)

    apps = [threading.Thread(target=field_app, args=(app,)) for app in range(len(GATEWAYS))]
    for app in apps:
        app.start()
    time.sleep(1.5)
    stack.kill("standings")
    time.sleep(1.5)
    stack.kill("discipline-2")
    time.sleep(1.5)
    stack.kill("gateway")  # events it journaled may not be published yet
    time.sleep(2.0)
    stack.start_gateway()  # its own journal again: it publishes what it had not
    for app in apps:
        app.join(180)
    assert not any(app.is_alive() for app in apps)
    assert {answer["status"] for answer in answers} <= {"accepted", "duplicate"}
    stack.wait_ready(90)

    journals = [Journal(stack.journal_of(g)) for g in GATEWAYS]
    accepted = {answer["event_id"] for answer in answers}
    journaled = [{entry.event_id for entry in journal.events()} for journal in journals]
    assert all(journaled), "both gateways took part of the day"
    assert accepted <= journaled[0] | journaled[1], "an accepted event is in no journal"

    committee = replicated.committee.token
    deadline = time.monotonic() + 90
    for tournament in tournaments:
        merged = merge([journal.events(tournament) for journal in journals])
        assert merged.conflicts == []
        expected = replay(tournament, merged.entries)
        while True:
            seen = {g: live(stack, g, tournament, committee) for g in GATEWAYS}
            found = {g: differences(expected, *seen[g]) for g in GATEWAYS}
            tables = {g: {t["division_id"]: t for t in seen[g][0]} for g in GATEWAYS}
            notices = {g: {n["event_id"] for n in seen[g][1]} for g in GATEWAYS}
            agreed = tables[1] == tables[2] and notices[1] == notices[2]
            if (agreed and not any(found.values())) or time.monotonic() > deadline:
                break
            time.sleep(0.5)  # the last snapshots may reach one gateway before the other
        assert found == {1: [], 2: []}, tournament
        assert tables[1] == tables[2], "a display moving between gateways saw another table"
        assert notices[1] == notices[2]
    assert stack.revive() == [], "a surviving replica died"
