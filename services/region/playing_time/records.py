"""A team's games as the field app recorded them: who attended (the game's lineup) and who
was on in each quarter (its quarter lineups), from the events in any order.

The latest lineup of a game and team, and the latest record of each quarter, replace the
earlier ones (`schemas.base.recency`), so a correction sent from the phone is a new event
and the same events give the same record whatever order they are read in. Games become the
game cards' `Appearance`s, so the season report is the cards' report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from schemas.base import recency
from schemas.match import LineupSubmitted, QuarterLineup
from services.region.playing_time.cards import Appearance
from services.region.playing_time.minutes import quarter
from services.region.playing_time.quarters import QUARTERS


@dataclass
class GameRecord:
    """One team's game: its attending players and each recorded quarter's players."""

    game: str
    team: str
    day: date  # of the game's first quarter record
    game_minutes: int
    attending: frozenset[str] = frozenset()
    quarters: dict[int, frozenset[str]] = field(default_factory=dict)

    @property
    def missing(self) -> list[int]:
        """The quarters with no record: the game is still being played, or was not kept."""
        return [n for n in QUARTERS if n not in self.quarters]


def game_records(events: Iterable[Any]) -> list[GameRecord]:
    """The record of every game and team that has a quarter lineup, by game and team.
    Other events are ignored; a lineup without quarter lineups is no record (the team's
    playing time was not kept)."""
    lineups: dict[tuple[str, str], LineupSubmitted] = {}
    quarters: dict[tuple[str, str, int], QuarterLineup] = {}
    for event in events:
        if isinstance(event, LineupSubmitted):
            _keep_latest(lineups, (event.game_id, event.team_id), event)
        elif isinstance(event, QuarterLineup):
            _keep_latest(quarters, (event.game_id, event.team_id, event.quarter), event)
    records: dict[tuple[str, str], GameRecord] = {}
    for (game, team, n), event in sorted(quarters.items(), key=lambda kv: recency(kv[1])):
        day = event.occurred_at.date()
        record = records.setdefault((game, team), GameRecord(game, team, day, event.game_minutes))
        record.game_minutes = event.game_minutes  # the latest record's length
        record.quarters[n] = frozenset(event.player_ids)
    for (game, team), record in records.items():
        lineup = lineups.get((game, team))
        if lineup is not None:
            members = lineup.members
            record.attending = frozenset(m.person_id for m in members if m.role == "player")
    return [records[key] for key in sorted(records)]


def _keep_latest(held: dict[Any, Any], key: Any, event: Any) -> None:
    if key not in held or recency(event) > recency(held[key]):
        held[key] = event


def appearances(records: Iterable[GameRecord]) -> list[Appearance]:
    """Each attending player's appearance in each record, for the cards' report."""
    found = []
    for record in records:
        for player in sorted(record.attending.union(*record.quarters.values())):
            stints = tuple(
                quarter(n, record.game_minutes)
                for n, on in sorted(record.quarters.items())
                if player in on
            )
            found.append(
                Appearance(
                    game=record.game,
                    day=record.day,
                    team=record.team,
                    game_minutes=record.game_minutes,
                    player=player,
                    attended=True,
                    stints=stints,
                    row=0,  # from events, not a card's row
                )
            )
    return found
