"""Read a JSON-lines file of the project's own events into a discipline context and events.

One event per line, as the codec writes them. Lines of types that are not inputs (standings
snapshots, notices, anything newer) are skipped and counted; a line that is not JSON, has no
type, or is a known type with a bad field is a problem naming the line and the field.
The events are folded into the ledger the discipline worker keeps (`services.ledger`), so
the division definition, schedule entry and roster that win are the ones the live system
picks: the newest by (occurred_at, identity), wherever their lines are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from schemas.codec import INBOUND_EVENT, INBOUND_EVENT_TYPES, DecodeError, parse, validate
from schemas.roster import RosterSubmitted
from services.discipline.config import DisciplineConfig
from services.discipline.context import (
    DisciplineContext,
    context_from_ledger,
    counts_for_discipline,
)
from services.input_problem import InputProblem
from services.ledger import Ledger, apply


@dataclass
class EventLog:
    """One tournament's events from a file, folded as the worker folds them, and what was
    wrong with the file."""

    ledger: Ledger = field(default_factory=Ledger)
    problems: list[InputProblem] = field(default_factory=list)
    skipped: int = 0

    @property
    def inputs(self) -> list[Any]:
        """Every event the ledger holds, the schedule and definitions included."""
        return [
            *self.ledger.divisions.values(),
            *self.ledger.schedule.values(),
            *self.ledger.events.values(),
        ]

    @property
    def events(self) -> list[Any]:
        """The events the rules evaluate (everything but the schedule and the rosters)."""
        return [e for e in self.ledger.events.values() if not isinstance(e, RosterSubmitted)]

    def context(self, tournament_id: str, config: DisciplineConfig) -> DisciplineContext:
        """The discipline context the file describes, as the worker builds it."""
        return context_from_ledger(tournament_id, self.ledger, config)


def read_event_log(lines: Iterable[str], tournament_id: str, *, file: str) -> EventLog:
    """Fold each line of one tournament into the log; other tournaments' lines are skipped.
    `file` names the lines' file in problems."""
    log = EventLog()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = parse(line.encode())
        except DecodeError as error:
            log.problems.extend(
                InputProblem(file, "", problem, line=number) for _, problem in error.problems
            )
            continue
        kind = data.get("type") if isinstance(data, dict) else None
        if isinstance(data, dict) and "type" in data and _other_type(kind):
            log.skipped += 1
            continue
        try:
            event = validate(INBOUND_EVENT, data)
        except DecodeError as error:
            log.problems.extend(
                InputProblem(file, where, what, line=number) for where, what in error.problems
            )
            continue
        if event.tournament_id != tournament_id:
            log.skipped += 1
        else:
            apply(log.ledger, event, counts_for_discipline)
    return log


def _other_type(kind: object) -> bool:
    """A type that is not an input event's (a snapshot's, a notice's, a newer one's)."""
    return not isinstance(kind, str) or kind not in INBOUND_EVENT_TYPES
