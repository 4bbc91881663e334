"""The journal (minors' names), the token file and the logs are readable by their owner
only, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from services.files import open_private
from services.gateway.auth import Role
from services.gateway.journal import Incoming, Journal
from touchline.cli import add_token


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    """The common default: files 0644 and directories 0755 unless we say otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_journal_its_side_files_and_new_directories_are_private(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "var" / "state" / "journal.sqlite3")
    journal.record(Incoming("field", "e1", "cup", "match-events", b"cup/U12", b"{}", b"{}"))
    files = sorted((tmp_path / "var" / "state").iterdir())
    assert [f.name for f in files] == [
        "journal.sqlite3",
        "journal.sqlite3-shm",
        "journal.sqlite3-wal",
    ]
    assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    assert (mode(tmp_path / "var"), mode(tmp_path / "var" / "state")) == (0o700, 0o700)
    journal.close()


def test_a_journal_left_world_readable_is_made_private_when_opened(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    Journal(shared / "journal.sqlite3").close()
    (shared / "journal.sqlite3").chmod(0o644)
    Journal(shared / "journal.sqlite3").close()
    assert mode(shared / "journal.sqlite3") == 0o600
    assert mode(shared) == 0o755  # a directory it did not make is left alone


def test_the_token_file_is_private(tmp_path: Path) -> None:
    file = tmp_path / "var" / "tokens.yaml"
    add_token(file, "admin", "secret", Role.ADMIN, ["*"])
    assert (mode(file), mode(file.parent)) == (0o600, 0o700)
    file.chmod(0o644)
    add_token(file, "field", "other", Role.FIELD, ["cup"])
    assert mode(file) == 0o600


def test_logs_are_private(tmp_path: Path) -> None:
    with open_private(tmp_path / "logs" / "gateway.log") as log:
        log.write(b"started\n")
    assert (mode(tmp_path / "logs" / "gateway.log"), mode(tmp_path / "logs")) == (0o600, 0o700)
