"""One tournament's inputs folded as the workers fold them, for every reader without a broker.

`replay`, `touchline standings compute` and `touchline discipline report` all read a set of
events (a journal, a JSON-lines file) and must show what the live system shows. So they do
not fold on their own: each event goes into the ledgers the workers keep (one per division
for the standings, one per tournament for discipline, `services.ledger`) with the workers'
own filters; discipline is settled (`derive.settle`: the forfeits and disqualifications it
implies come back to both folds, as they do live through `match-events`); and each
division's snapshot is the worker's `snapshot_of`. Which roster, division definition or
schedule entry wins is therefore the ledger's (occurred_at, identity) choice, never the order
of lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from schemas.standings import StandingsSnapshot
from services.discipline.config import DisciplineConfig
from services.discipline.context import (
    DisciplineContext,
    context_from_ledger,
    counts_for_discipline,
)
from services.discipline.derive import settle
from services.discipline.records import DisciplineView
from services.ledger import Ledger, apply, division_id_of
from services.standings.applicability import why_no_effect
from services.standings.rules import counts_for_standings, snapshot_of


@dataclass
class Ledgers:
    """The ledgers the two workers keep for one tournament."""

    divisions: dict[str, Ledger] = field(default_factory=dict)
    whole: Ledger = field(default_factory=Ledger)

    def fold(self, event: Any) -> None:
        """One input into the ledgers that want it, as the two workers apply it."""
        division = division_id_of(event)
        if division is not None:
            apply(self.divisions.setdefault(division, Ledger()), event, counts_for_standings)
        apply(self.whole, event, counts_for_discipline)


@dataclass(frozen=True)
class FoldedTournament:
    """A tournament's ledgers and its settled discipline, as the live system holds them."""

    tournament_id: str
    ledgers: Ledgers
    context: DisciplineContext
    view: DisciplineView
    implied: list[Any]

    def snapshots(self) -> dict[str, StandingsSnapshot]:
        """Every defined division's snapshot, by division id."""
        found = {}
        for division, ledger in sorted(self.ledgers.divisions.items()):
            snapshot = snapshot_of(ledger)
            if snapshot is not None:
                found[division] = snapshot
        return found

    def cannot_count(self, division: str) -> list[tuple[Any, str]]:
        """Each event the division's ledger keeps that cannot change its tables, with the
        reason the worker dead-letters it for, judged as the ledger now stands."""
        ledger = self.ledgers.divisions.get(division) or Ledger()
        return [
            (event, reason)
            for event in ledger.events.values()
            if (reason := why_no_effect(ledger, event)) is not None
        ]


def fold_tournament(
    tournament_id: str, events: Iterable[Any], config: DisciplineConfig | None = None
) -> FoldedTournament:
    """Fold the tournament's events (others' are passed over) and settle its discipline."""
    ledgers = Ledgers()
    for event in events:
        if event.tournament_id == tournament_id:
            ledgers.fold(event)
    context = context_from_ledger(tournament_id, ledgers.whole, config or DisciplineConfig())
    derived = settle(context, ledgers.whole.events.values())
    for event in derived.implied:
        ledgers.fold(event)
    return FoldedTournament(tournament_id, ledgers, context, derived.view, derived.implied)
