"""A worker's faust consumer never skips a message it fetches again after a seek, nor takes
a jump in offsets for a hole to commit (`touchline.redelivery`; seen with two replicas)."""

from __future__ import annotations

from pathlib import Path

from faust.types import TP

from touchline.redelivery import ForgottenReadOffsets
from touchline.runtime import build_app
from touchline.settings import Settings


def test_read_offsets_are_kept_but_never_read_back() -> None:
    offsets = ForgottenReadOffsets()
    partition = TP("match-events", 0)
    offsets[partition] = 500  # what faust's fetch loop writes after each message
    assert offsets[partition] is None  # what it reads before the next: "first of its kind"
    offsets.update({partition: 480})  # a seek
    assert offsets[partition] is None


def test_every_worker_consumer_forgets_its_read_offsets(tmp_path: Path) -> None:
    app = build_app("standings", Settings("127.0.0.1:9", tmp_path))
    assert isinstance(app.consumer._read_offset, ForgottenReadOffsets)
