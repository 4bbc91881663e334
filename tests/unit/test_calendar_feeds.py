"""The gateway's team and referee feeds (.ics) as another program reads them.

The feeds carry no VTIMEZONE, so every time must be UTC (RFC 5545 3.3.5, form 2). A slot read
from the schedule topic keeps the tournament's offset (New York's here); the feeds are read
back with vobject, which shares no code with icalendar (the writer).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import vobject

from schemas.schedule import GameSlot
from services.gateway.calendar import referee_calendar, team_calendar
from services.gateway.referee_schedule import Duty
from workloads import factories

STAMP = datetime(2026, 11, 1, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")


def _as_published(game: GameSlot) -> GameSlot:
    """The slot as the gateway reads it off the topic: times at New York's fixed offset."""
    local = game.model_copy(
        update={"start": game.start.astimezone(NEW_YORK), "end": game.end.astimezone(NEW_YORK)}
    )
    return GameSlot.model_validate_json(local.model_dump_json())


GAMES = [_as_published(g) for g in factories.round_robin(factories.division()).values()]


def _read_back(feed: bytes, games: list[GameSlot]) -> None:
    """Each event at its game's instants, written in UTC, in a file without a VTIMEZONE."""
    assert b"TZID" not in feed and b"VTIMEZONE" not in feed
    calendar = vobject.readOne(feed.decode("utf-8"))
    events = calendar.vevent_list
    assert len(events) == len(games)
    for event, game in zip(events, games, strict=True):
        assert game.start.utcoffset() == timedelta(hours=-5)
        assert event.dtstart.value == game.start and event.dtend.value == game.end
        assert event.dtstart.value.utcoffset() == event.dtend.value.utcoffset() == timedelta(0)


def test_a_team_feed_has_its_games_in_utc() -> None:
    """RFC 5545 3.3.5 and 3.2.19: a time without a VTIMEZONE is UTC, and names no TZID."""
    feed = team_calendar(factories.TOURNAMENT, "T1", "Team T1", GAMES, {}, STAMP)
    _read_back(feed, [g for g in GAMES if "T1" in (g.home_team_id, g.away_team_id)])


def test_a_referee_feed_has_their_duties_in_utc() -> None:
    """RFC 5545 3.3.5 and 3.2.19, for a referee's duties (one UID per game and referee)."""
    listed = [Duty(game, "center", ()) for game in GAMES[:2]]
    feed = referee_calendar(factories.TOURNAMENT, "ann", "Ann", listed, STAMP)
    _read_back(feed, GAMES[:2])
    assert b"UID:A1-ann@" in feed
