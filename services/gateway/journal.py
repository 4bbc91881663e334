"""The gateway's durable journal of every accepted event: an outbox in SQLite (WAL mode).

An event is written here before the gateway answers, and marked published only after the
broker acknowledged it. On start the gateway republishes whatever is not marked, and after
the embedded broker lost its memory it republishes everything: every consumer ignores event
ids it has seen, so publishing twice is harmless while publishing never would lose a score.

Each event is kept twice over: `raw`, the bytes exactly as the sender posted them (the
record of what was said), and `body`, the canonical form the gateway publishes (compact JSON
with the `producer` the gateway stamped). An event is unique per producer and id. An event
the broker refuses for good is *quarantined*: kept, with the reason, never sent again, so it
cannot hold up any other event.

The journal names minors, so its file (and the WAL and shared-memory files SQLite creates
beside it, which inherit its mode) is readable by its owner only, and any directory it
creates for it too.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from services.files import private_file


class Recorded(Enum):
    """What recording an event did."""

    NEW = "accepted"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class Incoming:
    """An admitted event, as the gateway journals it."""

    producer: str
    event_id: str
    tournament_id: str
    topic: str
    key: bytes
    body: bytes
    raw: bytes

    def entry(self, seq: int) -> Entry:
        """The journal entry this event became under `seq`."""
        return Entry(**vars(self), seq=seq)


@dataclass(frozen=True)
class Stored:
    """The answer of the journal to one incoming event: what recording did, the journaled
    event's sequence number, and why it is quarantined (an old event may already be)."""

    recorded: Recorded
    seq: int
    quarantined: str | None = None


@dataclass(frozen=True)
class Entry(Incoming):
    """One journaled event: an admitted one and its place in the journal."""

    seq: int
    quarantined: str | None = None


_TABLE = """
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    producer TEXT NOT NULL,
    event_id TEXT NOT NULL,
    tournament_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    key BLOB NOT NULL,
    body BLOB NOT NULL,
    raw BLOB NOT NULL,
    digest TEXT NOT NULL,
    published INTEGER NOT NULL DEFAULT 0,
    quarantined TEXT,
    UNIQUE (producer, event_id)
);
"""
#: Per division, a version above every one a display was served: versions restart from
#: nothing when the embedded broker does, and a display must never see one go back.
_SERVED = """
CREATE TABLE IF NOT EXISTS served (
    division_key BLOB PRIMARY KEY,
    above INTEGER NOT NULL
);
"""
#: Per division, how far above the worker's versions this gateway serves them since the
#: embedded broker was last rebuilt (none: as the worker wrote them).
_SHIFTED = """
CREATE TABLE IF NOT EXISTS shifted (
    division_key BLOB PRIMARY KEY,
    shift INTEGER NOT NULL
);
"""
#: What an admin decided about each quarantined event, and why: kept for the record.
_DECISIONS = """
CREATE TABLE IF NOT EXISTS quarantine_decisions (
    seq INTEGER NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    admin TEXT NOT NULL,
    decided_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
"""
_INDEXES = """
CREATE INDEX IF NOT EXISTS unpublished ON events (seq) WHERE published = 0 AND quarantined IS NULL;
CREATE INDEX IF NOT EXISTS by_tournament ON events (tournament_id, seq);
CREATE INDEX IF NOT EXISTS quarantine ON events (seq) WHERE quarantined IS NOT NULL;
"""
#: A journal from before producers and raw bytes: its events keep an empty producer (their
#: bodies have none either) and their canonical body as what is known of their bytes.
_MIGRATE = f"""
ALTER TABLE events RENAME TO events_before_producers;
{_TABLE}
INSERT INTO events (seq, producer, event_id, tournament_id, topic, key, body, raw, digest,
                    published)
    SELECT seq, '', event_id, tournament_id, topic, key, body, body, digest, published
    FROM events_before_producers;
DROP TABLE events_before_producers;
"""
#: The columns of an `Entry`, in the order of its fields.
_COLUMNS = "producer, event_id, tournament_id, topic, key, body, raw, seq, quarantined"


