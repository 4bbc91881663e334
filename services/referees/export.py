"""The assignment as files: JSON (the reference, read back by check and replan), CSV for the
assignor's spreadsheet, and one iCalendar file per referee.

JSON keeps ids; CSV and calendars show names and local times. A referee's calendar carries
the tournament's VTIMEZONE (the scheduler's, so daylight-saving changes are handled once).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from schemas.codec import DecodeError, parse
from services.input_problem import InputError, InputProblem, shown
from services.referees.duties import Assignment, AssignmentProblem, Match, Seat
from services.scheduler.calendars import calendar_file, game_event, vtimezone, write_files
from services.scheduler.export import weekday
from services.scheduler.tournament import clock

CSV_HEADINGS = ("Game", "Day", "Kick-off", "Ends", "Venue", "Field", "Position", "Referee", "Id")


class AssignmentFileError(InputError):
    """An assignment file that cannot be read; carries every problem found."""


def _ordered(
    problem: AssignmentProblem, assignment: Assignment, unfilled: dict[Seat, str]
) -> list[dict[str, Any]]:
    """One row per position, in kick-off order, with ids and ISO times."""
    t = problem.tournament
    rows = []
    for match in problem.matches:
        for seat in match.seats:
            referee_id = assignment.get(seat)
            rows.append(
                {
                    "game": match.id,
                    "position": seat[1],
                    "referee": referee_id,
                    "reason": None if referee_id else unfilled.get(seat),
                    "venue": match.venue,
                    "field": match.field,
                    "start": t.moment(match.day, match.start).isoformat(),
                    "end": t.moment(match.day, match.end).isoformat(),
                }
            )
    return rows


def to_json(
    problem: AssignmentProblem,
    assignment: Assignment,
    unfilled: dict[Seat, str],
    summary: dict[str, Any],
) -> str:
    """The assignment document: tournament, summary, every position, games per referee."""
    load = {r.id: 0 for r in problem.pool.referees}
    for referee_id in assignment.values():
        load[referee_id] = load.get(referee_id, 0) + 1
    document = {
        "tournament": problem.tournament.id,
        "summary": summary,
        "positions": _ordered(problem, assignment, unfilled),
        "referees": [
            {"id": r.id, "name": r.name, "games": load[r.id]} for r in problem.pool.referees
        ],
    }
    return json.dumps(document, indent=2) + "\n"


def read_assignment(path: Path) -> Assignment:
    """An assignment JSON read back: (game, position) -> referee for every filled position.
    Whether those games, positions and referees exist is the checker's to say."""
    try:
        listed = parse(path.read_bytes())["positions"]
        if not isinstance(listed, list):
            raise TypeError
    except DecodeError as error:
        raise AssignmentFileError(
            [InputProblem(path.name, "file", w) for _, w in error.problems]
        ) from None
    except (OSError, KeyError, TypeError) as error:
        what = getattr(error, "strerror", None) or "not an assignment JSON with a 'positions' list"
        raise AssignmentFileError([InputProblem(path.name, "file", str(what))]) from None
    assignment: Assignment = {}
    problems = []
    for index, row in enumerate(listed):
        fields = [
            row.get(k) if isinstance(row, dict) else None for k in ("game", "position", "referee")
        ]
        if not all(isinstance(v, str) for v in fields[:2]) or not isinstance(fields[2], str | None):
            what = f"needs game and position (text) and referee (text or null), got {shown(row)}"
            problems.append(InputProblem(path.name, f"positions[{index}]", what))
        elif fields[2] is not None:
            assignment[(fields[0], fields[1])] = fields[2]
    if problems:
        raise AssignmentFileError(problems)
    return assignment


def to_csv(problem: AssignmentProblem, assignment: Assignment) -> str:
    """One row per position as the assignor reads it: names, weekday, local times."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADINGS)
    t = problem.tournament
    for match in problem.matches:
        for seat in match.seats:
            referee_id = assignment.get(seat)
            name = problem.pool.referee[referee_id].name if referee_id else "UNFILLED"
            writer.writerow(
                (
                    match.id,
                    weekday(t.day[match.day].date),
                    clock(match.start),
                    clock(match.end),
                    t.venue[match.venue].name,
                    match.field,
                    seat[1],
                    name,
                    referee_id or "",
                )
            )
    return buffer.getvalue()


def calendar(
    problem: AssignmentProblem, assignment: Assignment, referee_id: str, stamp: datetime
) -> bytes:
    """One referee's games as an iCalendar file, in the tournament's zone."""
    t = problem.tournament
    return calendar_file(
        "referees",
        f"{problem.pool.referee[referee_id].name} - {t.name}",
        vtimezone(t.timezone, t.days[0].date, t.days[-1].date),
        (
            game_event(
                f"{match.id}-{position}-{referee_id}@{t.id}",
                stamp,
                t.moment(match.day, match.start),
                t.moment(match.day, match.end),
                f"{position.upper()}: {match.id} ({match.division})",
                f"{t.venue[match.venue].name}, {match.field}",
            )
            for match, position in duties_of(problem, assignment, referee_id)
        ),
    )


def duties_of(
    problem: AssignmentProblem, assignment: Assignment, referee_id: str
) -> list[tuple[Match, str]]:
    """A referee's positions, in kick-off order."""
    return [
        (match, seat[1])
        for match in problem.matches
        for seat in match.seats
        if assignment.get(seat) == referee_id
    ]


def write_calendars(
    problem: AssignmentProblem, assignment: Assignment, directory: Path, stamp: datetime
) -> list[Path]:
    """One `referee-<id>.ics` per referee (an empty calendar for one with no games, so an
    earlier file of theirs is replaced)."""
    return write_files(
        directory,
        {
            f"referee-{referee.id}.ics": calendar(problem, assignment, referee.id, stamp)
            for referee in problem.pool.referees
        },
    )
