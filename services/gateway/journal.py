"""The gateway's durable journal of every accepted event: an outbox in SQLite (WAL mode).

An event is written here before the gateway answers, and marked published only after the
broker acknowledged it. On start the gateway republishes whatever is not marked, and after
the embedded broker lost its memory it republishes everything: every consumer ignores event
ids it has seen, so publishing twice is harmless while publishing never would lose a score.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from touchline.files import private_file


class Recorded(Enum):
    """What recording an event did."""

    NEW = "accepted"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class Entry:
    """One journaled event, as the publisher needs it."""

    seq: int
    event_id: str
    tournament_id: str
    topic: str
    key: bytes
    body: bytes


_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    tournament_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    key BLOB NOT NULL,
    body BLOB NOT NULL,
    digest TEXT NOT NULL,
    published INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS unpublished ON events (published, seq);
CREATE INDEX IF NOT EXISTS by_tournament ON events (tournament_id, seq);
"""


class Journal:
    """Append-only event store; safe to share between the event loop and worker threads."""

    def __init__(self, path: Path) -> None:
        # It names minors: 0600, which SQLite gives its -wal and -shm files too.
        self._db = sqlite3.connect(
            private_file(path), check_same_thread=False, isolation_level=None
        )
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)

    def record(
        self, event_id: str, tournament_id: str, topic: str, key: bytes, body: bytes
    ) -> Recorded:
        """Store a new event durably, or say it was already here (same or other content)."""
        return self.record_many([(event_id, tournament_id, topic, key, body)])[0]

    def record_many(self, rows: list[tuple[str, str, str, bytes, bytes]]) -> list[Recorded]:
        """Record a batch in one transaction (one fsync), answering per event."""
        answers = []
        with self._transaction():
            for event_id, tournament_id, topic, key, body in rows:
                digest = hashlib.sha256(body).hexdigest()
                row = self._db.execute(
                    "SELECT digest FROM events WHERE event_id = ?", (event_id,)
                ).fetchone()
                if row is not None:
                    answers.append(Recorded.DUPLICATE if row[0] == digest else Recorded.CONFLICT)
                    continue
                self._db.execute(
                    "INSERT INTO events (event_id, tournament_id, topic, key, body, digest)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (event_id, tournament_id, topic, key, body, digest),
                )
                answers.append(Recorded.NEW)
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

    def mark_published(self, event_ids: list[str]) -> None:
        """Mark events acknowledged by the broker, in one transaction (one fsync)."""
        with self._transaction():
            self._db.executemany(
                "UPDATE events SET published = 1 WHERE event_id = ?", [(i,) for i in event_ids]
            )

    def unpublished(self, upto: int, limit: int = 1000) -> list[Entry]:
        """The oldest events up to sequence `upto` not yet acknowledged, in acceptance order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, event_id, tournament_id, topic, key, body FROM events"
                " WHERE published = 0 AND seq <= ? ORDER BY seq LIMIT ?",
                (upto, limit),
            ).fetchall()
        return [Entry(*row) for row in rows]

    def last_seq(self) -> int:
        """The sequence number of the newest event (0 when empty)."""
        with self._lock:
            return self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]

    def forget_publication(self) -> int:
        """Mark everything unpublished (the broker lost its data); returns how many."""
        with self._lock:
            return self._db.execute("UPDATE events SET published = 0").rowcount

    def events(self, tournament_id: str | None = None) -> list[Entry]:
        """Every journaled event (of one tournament), in acceptance order."""
        query = "SELECT seq, event_id, tournament_id, topic, key, body FROM events"
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
