"""The gateway's journal: every accepted event once per producer, in order, with its exact
bytes, until the broker has it or refused it for good."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from services.gateway.journal import Incoming, Journal, Recorded


def event(
    event_id: str, body: bytes = b"{}", producer: str = "field", tournament: str = "cup"
) -> Incoming:
    return Incoming(producer, event_id, tournament, "match-events", b"cup/U12", body, body)


def recorded(journal: Journal, incoming: Incoming) -> Recorded:
    return journal.record(incoming).recorded


def test_an_event_is_new_once_then_a_duplicate_or_a_conflict(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    assert recorded(journal, event("e1")) is Recorded.NEW
    assert recorded(journal, event("e1")) is Recorded.DUPLICATE
    assert recorded(journal, event("e1", b'{"other": 1}')) is Recorded.CONFLICT
    assert [e.event_id for e in journal.events()] == ["e1"]


def test_one_id_from_two_producers_is_two_events(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    assert recorded(journal, event("e1", producer="field")) is Recorded.NEW
    assert recorded(journal, event("e1", b"[]", producer="admin")) is Recorded.NEW
    assert [(e.producer, e.event_id) for e in journal.events()] == [
        ("field", "e1"),
        ("admin", "e1"),
    ]


def test_the_exact_bytes_received_are_kept_beside_the_canonical_body(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    raw = b'{ "b" : 1,\n  "a": "\\u00e9" }'
    journal.record(Incoming("field", "e1", "cup", "t", b"k", b'{"a":"\xc3\xa9","b":1}', raw))
    [entry] = journal.events()
    assert (entry.raw, entry.body) == (raw, b'{"a":"\xc3\xa9","b":1}')


def test_unpublished_events_come_back_in_order_until_marked(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    seqs = [s.seq for s in journal.record_many([event("e1"), event("e2"), event("e3")])]
    journal.mark_published([seqs[1]])
    assert [e.event_id for e in journal.unpublished(journal.last_seq())] == ["e1", "e3"]
    assert [e.event_id for e in journal.unpublished(seqs[0])] == ["e1"]
    assert [e.event_id for e in journal.unpublished(journal.last_seq(), after=seqs[0])] == ["e3"]


def test_a_quarantined_event_is_kept_listed_and_never_unpublished_again(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    first, _ = journal.record_many([event("e1"), event("e2")])
    journal.quarantine(first.seq, "MessageSizeTooLargeError: too big")
    journal.forget_publication()
    assert [e.event_id for e in journal.unpublished(journal.last_seq())] == ["e2"]
    assert [(e.event_id, e.quarantined) for e in journal.quarantined()] == [
        ("e1", "MessageSizeTooLargeError: too big")
    ]
    assert journal.count_quarantined() == 1
    assert journal.record(event("e1")).quarantined == "MessageSizeTooLargeError: too big"
    assert [e.event_id for e in journal.events()] == ["e1", "e2"]


def test_the_journal_survives_a_reopen_and_can_republish_everything(tmp_path: Path) -> None:
    first = Journal(tmp_path / "j.sqlite3")
    first.mark_published([s.seq for s in first.record_many([event("e1"), event("e2")])])
    first.close()
    again = Journal(tmp_path / "j.sqlite3")
    assert again.unpublished(again.last_seq()) == []
    assert again.forget_publication() == 2
    assert [e.event_id for e in again.unpublished(again.last_seq())] == ["e1", "e2"]


def test_events_of_one_tournament_can_be_read_back(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    journal.record(event("e1"))
    journal.record(event("e2", tournament="other"))
    assert [e.event_id for e in journal.events("other")] == ["e2"]


def test_a_journal_from_before_producers_keeps_every_event(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    with sqlite3.connect(path) as old:
        old.executescript(
            """CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id TEXT NOT NULL UNIQUE, tournament_id TEXT NOT NULL, topic TEXT NOT NULL,
            key BLOB NOT NULL, body BLOB NOT NULL, digest TEXT NOT NULL,
            published INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX unpublished ON events (published, seq);
            INSERT INTO events (event_id, tournament_id, topic, key, body, digest, published)
            VALUES ('e1', 'cup', 'match-events', x'00', x'7b7d', 'd', 1),
                   ('e2', 'cup', 'match-events', x'00', x'5b5d', 'd', 0);"""
        )
    journal = Journal(path)
    assert [(e.producer, e.event_id, e.raw) for e in journal.events()] == [
        ("", "e1", b"{}"),
        ("", "e2", b"[]"),
    ]
    assert [e.event_id for e in journal.unpublished(journal.last_seq())] == ["e2"]
    assert recorded(journal, event("e1")) is Recorded.NEW
