"""Which topic and key an inbound event goes to: one place, so every producer agrees."""

from __future__ import annotations

from typing import Any

from schemas.match import HeadInjuryRemoval, LineupSubmitted, QuarterLineup
from schemas.referees import RefereesAssigned
from schemas.roster import RosterSubmitted
from schemas.schedule import DivisionDefined, GameCancelled, GameScheduled
from services.ledger import is_live_score
from services.streaming import topics


def route(event: Any) -> tuple[str, bytes]:
    """Committee rulings go to `discipline-rulings` and registrations to `registration`, both
    keyed by tournament, the schedule to
    `schedule` keyed by game (a division's definition by `division:<tournament>/<division>`),
    and events from the field, keyed by tournament/division, to the topic of whoever folds
    them: live scores to `live-scores` (no one), lineups (of the game and of each quarter),
    rosters and head-injury removals to
    `team-sheets` (discipline), everything else to `match-events` (standings and discipline).
    """
    if event.type.startswith("ruling."):
        return topics.RULINGS.name, event.tournament_id.encode()
    if event.type.startswith("registration."):
        return topics.REGISTRATION.name, event.tournament_id.encode()
    if isinstance(event, GameScheduled):
        return topics.SCHEDULE.name, f"{event.tournament_id}/{event.game.game_id}".encode()
    if isinstance(event, GameCancelled | RefereesAssigned):
        return topics.SCHEDULE.name, f"{event.tournament_id}/{event.game_id}".encode()
    if isinstance(event, DivisionDefined):
        return topics.SCHEDULE.name, b"division:" + topics.division_key(
            event.tournament_id, event.division_id
        )
    key = topics.division_key(event.tournament_id, event.division_id)
    if is_live_score(event):
        return topics.LIVE_SCORES.name, key
    if isinstance(event, LineupSubmitted | QuarterLineup | RosterSubmitted | HeadInjuryRemoval):
        return topics.TEAM_SHEETS.name, key
    return topics.MATCH_EVENTS.name, key
