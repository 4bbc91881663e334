"""Schedule files: JSON (read back exactly), CSV, printable pages and team calendars."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from services.scheduler.export import (
    ScheduleFileError,
    read_schedule,
    to_csv,
    to_json,
    write_calendars,
    write_pages,
)
from services.scheduler.games import tournament_games
from services.scheduler.loader import load_tournament
from services.scheduler.solve import Options, solve
from tests.unit.scheduler.helpers import EXAMPLES

SPRING = load_tournament(EXAMPLES / "spring-classic.yaml")
GAMES = tournament_games(SPRING)
SCHEDULE = solve(SPRING, Options(time_limit=0)).schedule


def test_json_lists_every_game_with_teams_or_placeholders_and_local_times(tmp_path: Path) -> None:
    document = json.loads(to_json(SPRING, GAMES, SCHEDULE, {"objective": 1.0}))
    final = next(g for g in document["games"] if g["id"] == "U12B-F")
    assert (final["home"], final["away"], final["round"]) == (
        "Winner U12B-SF1",
        "Winner U12B-SF2",
        "final",
    )
    assert final["start"].endswith("-04:00")  # New York, after the March 2027 DST change
    assert len(document["games"]) == 52


def test_json_reads_back_to_the_same_schedule(tmp_path: Path) -> None:
    path = tmp_path / "schedule.json"
    path.write_text(to_json(SPRING, GAMES, SCHEDULE, {}))
    assert read_schedule(SPRING, GAMES, path) == SCHEDULE


def test_a_schedule_file_with_other_teams_is_rejected_with_the_game(tmp_path: Path) -> None:
    document = json.loads(to_json(SPRING, GAMES, SCHEDULE, {}))
    document["games"][0]["home_team_id"] = "someone-else"
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document))
    with pytest.raises(ScheduleFileError, match=r"schedule.json:0: games\[0\]: teams differ"):
        read_schedule(SPRING, GAMES, path)


def test_a_file_that_is_not_a_schedule_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "schedule.json"
    path.write_text("[1, 2]")
    with pytest.raises(ScheduleFileError, match="not a schedule JSON"):
        read_schedule(SPRING, GAMES, path)


def test_csv_has_one_row_per_game() -> None:
    table = list(csv.DictReader(io.StringIO(to_csv(SPRING, GAMES, SCHEDULE))))
    assert len(table) == 52
    assert set(table[0]) == {
        "id", "division", "stage", "group", "round", "home", "away", "field", "venue", "start",
        "end",
    }  # fmt: skip


def test_pages_per_venue_and_team(tmp_path: Path) -> None:
    written = write_pages(SPRING, GAMES, SCHEDULE, tmp_path)
    assert len(written) == len(SPRING.venues) + len(SPRING.teams)
    page = (tmp_path / "team-U12B-boca.html").read_text()
    assert page.count("<tr>") == 1 + 3 + 3  # header, 3 group games, semi and final if qualified
    assert "Winner U12B-SF1" in page


def test_one_calendar_per_team_with_stable_uids(tmp_path: Path) -> None:
    stamp = datetime(2027, 3, 1, tzinfo=UTC)
    write_calendars(SPRING, GAMES, SCHEDULE, tmp_path, stamp)
    calendar = icalendar.Calendar.from_ical((tmp_path / "team-U16G-palm-beach.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 2 + 1  # two group games and the final if qualified
    assert {str(e["uid"]) for e in events} >= {"U16G-F@spring-classic-2027"}
    assert any(str(e["summary"]).startswith("If qualified: ") for e in events)
