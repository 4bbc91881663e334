"""A team's and a referee's games as iCalendar feeds (`.ics`), from the published schedule.

Event UIDs are the game id at the tournament (and the referee's id, in a referee's feed), so
a calendar app that re-reads the feed after a weather reschedule or a replan moves or drops
the game instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import icalendar

from schemas.schedule import GameSlot
from services.gateway.referee_schedule import Duty
from services.scheduler.calendars import calendar_file, game_event


def team_calendar(
    tournament_id: str,
    team_id: str,
    team_name: str,
    games: Iterable[GameSlot],
    names: dict[str, str],
    stamp: datetime,
) -> bytes:
    """The iCalendar document of every scheduled game `team_id` plays, in UTC."""
    events = []
    for game in sorted(games, key=lambda g: (g.start, g.game_id)):
        if team_id not in (game.home_team_id, game.away_team_id):
            continue
        home = names.get(game.home_team_id or "", game.home_team_id)
        away = names.get(game.away_team_id or "", game.away_team_id)
        summary = f"{home} vs {away} ({game.round})"
        where = f"{game.venue_id}, field {game.field_id}"
        events.append(_event(f"{game.game_id}@{tournament_id}", game, summary, where, stamp))
    return calendar_file("gateway", f"{team_name} - {tournament_id}", None, events)


def referee_calendar(
    tournament_id: str, referee_id: str, name: str, listed: list[Duty], stamp: datetime
) -> bytes:
    """The iCalendar document of a referee's games, in UTC; UIDs per game and referee."""
    events = []
    for duty in listed:
        game = duty.game
        summary = f"{duty.position_name}: {game.game_id} ({game.division_id})"
        where = f"{game.venue_name or game.venue_id}, {game.field_name or game.field_id}"
        uid = f"{game.game_id}-{referee_id}@{tournament_id}"
        events.append(_event(uid, game, summary, where, stamp))
    return calendar_file("gateway referees", f"{name} - {tournament_id}", None, events)


def _event(
    uid: str, game: GameSlot, summary: str, location: str, stamp: datetime
) -> icalendar.Event:
    """The game at its instants in UTC: a feed has no VTIMEZONE, and a slot read from the
    schedule keeps the tournament's UTC offset, which icalendar would write as a TZID that
    no VTIMEZONE defines (RFC 5545 3.2.19)."""
    start, end = game.start.astimezone(UTC), game.end.astimezone(UTC)
    return game_event(uid, stamp, start, end, summary, location)
