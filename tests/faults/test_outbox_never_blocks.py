"""An accepted event the broker refuses for good (here: larger than its message limit) sits
in the journal between valid events of two tournaments. After a gateway restart every valid
event is published and counted, and the refused one is quarantined where the admin sees it
(issue 12, item 1)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from schemas import codec
from services.gateway.journal import Journal
from tests.conftest import Running, journaled, retarget
from tests.faults.test_gateway_and_broker_restarts import table_when
from workloads import factories


def played(snapshot: dict[str, Any]) -> int:
    return sum(row["played"] for row in snapshot["groups"][0]["rows"]) // 2


def test_an_event_the_broker_refuses_blocks_no_other_event_even_after_a_restart(
    own_system: Running,
) -> None:
    stack = own_system.stack
    first, games = own_system.publish_division("outbox")
    second, _ = own_system.publish_division("outbox")
    big = factories.division("BIG", {"A": [f"B{n}" for n in range(12_000)]})
    assert len(codec.encode(big)) > 1024 * 1024  # the broker's message limit
    stack.stop_process("gateway")
    journal = Journal(stack.home / "journal.sqlite3")
    for make in (
        lambda: factories.score(games["A1"], 1, 0),
        lambda: big.model_copy(update={"event_id": uuid.uuid4()}),
        lambda: factories.score(games["A2"], 2, 0),
    ):
        for tournament in (first, second):
            journal.record(journaled(retarget(make(), tournament), "admin"))
    oversized = [e.event_id for e in journal.events() if len(e.body) > 1024 * 1024]
    journal.close()

    stack.start_gateway()
    stack.wait_ready()
    for tournament in (first, second):
        table_when(stack, tournament, lambda d: played(d) == 2)
    admin = {"Authorization": f"Bearer {own_system.admin.token}"}
    health = httpx.get(f"{stack.gateway_url}/healthz").json()
    assert health["quarantined"] == 2
    listed = httpx.get(f"{stack.gateway_url}/v1/admin/quarantine", headers=admin).json()
    assert sorted(q["tournament_id"] for q in listed["quarantined"]) == sorted([first, second])
    assert all("MessageSizeTooLarge" in q["reason"] for q in listed["quarantined"])

    stack.stop_process("gateway")
    stack.start_gateway()
    stack.wait_ready()
    for tournament in (first, second):
        own_system.field.post_batch([retarget(factories.score(games["A3"], 0, 1), tournament)])
        table_when(stack, tournament, lambda d: played(d) == 3)
    assert httpx.get(f"{stack.gateway_url}/healthz").json()["quarantined"] == 2
    kept = Journal(stack.home / "journal.sqlite3").quarantined()
    assert [entry.event_id for entry in kept] == oversized
