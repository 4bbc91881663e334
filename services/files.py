"""Files that hold people's data are readable by their owner only, whatever the umask: the
journal names minors, the token file grants access, and the logs quote both.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO


def private_directory(path: Path) -> Path:
    """Create `path` and its missing parents as 0700; existing directories are left alone
    (they may be shared, like the current directory)."""
    for directory in reversed([path, *path.parents]):
        if not directory.exists():
            directory.mkdir(mode=0o700, exist_ok=True)
    return path


def private_file(path: Path) -> Path:
    """Make sure `path` exists as 0600, tightening a file left readable by others."""
    private_directory(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    path.chmod(0o600)
    return path


def open_private(path: Path) -> BinaryIO:
    """A private file opened for appending (a log)."""
    return private_file(path).open("ab")
