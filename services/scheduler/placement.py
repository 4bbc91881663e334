"""Where and when a game is played: the one fact a schedule holds per game."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Placement:
    """A game on a field, on a day, from kick-off `start` to final whistle `end` (minutes)."""

    game: str
    field: str
    day: str
    start: int
    end: int


Schedule = dict[str, Placement]
"""Game id -> placement."""
