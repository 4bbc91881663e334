"""What the discipline rules make of a tournament, as the gateway reads it: for the
committee's console (records, the alerts' status, the card report).

The discipline worker publishes its notices but not the records behind them. Rather than
keep a second copy of its rules, the gateway folds the worker's own inputs (match events,
team sheets, rulings, the schedule: the topics it already follows) into the worker's
ledger (`services.ledger`, `counts_for_discipline`) and evaluates them with the worker's
pure rules when a console asks, so what the console shows is what the worker computes, on
every gateway replica alike. An evaluation is kept until the tournament's ledger changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass

from schemas import codec
from services.discipline.config import DisciplineConfig
from services.discipline.context import (
    DisciplineContext,
    context_from_ledger,
    counts_for_discipline,
)
from services.discipline.evaluate import evaluate
from services.discipline.records import DisciplineView
from services.gateway.feeds import Feed, TopicReader
from services.ledger import Applied, Ledger, apply
from services.streaming import topics

log = logging.getLogger(__name__)
#: The topics the discipline worker folds (`services.discipline.worker`).
INPUTS = (topics.MATCH_EVENTS, topics.TEAM_SHEETS, topics.RULINGS, topics.SCHEDULE)


@dataclass(frozen=True)
class Evaluation:
    """A tournament's discipline at one ledger version: its context and its view."""

    version: int
    ledger: Ledger
    context: DisciplineContext
    view: DisciplineView


class DisciplineViews:
    """Every tournament's discipline ledger, its latest evaluation, and who is watching."""

    def __init__(self, config: DisciplineConfig, notices: Feed) -> None:
        self.config = config
        self.feeds = [TopicReader(spec.name, self.offer) for spec in INPUTS]
        self._ledgers: dict[str, Ledger] = defaultdict(Ledger)
        self._evaluations: dict[str, Evaluation] = {}
        self._watchers: dict[str, set[asyncio.Queue[None]]] = defaultdict(set)
        notices.listen(lambda tournament, _: self._changed(tournament))

    def offer(self, raw: bytes) -> None:
        """One input into its tournament's ledger; undecodable ones are logged and skipped
        (the worker dead-letters them)."""
        try:
            item = codec.decode(codec.INBOUND_EVENT, raw)
        except codec.DecodeError as exc:
            log.warning("discipline views skipped an undecodable input: %s", exc)
            return
        applied = apply(self._ledgers[item.tournament_id], item, counts_for_discipline)
        if applied in (Applied.CHANGED, Applied.UNKNOWN_GAME):
            self._changed(item.tournament_id)

    def evaluation(self, tournament_id: str) -> Evaluation:
        """The tournament's discipline as its ledger stands now."""
        ledger = self._ledgers[tournament_id]
        kept = self._evaluations.get(tournament_id)
        if kept is not None and kept.version == ledger.version:
            return kept
        context = context_from_ledger(tournament_id, ledger, self.config)
        fresh = Evaluation(
            ledger.version, ledger, context, evaluate(context, ledger.events.values())
        )
        self._evaluations[tournament_id] = fresh
        return fresh

    @contextlib.asynccontextmanager
    async def watch(self, tournament_id: str) -> AsyncIterator[asyncio.Queue[None]]:
        """A queue that gets an item whenever the tournament's discipline or its notices
        change (several changes may come as one)."""
        queue: asyncio.Queue[None] = asyncio.Queue(maxsize=1)
        self._watchers[tournament_id].add(queue)
        try:
            yield queue
        finally:
            self._watchers[tournament_id].discard(queue)

    def _changed(self, tournament_id: str) -> None:
        for queue in self._watchers.get(tournament_id, ()):
            if queue.empty():
                queue.put_nowait(None)
