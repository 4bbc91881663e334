"""A full division over HTTP and the real broker: two groups, forfeits, a correction,
semi-finals and a final decided by kicks, posted shuffled and with duplicates, ends in the
hand-worked tables and bracket."""

from __future__ import annotations

import random
import uuid

from schemas import codec
from schemas.match import ScoreCorrected
from tests.conftest import Running, retarget
from tests.sse import SseRecorder
from tests.unit.standings.test_full_division import (
    DEFINITION,
    EXPECTED_BRACKET,
    EXPECTED_TABLES,
    GAMES,
    bracket_lines,
    division_events,
    table_lines,
)
from workloads import factories


def test_a_full_division_posted_shuffled_with_duplicates_ends_in_the_expected_standings(
    system: Running,
) -> None:
    tournament = f"division-{uuid.uuid4().hex[:8]}"
    schedule = [retarget(DEFINITION, tournament)] + [
        retarget(factories.scheduled(game), tournament) for game in GAMES.values()
    ]
    system.admin.post_batch(schedule)
    events = [retarget(event, tournament) for event in division_events()]
    rng = random.Random(7)
    posted = events + rng.choices(events, k=12)
    rng.shuffle(posted)

    feed = SseRecorder(f"{system.stack.gateway_url}/v1/tournaments/{tournament}/standings/stream")
    try:
        for number, event in enumerate(posted):
            poster = system.committee if isinstance(event, ScoreCorrected) else system.field
            if number % 3 == 0:  # some posted alone, some as an offline backlog
                poster.post(event)
            else:
                poster.post_batch([event])
        final = feed.wait_for(
            lambda s: (
                any(g["game_id"] == "F" and g["status"] == "played" for g in s["bracket"])
                and s["version"] >= len(schedule) + len(events) - 1
            ),
            timeout=30,
        )
    finally:
        feed.close()
    snapshot = codec.SNAPSHOT.validate_python(final)
    assert table_lines(snapshot) == EXPECTED_TABLES
    assert snapshot.division_winners == ["T1", "T6"]
    assert bracket_lines(snapshot) == EXPECTED_BRACKET
