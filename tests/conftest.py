"""Fixtures shared by every test: the real embedded broker and a running system on it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from schemas import codec
from schemas.schedule import GameSlot
from services.gateway.auth import Role, new_token
from services.gateway.client import GatewayClient
from services.gateway.journal import Incoming
from services.gateway.routing import route
from services.streaming.admin import ensure_topics
from touchline.broker import EmbeddedBroker
from touchline.cli import add_token, make_public
from touchline.stack import Stack
from workloads import factories

# No per-example deadline: how fast code is belongs in bench/, and a shared machine's load
# would otherwise fail a property test that holds (seen: a 200 ms deadline missed under load).
settings.register_profile("touchline", deadline=None)
settings.load_profile("touchline")


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedBroker]:
    """One embedded Kafka-compatible broker for the whole test session, topics created."""
    logs = tmp_path_factory.mktemp("broker")
    with EmbeddedBroker(log_path=logs / "broker.log") as running:
        ensure_topics(running.bootstrap)
        yield running


@dataclass
class Running:
    """A started system and a client per role."""

    stack: Stack
    admin: GatewayClient
    field: GatewayClient
    committee: GatewayClient
    tokens: dict[Role, str]

    @property
    def tokens_by_name(self) -> dict[str, str]:
        return {role.value: token for role, token in self.tokens.items()}

    def groups(self, tournament: str) -> list[Any] | None:
        """The groups of the tournament's first division as the API serves them; None while
        the standings worker has not folded the division yet (a poll's "not yet", where
        indexing an empty list would end the poll)."""
        divisions = self.field.standings(tournament)["divisions"]
        return divisions[0]["groups"] if divisions else None

    def publish_division(self, prefix: str) -> tuple[str, dict[str, GameSlot]]:
        """A fresh tournament holding the standard test division (group A of T1-T4 and its
        round robin), published by the admin; its id and games."""
        tournament = f"{prefix}-{uuid.uuid4().hex[:8]}"
        definition = retarget(factories.division(), tournament)
        games = factories.round_robin(definition)
        schedule = [
            definition,
            *(retarget(factories.scheduled(g), tournament) for g in games.values()),
        ]
        answers = self.admin.post_batch(schedule)
        assert {answer["status"] for answer in answers} == {"accepted"}
        return tournament, games


def journaled(event: Any, producer: str = "field") -> Incoming:
    """What the gateway journals for an event `producer` posted, bypassing its admission
    checks (for tests that must put in the journal what the gateway would refuse)."""
    event = event.model_copy(update={"producer": producer})
    topic, key = route(event)
    body = codec.encode(event)
    return Incoming(producer, str(event.event_id), event.tournament_id, topic, key, body, body)


def retarget(event: Any, tournament_id: str) -> Any:
    """The same event for another tournament (each test owns its tournament)."""
    return event.model_copy(update={"tournament_id": tournament_id})


def start_system(
    home: Path, bootstrap: str | None, extra_env: dict[str, str] | None = None
) -> Running:
    """Gateway and workers under their own names and tokens (on the given broker, or on a
    fresh embedded one when `bootstrap` is None), with `extra_env` settings."""
    tokens = {role: new_token() for role in (Role.ADMIN, Role.FIELD, Role.COMMITTEE)}
    for role, token in tokens.items():
        add_token(home / "tokens.yaml", f"test-{role.value}", token, role, ["*"])
    make_public(home / "tokens.yaml", ["*"])
    stack = Stack(
        home,
        bootstrap=bootstrap,
        tokens_file=home / "tokens.yaml",
        app_prefix=f"t{uuid.uuid4().hex[:8]}",
        extra_env=extra_env or {},
    )
    stack.start()
    clients = {role: GatewayClient(stack.gateway_url, token) for role, token in tokens.items()}
    return Running(stack, clients[Role.ADMIN], clients[Role.FIELD], clients[Role.COMMITTEE], tokens)


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """The gateway and every worker as real processes, on an embedded broker of the module's
    own. On the session's broker each module's new consumer groups first read every earlier
    module's events (the API fuzzer's thousands among them), and the discipline worker, at
    idle CPU priority, then took minutes on a loaded machine to reach a test's own events."""
    running = start_system(tmp_path_factory.mktemp("system"), None)
    try:
        yield running
    finally:
        running.stack.stop()
