"""The faust workarounds: the worker consumer's fetch wait, and the version guard."""

from __future__ import annotations

from pathlib import Path

import pytest
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP

from services.streaming.faust_patches import (
    FAUST_VERSIONS,
    ForgottenReadOffsets,
    UnexpectedFaustVersion,
    check_faust_version,
    install_low_latency_fetch,
)
from services.streaming.runtime import build_app
from services.streaming.settings import StreamSettings


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


def test_read_offsets_are_kept_but_never_read_back() -> None:
    offsets = ForgottenReadOffsets()
    partition = TP("match-events", 0)
    offsets[partition] = 500  # what faust's fetch loop writes after each message
    assert offsets[partition] is None  # what it reads before the next: "first of its kind"
    offsets.update({partition: 480})  # a seek
    assert offsets[partition] is None


def test_every_worker_consumer_forgets_its_read_offsets(tmp_path: Path) -> None:
    app = build_app("standings", StreamSettings("127.0.0.1:9", tmp_path))
    assert isinstance(app.consumer._read_offset, ForgottenReadOffsets)
