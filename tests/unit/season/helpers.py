"""Small leagues for tests where one rule decides the answer: a YAML text the loader tests
change one line of, and leagues built directly for the model, checker and replan tests."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from services.season.league import HomeField, League, LeagueDivision, LeagueRules, LeagueTeam
from services.season.league_file import SeasonFileError, load_league

#: A valid season file: four teams, six games each, six weekends (2026-09-05 to 10-11).
BASE = """\
id: league
timezone: America/Los_Angeles
season: {start: 2026-09-05, end: 2026-10-11}
fields:
  - id: north
    times: {sat: ["09:00", "11:00"], sun: ["10:00"]}
  - id: south
    times: {sat: ["09:00"]}
divisions:
  - {id: b12, games_per_team: 6, game_minutes: 90}
teams:
  - {id: t1, division: b12, home_field: north}
  - {id: t2, division: b12, home_field: north, blackouts: [2026-09-19]}
  - {id: t3, division: b12, home_field: south}
  - {id: t4, division: b12, home_field: south}
"""

FIRST_SATURDAY = date(2026, 9, 5)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "season.yaml"
    path.write_text(text)
    return path


def problems_after(tmp_path: Path, old: str, new: str) -> list[str]:
    """The problems the loader reports for BASE with `old` (which must be in it) replaced."""
    assert old in BASE
    with pytest.raises(SeasonFileError) as caught:
        load_league(write(tmp_path, BASE.replace(old, new, 1)))
    return [str(problem) for problem in caught.value.problems]


def league(
    teams: int = 4,
    games: int = 6,
    weekends: int = 6,
    per_weekend: int = 1,
    fields: int = 2,
    blackouts: dict[int, list[int]] | None = None,
    located: bool = False,
) -> League:
    """A division of `teams` teams homed round-robin on `fields` fields (two Saturday and
    one Sunday kick-off each), over `weekends` weekends; `blackouts` maps a team's number to
    the weekends (by number, from 0) it cannot play."""
    blackouts = blackouts or {}
    saturdays = [FIRST_SATURDAY + timedelta(days=7 * n) for n in range(weekends)]
    return League(
        id="league",
        name="League",
        timezone="America/Los_Angeles",
        start=saturdays[0],
        end=saturdays[-1] + timedelta(days=1),
        divisions=(LeagueDivision("d", "Division", games, 90),),
        teams=tuple(
            LeagueTeam(
                f"t{n}",
                f"Team {n}",
                "d",
                f"f{n % fields}",
                frozenset(saturdays[w] for w in blackouts.get(n, [])),
            )
            for n in range(teams)
        ),
        fields=tuple(
            HomeField(
                f"f{n}",
                f"Field {n}",
                {"sat": (540, 660), "sun": (600,)},
                location=(34.0 + n / 10, -118.0) if located else None,
            )
            for n in range(fields)
        ),
        rules=LeagueRules(per_weekend),
    )
