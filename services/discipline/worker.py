"""The discipline worker: a thin faust adapter around the ledger and the discipline rules.

A person's record spans teams and divisions (a coach of two teams), and serving a suspension
depends on the schedule and results of the team it was earned with, so the worker keeps one
ledger per tournament: every input (match events, committee rulings, the schedule) is
re-keyed by tournament onto `discipline-inputs`, which makes one person's record consistent
wherever they appear.
"""

from __future__ import annotations

import logging
from typing import Any

import faust

from schemas.match import CardIssued
from services.discipline.rules import count_cards
from touchline import topics
from touchline.folding import LedgerFold, Touched, rekey
from touchline.runtime import DeadLetters, build_app, report_ready, run
from touchline.settings import Settings

log = logging.getLogger(__name__)

SERVICE = "discipline"


def tournament_of(item: Any) -> bytes:
    return item.tournament_id.encode()


def own_topics(settings: Settings) -> tuple[topics.TopicSpec, ...]:
    return (topics.internal(settings.app_id(SERVICE), "inputs-by-tournament", "tournament"),)


def create_app(settings: Settings) -> faust.App:
    """The discipline worker's faust app."""
    app = build_app(SERVICE, settings)
    dead = DeadLetters(app, SERVICE)
    raw = {"key_type": bytes, "value_serializer": "raw"}
    (by_tournament,) = own_topics(settings)
    inputs = app.topic(by_tournament.name, **raw)
    for source in (topics.MATCH_EVENTS, topics.RULINGS, topics.SCHEDULE):
        rekey(
            app,
            f"{source.name}-by-tournament",
            app.topic(source.name, **raw),
            inputs,
            tournament_of,
            dead,
        )
    fold = LedgerFold(app, "tournament-ledgers", tournament_of, dead)

    async def record_cards(touched: dict[bytes, Touched]) -> None:
        for key, entry in touched.items():
            cards = [e for e in entry.ledger.events.values() if isinstance(e, CardIssued)]
            log.info(
                "%s: %d cards for %d people", key.decode(), len(cards), len(count_cards(cards))
            )

    fold.agent(app, "fold-tournaments", inputs, record_cards)
    report_ready(app, settings, SERVICE)
    return app


def main() -> None:
    """Run the discipline worker with settings from the environment."""
    settings = Settings.from_env()
    run(create_app(settings), settings, own_topics(settings))
