"""Team calendars (.ics) as another program reads them: RFC 5545 structure and exact times.

The files are read back with vobject, which shares no code with icalendar (the writer) and
builds its time zone from the file's own VTIMEZONE, so a wrong zone shows as a wrong instant.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import pytest
import vobject

from services.scheduler.export import write_calendars
from services.scheduler.games import Game, tournament_games
from services.scheduler.placement import Schedule
from services.scheduler.solve import Options, solve
from services.scheduler.tournament import Tournament
from tests.unit.scheduler.helpers import cup_across

STAMP = datetime(2027, 3, 1, tzinfo=UTC)


def _days(first: date, count: int = 3) -> tuple[date, ...]:
    return tuple(first + timedelta(days=n) for n in range(count))


# New York's clocks change on 2027-03-14 (forward), 2027-11-07 (back) and 2028-03-12.
ACROSS_A_CHANGE = {
    "spring forward": _days(date(2027, 3, 13)),
    "fall back": _days(date(2027, 11, 6)),
    "on three change days": (date(2027, 3, 14), date(2027, 11, 7), date(2028, 3, 12)),
}


class Written(NamedTuple):
    tournament: Tournament
    games: dict[str, Game]
    schedule: Schedule
    paths: list[Path]


@pytest.fixture(params=list(ACROSS_A_CHANGE), scope="module")
def across(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Written:
    """A tournament across a clock change, its schedule and its written team calendars."""
    tournament = cup_across(ACROSS_A_CHANGE[request.param])
    games = tournament_games(tournament)
    schedule = solve(tournament, Options(time_limit=0)).schedule
    paths = write_calendars(tournament, games, schedule, tmp_path_factory.mktemp("ics"), STAMP)
    return Written(tournament, {game.id: game for game in games}, schedule, paths)


def _game_id(event: Any) -> str:
    """The game an event is, from its UID 'game@tournament'."""
    return event.uid.value.split("@")[0]


def _instant(moment: datetime, zone: tzinfo) -> datetime:
    """The UTC instant of a wall-clock time read in `zone` (the file's own VTIMEZONE)."""
    return moment.replace(tzinfo=zone).astimezone(UTC)


def test_every_game_starts_and_ends_at_its_scheduled_instant_across_a_clock_change(
    across: Written,
) -> None:
    """RFC 5545 3.3.5 form 3: a local time with a TZID is the instant its VTIMEZONE gives.

    The games fall on both sides of the change, so an offset fixed for the whole file, or a
    VTIMEZONE without the change, puts some game an hour off."""
    tournament, _, schedule, paths = across
    seen_offsets = set()
    for path in paths:
        calendar = vobject.readOne(path.read_text(encoding="utf-8"))
        zone = calendar.vtimezone.gettzinfo()
        for event in calendar.vevent_list:
            placement = schedule[_game_id(event)]
            start = tournament.moment(placement.day, placement.start)
            end = tournament.moment(placement.day, placement.end)
            assert _instant(event.dtstart.value, zone) == start.astimezone(UTC)
            assert _instant(event.dtend.value, zone) == end.astimezone(UTC)
            seen_offsets.add(start.utcoffset())
    assert len(seen_offsets) == 2


def test_the_vtimezone_is_the_events_zone_with_its_offsets_at_every_moment(
    across: Written,
) -> None:
    """RFC 5545 3.2.19 and 3.6.5: every TZID used has a VTIMEZONE of that TZID, and its
    observances (DTSTART read in TZOFFSETFROM) give the IANA zone's offset at every quarter
    hour of every tournament day, including the hour around each change (a change that
    recurs within the tournament is listed as RDATE)."""
    tournament, _, _, paths = across
    zone = ZoneInfo(tournament.timezone)
    midnights = [
        datetime.combine(day.date, datetime.min.time(), zone).astimezone(UTC)
        for day in tournament.days
    ]
    quarters = [midnight + timedelta(minutes=15 * n) for midnight in midnights for n in range(96)]
    for path in paths:
        calendar = vobject.readOne(path.read_text(encoding="utf-8"))
        assert calendar.vtimezone.tzid.value == tournament.timezone
        for event in calendar.vevent_list:
            for when in (event.dtstart, event.dtend):
                assert when.params["X-VOBJ-ORIGINAL-TZID"] == [tournament.timezone]
        described = calendar.vtimezone.gettzinfo()
        for moment in quarters:
            assert moment.astimezone(described).utcoffset() == moment.astimezone(zone).utcoffset()


REQUIRED = {
    "VCALENDAR": {"VERSION", "PRODID"},
    "VEVENT": {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION"},
    "VTIMEZONE": {"TZID"},
}


def _components(lines: list[str]) -> list[tuple[str, set[str]]]:
    """(name, property names) of every component, from unfolded content lines."""
    stack: list[tuple[str, set[str]]] = []
    found = []
    for line in lines:
        name = re.split(r"[;:]", line, maxsplit=1)[0].upper()
        if name == "BEGIN":
            stack.append((line.split(":", 1)[1], set()))
        elif name == "END":
            found.append(stack.pop())
        else:
            stack[-1][1].add(name)
    return found


def test_calendar_files_are_crlf_folded_at_75_octets_with_the_required_properties(
    across: Written,
) -> None:
    """RFC 5545 3.1: lines end in CRLF and are at most 75 octets, longer ones folded (the
    long, accented team name needs it); 3.4, 3.6.1 and 3.6.5: each component's required
    properties, with DTEND for every event."""
    for path in across.paths:
        data = path.read_bytes()
        assert data.endswith(b"\r\n") and data.count(b"\n") == data.count(b"\r\n")
        physical = data.split(b"\r\n")[:-1]
        assert max(len(line) for line in physical) <= 75
        unfolded = data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]
        components = _components(unfolded)
        assert any(name == "VEVENT" for name, _ in components)
        for name, properties in components:
            assert properties >= REQUIRED.get(name, set()), (path.name, name)
    assert any(b"\r\n " in path.read_bytes() for path in across.paths)


def test_an_event_names_both_teams_the_venue_and_the_field(across: Written) -> None:
    """A calendar entry is read away from the schedule: SUMMARY has both teams' names, and
    LOCATION the venue's and the field's names, as the director wrote them."""
    tournament, games, schedule, paths = across
    for path in paths:
        for event in vobject.readOne(path.read_text(encoding="utf-8")).vevent_list:
            game, placement = games[_game_id(event)], schedule[_game_id(event)]
            names = [tournament.team[team].name for team in game.teams]
            assert len(names) == 2 and all(name in event.summary.value for name in names)
            field = tournament.field[placement.field]
            venue = tournament.venue[field.venue].name
            assert event.location.value == f"{venue}, Stadium Pitch" == f"{venue}, {field.name}"
