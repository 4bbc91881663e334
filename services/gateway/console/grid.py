"""The director's schedule grid as plain data: for each day, its fields across and its
kick-off times down, every game in its cell with the live status the public pages show
(`public_views.game_row`, the same labels), fields running late marked, and the games of a
searched team picked out.

A game sits in the row of its kick-off time; fields whose games have other lengths simply
leave some cells empty, so every field's day reads top to bottom in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from schemas.schedule import GameSlot
from services.gateway.public_views import PublicNames, field_name, game_row
from services.spectators.games import GameState
from services.spectators.lateness import FieldDelay


@dataclass(frozen=True)
class GridColumn:
    field_id: str
    name: str
    venue: str
    late: str  # "running 15 min late", or ""


@dataclass(frozen=True)
class GridRow:
    time: str
    cells: list[dict[str, Any] | None]  # one per column: a game's row, or None


@dataclass(frozen=True)
class DayGrid:
    date: str  # 2026-11-21
    label: str  # Sat 21 Nov
    columns: list[GridColumn]
    rows: list[GridRow]


def matches(game: Mapping[str, Any], query: str) -> bool:
    """A team search: the words typed, found in either team's name or id (any case)."""
    wanted = query.strip().casefold()
    if not wanted:
        return False
    sides = (game["home"], game["away"], game["home_id"] or "", game["away_id"] or "")
    return any(wanted in side.casefold() for side in sides)


def grids(
    games: Iterable[GameSlot],
    states: Mapping[str, GameState],
    delays: Mapping[str, FieldDelay],
    names: PublicNames,
    team: str = "",
) -> list[DayGrid]:
    """Every day of the schedule, in order, as fields x kick-off times."""
    by_day: dict[str, list[GameSlot]] = {}
    for game in games:
        by_day.setdefault(game.start.date().isoformat(), []).append(game)
    found = []
    for day, playing in sorted(by_day.items()):
        fields = sorted({(g.venue_name or g.venue_id, field_name(g), g.field_id) for g in playing})
        columns = [
            GridColumn(
                field_id,
                name,
                venue,
                f"running {delays[field_id].minutes} min late" if field_id in delays else "",
            )
            for venue, name, field_id in fields
        ]
        place = {column.field_id: n for n, column in enumerate(columns)}
        rows: dict[str, list[dict[str, Any] | None]] = {}
        for game in sorted(playing, key=lambda g: (g.start, g.field_id)):
            time = game.start.strftime("%H:%M")
            cells = rows.setdefault(time, [None] * len(columns))
            cell = game_row(game, states[game.game_id], names)
            cell["match"] = matches(cell, team)
            cell["late"] = game.field_id in delays and delays[game.field_id].game_id == game.game_id
            cells[place[game.field_id]] = cell
        found.append(
            DayGrid(
                day,
                playing[0].start.strftime("%a %d %b"),
                columns,
                [GridRow(time, cells) for time, cells in sorted(rows.items())],
            )
        )
    return found


def searched(days: Iterable[DayGrid]) -> list[dict[str, Any]]:
    """The searched team's games, in order: the grid's picked-out cells as a list."""
    return [
        cell for day in days for row in day.rows for cell in row.cells if cell and cell["match"]
    ]
