"""Schedule files: JSON (read back exactly), CSV, printable pages and team calendars."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest

from services.scheduler.export import (
    ScheduleFileError,
    read_schedule,
    to_csv,
    to_json,
    weekday,
    write_calendars,
    write_pages,
)
from services.scheduler.games import Game, tournament_games
from services.scheduler.loader import load_tournament
from services.scheduler.placement import Schedule
from services.scheduler.solve import Options, solve
from services.scheduler.tournament import Tournament
from tests.unit.scheduler.helpers import AWKWARD_NAMES, EXAMPLES, cup_across

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
    with pytest.raises(ScheduleFileError, match=r"schedule.json: games\[0\]: teams differ"):
        read_schedule(SPRING, GAMES, path)


def test_a_file_that_is_not_a_schedule_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "schedule.json"
    path.write_text("[1, 2]")
    with pytest.raises(ScheduleFileError, match="not a schedule JSON"):
        read_schedule(SPRING, GAMES, path)


class _Page(HTMLParser):
    """What a reader sees on a page: headings, the game rows' cells and classes, the legend's
    terms. Entities are decoded, as a browser shows them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text: dict[str, list[str]] = {"h1": [], "h2": [], "th": [], "dt": []}
        self.rows: list[list[str]] = []
        self.classes: list[str] = []
        self._open: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr" and dict(attrs).get("class"):
            self.rows.append([])
            self.classes.append(dict(attrs)["class"] or "")
        if tag in (*self.text, "td"):
            self._open = tag
            (self.rows[-1] if tag == "td" else self.text[tag]).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open == "td":
            self.rows[-1][-1] += data
        elif self._open:
            self.text[self._open][-1] += data

    @property
    def games(self) -> list[dict[str, str]]:
        """Each game row by column heading (every day's table has the same columns)."""
        return [dict(zip(self.text["th"], row, strict=False)) for row in self.rows]


@pytest.fixture(scope="module")
def awkward() -> tuple[Tournament, list[Game], Schedule]:
    """A tournament whose team and venue names need escaping and quoting."""
    tournament = cup_across((date(2027, 3, 13), date(2027, 3, 14), date(2027, 3, 15)))
    games = tournament_games(tournament)
    return tournament, games, solve(tournament, Options(time_limit=0)).schedule


def _names(tournament: Tournament, game: Game) -> list[str]:
    return [tournament.team[team].name for team in game.teams]


def test_weekday_reads_as_on_a_printout() -> None:
    """Days show their weekday, short month and unpadded day: 13 March 2027 is a Saturday."""
    assert weekday(date(2027, 3, 13)) == "Sat 13 Mar"
    assert weekday(date(2027, 11, 7)) == "Sun 7 Nov"


def test_csv_has_one_row_per_game_with_readable_columns() -> None:
    """The CSV is for spreadsheets: one row per game under human headings."""
    table = list(csv.DictReader(io.StringIO(to_csv(SPRING, GAMES, SCHEDULE))))
    assert len(table) == len(SCHEDULE)
    assert list(table[0]) == [
        "Game", "Day", "Date", "Kick-off", "Ends", "Venue", "Field", "Division", "Round", "Home",
        "Away",
    ]  # fmt: skip


def test_csv_names_teams_venues_and_days_and_quotes_any_name(
    awkward: tuple[Tournament, list[Game], Schedule],
) -> None:
    """Names, not ids, survive csv.reader exactly, even with commas, quotes and markup (the
    field's name too); the day column has the weekday of the date column."""
    tournament, games, schedule = awkward
    by_id = {game.id: game for game in games}
    table = list(csv.DictReader(io.StringIO(to_csv(tournament, games, schedule))))
    assert {row["Game"] for row in table} == set(schedule)
    for row in table:
        game, placement = by_id[row["Game"]], schedule[row["Game"]]
        assert [row["Home"], row["Away"]] == _names(tournament, game)
        venue = tournament.venue[tournament.field[placement.field].venue]
        assert row["Venue"] == venue.name
        assert row["Field"] == "Stadium Pitch (9v9)"
        assert row["Division"] == tournament.division[game.division].name
        assert row["Day"] == weekday(date.fromisoformat(row["Date"]))
    assert {row["Home"] for row in table} | {row["Away"] for row in table} == set(
        AWKWARD_NAMES.values()
    )


