"""Read game cards: one row per player per game.

Columns: game, date (YYYY-MM-DD), team, game_minutes (the game's length as played), player,
attended (yes/no), played (';'-separated: `Q1`..`Q4` for quarters, or `10-25` for minutes
on to off; empty: did not play). A game's length is read from its first row; another row of
the game that says otherwise is a problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

from services.region.csv_rows import Row, read_table
from services.region.playing_time.minutes import Stint, quarter

COLUMNS = ("game", "date", "team", "game_minutes", "player", "attended", "played")


@dataclass(frozen=True)
class Appearance:
    game: str
    day: date
    team: str
    game_minutes: int
    player: str
    attended: bool
    stints: tuple[Stint, ...]
    row: int


def read_cards(path: Path) -> list[Appearance]:
    """Every row of the file; raises `InputError` with every problem. A game's length and
    its players are checked as written, whether or not the earlier row had problems."""
    table = read_table(path, COLUMNS)
    found: list[Appearance] = []
    lengths: dict[str, tuple[int, str]] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        game, length, player = (row.cells.get(c, "") for c in ("game", "game_minutes", "player"))
        first, written = lengths.setdefault(game, (row.number, length))
        if written != length:
            row.problem("game_minutes", f"differs from row {first} for game {game}")
            continue
        if (game, player) in seen:
            row.problem("player", f"{player} is already on row {seen[game, player]} for this game")
            continue
        seen[game, player] = row.number
        appearance = _appearance(row)
        if appearance is not None:
            found.append(appearance)
    table.raise_problems()
    return found


def _appearance(row: Row) -> Appearance | None:
    game, team, player = row.text("game"), row.text("team"), row.ident("player")
    day = row.day("date")
    minutes = row.parsed("game_minutes", _minutes, "a whole number of minutes (1-200)")
    attended = row.yes_no("attended")
    stints = _stints(row, minutes) if minutes else None
    if not (game and team and player) or day is None or minutes is None or stints is None:
        return None
    if attended is None:
        return None
    if stints and not attended:
        row.problem("played", "a player who did not attend cannot have played")
        return None
    return Appearance(game, day, team, minutes, player, attended, stints, row.number)


def _minutes(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 200:
        raise ValueError(text)
    return value


def _stints(row: Row, game_minutes: int) -> tuple[Stint, ...] | None:
    stints = []
    for item in row.items("played"):
        stint = _stint(item, game_minutes)
        if stint is None:
            what = (
                f"{item!r} is neither a quarter (Q1-Q4) nor minutes on-off within 0-{game_minutes}"
            )
            row.problem("played", what)
            return None
        stints.append(stint)
    return tuple(stints)


def _stint(item: str, game_minutes: int) -> Stint | None:
    if item.upper() in {"Q1", "Q2", "Q3", "Q4"}:
        return quarter(int(item[1]), game_minutes)
    on, dash, off = item.partition("-")
    try:
        stint = Stint(Fraction(on.strip()), Fraction(off.strip()))
    except (ValueError, ZeroDivisionError):
        return None
    if not dash or not 0 <= stint.on < stint.off <= game_minutes:
        return None
    return stint
