"""The gateway's copy of the discipline worker's fold: the worker's inputs, its ledger
filter and its rules, so the console shows what the worker computes."""

from __future__ import annotations

import asyncio

from schemas import codec
from services.discipline.config import DisciplineConfig
from services.discipline.evaluate import evaluate
from services.gateway.discipline_views import DisciplineViews
from services.gateway.feeds import Feed
from services.streaming import topics
from workloads import factories as f


def views() -> DisciplineViews:
    return DisciplineViews(DisciplineConfig(), Feed(topics.NOTICES.name, codec.NOTICE, str))


def test_the_gateway_evaluates_what_the_worker_would_from_the_same_inputs() -> None:
    """DESIGN: one fold for workers and every other reader; the console's records are the
    worker's rules over the worker's inputs, in any order, repeats included."""
    context, games = f.discipline_context()
    events = [
        f.card(games["A1"], "T1", "C1", "ejection", role="coach"),
        f.lineup(games["A4"], "T2", f.squad("T2", 7), staff=["C1"]),
        f.score(games["A2"], 1, 0, status="live"),  # live scores are not the worker's
    ]
    held = views()
    for item in [*events, f.division(), *map(f.scheduled, games.values()), events[0]]:
        held.offer(codec.encode(item))
    found = held.evaluation(f.TOURNAMENT)
    assert found.view == evaluate(context, events[:2])
    assert held.evaluation(f.TOURNAMENT) is found  # kept until the ledger changes


def test_an_undecodable_input_is_skipped_not_raised() -> None:
    """DESIGN: a message that cannot be decoded is logged and kept out; it never crashes."""
    held = views()
    held.offer(b'{"type": "card.issued"')
    assert held.evaluation(f.TOURNAMENT).view.alerts == ()


def test_a_watcher_hears_of_a_change_to_its_tournament_only() -> None:
    async def scenario() -> tuple[bool, bool]:
        held = views()
        async with held.watch(f.TOURNAMENT) as mine, held.watch("other-cup") as theirs:
            held.offer(codec.encode(f.expulsion("P1")))
            held.offer(codec.encode(f.expulsion("P2")))  # two changes, one wake-up
            return mine.qsize() == 1, theirs.empty()

    assert asyncio.run(scenario()) == (True, True)
