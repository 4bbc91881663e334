"""A referee's own games, from the schedule feed: each game whose latest crew names them,
with its slot as scheduled now (a moved game shows where it moved; a cancelled one is gone).

No web framework here: the page, the calendar and their tests read the same list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from schemas.referees import CrewMember, RefereesAssigned
from schemas.schedule import GameScheduled, GameSlot

POSITION_NAMES = {
    "center": "Referee",
    "ar1": "Assistant 1",
    "ar2": "Assistant 2",
    "fourth": "Fourth official",
}


@dataclass(frozen=True)
class Duty:
    """One game a referee has, the position they hold, and the rest of the crew."""

    game: GameSlot
    position: str
    crew: tuple[CrewMember, ...]

    @property
    def position_name(self) -> str:
        return POSITION_NAMES[self.position]

    @property
    def others(self) -> str:
        """The rest of the crew, for the page: 'Assistant 1: Lee Baker, ...'."""
        return ", ".join(
            f"{POSITION_NAMES[m.position]}: {m.referee_name or m.referee_id}"
            for m in self.crew
            if m.position != self.position
        )


def duties(entries: Iterable[Any], referee_id: str) -> list[Duty]:
    """The referee's games in kick-off order."""
    listed = list(entries)
    games = {e.game.game_id: e.game for e in listed if isinstance(e, GameScheduled)}
    found = [
        Duty(games[e.game_id], member.position, tuple(e.crew))
        for e in listed
        if isinstance(e, RefereesAssigned) and e.game_id in games
        for member in e.crew
        if member.referee_id == referee_id
    ]
    return sorted(found, key=lambda d: (d.game.start, d.game.game_id))


def referee_name(duties_of: list[Duty], referee_id: str) -> str:
    """Their name as the crews give it, else their id."""
    for duty in duties_of:
        for member in duty.crew:
            if member.referee_id == referee_id and member.referee_name:
                return member.referee_name
    return referee_id
