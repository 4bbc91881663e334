"""The season as files: JSON (the reference, read back by `check` and `replan`), CSV for
people, and one iCalendar file per team.

The same conventions and pieces as the tournament's exports (`scheduler.export`): the
columns with their meanings, the weekday as a printout reads it, and the VTIMEZONE built
for the dates covered, so calendar apps place each game right across a clock change.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from services.input_problem import InputProblem
from services.scheduler.calendars import calendar_file, game_event, vtimezone, write_files
from services.scheduler.export import (
    AWAY,
    DATE,
    DAY,
    DIVISION,
    ENDS,
    FIELD,
    GAME,
    HOME,
    KICK_OFF,
    ScheduleFileError,
    games_listed,
    weekday,
)
from services.scheduler.tournament import clock
from services.season.league import WEEKEND_DAYS, League, LeagueDay, SeasonGame, SeasonSchedule

CSV_COLUMNS = (GAME, DAY, DATE, KICK_OFF, ENDS, FIELD, DIVISION, HOME, AWAY)


def rows(league: League, games: SeasonSchedule) -> list[dict[str, Any]]:
    """One row per game with ids and ISO local times: what `read_schedule` reads back."""
    return [
        {
            "id": g.id,
            "division": g.division,
            "home_team_id": g.home,
            "away_team_id": g.away,
            "home": league.team[g.home].name,
            "away": league.team[g.away].name,
            "field": g.field,
            "start": league.moment(g.day, g.kickoff).isoformat(),
            "end": league.moment(g.day, g.end(league)).isoformat(),
        }
        for g in games
    ]


def to_json(league: League, games: SeasonSchedule, summary: dict[str, Any]) -> str:
    document = {
        "league": league.id,
        "name": league.name,
        "timezone": league.timezone,
        "summary": summary,
        "games": rows(league, games),
    }
    return json.dumps(document, indent=2) + "\n"


def read_schedule(league: League, path: Path) -> SeasonSchedule:
    """A season JSON read back; every row that cannot be a game is a problem with its
    index (whether the games keep the league's rules is the checker's to say)."""
    games, problems = [], []
    for index, row in enumerate(games_listed(path, "season")):
        try:
            games.append(_game(league, row))
        except (KeyError, TypeError, ValueError) as error:
            what = f"missing {error}" if isinstance(error, KeyError) else str(error)
            problems.append(InputProblem(path.name, f"games[{index}]", what))
    if problems:
        raise ScheduleFileError(problems)
    return games


def _game(league: League, row: dict[str, Any]) -> SeasonGame:
    start = datetime.fromisoformat(row["start"])
    if start.tzinfo is not None:
        start = start.astimezone(ZoneInfo(league.timezone))
    names = {number: name for name, number in WEEKEND_DAYS.items()}
    offset = (start.date().weekday() - 5) % 7
    if offset not in names:
        raise ValueError(f"{start.date()} is not a Saturday or Sunday")
    day = LeagueDay(start.date() - timedelta(days=offset), names[offset])
    return SeasonGame(
        str(row["id"]),
        str(row["division"]),
        str(row["home_team_id"]),
        str(row["away_team_id"]),
        str(row["field"]),
        day,
        start.hour * 60 + start.minute,
    )


def to_csv(league: League, games: SeasonSchedule) -> str:
    """A spreadsheet of every game, names rather than ids, quoted so any name survives."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(column.heading for column in CSV_COLUMNS)
    for g in games:
        values = {
            "game": g.id,
            "day": weekday(g.day.date),
            "date": g.day.date.isoformat(),
            "kick_off": clock(g.kickoff),
            "ends": clock(g.end(league)),
            "field": league.field[g.field].name,
            "division": league.division[g.division].name,
            "home": league.team[g.home].name,
            "away": league.team[g.away].name,
        }
        writer.writerow(values[column.key] for column in CSV_COLUMNS)
    return buffer.getvalue()


def write_calendars(
    league: League, games: SeasonSchedule, directory: Path, stamp: datetime
) -> list[Path]:
    """One iCalendar file per team, times in the league's zone with its VTIMEZONE; UIDs
    are the game at the league, so re-importing after a replan moves events, not doubles."""
    timezone = vtimezone(league.timezone, league.days[0].date, league.days[-1].date)
    return write_files(
        directory,
        {
            f"team-{team.id}.ics": calendar_file(
                "season",
                f"{team.name} - {league.name}",
                timezone,
                (_event(league, g, stamp) for g in games if team.id in (g.home, g.away)),
            )
            for team in league.teams
        },
    )


def _event(league: League, game: SeasonGame, stamp: datetime) -> icalendar.Event:
    home, away = league.team[game.home].name, league.team[game.away].name
    return game_event(
        f"{game.id}@{league.id}",
        stamp,
        league.moment(game.day, game.kickoff),
        league.moment(game.day, game.end(league)),
        f"{home} vs {away} ({league.division[game.division].name})",
        league.field[game.field].name,
    )
