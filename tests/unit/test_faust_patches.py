"""The faust workarounds: the worker consumer's fetch wait, read offsets, the stall watch,
write-through to the changelog, and the version guard."""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from faust.transport.consumer import Consumer
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP
from hypothesis import given
from hypothesis import strategies as st

from services.streaming import faust_patches
from services.streaming.faust_patches import (
    FAUST_VERSIONS,
    STALL_LOOKS,
    ForgottenReadOffsets,
    Offsets,
    StallWatch,
    UnexpectedFaustVersion,
    check_faust_version,
    commits_from_the_committed,
    install_low_latency_fetch,
    write_through,
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
    consumer = faust_aiokafka.Consumer
    for method in ("position", "highwaters", "perform_seek", "resume_partitions"):
        assert callable(getattr(consumer, method)), method
    assert callable(consumer._get_active_partitions) and callable(consumer._is_changelog_tp)
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


MATCH = TP("match-events", 0)
SCHEDULE = TP("schedule", 1)


def test_a_partition_fetched_past_its_commit_with_nothing_moving_is_stalled() -> None:
    """Records fetched and dropped leave the fetch position past the committed offset and
    nothing ever moves it: after STALL_LOOKS looks the partition is read again."""
    watch = StallWatch()
    dropped, done = Offsets(40, 33, 40), Offsets(12, 12, 12)
    for _ in range(STALL_LOOKS - 1):
        assert watch.look({MATCH: dropped, SCHEDULE: done}) == set()
    assert watch.look({MATCH: dropped, SCHEDULE: done}) == {MATCH}
    assert watch.look({MATCH: dropped}) == set()  # counted afresh after a re-read


def test_a_partition_never_fetched_with_records_on_the_broker_is_stalled() -> None:
    """A survivor that never fetched a partition it took over: nothing committed, its
    position at the start, records on the broker."""
    watch = StallWatch()
    never = Offsets(0, None, 89)
    assert [watch.look({MATCH: never}) for _ in range(STALL_LOOKS)][-1] == {MATCH}


def test_a_partition_that_moves_or_is_handled_is_never_stalled() -> None:
    watch = StallWatch()
    for look in range(3 * STALL_LOOKS):
        moving = {MATCH: Offsets(40 + look, 33, 90), SCHEDULE: Offsets(50, 40 + look, 50)}
        assert watch.look(moving) == set()
    for _ in range(3 * STALL_LOOKS):
        assert watch.look({MATCH: Offsets(40, 40, 40)}) == set()  # all fetched and handled
        assert watch.look({MATCH: Offsets(None, 3, 9)}) == set()  # no position yet


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 5)), max_size=12))
def test_a_stall_is_declared_only_after_identical_looks(
    looks: list[tuple[int, int, int]],
) -> None:
    """Whatever the offsets, a partition is declared stalled only when the last STALL_LOOKS
    looks saw it behind at one position and one committed offset (then it counts afresh)."""
    watch = StallWatch()
    since = 0  # looks since the last declaration
    for n, (position, committed, end) in enumerate(looks):
        stalled = watch.look({MATCH: Offsets(position, committed, end)})
        since += 1
        recent = looks[max(0, n + 1 - min(since, STALL_LOOKS)) : n + 1]
        behind = [p > c or e > p for p, c, e in recent]
        standing = {(p, c) for p, c, _ in recent}
        expected = len(recent) == STALL_LOOKS and len(standing) == 1 and all(behind)
        assert (MATCH in stalled) == expected
        if stalled:
            since = 0


class SlowChangelog:
    """A table whose changelog records reach the broker only when `deliver` is called, and
    a producer whose flush gives up at once (as faust's does after 0.1 s of a busy buffer)."""

    def __init__(self) -> None:
        self.data: dict[bytes, bytes] = {}
        self.pending: list[asyncio.Future[None]] = []
        self.producer = self

    async def flush(self) -> None:
        return None

    def send_changelog(self, *args: Any) -> asyncio.Future[None]:
        future = asyncio.get_running_loop().create_future()
        self.pending.append(future)
        return future

    def __setitem__(self, key: bytes, value: bytes) -> None:
        self.data[key] = value
        self.send_changelog(key, value)

    def deliver(self) -> None:
        for future in self.pending:
            future.set_result(None)


class Partitioned:
    """An event as `write_through` reads it: its message's partition."""

    def __init__(self, partition: int) -> None:
        self.message = type("Message", (), {"partition": partition})()


