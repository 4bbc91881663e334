"""The gateway killed between its journal write and the broker's acknowledgement, and the
embedded broker restarted empty: nothing accepted is lost, nothing is counted twice."""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from services.gateway.journal import Journal
from tests.conftest import Running, retarget, start_system
from tests.e2e.test_walking_skeleton import EXPECTED, RESULTS, rows
from touchline.stack import Stack
from workloads import factories


@pytest.fixture
def alone(tmp_path: Path) -> Iterator[Running]:
    """A system on its own embedded broker, which these tests stop and restart."""
    running = start_system(tmp_path, None)
    try:
        yield running
    finally:
        running.stack.stop()


def table_when(stack: Stack, tournament: str, done: Any, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            answer = httpx.get(f"{stack.gateway_url}/v1/tournaments/{tournament}/standings")
        except httpx.TransportError:
            answer = None
        if answer is not None and answer.status_code == 200:
            divisions = answer.json()["divisions"]
            if divisions and done(divisions[0]):
                return divisions[0]
        time.sleep(0.2)
    raise AssertionError(f"the standings of {tournament} never got there")


def test_a_gateway_killed_before_the_broker_acknowledged_loses_and_doubles_nothing(
    alone: Running,
) -> None:
    stack = alone.stack
    tournament, games = alone.publish_division("restart")
    score = retarget(factories.score(games["A1"], 2, 0), tournament)
    assert stack.broker is not None and stack.broker.process is not None
    stack.broker.process.send_signal(signal.SIGSTOP)  # the broker hears but cannot answer
    try:

        def post_and_lose_the_answer() -> None:
            with contextlib.suppress(httpx.HTTPError):  # the gateway dies before answering
                httpx.post(
                    f"{stack.gateway_url}/v1/events",
                    content=score.model_dump_json(),
                    headers={"Authorization": f"Bearer {alone.field.token}"},
                    timeout=30,
                )

        poster = threading.Thread(target=post_and_lose_the_answer, daemon=True)
        poster.start()
        journal = Journal(stack.home / "journal.sqlite3")
        deadline = time.monotonic() + 10
        while str(score.event_id) not in {e.event_id for e in journal.events(tournament)}:
            assert time.monotonic() < deadline, "the gateway never journaled the score"
            time.sleep(0.05)
        stack.kill("gateway")  # journaled, not yet acknowledged, no answer sent
    finally:
        stack.broker.process.send_signal(signal.SIGCONT)
    stack.start_gateway()
    stack.wait_ready()
    snapshot = table_when(stack, tournament, lambda d: d["groups"][0]["rows"][0]["played"] > 0)
    t1 = next(r for r in snapshot["groups"][0]["rows"] if r["team_id"] == "T1")
    assert (t1["played"], t1["won"], t1["goals_for"], t1["points"]) == (1, 1, 2, 3)


def test_after_a_full_stop_the_empty_embedded_broker_is_rebuilt_from_the_journal(
    alone: Running,
) -> None:
    stack = alone.stack
    tournament, games = alone.publish_division("restart")
    for game_id, goals in RESULTS.items():
        alone.field.post(retarget(factories.score(games[game_id], *goals), tournament))
    before = table_when(stack, tournament, lambda d: rows(d) == EXPECTED)
    stack.stop()  # the broker's memory is gone with it

    again = Stack(stack.home, tokens_file=stack.tokens_file, app_prefix=stack.app_prefix)
    again.start()
    try:
        after = table_when(again, tournament, lambda d: rows(d) == EXPECTED)
        assert after["groups"] == before["groups"]
        assert after["version"] >= before["version"]  # never back, however it was refolded
    finally:
        again.stop()