def test_pages_per_venue_and_team(tmp_path: Path) -> None:
    """A team's page lists its group games and every playoff slot it could reach."""
    written = write_pages(SPRING, GAMES, SCHEDULE, tmp_path)
    assert len(written) == len(SPRING.venues) + len(SPRING.teams)
    page = _Page((tmp_path / "team-U12B-boca.html").read_text(encoding="utf-8"))
    assert page.classes == ["group"] * 3 + ["playoff"] * 3


def test_playoff_slots_show_where_their_teams_come_from(tmp_path: Path) -> None:
    """Playoff rows name the slot ('Winner Group A', 'Winner U12B-SF1'), as the standings
    will fill it, and are shaded as the legend says."""
    write_pages(SPRING, GAMES, SCHEDULE, tmp_path)
    page = _Page((tmp_path / "team-U12B-boca.html").read_text(encoding="utf-8"))
    slots = {game.id: game for game in GAMES if game.stage == "playoff"}
    playoff = [row for row, kind in zip(page.games, page.classes, strict=True) if kind == "playoff"]
    assert {row["Game"] for row in playoff} == {"U12B-SF1", "U12B-SF2", "U12B-F"}
    for row in playoff:
        game = slots[row["Game"]]
        assert [row["Home"], row["Away"]] == [game.label("home"), game.label("away")]
    assert {"Winner Group A", "Winner U12B-SF1"} <= {row["Home"] for row in playoff}
    assert "Shaded row" in " ".join(page.text["dt"])


def test_pages_escape_every_name_and_show_it_as_written(
    awkward: tuple[Tournament, list[Game], Schedule], tmp_path: Path
) -> None:
    """Team and venue names are text, never markup: a browser shows '<script>' and '&'."""
    tournament, games, schedule = awkward
    for path in write_pages(tournament, games, schedule, tmp_path):
        text = path.read_text(encoding="utf-8")
        assert "<script>" not in text and "<North>" not in text, path.name
    venue = _Page((tmp_path / "venue-park.html").read_text(encoding="utf-8"))
    assert venue.text["h1"] == [f"{tournament.name}: {tournament.venue['park'].name}"]
    by_id = {game.id: game for game in games}
    assert len(venue.games) == len(schedule)
    for row in venue.games:
        assert [row["Home"], row["Away"]] == _names(tournament, by_id[row["Game"]])
    team = _Page((tmp_path / "team-a.html").read_text(encoding="utf-8"))
    assert team.text["h1"] == [f"{tournament.name}: {AWKWARD_NAMES['a']}"]
    assert {row["Venue"] for row in team.games} == {tournament.venue["park"].name}


def test_pages_head_each_day_with_its_weekday_and_explain_every_column(
    awkward: tuple[Tournament, list[Game], Schedule], tmp_path: Path
) -> None:
    """Each day's table is headed 'Sat 13 Mar'; the legend defines every column heading."""
    tournament, games, schedule = awkward
    for path in write_pages(tournament, games, schedule, tmp_path):
        page = _Page(path.read_text(encoding="utf-8"))
        days = [weekday(day.date) for day in tournament.days]
        assert page.text["h2"] == [*days, "Legend"]
        assert set(page.text["th"]) <= set(page.text["dt"])


def test_one_calendar_per_team_with_stable_uids(tmp_path: Path) -> None:
    stamp = datetime(2027, 3, 1, tzinfo=UTC)
    write_calendars(SPRING, GAMES, SCHEDULE, tmp_path, stamp)
    calendar = icalendar.Calendar.from_ical((tmp_path / "team-U16G-palm-beach.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == 2 + 1  # two group games and the final if qualified
    assert {str(e["uid"]) for e in events} >= {"U16G-F@spring-classic-2027"}
    assert any(str(e["summary"]).startswith("If qualified: ") for e in events)
