"""The discipline worker: a thin faust adapter around `derive` (evaluate, then the implied
match events).

A person's record spans teams and divisions (a coach of two teams), and serving a suspension
depends on the schedule and results of the team it was earned with, so the worker keeps one
ledger per tournament: every input (match events, team sheets, committee rulings, the
schedule) is re-keyed by tournament, which makes one person's record consistent wherever
they appear.

After each batch it evaluates the touched tournaments and sends what is new: notices to
`discipline-notices` (keyed tournament/person) and the forfeits and disqualifications the
rules imply to `match-events` (keyed tournament/division), where the standings score them.
Notices and implied events have deterministic ids. An implied event is sent once (an id not
sent before); a notice is sent again when it changed, and withdrawn when it is implied no
more (`news.py`: results may come in out of the schedule's order).
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import Any

import faust

from schemas import codec
from services.discipline.config import DisciplineConfig
from services.discipline.context import context_from_ledger, counts_for_discipline
from services.discipline.derive import derive
from services.discipline.news import SentLog, news
from services.streaming import topics
from services.streaming.faust_patches import acting_for, write_through
from services.streaming.folding import LedgerFold, Touched, rekey
from services.streaming.runtime import DeadLetters, build_app, report_ready
from services.streaming.settings import StreamSettings

log = logging.getLogger(__name__)

SERVICE = "discipline"
#: A tournament is evaluated whole after each batch (a tenth of a second of CPU for 400
#: teams), so a batch waits up to this long, or for this many inputs: notices come within a
#: few seconds, and a match day costs a few evaluations a minute, not one per event.
DISCIPLINE_BATCH_SECONDS = 2.0
DISCIPLINE_BATCH_SIZE = 5_000
#: Notices are not on the displays' path: a longer fetch wait saves the broker idle polling.
FETCH_WAIT_MS = 100


def tournament_of(item: Any) -> bytes:
    return item.tournament_id.encode()


def own_topics(settings: StreamSettings) -> tuple[topics.TopicSpec, ...]:
    return (topics.internal(settings.app_id(SERVICE), "inputs-by-tournament", "tournament"),)


def create_app(settings: StreamSettings, config: DisciplineConfig) -> faust.App:
    """The discipline worker's faust app."""
    app = build_app(SERVICE, settings, FETCH_WAIT_MS)
    dead = DeadLetters(app, SERVICE)
    raw = {"key_type": bytes, "value_serializer": "raw"}
    (by_tournament,) = own_topics(settings)
    inputs = app.topic(by_tournament.name, **raw)
    for source in (topics.MATCH_EVENTS, topics.TEAM_SHEETS, topics.RULINGS, topics.SCHEDULE):
        rekey(
            app,
            f"{source.name}-by-tournament",
            app.topic(source.name, **raw),
            inputs,
            tournament_of,
            dead,
        )
    fold = LedgerFold(
        app,
        "tournament-chunks",
        tournament_of,
        dead,
        counts_for_discipline,
        batch_within=DISCIPLINE_BATCH_SECONDS,
        batch_size=DISCIPLINE_BATCH_SIZE,
    )
    sent_ids = app.Table("sent-ids", default=None, key_type=bytes, value_type=bytes)
    notices = app.topic(topics.NOTICES.name, **raw)
    match_events = app.topic(topics.MATCH_EVENTS.name, **raw)

    async def send_news(touched: dict[bytes, Touched]) -> None:
        """Evaluate each touched tournament; send what changed (`news`) and the implied
        events not sent before, and wait for the broker before remembering them (a crash in
        between sends them again: events are absorbed by id, notices by revision)."""
        for key, entry in touched.items():
            tournament = key.decode()
            try:
                context = context_from_ledger(tournament, entry.ledger, config)
                derived = derive(context, entry.ledger.events.values())
            except Exception as exc:  # a rules defect must not stop other tournaments
                log.exception("discipline of %s could not be evaluated", tournament)
                await dead.send(entry.event.value, entry.event.message.topic, f"rules: {exc!r}")
                continue
            with acting_for(entry.event):
                record = SentLog.decode(sent_ids.get(key))
            revision = max(record.revision + 1, time.time_ns() // 1000)
            sending = news(
                tournament, record.notices, derived.view.notices, revision, datetime.now(UTC)
            )
            futures = []
            for message in sending.messages:
                person_key = f"{tournament}/{message.person_id}".encode()
                futures.append(await notices.send(key=person_key, value=codec.encode(message)))
            implied = [e for e in derived.implied if str(e.event_id) not in record.implied]
            for event in implied:
                division = topics.division_key(tournament, event.division_id)
                futures.append(await match_events.send(key=division, value=codec.encode(event)))
            for future in futures:
                await future
            if futures:
                ids = record.implied | {str(event.event_id) for event in implied}
                kept = SentLog(sending.sent, ids, revision if sending.messages else record.revision)
                await write_through(app, sent_ids, [(key, kept.encode(), entry.event)])
            for problem in derived.view.problems:
                log.warning("%s: %s", tournament, problem)

    fold.agent(app, "fold-tournaments", inputs, send_news)
    report_ready(app, settings, SERVICE)
    return app
