"""Checks of one game's own events that need no discipline history: players at kick-off,
game-day roster size, and a head-injury removal followed by a return.

The pure code has no clock, so "kick-off plus the grace period" is judged from field time:
the lineup a team has in force at the deadline (start + grace) is its latest lineup with
`occurred_at` at or before the deadline, and the deadline has *passed* only once some event
of that game carries a field time at or after it (a late lineup, a card, a score). Until then
a short lineup is no forfeit yet, because players may still arrive.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from schemas.base import recency
from schemas.match import CardIssued, GameEvent, HeadInjuryRemoval, LineupSubmitted
from schemas.schedule import GameSlot
from services.discipline.config import DisciplineConfig
from services.discipline.records import Alert, AlertReason


def players(lineup: LineupSubmitted) -> int:
    """Players on a lineup (coaches and officials do not count)."""
    return sum(1 for m in lineup.members if m.role == "player")


def _by_field_time(events: Iterable[GameEvent]) -> list[GameEvent]:
    return sorted(events, key=recency)


def lineup_alerts(
    slot: GameSlot, age_group: str, config: DisciplineConfig, events: list[GameEvent]
) -> Iterator[Alert]:
    """Team alerts of one game: too few players at kick-off plus grace, too many on a lineup."""
    band = config.band(age_group)
    deadline = slot.start + config.grace
    lineups = [e for e in _by_field_time(events) if isinstance(e, LineupSubmitted)]
    deadline_passed = any(e.occurred_at >= deadline for e in events)
    for team in sorted({lineup.team_id for lineup in lineups}):
        own = [lineup for lineup in lineups if lineup.team_id == team]
        in_force = [lineup for lineup in own if lineup.occurred_at <= deadline]
        count = players(in_force[-1]) if in_force else 0
        if deadline_passed and count < band.minimum_players:
            yield _team_alert(
                slot,
                team,
                "too_few_players",
                f"{count} player(s) by {deadline.isoformat()} (kick-off + grace); "
                f"{age_group} needs {band.minimum_players}",
                own[0].occurred_at if not in_force else in_force[-1].occurred_at,
            )
        limit = band.game_day_maximum
        over = [lineup for lineup in own if limit is not None and players(lineup) > limit]
        if over:
            yield _team_alert(
                slot,
                team,
                "game_roster_limit",
                f"{players(over[0])} players on the game-day roster; {age_group} allows {limit}",
                over[0].occurred_at,
            )


def _team_alert(
    slot: GameSlot, team: str, reason: AlertReason, detail: str, moment: datetime
) -> Alert:
    return Alert(
        division_id=slot.division_id,
        game_id=slot.game_id,
        team_id=team,
        person_id=team,
        person_name="",
        reason=reason,
        detail=detail,
        occurred_at=moment,
    )


def head_injury_returns(events: list[GameEvent]) -> Iterator[tuple[HeadInjuryRemoval, GameEvent]]:
    """(removal, first evidence of return) for every player who came back after a removal.

    Evidence is a later lineup of the game listing the player, or a card shown to the player
    after the removal (by minute when both have one, else by field time).
    """
    ordered = _by_field_time(events)
    removals: dict[str, HeadInjuryRemoval] = {}
    for event in ordered:
        if isinstance(event, HeadInjuryRemoval):
            removals.setdefault(event.person_id, event)
    for person, removal in sorted(removals.items()):
        evidence = next((e for e in ordered if _returns(removal, person, e)), None)
        if evidence is not None:
            yield removal, evidence


def _returns(removal: HeadInjuryRemoval, person: str, event: GameEvent) -> bool:
    if isinstance(event, LineupSubmitted):
        listed = any(m.person_id == person for m in event.members)
        return listed and event.occurred_at > removal.occurred_at
    if isinstance(event, CardIssued) and event.person_id == person:
        if event.minute is not None and removal.minute is not None:
            return event.minute > removal.minute
        return event.occurred_at > removal.occurred_at
    return False
