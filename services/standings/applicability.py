"""Why an event cannot change a division's standings, for the worker's dead-letter topic.

`compute_division` never fails on such an event (it simply has no effect, so the fold stays
total and order-independent); the worker calls `why_not_applicable` first so it can log and
dead-letter the event with a reason instead of keeping it silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemas.match import (
    CardIssued,
    DivisionEvent,
    ForfeitDeclared,
    GameEvent,
    GameTerminated,
    MatchEvent,
    ShootoutResult,
    TeamDisqualified,
    TiebreakDecided,
)
from schemas.schedule import DivisionDefined, GameSlot
from services.ledger import Ledger
from services.standings.results import half_time, mercy_problem


def why_no_effect(ledger: Ledger, item: Any) -> str | None:
    """Why a match event cannot change its division's tables as the division's ledger stands
    (None before the division is defined): what the worker dead-letters and the offline
    command prints. The event is kept, so a later schedule change can still make it count."""
    definition = next(iter(ledger.divisions.values()), None)
    if definition is None or not isinstance(item, DivisionEvent):
        return None
    return why_not_applicable(definition, ledger.games, item)


def why_not_applicable(
    division: DivisionDefined, games: Mapping[str, GameSlot], event: MatchEvent
) -> str | None:
    """None if the event can count; otherwise which field is wrong and why."""
    if not isinstance(event, DivisionEvent) or event.division_id != division.division_id:
        return f"division_id: the event is not about division {division.division_id!r}"
    teams = {team.team_id for team in division.teams}
    if isinstance(event, TeamDisqualified) and event.team_id not in teams:
        return f"team_id: {event.team_id!r} is not in the division"
    if isinstance(event, TiebreakDecided):
        return _decision_problem(division, teams, event)
    if isinstance(event, GameEvent):
        game = games.get(event.game_id)
        if game is None:
            return f"game_id: no scheduled game {event.game_id!r} in this division"
        return _game_problem(division, game, event)
    return None


def _decision_problem(
    division: DivisionDefined, teams: set[str], event: TiebreakDecided
) -> str | None:
    groups = {group.group_id: set(group.team_ids) for group in division.groups}
    if event.group_id is not None and event.group_id not in groups:
        return f"group_id: no group {event.group_id!r} in the division"
    allowed = teams if event.group_id is None else groups[event.group_id]
    strangers = [team for team in event.ranking if team not in allowed]
    if strangers:
        return f"ranking: {', '.join(strangers)} not in {event.group_id or 'the division'}"
    if len(set(event.ranking)) != len(event.ranking):
        return "ranking: a team is listed twice"
    return None


def _game_problem(division: DivisionDefined, game: GameSlot, event: GameEvent) -> str | None:
    sides = {game.home_team_id, game.away_team_id} - {None}
    named = None
    if isinstance(event, ForfeitDeclared):
        named = ("forfeiting_team_id", event.forfeiting_team_id)
    elif isinstance(event, CardIssued):
        named = ("team_id", event.team_id)
    if named is not None and len(sides) == 2 and named[1] not in sides:
        return f"{named[0]}: {named[1]!r} does not play game {game.game_id!r}"
    if isinstance(event, ShootoutResult) and game.stage != "playoff":
        return "game_id: a shoot-out only settles a drawn playoff game"
    if isinstance(event, GameTerminated):
        return mercy_problem(event, half_time(division))
    return None
