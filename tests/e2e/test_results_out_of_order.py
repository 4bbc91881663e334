"""Results that reach discipline out of the schedule's order, over HTTP and the real broker:
the committee's notices end as the fold of every event, whatever order they came in."""

from __future__ import annotations

import time

import httpx

from tests.conftest import Running, retarget
from tests.sse import SseRecorder
from workloads import factories as f


def test_a_later_game_counted_first_is_withdrawn_when_the_earlier_result_arrives(
    system: Running,
) -> None:
    """Rulebook: a suspension is served in the next game of the team it was earned with. T1
    plays A1 (09:00), A2 (10:00), A3 (11:00); a player is sent off in A1. A3's result comes
    in first (another field's phone synced sooner), so A3 is counted as served; then A2's
    arrives, and A2 is the game that served. The list must end with A2's notice alone, as
    the fold of all the events says, not with A3's too."""
    tournament, games = system.publish_division("order")
    committee = {"Authorization": f"Bearer {system.committee.token}"}
    url = f"{system.stack.gateway_url}/v1/tournaments/{tournament}/notices"
    stream = SseRecorder(f"{url}/stream", committee)
    try:
        red = f.card(games["A1"], "T1", "T1-P7")
        system.field.post_batch(
            [retarget(e, tournament) for e in (red, f.score(games["A1"], 0, 1))]
        )
        stream.wait_for(lambda n: n["type"] == "suspension.issued")
        system.field.post(retarget(f.score(games["A3"], 2, 2), tournament))
        early = stream.wait_for(lambda n: n["type"] == "suspension.served")
        assert early["game_id"] == "A3"
        system.field.post(retarget(f.score(games["A2"], 1, 0), tournament))
        withdrawn = stream.wait_for(lambda n: n["type"] == "notice.withdrawn")
        assert withdrawn["withdrawn_id"] == early["event_id"]
    finally:
        stream.close()
    deadline = time.monotonic() + 30
    while True:
        listed = httpx.get(url, headers=committee, timeout=5).json()["notices"]
        served = [n["game_id"] for n in listed if n["type"] == "suspension.served"]
        if served == ["A2"] or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert served == ["A2"]
    assert {n["type"] for n in listed} == {"suspension.issued", "suspension.served"}