class Journal:
    """Append-only event store; safe to share between the event loop and worker threads."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(
            private_file(path), check_same_thread=False, isolation_level=None
        )
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(events)")}
            if columns and "producer" not in columns:
                self._db.executescript(f"BEGIN IMMEDIATE; {_MIGRATE} COMMIT;")
            self._db.executescript(_TABLE + _SERVED + _SHIFTED + _DECISIONS + _INDEXES)

    def record(self, event: Incoming) -> Stored:
        """Store a new event durably, or say it was already here (same or other content)."""
        return self.record_many([event])[0]

    def record_many(self, events: list[Incoming]) -> list[Stored]:
        """Record a batch in one transaction (one fsync), answering per event. Two events
        are the same when their canonical bodies are: a retry formatted differently is a
        duplicate, not a conflict."""
        answers = []
        with self._transaction():
            for event in events:
                digest = hashlib.sha256(event.body).hexdigest()
                row = self._db.execute(
                    "SELECT seq, digest, quarantined FROM events"
                    " WHERE producer = ? AND event_id = ?",
                    (event.producer, event.event_id),
                ).fetchone()
                if row is not None:
                    seq, known, quarantined = row
                    same = Recorded.DUPLICATE if known == digest else Recorded.CONFLICT
                    answers.append(Stored(same, seq, quarantined))
                    continue
                cursor = self._db.execute(
                    "INSERT INTO events (producer, event_id, tournament_id, topic, key, body,"
                    " raw, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        event.producer,
                        event.event_id,
                        event.tournament_id,
                        event.topic,
                        event.key,
                        event.body,
                        event.raw,
                        digest,
                    ),
                )
                assert cursor.lastrowid is not None
                answers.append(Stored(Recorded.NEW, cursor.lastrowid))
        return answers

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def mark_published(self, seqs: list[int]) -> None:
        """Mark events acknowledged by the broker, in one transaction (one fsync)."""
        with self._transaction():
            self._db.executemany(
                "UPDATE events SET published = 1 WHERE seq = ?", [(seq,) for seq in seqs]
            )

    def quarantine(self, seq: int, reason: str) -> None:
        """Keep an event the broker refused for good out of every later publication."""
        with self._transaction():
            self._db.execute("UPDATE events SET quarantined = ? WHERE seq = ?", (reason, seq))

    def unpublished(self, upto: int, after: int = 0, limit: int = 1000) -> list[Entry]:
        """The oldest events after sequence `after` and up to `upto` that are neither
        acknowledged nor quarantined, in acceptance order."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM events WHERE published = 0 AND quarantined IS NULL"
                " AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
                (after, upto, limit),
            ).fetchall()
        return [Entry(*row) for row in rows]

    def quarantined(self) -> list[Entry]:
        """Every quarantined event no admin has discarded, oldest first."""
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM events WHERE quarantined IS NOT NULL AND seq NOT IN"
                " (SELECT seq FROM quarantine_decisions WHERE decision = 'discard')"
                " ORDER BY seq"
            ).fetchall()
        return [Entry(*row) for row in rows]

    def decide(self, seq: int, decision: str, reason: str, admin: str) -> Entry | None:
        """Record an admin's decision about a quarantined event, with the reason: `release`
        takes it out of quarantine to be published again, `discard` keeps it quarantined for
        good and off the list. The event as it is now, or None if it is not in quarantine."""
        assert decision in ("release", "discard")
        with self._transaction():
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM events WHERE seq = ? AND quarantined IS NOT NULL"
                " AND seq NOT IN (SELECT seq FROM quarantine_decisions WHERE decision = 'discard')",
                (seq,),
            ).fetchone()
            if row is None:
                return None
            self._db.execute(
                "INSERT INTO quarantine_decisions (seq, decision, reason, admin)"
                " VALUES (?, ?, ?, ?)",
                (seq, decision, reason, admin),
            )
            if decision == "release":
                self._db.execute(
                    "UPDATE events SET quarantined = NULL, published = 0 WHERE seq = ?", (seq,)
                )
        entry = Entry(*row)
        return replace(entry, quarantined=None) if decision == "release" else entry

    def decisions(self, seq: int) -> list[tuple[str, str, str]]:
        """An event's quarantine decisions, oldest first: (decision, reason, admin)."""
        with self._lock:
            query = "SELECT decision, reason, admin FROM quarantine_decisions WHERE seq = ?"
            return self._db.execute(query + " ORDER BY rowid", (seq,)).fetchall()

    def count_unpublished(self) -> int:
        """Accepted events neither acknowledged by the broker nor quarantined: the backlog."""
        with self._lock:
            query = "SELECT COUNT(*) FROM events WHERE published = 0 AND quarantined IS NULL"
            return self._db.execute(query).fetchone()[0]

    def count_quarantined(self) -> int:
        with self._lock:
            query = (
                "SELECT COUNT(*) FROM events WHERE quarantined IS NOT NULL AND seq NOT IN"
                " (SELECT seq FROM quarantine_decisions WHERE decision = 'discard')"
            )
            return self._db.execute(query).fetchone()[0]

    def last_seq(self) -> int:
        """The sequence number of the newest event (0 when empty)."""
        with self._lock:
            return self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]

    def forget_publication(self) -> int:
        """Mark everything unpublished (the broker lost its data); returns how many."""
        with self._lock:
            return self._db.execute("UPDATE events SET published = 0").rowcount

    def served_above(self) -> dict[bytes, int]:
        """Per division key, the version above every one served so far (`reserve_served`)."""
        with self._lock:
            rows = self._db.execute("SELECT division_key, above FROM served").fetchall()
        return dict(rows)

    def reserve_served(self, division_key: bytes, above: int) -> None:
        """Record, durably, that no version of the division at or above `above` has been
        served yet, before serving one below it."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO served (division_key, above) VALUES (?, ?)"
                " ON CONFLICT (division_key) DO UPDATE SET above = excluded.above",
                (division_key, above),
            )

    def shifts(self) -> dict[bytes, int]:
        """Per division key, the shift of its versions since the last rebuild (`keep_shift`)."""
        with self._lock:
            return dict(self._db.execute("SELECT division_key, shift FROM shifted").fetchall())

    def keep_shift(self, division_key: bytes, shift: int) -> None:
        """Record, durably, the shift a division's versions are served with from now on."""
        with self._transaction():
            self._db.execute(
                "INSERT INTO shifted (division_key, shift) VALUES (?, ?)"
                " ON CONFLICT (division_key) DO UPDATE SET shift = excluded.shift",
                (division_key, shift),
            )

    def events(self, tournament_id: str | None = None) -> list[Entry]:
        """Every journaled event (of one tournament), quarantined ones included, in
        acceptance order."""
        query = f"SELECT {_COLUMNS} FROM events"
        params: tuple[str, ...] = ()
        if tournament_id is not None:
            query += " WHERE tournament_id = ?"
            params = (tournament_id,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY seq", params).fetchall()
        return [Entry(*row) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
