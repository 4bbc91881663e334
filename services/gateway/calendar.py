"""A team's games as an iCalendar feed (`.ics`), from the published schedule.

Event UIDs are the game id at the tournament, so a calendar app that re-reads the feed after a
weather reschedule moves the game instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import icalendar

from schemas.schedule import GameSlot


def team_calendar(
    tournament_id: str,
    team_id: str,
    team_name: str,
    games: Iterable[GameSlot],
    names: dict[str, str],
    stamp: datetime,
) -> bytes:
    """The iCalendar document of every scheduled game `team_id` plays."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Touchline//gateway//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{team_name} - {tournament_id}")
    for game in sorted(games, key=lambda g: (g.start, g.game_id)):
        if team_id not in (game.home_team_id, game.away_team_id):
            continue
        home = names.get(game.home_team_id or "", game.home_team_id)
        away = names.get(game.away_team_id or "", game.away_team_id)
        event = icalendar.Event()
        event.add("uid", f"{game.game_id}@{tournament_id}")
        event.add("dtstamp", stamp)
        event.add("dtstart", game.start)
        event.add("dtend", game.end)
        event.add("summary", f"{home} vs {away} ({game.round})")
        event.add("location", f"{game.venue_id}, field {game.field_id}")
        calendar.add_component(event)
    return calendar.to_ical()
