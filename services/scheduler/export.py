"""The schedule as files: JSON (the reference, read back by replan), CSV, printable HTML per
venue and per team, and one iCalendar file per team."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import icalendar

from services.scheduler.games import Game
from services.scheduler.loader import Problem
from services.scheduler.placement import Placement, Schedule
from services.scheduler.tournament import Tournament

COLUMNS = (
    "id",
    "division",
    "stage",
    "group",
    "round",
    "home",
    "away",
    "field",
    "venue",
    "start",
    "end",
)


class ScheduleFileError(ValueError):
    """A schedule file that does not fit the tournament; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


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


def to_csv(tournament: Tournament, games: Iterable[Game], schedule: Schedule) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(tournament, games, schedule))
    return buffer.getvalue()


def read_schedule(tournament: Tournament, games: Iterable[Game], path: Path) -> Schedule:
    """Read a schedule JSON back, checking it belongs to this tournament's games."""
    by_id = {game.id: game for game in games}
    problems: list[Problem] = []
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        listed = document["games"]
        if not isinstance(listed, list):
            raise TypeError
    except (OSError, ValueError, KeyError, TypeError) as error:
        detail = getattr(error, "strerror", None) or "not a schedule JSON with a 'games' list"
        raise ScheduleFileError([Problem(path.name, 0, "file", str(detail))]) from None
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
            problems.append(Problem(path.name, 0, where, f"unknown or missing {error}"))
        except (ValueError, TypeError) as error:
            problems.append(Problem(path.name, 0, where, str(error)))
    if problems:
        raise ScheduleFileError(problems)
    return schedule


def _table(title: str, entries: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(e[c] or ''))}</td>" for c in columns) + "</tr>"
        for e in entries
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:sans-serif}table{border-collapse:collapse;width:100%}"
        "th,td{border:1px solid #999;padding:4px 6px;text-align:left}"
        "@media print{body{font-size:10pt}}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><table><tr>{head}</tr>{body}</table></body></html>\n"
    )


def _when(entry: dict[str, Any]) -> dict[str, Any]:
    start, end = datetime.fromisoformat(entry["start"]), datetime.fromisoformat(entry["end"])
    return entry | {
        "day": start.date().isoformat(),
        "kick-off": f"{start:%H:%M}",
        "ends": f"{end:%H:%M}",
    }


def write_pages(
    tournament: Tournament, games: list[Game], schedule: Schedule, directory: Path
) -> list[Path]:
    """One printable page per venue and per team (a team's page includes possible playoffs)."""
    directory.mkdir(parents=True, exist_ok=True)
    entries = [_when(e) for e in rows(tournament, games, schedule)]
    written = []
    for venue in tournament.venues:
        mine = [e for e in entries if e["venue"] == venue.id]
        path = directory / f"venue-{venue.id}.html"
        path.write_text(
            _table(
                f"{tournament.name}: {venue.name}",
                mine,
                ("day", "kick-off", "ends", "field", "division", "round", "home", "away", "id"),
            )
        )
        written.append(path)
    candidates = {game.id: game.candidates for game in games}
    for team in tournament.teams:
        mine = [e for e in entries if team.id in candidates[e["id"]]]
        path = directory / f"team-{team.id}.html"
        path.write_text(
            _table(
                f"{tournament.name}: {team.name}",
                mine,
                ("day", "kick-off", "ends", "venue", "field", "round", "home", "away", "id"),
            )
        )
        written.append(path)
    return written


def write_calendars(
    tournament: Tournament,
    games: list[Game],
    schedule: Schedule,
    directory: Path,
    stamp: datetime,
) -> list[Path]:
    """One iCalendar file per team; playoff slots it could reach say 'if qualified'.

    Event UIDs are the game id at the tournament, so a re-import updates instead of doubling.
    """
    directory.mkdir(parents=True, exist_ok=True)
    by_id = {game.id: game for game in games}
    entries = rows(tournament, games, schedule)
    written = []
    for team in tournament.teams:
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Touchline//scheduler//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", f"{team.name} - {tournament.name}")
        for entry in entries:
            game = by_id[entry["id"]]
            if team.id not in game.candidates:
                continue
            event = icalendar.Event()
            prefix = "" if team.id in game.teams else "If qualified: "
            event.add("uid", f"{game.id}@{tournament.id}")
            event.add("dtstamp", stamp)
            event.add("dtstart", datetime.fromisoformat(entry["start"]))
            event.add("dtend", datetime.fromisoformat(entry["end"]))
            event.add("summary", f"{prefix}{entry['home']} vs {entry['away']} ({game.round})")
            venue = tournament.venue[entry["venue"]]
            event.add("location", f"{venue.name}, field {entry['field']}")
            calendar.add_component(event)
        path = directory / f"team-{team.id}.ics"
        path.write_bytes(calendar.to_ical())
        written.append(path)
    return written
