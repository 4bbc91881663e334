"""The faust workarounds: the worker consumer's fetch wait, and the version guard."""

from __future__ import annotations

import pytest
from faust.transport.drivers import aiokafka as faust_aiokafka

from services.streaming.faust_patches import (
    FAUST_VERSIONS,
    UnexpectedFaustVersion,
    check_faust_version,
    install_low_latency_fetch,
)


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


def test_the_patches_refuse_a_faust_they_were_not_written_for() -> None:
    check_faust_version(FAUST_VERSIONS[0])
    with pytest.raises(UnexpectedFaustVersion, match=r"faust 0\.16\.0 is installed"):
        check_faust_version("0.16.0")


def test_the_patched_faust_attributes_still_exist() -> None:
    """What the patches reach into: a faust that renamed any of these would make a patch a
    silent no-op, so their presence is checked here as well as by the version guard."""
    from faust import App
    from faust.streams import _current_event

    assert callable(faust_aiokafka.AIOKafkaConsumerThread._create_worker_consumer)
    assert callable(App.on_rebalance_end)
    assert _current_event.get(None) is None
