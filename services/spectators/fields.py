"""What is on each field now and next, for the venue page and the big screen."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from schemas.schedule import GameSlot
from services.spectators.games import GameState
from services.spectators.lateness import FieldDelay, current_games


@dataclass(frozen=True)
class FieldLine:
    """One field: the game being played on it (if any), the one after, and its delay."""

    field_id: str
    field_name: str
    venue_id: str
    playing: GameSlot | None
    next_up: GameSlot | None
    delay: FieldDelay | None


def field_lines(
    games: Iterable[GameSlot],
    states: Mapping[str, GameState],
    delays: Mapping[str, FieldDelay],
    venue_id: str | None = None,
) -> list[FieldLine]:
    """Every field (of `venue_id`, or all) that has a game: playing is its current game
    once that has kicked off, next up the first one that has not."""
    games = [g for g in games if venue_id is None or g.venue_id == venue_id]
    names = {g.field_id: g.field_name or g.field_id for g in games}
    venues = {g.field_id: g.venue_id for g in games}
    waiting = current_games(games, states)
    lines = []
    for field_id in sorted(names, key=lambda f: (names[f], f)):
        queue = waiting.get(field_id, [])
        first = queue[0] if queue else None
        state = states.get(first.game_id) if first is not None else None
        playing = first if state is not None and state.started else None
        rest = queue[1:] if playing is not None else queue
        lines.append(
            FieldLine(
                field_id,
                names[field_id],
                venues[field_id],
                playing,
                rest[0] if rest else None,
                delays.get(field_id),
            )
        )
    return lines


def day_of(games: Iterable[GameSlot], now: datetime) -> list[GameSlot]:
    """The games of the tournament day a spectator wants at `now`: today's, else the next
    day with games, else the last (dates in the games' own time zone)."""
    games = sorted(games, key=lambda g: (g.start, g.field_id))
    if not games:
        return []
    dates = sorted({g.start.date() for g in games})
    today = now.astimezone(games[0].start.tzinfo).date()
    wanted = next((d for d in dates if d >= today), dates[-1])
    return [g for g in games if g.start.date() == wanted]
