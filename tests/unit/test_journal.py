"""The gateway's journal: every accepted event once, in order, until the broker has it."""

from __future__ import annotations

from pathlib import Path

from services.gateway.journal import Journal, Recorded


def row(event_id: str, body: bytes = b"{}") -> tuple[str, str, str, bytes, bytes]:
    return (event_id, "cup", "match-events", b"cup/U12", body)


def test_an_event_is_new_once_then_a_duplicate_or_a_conflict(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    assert journal.record(*row("e1")) is Recorded.NEW
    assert journal.record(*row("e1")) is Recorded.DUPLICATE
    assert journal.record(*row("e1", b'{"other": 1}')) is Recorded.CONFLICT
    assert [e.event_id for e in journal.events()] == ["e1"]


def test_unpublished_events_come_back_in_order_until_marked(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    journal.record_many([row("e1"), row("e2"), row("e3")])
    journal.mark_published(["e2"])
    assert [e.event_id for e in journal.unpublished(journal.last_seq())] == ["e1", "e3"]
    assert [e.event_id for e in journal.unpublished(1)] == ["e1"]


def test_the_journal_survives_a_reopen_and_can_republish_everything(tmp_path: Path) -> None:
    first = Journal(tmp_path / "j.sqlite3")
    first.record_many([row("e1"), row("e2")])
    first.mark_published(["e1", "e2"])
    first.close()
    again = Journal(tmp_path / "j.sqlite3")
    assert again.unpublished(again.last_seq()) == []
    assert again.forget_publication() == 2
    assert [e.event_id for e in again.unpublished(again.last_seq())] == ["e1", "e2"]


def test_events_of_one_tournament_can_be_read_back(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    journal.record(*row("e1"))
    journal.record("e2", "other", "match-events", b"other/U9", b"{}")
    assert [e.event_id for e in journal.events("other")] == ["e2"]
