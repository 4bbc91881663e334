"""What a replan starts from, read from the director's closures form and the published
schedule: plain code, no HTTP, no clock.

The console knows the schedule as it was published (the gateway's schedule feed), and the
rules from the tournament file; the replan needs both on the scheduler's terms (a
`Placement` per game, minutes of a day). Every problem names the form field, or the game,
and says what is wrong, so the director sees it next to the field, never a 500.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from schemas.schedule import GameSlot
from services.scheduler.games import tournament_games
from services.scheduler.placement import Placement, Schedule
from services.scheduler.slots import Closure
from services.scheduler.tournament import Tournament, Window

CLOCK = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")


class ReplanInputError(ValueError):
    """The form or the published schedule cannot start a replan; every problem, by field."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {what}" for field, what in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class ClosureForm:
    """The closures form as posted: fields closed on one day, from one time to another."""

    fields: tuple[str, ...]
    day: str
    start: str
    end: str


def closures(tournament: Tournament, form: ClosureForm) -> list[Closure]:
    """One closure per chosen field for the window; every problem of the form at once."""
    problems = []
    if not form.fields:
        problems.append(("fields", "choose at least one field to close"))
    unknown = [f for f in form.fields if f not in tournament.field]
    if unknown:
        problems.append(("fields", f"no field {', '.join(unknown)} in the tournament file"))
    if form.day not in tournament.day:
        days = ", ".join(tournament.day)
        problems.append(("day", f"{form.day!r} is not a day of the tournament ({days})"))
    start, end = _minute(form.start), _minute(form.end)
    if start is None:
        problems.append(("start", f"{form.start!r} is not a time of day (HH:MM)"))
    if end is None:
        problems.append(("end", f"{form.end!r} is not a time of day (HH:MM)"))
    if start is not None and end is not None and end <= start:
        problems.append(("end", "the closure must end after it starts"))
    if problems:
        raise ReplanInputError(problems)
    assert start is not None and end is not None
    return [Closure(field, form.day, Window(start, end)) for field in dict.fromkeys(form.fields)]


def _minute(text: str) -> int | None:
    match = CLOCK.match(text.strip())
    if match is None:
        return None
    minute = int(match[1]) * 60 + int(match[2])
    return minute if minute <= 24 * 60 else None


def published_schedule(tournament: Tournament, slots: Iterable[GameSlot]) -> Schedule:
    """The published games as the scheduler's placements. A game the tournament file does
    not have, or a time on none of its days, means the file is not the one the schedule was
    made from (or was changed since): said per game, since a replan would be wrong."""
    known = {game.id for game in tournament_games(tournament)}
    schedule: Schedule = {}
    problems = []
    for slot in slots:
        where = f"game {slot.game_id}"
        start, end = tournament.day_and_minute(slot.start), tournament.day_and_minute(slot.end)
        if slot.game_id not in known:
            problems.append((where, "not in the tournament file: is it the schedule's file?"))
        elif slot.field_id not in tournament.field:
            problems.append((where, f"on field {slot.field_id}, which the file does not have"))
        elif start is None or end is None or start[0] != end[0]:
            problems.append((where, f"at {slot.start:%a %d %b %H:%M}, on no day of the file"))
        else:
            schedule[slot.game_id] = Placement(
                slot.game_id, slot.field_id, start[0], start[1], end[1]
            )
    missing = sorted(known - {slot.game_id for slot in slots})
    if missing and not problems:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        problems.append(
            ("schedule", f"{len(missing)} games of the file are not published: {shown}")
        )
    if problems:
        raise ReplanInputError(problems)
    return schedule
