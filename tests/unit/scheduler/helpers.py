"""Small tournaments written inline, for tests where one rule decides the answer."""

from __future__ import annotations

import tempfile
from pathlib import Path

from services.scheduler.loader import load_tournament
from services.scheduler.tournament import Tournament

EXAMPLES = Path(__file__).parents[3] / "examples"


def tournament_from(text: str) -> Tournament:
    """Load a tournament file given as text."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "cup.yaml"
        path.write_text(text)
        return load_tournament(path)


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)
