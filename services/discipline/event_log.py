"""Read a JSON-lines file of the project's own events into a discipline context and events.

One event per line, as the codec writes them. Lines of types discipline does not use
(standings snapshots, notices, anything newer) are skipped and counted; a line that is not JSON,
has no type, or is a known type with a bad field is a problem naming the line and the field.
The schedule is replayed the way the compacted topic keeps it: per game, the latest
`game.scheduled` or `game.cancelled` by field time (then by line) wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from schemas.base import utc_sort_key
from schemas.codec import DecodeError, parse, validate
from schemas.discipline import Ruling
from schemas.match import MatchEvent
from schemas.roster import RosterSubmitted
from schemas.schedule import DivisionDefined, GameCancelled, GameScheduled, ScheduleEvent
from services.discipline.config import DisciplineConfig
from services.discipline.context import DisciplineContext

LoggedEvent = Annotated[
    MatchEvent | Ruling | ScheduleEvent | RosterSubmitted, Field(discriminator="type")
]
LOGGED: TypeAdapter[Any] = TypeAdapter(LoggedEvent)
KNOWN_TYPES = frozenset(LOGGED.json_schema()["discriminator"]["mapping"])


@dataclass(frozen=True)
class LineProblem:
    """A line of the file that cannot be used."""

    line: int
    what: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.what}"


@dataclass
class EventLog:
    """One tournament's events from a file: context pieces, other events, what was wrong."""

    divisions: dict[str, DivisionDefined] = field(default_factory=dict)
    schedule: dict[str, tuple[tuple[float, int], GameScheduled | GameCancelled]] = field(
        default_factory=dict
    )
    rosters: dict[str, RosterSubmitted] = field(default_factory=dict)
    events: list[Any] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)
    skipped: int = 0

    def context(self, tournament_id: str, config: DisciplineConfig) -> DisciplineContext:
        """The discipline context the file describes."""
        games = [
            event.game for _, event in self.schedule.values() if isinstance(event, GameScheduled)
        ]
        return DisciplineContext.build(
            tournament_id, self.divisions.values(), games, self.rosters.values(), config
        )


def read_event_log(lines: Iterable[str], tournament_id: str) -> EventLog:
    """Sort each line of one tournament into the log; other tournaments' lines are skipped."""
    log = EventLog()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = parse(line.encode())
        except DecodeError as error:
            log.problems.extend(LineProblem(number, problem) for _, problem in error.problems)
            continue
        if isinstance(data, dict) and data.get("type") not in KNOWN_TYPES and "type" in data:
            log.skipped += 1
            continue
        try:
            event = validate(LOGGED, data)
        except DecodeError as error:
            log.problems.extend(LineProblem(number, f"{w}: {m}") for w, m in error.problems)
            continue
        if event.tournament_id != tournament_id:
            log.skipped += 1
        else:
            _keep(log, event, number)
    return log


def _keep(log: EventLog, event: Any, number: int) -> None:
    if isinstance(event, DivisionDefined):
        log.divisions[event.division_id] = event
    elif isinstance(event, RosterSubmitted):
        log.rosters[event.team_id] = event
    elif isinstance(event, GameScheduled | GameCancelled):
        game_id = event.game.game_id if isinstance(event, GameScheduled) else event.game_id
        key = (utc_sort_key(event.occurred_at), number)
        current = log.schedule.get(game_id)
        if current is None or current[0] < key:
            log.schedule[game_id] = (key, event)
    else:
        log.events.append(event)