def test_write_through_returns_only_once_the_broker_has_every_record() -> None:
    """Two replicas of each worker, one killed (docs/NOTES.md, scale out): faust's flush
    returned with changelog records still in its buffer, the batch was committed, and the
    killed worker's records were lost for good. The batch must wait for the records."""

    async def scenario() -> None:
        table = SlowChangelog()
        writes = [(b"k0", b"v0", Partitioned(0)), (b"k1", b"v1", Partitioned(1))]
        writing = asyncio.ensure_future(write_through(table, table, writes))  # type: ignore[arg-type]
        await asyncio.sleep(0.05)
        assert not writing.done(), "returned before the broker had the records"
        assert len(table.pending) == 2
        table.deliver()
        await asyncio.wait_for(writing, 1)
        assert table.data == {b"k0": b"v0", b"k1": b"v1"}

    asyncio.run(scenario())


class Acknowledged:
    """A consumer's commit bookkeeping as faust keeps it, with faust's own choice of offset."""

    def __init__(self, committed: int | None, acked: list[int]) -> None:
        self._committed_offset = defaultdict(lambda: None, {MATCH: committed, SCHEDULE: committed})
        self._acked = defaultdict(list, {MATCH: list(acked), SCHEDULE: list(acked)})
        self._acked_index = defaultdict(set, {tp: set(acked) for tp in (MATCH, SCHEDULE)})
        self._gap: defaultdict[TP, list[Any]] = defaultdict(list)  # no holes known

    def _new_offset(self, tp: TP) -> int | None:
        return Consumer._new_offset(self, tp)  # type: ignore[arg-type]


def test_faust_commits_past_a_record_never_acknowledged_and_the_patch_does_not() -> None:
    """Two replicas of each worker, one killed (docs/NOTES.md, scale out): a re-keying
    replica committed past results it never copied. faust takes the first run of acked
    offsets, checking it against the committed offset one record short."""
    dropped_head = Acknowledged(committed=20, acked=list(range(21, 31)))  # 20 never handled
    assert dropped_head._new_offset(MATCH) == 31  # faust: 20 counted as handled
    assert commits_from_the_committed(Acknowledged(20, list(range(21, 31))), {})(MATCH) is None


def test_with_nothing_committed_the_head_is_the_partition_s_first_offset() -> None:
    """A new group, or a partition its killed owner never committed (docs/NOTES.md, scale
    out): faust checks nothing then, so a dropped first record was committed as handled."""
    assert Acknowledged(committed=None, acked=[6, 7])._new_offset(MATCH) == 8  # faust
    assert commits_from_the_committed(Acknowledged(None, [6, 7]), {MATCH: 5})(MATCH) is None
    assert commits_from_the_committed(Acknowledged(None, [5, 6]), {MATCH: 5})(MATCH) == 7
    unknown_start = Acknowledged(committed=None, acked=[0, 1])
    assert commits_from_the_committed(unknown_start, {})(MATCH) is None  # not yet


def test_a_run_from_the_committed_offset_commits_and_compacted_holes_stay_faust_s() -> None:
    assert commits_from_the_committed(Acknowledged(20, list(range(20, 31))), {})(MATCH) == 31
    assert commits_from_the_committed(Acknowledged(20, [20, 21, 25]), {})(MATCH) == 22
    compacted = Acknowledged(20, list(range(21, 31)))  # the schedule topic: 20 compacted
    assert commits_from_the_committed(compacted, {})(SCHEDULE) == 31
    assert commits_from_the_committed(Acknowledged(None, [6, 7]), {})(SCHEDULE) == 8


def test_a_held_commit_is_logged_once_per_state_not_per_attempt(
    caplog: pytest.LogCaptureFixture,
) -> None:
    held = Acknowledged(20, list(range(21, 31)))
    choose = commits_from_the_committed(held, {})
    with caplog.at_level(logging.INFO, logger=faust_patches.log.name):
        for _ in range(5):
            assert choose(MATCH) is None
        held._acked[MATCH].insert(0, 19)  # the state changes: said again
        held._committed_offset[MATCH] = 18
        assert choose(MATCH) is None
    said = [r.getMessage() for r in caplog.records if "commit held back" in r.getMessage()]
    assert said == [
        f"commit held back on {MATCH}: the first acknowledged 21, head 20",
        f"commit held back on {MATCH}: the first acknowledged 19, head 18",
    ]
