"""Everything discipline derives from a tournament's events: what the worker computes after
each batch, and what that comes to once its own derived events have come back to it.

The worker sends the forfeits and disqualifications it derives to `match-events`, which it
also reads, so they return to it as inputs and may imply more: a forfeit completes a game,
the game serves a suspension, a lineup after it is then no longer an alert. `settle` runs
that loop in memory until nothing new is implied, which is where the live system ends up once
it has read everything; the audit (`services.replay`) folds exactly that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from schemas.match import ForfeitDeclared, TeamDisqualified
from services.discipline.context import DisciplineContext
from services.discipline.evaluate import evaluate
from services.discipline.forfeits import implied_match_events
from services.discipline.records import DisciplineView

Implied = ForfeitDeclared | TeamDisqualified


@dataclass(frozen=True)
class Derived:
    """A discipline view and the match events it implies, sorted by id."""

    view: DisciplineView
    implied: list[Implied]


def derive(context: DisciplineContext, events: Iterable[object]) -> Derived:
    """One evaluation of the tournament's events, as the worker makes after each batch."""
    view = evaluate(context, events)
    return Derived(view, implied_match_events(context, view))


def settle(context: DisciplineContext, events: Iterable[object]) -> Derived:
    """`derive` again with what it implied added, until it implies nothing new. An implied
    event, once sent, is never withdrawn, so every round's are kept."""
    given = list(events)
    implied: dict[str, Implied] = {}
    while True:
        derived = derive(context, [*given, *implied.values()])
        new = [event for event in derived.implied if event.identity not in implied]
        if not new:
            everything = sorted(implied.values(), key=lambda e: str(e.event_id))
            return Derived(derived.view, everything)
        implied.update((event.identity, event) for event in new)
