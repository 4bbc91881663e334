"""The standings worker: a thin faust adapter around the ledger and `rules.compute_division`.

It folds `match-events` and the schedule (re-keyed from game id to tournament/division) into
one ledger per division, and after every batch sends each touched division's whole snapshot
to the compacted `standings` topic, waiting for the broker's acknowledgement. Each snapshot
carries how much its ledger holds (`progress`), so the gateway can tell a fold of part of the
journal, as after a restart, from the whole.
"""

from __future__ import annotations

import logging

import faust

from schemas import codec
from services.standings.applicability import why_no_effect
from services.standings.progress import HEADER, division_of, encode_held, held
from services.standings.rules import counts_for_standings, snapshot_of
from services.streaming import topics
from services.streaming.folding import LedgerFold, Touched, rekey
from services.streaming.runtime import DeadLetters, build_app, report_ready
from services.streaming.settings import StreamSettings

log = logging.getLogger(__name__)

SERVICE = "standings"


def own_topics(settings: StreamSettings) -> tuple[topics.TopicSpec, ...]:
    return (topics.internal(settings.app_id(SERVICE), "schedule-by-division", "division"),)


def create_app(settings: StreamSettings) -> faust.App:
    """The standings worker's faust app."""
    app = build_app(SERVICE, settings)
    dead = DeadLetters(app, SERVICE)
    raw = {"key_type": bytes, "value_serializer": "raw"}
    (schedule_by_division,) = own_topics(settings)
    by_division = app.topic(schedule_by_division.name, **raw)
    standings = app.topic(topics.STANDINGS.name, **raw)
    rekey(
        app,
        "schedule-by-division",
        app.topic(topics.SCHEDULE.name, **raw),
        by_division,
        division_of,
        dead,
    )
    fold = LedgerFold(
        app, "division-chunks", division_of, dead, counts_for_standings, why_no_effect
    )

    async def publish(touched: dict[bytes, Touched]) -> None:
        """Send every touched division's snapshot and wait until the broker has them all (a
        replayed batch republishes; displays keep the highest version)."""
        sent = []
        for key, entry in touched.items():
            try:
                snapshot = snapshot_of(entry.ledger)
            except Exception as exc:  # a rules defect must not stop every other division
                log.exception("standings of %s could not be computed", key)
                await dead.send(entry.event.value, entry.event.message.topic, f"rules: {exc!r}")
                continue
            if snapshot is None:
                continue  # the division is not defined yet
            counts = {HEADER: encode_held(held(entry.ledger))}
            sent.append(await standings.send(key=key, value=codec.encode(snapshot), headers=counts))
        for future in sent:
            await future

    inputs = app.topic(topics.MATCH_EVENTS.name, schedule_by_division.name, **raw)
    fold.agent(app, "fold-divisions", inputs, publish)
    report_ready(app, settings, SERVICE)
    return app
