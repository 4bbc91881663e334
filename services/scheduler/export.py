"""The schedule as files: JSON (the reference, read back by replan), CSV, printable HTML per
venue and per team, and one iCalendar file per team.

JSON keeps ids, because programs read it back. CSV, pages and calendars are for people: they
show names, the weekday, and times in the tournament's own time zone.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import icalendar
import jinja2

from schemas.codec import DecodeError, parse
from services.input_problem import InputError, InputProblem
from services.scheduler.calendars import calendar_file, game_event, vtimezone, write_files
from services.scheduler.games import Game
from services.scheduler.placement import Placement, Schedule
from services.scheduler.tournament import Tournament, clock

ROUND_NAMES = {"semifinal": "Semi-final", "final": "Final"}


@dataclass(frozen=True)
class ExportColumn:
    """A column of the CSV and the pages: the Listing attribute, its heading, and what it
    means (the pages' legend, so the legend always matches the columns shown)."""

    key: str
    heading: str
    meaning: str


DAY = ExportColumn("day", "Day", "Weekday and date, e.g. Sat 13 Mar.")
DATE = ExportColumn("date", "Date", "The date as YYYY-MM-DD, for sorting.")
KICK_OFF = ExportColumn("kick_off", "Kick-off", "Kick-off time.")
ENDS = ExportColumn(
    "ends", "Ends", "Final whistle: both halves and halftime. The field turns over after it."
)
VENUE = ExportColumn("venue", "Venue", "Where the game is played.")
FIELD = ExportColumn("field", "Field", "The field at the venue, and its size (players a side).")
DIVISION = ExportColumn(
    "division", "Division", "The division, as the director named it (U12 = under 12)."
)
ROUND = ExportColumn("round", "Round", "A group game (and its group), a semi-final or the final.")
HOME = ExportColumn("home", "Home", "The home team, or where a playoff team comes from.")
AWAY = ExportColumn("away", "Away", "The away team, or where a playoff team comes from.")
GAME = ExportColumn("game", "Game", "The game's id, which results and schedule changes refer to.")

CSV_COLUMNS = (GAME, DAY, DATE, KICK_OFF, ENDS, VENUE, FIELD, DIVISION, ROUND, HOME, AWAY)
VENUE_PAGE = (KICK_OFF, ENDS, FIELD, DIVISION, ROUND, HOME, AWAY, GAME)
TEAM_PAGE = (KICK_OFF, ENDS, VENUE, FIELD, ROUND, HOME, AWAY, GAME)

PAGES = jinja2.Environment(
    loader=jinja2.PackageLoader("services.scheduler"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class ScheduleFileError(InputError):
    """A schedule file that does not fit the tournament; carries every problem found."""


def _in_kickoff_order(
    tournament: Tournament, games: Iterable[Game], schedule: Schedule
) -> list[tuple[Game, Placement]]:
    """Every placed game with its placement, in kick-off order then field, so that every
    format lists the games the same way."""
    by_id = {game.id: game for game in games}
    ordered = sorted(
        schedule.values(),
        key=lambda p: (tournament.day_offset[p.day] + p.start, p.field, p.game),
    )
    return [(by_id[p.game], p) for p in ordered]


def rows(tournament: Tournament, games: Iterable[Game], schedule: Schedule) -> list[dict[str, Any]]:
    """One row per game with ids and ISO times: the JSON reference that `read_schedule` reads."""
    return [
        {
            "id": game.id,
            "division": game.division,
            "stage": game.stage,
            "group": game.group,
            "round": game.round,
            "home": game.label("home"),
            "away": game.label("away"),
            "home_team_id": game.home,
            "away_team_id": game.away,
            "field": p.field,
            "venue": tournament.field[p.field].venue,
            "start": tournament.moment(p.day, p.start).isoformat(),
            "end": tournament.moment(p.day, p.end).isoformat(),
        }
        for game, p in _in_kickoff_order(tournament, games, schedule)
    ]


def to_json(
    tournament: Tournament, games: Iterable[Game], schedule: Schedule, summary: dict[str, Any]
) -> str:
    """The schedule document: tournament, objective summary and every game."""
    document = {
        "tournament": tournament.id,
        "name": tournament.name,
        "timezone": tournament.timezone,
        "summary": summary,
        "games": rows(tournament, games, schedule),
    }
    return json.dumps(document, indent=2) + "\n"


def games_listed(path: Path, kind: str) -> list[Any]:
    """The rows of a `{"games": [...]}` JSON file (a schedule or a season), or a
    ScheduleFileError saying why the file is not one."""
    try:
        listed = parse(path.read_bytes())["games"]
        if not isinstance(listed, list):
            raise TypeError
    except DecodeError as error:
        problems = [InputProblem(path.name, "file", what) for _, what in error.problems]
        raise ScheduleFileError(problems) from None
    except (OSError, KeyError, TypeError) as error:
        detail = getattr(error, "strerror", None) or f"not a {kind} JSON with a 'games' list"
        raise ScheduleFileError([InputProblem(path.name, "file", str(detail))]) from None
    return listed


def read_schedule(tournament: Tournament, games: Iterable[Game], path: Path) -> Schedule:
    """Read a schedule JSON back, checking it belongs to this tournament's games."""
    by_id = {game.id: game for game in games}
    problems: list[InputProblem] = []
    listed = games_listed(path, "schedule")
    schedule: Schedule = {}
    for index, row in enumerate(listed):
        where = f"games[{index}]"
        try:
            game = by_id[row["id"]]
            start = tournament.day_and_minute(datetime.fromisoformat(row["start"]))
            end = tournament.day_and_minute(datetime.fromisoformat(row["end"]))
            if start is None or end is None or start[0] != end[0]:
                raise ValueError("start and end must fall on one tournament day")
            if (row.get("home_team_id"), row.get("away_team_id")) != (game.home, game.away):
                raise ValueError(f"teams differ from the tournament's game {game.id}")
            schedule[game.id] = Placement(game.id, row["field"], start[0], start[1], end[1])
        except KeyError as error:
            problems.append(InputProblem(path.name, where, f"unknown or missing {error}"))
        except (ValueError, TypeError) as error:
            problems.append(InputProblem(path.name, where, str(error)))
    if problems:
        raise ScheduleFileError(problems)
    return schedule


def weekday(day: date) -> str:
    """'Sat 13 Mar': the day as a family reads it on a printout."""
    return f"{day:%a} {day.day} {day:%b}"


@dataclass(frozen=True)
class Listing:
    """One game as people read it: names instead of ids, the weekday, local clock times."""

    game: str
    date: str
    day: str
    kick_off: str
    ends: str
    venue_id: str
    venue: str
    field: str
    division: str
    stage: str
    round: str
    home: str
    away: str
    candidates: frozenset[str]


def _side(tournament: Tournament, game: Game, side: str) -> str:
    """The team's name, or the slot's label ('Winner Group A') while the team is unknown."""
    team = game.home if side == "home" else game.away
    return game.label(side) if team is None else tournament.team[team].name


def _round(game: Game) -> str:
    """'Group A', 'Semi-final' or 'Final'."""
    if game.stage == "group":
        return f"Group {game.group}"
    return ROUND_NAMES.get(game.round, game.round.capitalize())


def listings(tournament: Tournament, games: Iterable[Game], schedule: Schedule) -> list[Listing]:
    """Every game as the CSV and the pages show it, in kick-off order."""
    result = []
    for game, p in _in_kickoff_order(tournament, games, schedule):
        day = tournament.day[p.day].date
        field = tournament.field[p.field]
        result.append(
            Listing(
                game=game.id,
                date=day.isoformat(),
                day=weekday(day),
                kick_off=clock(p.start),
                ends=clock(p.end),
                venue_id=field.venue,
                venue=tournament.venue[field.venue].name,
                field=f"{field.label} ({field.size})",
                division=tournament.division[game.division].name,
                stage=game.stage,
                round=_round(game),
                home=_side(tournament, game, "home"),
                away=_side(tournament, game, "away"),
                candidates=game.candidates,
            )
        )
    return result


def to_csv(tournament: Tournament, games: Iterable[Game], schedule: Schedule) -> str:
    """A spreadsheet of every game, quoted by the csv module so any name survives."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(column.heading for column in CSV_COLUMNS)
    for listing in listings(tournament, games, schedule):
        writer.writerow(getattr(listing, column.key) for column in CSV_COLUMNS)
    return buffer.getvalue()


def _write_page(
    path: Path,
    tournament: Tournament,
    title: str,
    entries: list[Listing],
    columns: tuple[ExportColumn, ...],
) -> Path:
    """A printable page: one table per day, and a legend of the columns and the shading."""
    days: dict[str, list[Listing]] = {}
    for entry in entries:
        days.setdefault(entry.day, []).append(entry)
    page = PAGES.get_template("schedule.html").render(
        tournament=tournament.name,
        timezone=tournament.timezone,
        title=title,
        days=days,
        columns=columns,
    )
    path.write_text(page, encoding="utf-8")
    return path


def write_pages(
    tournament: Tournament, games: list[Game], schedule: Schedule, directory: Path
) -> list[Path]:
    """One printable page per venue and per team (a team's page includes possible playoffs)."""
    directory.mkdir(parents=True, exist_ok=True)
    entries = listings(tournament, games, schedule)
    written = []
    for venue in tournament.venues:
        mine = [e for e in entries if e.venue_id == venue.id]
        path = directory / f"venue-{venue.id}.html"
        written.append(_write_page(path, tournament, venue.name, mine, VENUE_PAGE))
    for team in tournament.teams:
        mine = [e for e in entries if team.id in e.candidates]
        path = directory / f"team-{team.id}.html"
        written.append(_write_page(path, tournament, team.name, mine, TEAM_PAGE))
    return written


def write_calendars(
    tournament: Tournament,
    games: list[Game],
    schedule: Schedule,
    directory: Path,
    stamp: datetime,
) -> list[Path]:
    """One iCalendar file per team; playoff slots it could reach say 'if qualified'.

    Times carry the tournament's TZID, defined by a VTIMEZONE in each file (RFC 5545 3.6.5).
    Event UIDs are the game id at the tournament, so a re-import updates instead of doubling.
    """
    timezone = vtimezone(tournament.timezone, tournament.days[0].date, tournament.days[-1].date)
    placed = _in_kickoff_order(tournament, games, schedule)
    return write_files(
        directory,
        {
            f"team-{team.id}.ics": calendar_file(
                "scheduler",
                f"{team.name} - {tournament.name}",
                timezone,
                (
                    _event(tournament, game, placement, team.id, stamp)
                    for game, placement in placed
                    if team.id in game.candidates
                ),
            )
            for team in tournament.teams
        },
    )


def _event(
    tournament: Tournament, game: Game, placement: Placement, team: str, stamp: datetime
) -> icalendar.Event:
    """One game in a team's calendar, in local time of the tournament's zone."""
    prefix = "" if team in game.teams else "If qualified: "
    field = tournament.field[placement.field]
    home, away = _side(tournament, game, "home"), _side(tournament, game, "away")
    return game_event(
        f"{game.id}@{tournament.id}",
        stamp,
        tournament.moment(placement.day, placement.start),
        tournament.moment(placement.day, placement.end),
        f"{prefix}{home} vs {away} ({_round(game)})",
        f"{tournament.venue[field.venue].name}, {field.label}",
    )
