"""Small tournaments written inline, for tests where one rule decides the answer."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml

from services.scheduler.loader import TournamentFileError, load_tournament
from services.scheduler.tournament import Tournament

EXAMPLES = Path(__file__).parents[3] / "examples"


#: A small valid tournament file; the loader tests change a line of it to make one mistake.
BASE = """\
id: cup
days:
  - {id: sat, date: 2026-11-21}
venues:
  - {id: park, main: true}
fields:
  - {id: F1, venue: park, size: 9v9, open: {sat: "08:00-12:00"}}
divisions:
  - id: U12B
    age_group: U12
    groups: {A: [t1, t2, t3]}
teams:
  - {id: t1, division: U12B}
  - {id: t2, division: U12B}
  - {id: t3, division: U12B}
"""


def write(tmp_path: Path, text: str, name: str = "cup.yaml") -> Path:
    """Write a file of the test's own into its temporary folder."""
    path = tmp_path / name
    path.write_text(text)
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    """The problems the loader reports for a tournament file given as text (it must fail)."""
    with pytest.raises(TournamentFileError) as caught:
        load_tournament(write(tmp_path, text))
    return [str(problem) for problem in caught.value.problems]


def problems_after(tmp_path: Path, change: tuple[str, str]) -> list[str]:
    """The problems of BASE with its first `old` replaced by `new`; `old` must be in it."""
    old, new = change
    assert old in BASE
    return problems(tmp_path, BASE.replace(old, new, 1))


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


#: Names that a careless export would break: markup, an ampersand, CSV's comma and quote,
#: and one long enough, in more than one byte per letter, to need iCalendar line folding.
AWKWARD_NAMES = {
    "a": "<script>alert(1)</script> & Sons",
    "b": 'Smith, "Junior" FC',
    "c": "Clube Atlético São José dos Campos Futebol Juvenil e Academia de Formação",
    "d": "Deerfield United",
}


def cup_across(dates: tuple[date, ...]) -> Tournament:
    """A day on each of `dates`, four U12 teams with AWKWARD_NAMES, one game a day each, so
    the round robin's rounds fall on different days (on both sides of a clock change when
    the dates straddle one)."""
    days = [{"id": f"d{n}", "date": day} for n, day in enumerate(dates)]
    document = {
        "id": "across",
        "name": "Across Cup",
        "timezone": "America/New_York",
        "days": days,
        "venues": [{"id": "park", "name": "Park & Ride <North>"}],
        "fields": [
            {"id": "P1", "name": "Stadium Pitch", "venue": "park", "size": "9v9",
             "open": dict.fromkeys((day["id"] for day in days), "08:00-18:00")},
        ],
        "rules": {"max_games_per_day": {"U12": 1}},
        "divisions": [{"id": "U12B", "name": "U12 Boys", "age_group": "U12",
                       "groups": {"A": list(AWKWARD_NAMES)}}],
        "teams": [
            {"id": team, "name": name, "division": "U12B"} for team, name in AWKWARD_NAMES.items()
        ],
    }  # fmt: skip
    return tournament_from(yaml.safe_dump(document, allow_unicode=True))
