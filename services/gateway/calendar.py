"""A team's and a referee's games as iCalendar feeds (`.ics`), from the published schedule.

Event UIDs are the game id at the tournament (and the referee's id, in a referee's feed), so
a calendar app that re-reads the feed after a weather reschedule or a replan moves or drops
the game instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import icalendar

from schemas.schedule import GameSlot
from services.gateway.referee_schedule import Duty

#: One game of a feed: its UID, the game (its start and end), summary and location.
Entry = tuple[str, GameSlot, str, str]


def team_calendar(
    tournament_id: str,
    team_id: str,
    team_name: str,
    games: Iterable[GameSlot],
    names: dict[str, str],
    stamp: datetime,
) -> bytes:
    """The iCalendar document of every scheduled game `team_id` plays."""
    entries = []
    for game in sorted(games, key=lambda g: (g.start, g.game_id)):
        if team_id not in (game.home_team_id, game.away_team_id):
            continue
        home = names.get(game.home_team_id or "", game.home_team_id)
        away = names.get(game.away_team_id or "", game.away_team_id)
        summary = f"{home} vs {away} ({game.round})"
        where = f"{game.venue_id}, field {game.field_id}"
        entries.append((f"{game.game_id}@{tournament_id}", game, summary, where))
    return _calendar("gateway", f"{team_name} - {tournament_id}", entries, stamp)


def referee_calendar(
    tournament_id: str, referee_id: str, name: str, listed: list[Duty], stamp: datetime
) -> bytes:
    """The iCalendar document of a referee's games; UIDs per game and referee."""
    entries = []
    for duty in listed:
        game = duty.game
        summary = f"{duty.position_name}: {game.game_id} ({game.division_id})"
        where = f"{game.venue_name or game.venue_id}, {game.field_name or game.field_id}"
        entries.append((f"{game.game_id}-{referee_id}@{tournament_id}", game, summary, where))
    return _calendar("gateway referees", f"{name} - {tournament_id}", entries, stamp)


def _calendar(product: str, title: str, entries: Iterable[Entry], stamp: datetime) -> bytes:
    """The document named `title`, one event per entry, each stamped `stamp`."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//Touchline//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", title)
    for uid, game, summary, location in entries:
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", game.start)
        event.add("dtend", game.end)
        event.add("summary", summary)
        event.add("location", location)
        calendar.add_component(event)
    return calendar.to_ical()
