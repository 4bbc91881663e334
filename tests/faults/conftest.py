"""Fixtures of the fault tests: a system of their own, since they kill and restart it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Running, start_system
from touchline.broker import EmbeddedBroker


@pytest.fixture
def own_system(broker: EmbeddedBroker, tmp_path: Path) -> Iterator[Running]:
    """A gateway and workers of this test's own on the shared broker, stopped after it."""
    running = start_system(tmp_path, broker.bootstrap)
    try:
        yield running
    finally:
        running.stack.stop()
