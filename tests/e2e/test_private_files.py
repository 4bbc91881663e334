"""A running system keeps what names people, or grants access, readable by its owner only."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.conftest import Running


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_journal_token_file_logs_and_state_are_private(system: Running) -> None:
    system.publish_division("private")  # the journal holds events, with -wal and -shm
    home = system.stack.home
    files = [
        home / "tokens.yaml",
        *home.glob("journal.sqlite3*"),
        *(home / "logs").glob("*.log"),
    ]
    assert {path.name for path in files} >= {
        "tokens.yaml",
        "journal.sqlite3",
        "journal.sqlite3-wal",
        "gateway.log",
        "standings.log",
        "discipline.log",
    }
    assert {path.name: mode(path) for path in files} == {path.name: 0o600 for path in files}
    directories = [home / "logs", home / "data"]
    assert [mode(path) for path in directories] == [0o700, 0o700]
