"""Each event goes to the topic of whoever folds it, keyed so one division stays in order."""

from __future__ import annotations

from typing import Any

import pytest

from services.gateway.routing import route
from services.streaming import topics
from workloads import factories

DEFINITION = factories.division()
GAME = factories.round_robin(DEFINITION)["A1"]
DIVISION_KEY = topics.division_key(factories.TOURNAMENT, "U12B")


@pytest.mark.parametrize(
    ("event", "topic"),
    [
        (factories.score(GAME, 1, 0), topics.MATCH_EVENTS),
        (factories.score(GAME, 1, 0, status="live"), topics.LIVE_SCORES),
        (factories.card(GAME, "T1", "T1-P3", "red"), topics.MATCH_EVENTS),
        (factories.forfeit(GAME, "T2"), topics.MATCH_EVENTS),
        (factories.lineup(GAME, "T1", factories.squad("T1", 11)), topics.TEAM_SHEETS),
        (factories.quarter_lineup(GAME, "T1", 2, ["T1-P1"]), topics.TEAM_SHEETS),
        (factories.head_injury(GAME, "T1", "T1-P3"), topics.TEAM_SHEETS),
        (factories.roster("T1", ["T1-P1"]), topics.TEAM_SHEETS),
    ],
)
def test_events_from_the_field_go_to_whoever_folds_them(
    event: Any, topic: topics.TopicSpec
) -> None:
    assert route(event) == (topic.name, DIVISION_KEY)


def test_rulings_and_the_schedule_have_their_own_topics() -> None:
    assert route(factories.expulsion("P1")) == (
        topics.RULINGS.name,
        factories.TOURNAMENT.encode(),
    )
    assert route(factories.scheduled(GAME)) == (
        topics.SCHEDULE.name,
        f"{factories.TOURNAMENT}/A1".encode(),
    )
    assert route(DEFINITION) == (topics.SCHEDULE.name, b"division:" + DIVISION_KEY)
