"""A division's match events, deduplicated and sorted by game into what each rule needs.

Standings are a function of the *set* of events: duplicates are dropped by `event_id`, and
every choice between events of one kind (latest correction, highest score report, ...) uses a
total order on the events themselves (`schemas.base.recency`), never their arrival order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from schemas.base import Envelope, recency
from schemas.match import (
    CardIssued,
    ForfeitDeclared,
    GameAbandoned,
    GameTerminated,
    MatchEvent,
    ScoreCorrected,
    ScoreReported,
    ShootoutResult,
    TeamDisqualified,
    TiebreakDecided,
)

E = TypeVar("E", bound=Envelope)


def newest(events: Iterable[E]) -> E | None:
    """The latest of some events by `recency`, or None."""
    return max(events, key=recency, default=None)


@dataclass
class GameEvents:
    """Everything posted about one game that can decide its result."""

    finals: list[ScoreReported] = field(default_factory=list)
    corrections: list[ScoreCorrected] = field(default_factory=list)
    forfeits: list[ForfeitDeclared] = field(default_factory=list)
    abandonments: list[GameAbandoned] = field(default_factory=list)
    terminations: list[GameTerminated] = field(default_factory=list)
    shootouts: list[ShootoutResult] = field(default_factory=list)
    cards: list[CardIssued] = field(default_factory=list)


@dataclass
class DivisionEvents:
    """The division's events by game, plus the division-wide ones."""

    games: defaultdict[str, GameEvents] = field(default_factory=lambda: defaultdict(GameEvents))
    disqualified: set[str] = field(default_factory=set)
    decisions: list[TiebreakDecided] = field(default_factory=list)

    def of(self, game_id: str) -> GameEvents:
        """The events of one game (empty if none were posted)."""
        return self.games.get(game_id) or GameEvents()


def unique(events: Iterable[MatchEvent]) -> list[MatchEvent]:
    """One event per identity (its producer's id). Two different events under one identity
    (a sender's bug) resolve to the one whose JSON sorts first, so even that case does not
    depend on arrival order."""
    by_id: dict[str, MatchEvent] = {}
    for event in events:
        kept = by_id.get(event.identity)
        if kept is None or (kept != event and event.model_dump_json() < kept.model_dump_json()):
            by_id[event.identity] = event
    return list(by_id.values())


def sort_events(events: Iterable[MatchEvent]) -> DivisionEvents:
    """Sort the division's events by game and kind; live scores and lineups are left out."""
    found = DivisionEvents()
    for event in unique(events):
        if isinstance(event, TeamDisqualified):
            found.disqualified.add(event.team_id)
        elif isinstance(event, TiebreakDecided):
            found.decisions.append(event)
        elif isinstance(event, ScoreReported):
            if event.status == "final":
                found.games[event.game_id].finals.append(event)
        elif isinstance(event, ScoreCorrected):
            found.games[event.game_id].corrections.append(event)
        elif isinstance(event, ForfeitDeclared):
            found.games[event.game_id].forfeits.append(event)
        elif isinstance(event, GameAbandoned):
            found.games[event.game_id].abandonments.append(event)
        elif isinstance(event, GameTerminated):
            found.games[event.game_id].terminations.append(event)
        elif isinstance(event, ShootoutResult):
            found.games[event.game_id].shootouts.append(event)
        elif isinstance(event, CardIssued):
            found.games[event.game_id].cards.append(event)
    return found
