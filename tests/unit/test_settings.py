"""Faust settings: tuned for a fast start, and the worker consumer's fetch wait patched."""

from __future__ import annotations

from pathlib import Path

import pytest
from faust.transport.drivers import aiokafka as faust_aiokafka

from touchline.settings import Settings, faust_config, install_low_latency_fetch


def test_the_worker_consumer_waits_only_the_configured_fetch_time() -> None:
    install_low_latency_fetch(20)
    install_low_latency_fetch(20)  # idempotent: patching twice wraps once
    thread = faust_aiokafka.AIOKafkaConsumerThread

    class Built:
        _fetch_max_wait_ms = 1500

    original = thread._touchline_original
    try:
        thread._touchline_original = lambda self, transport: Built()
        install_low_latency_fetch(35)
        assert thread._create_worker_consumer(None, None)._fetch_max_wait_ms == 35
    finally:
        thread._touchline_original = original
        install_low_latency_fetch(20)


def test_sessions_are_short_and_state_is_durable(tmp_path: Path) -> None:
    config = faust_config(Settings("127.0.0.1:9092,127.0.0.1:9093", tmp_path), "x-standings", 4)
    assert config["broker"] == "kafka://127.0.0.1:9092;kafka://127.0.0.1:9093"
    assert config["broker_session_timeout"] <= 4
    assert config["store"] == "rocksdb://"
    assert config["datadir"] == str(tmp_path / "x-standings")


def test_a_worker_without_a_broker_address_says_how_to_get_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KAFKA_BOOTSTRAP_SERVERS", raising=False)
    with pytest.raises(SystemExit, match="touchline up"):
        Settings.from_env()
