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


#: Which list of `GameEvents` keeps each kind of per-game event (a score report only if final).
GAME_LISTS: dict[type[Envelope], str] = {
    ScoreReported: "finals",
    ScoreCorrected: "corrections",
    ForfeitDeclared: "forfeits",
    GameAbandoned: "abandonments",
    GameTerminated: "terminations",
    ShootoutResult: "shootouts",
    CardIssued: "cards",
}


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
        elif isinstance(event, ScoreReported) and event.status != "final":
            continue  # a live score decides nothing
        elif (kept_in := GAME_LISTS.get(type(event))) is not None:
            getattr(found.games[event.game_id], kept_in).append(event)
    return found
