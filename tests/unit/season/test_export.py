"""The season's files: JSON that reads back to the same games, a CSV people read, and team
calendars another program (vobject, sharing no code with the writer) places exactly."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject

from services.scheduler.export import ScheduleFileError
from services.season.export import read_schedule, to_csv, to_json, write_calendars
from services.season.league import League, SeasonSchedule
from services.season.solve import SeasonOptions, solve
from tests.unit.season.helpers import league

Solved = tuple[League, SeasonSchedule]
STAMP = datetime(2026, 8, 1, tzinfo=UTC)


def test_json_reads_back_to_the_same_games(solved: Solved, tmp_path: Path) -> None:
    league, games = solved
    path = tmp_path / "season.json"
    path.write_text(to_json(league, games, {"objective": 1.0}))
    assert read_schedule(league, path) == games
    document = json.loads(path.read_text())
    assert document["games"][0]["start"].endswith("-07:00")  # Los Angeles in September


def test_a_row_that_cannot_be_a_game_is_named_by_its_index(solved: Solved, tmp_path: Path) -> None:
    league, games = solved
    document = json.loads(to_json(league, games, {}))
    document["games"][1]["start"] = "2026-09-09T10:00:00-07:00"  # a Wednesday
    del document["games"][2]["field"]
    path = tmp_path / "season.json"
    path.write_text(json.dumps(document))
    with pytest.raises(ScheduleFileError) as caught:
        read_schedule(league, path)
    assert [str(p) for p in caught.value.problems] == [
        "season.json: games[1]: 2026-09-09 is not a Saturday or Sunday",
        "season.json: games[2]: missing 'field'",
    ]


def test_a_file_that_is_not_a_season_is_refused(solved: Solved, tmp_path: Path) -> None:
    path = tmp_path / "season.json"
    path.write_text('{"teams": []}')
    with pytest.raises(ScheduleFileError, match="not a season JSON with a 'games' list"):
        read_schedule(solved[0], path)


def test_csv_shows_names_weekdays_and_local_times(solved: Solved) -> None:
    league, games = solved
    table = list(csv.DictReader(io.StringIO(to_csv(league, games))))
    assert len(table) == len(games)
    first, game = table[0], games[0]
    assert first["Home"] == league.team[game.home].name
    assert first["Field"] == league.field[game.field].name
    assert first["Day"].split()[0] in ("Sat", "Sun")
    assert first["Division"] == "Division"


def test_each_teams_calendar_has_its_games_at_the_exact_instant(
    solved: Solved, tmp_path: Path
) -> None:
    """RFC 5545: read with an independent parser, every event is the game's kick-off in
    the league's zone (the VTIMEZONE of the file, not the reader's guess)."""
    league, games = solved
    paths = write_calendars(league, games, tmp_path, STAMP)
    assert len(paths) == len(league.teams)
    for team, path in zip(league.teams, paths, strict=True):
        calendar = vobject.readOne(path.read_text())
        zone = calendar.vtimezone.gettzinfo()
        events = {e.uid.value.split("@")[0]: e for e in calendar.vevent_list}
        mine = {g.id: g for g in games if team.id in (g.home, g.away)}
        assert set(events) == set(mine)
        for game_id, event in events.items():
            expected = league.moment(mine[game_id].day, mine[game_id].kickoff)
            assert _instant(event.dtstart.value, zone) == expected.astimezone(UTC)


def test_games_after_the_fall_clock_change_keep_their_local_kick_off(tmp_path: Path) -> None:
    """A fall season crosses the end of daylight saving time (Los Angeles, 2026-11-01):
    a 09:00 kick-off in November is 09:00 PST in the calendar, an hour later in UTC."""
    season = league(teams=4, games=6, weekends=10)
    games = solve(season, SeasonOptions(time_limit=30)).schedule
    late = [g for g in games if g.day.date.month == 11]
    assert late
    (path,) = [p for p in write_calendars(season, games, tmp_path, STAMP) if "t0" in p.name]
    calendar = vobject.readOne(path.read_text())
    zone = calendar.vtimezone.gettzinfo()
    events = {e.uid.value.split("@")[0]: e for e in calendar.vevent_list}
    mine = [g for g in late if g.id in events]
    assert mine
    for game in mine:
        start = _instant(events[game.id].dtstart.value, zone)
        assert start.astimezone(ZoneInfo("America/Los_Angeles")).utcoffset() == timedelta(hours=-8)
        assert start == season.moment(game.day, game.kickoff).astimezone(UTC)


def _instant(moment: datetime, zone: tzinfo) -> datetime:
    """The UTC instant of a wall-clock time read in `zone` (the file's own VTIMEZONE)."""
    return moment.replace(tzinfo=zone).astimezone(UTC)
