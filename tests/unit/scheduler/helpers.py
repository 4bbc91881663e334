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


#: Two 9v9 fields, two divisions of two teams: one game each, both kicking off at 08:00.
RAIN_CUP = """\
id: rain
timezone: America/New_York
days: [{id: sat, date: 2026-11-21}]
venues: [{id: park}]
fields:
  - {id: N1, venue: park, size: 9v9, open: {sat: "08:00-14:00"}}
  - {id: N2, venue: park, size: 9v9, open: {sat: "08:00-14:00"}}
divisions:
  - {id: U12B, age_group: U12, groups: {A: [a, b]}}
  - {id: U11B, age_group: U11, groups: {A: [c, d]}}
teams:
  - {id: a, division: U12B}
  - {id: b, division: U12B}
  - {id: c, division: U11B}
  - {id: d, division: U11B}
"""
