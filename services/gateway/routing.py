"""Which topic and key an inbound event goes to: one place, so every producer agrees."""

from __future__ import annotations

from typing import Any

from schemas.schedule import DivisionDefined, GameCancelled, GameScheduled
from touchline import topics


def route(event: Any) -> tuple[str, bytes]:
    """Match events go to `match-events` keyed by tournament/division, committee rulings to
    `discipline-rulings` keyed by tournament, the schedule to `schedule` keyed by game (a
    division's definition by `division:<tournament>/<division>`)."""
    if event.type.startswith("ruling."):
        return topics.RULINGS.name, event.tournament_id.encode()
    if isinstance(event, GameScheduled):
        return topics.SCHEDULE.name, f"{event.tournament_id}/{event.game.game_id}".encode()
    if isinstance(event, GameCancelled):
        return topics.SCHEDULE.name, f"{event.tournament_id}/{event.game_id}".encode()
    if isinstance(event, DivisionDefined):
        return topics.SCHEDULE.name, b"division:" + topics.division_key(
            event.tournament_id, event.division_id
        )
    return topics.MATCH_EVENTS.name, topics.division_key(event.tournament_id, event.division_id)
