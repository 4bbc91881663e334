"""One score posted over HTTP reaches the live standings over the real embedded broker."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.conftest import Running, retarget
from tests.sse import SseRecorder
from workloads import factories


def rows(snapshot: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            r["rank"],
            r["team_id"],
            r["played"],
            r["won"],
            r["drawn"],
            r["lost"],
            r["goals_for"],
            r["goals_against"],
            r["points"],
        )
        for r in snapshot["groups"][0]["rows"]
    ]


# A1 T1-T2 2-0, A2 T1-T3 3-1, A3 T1-T4 1-1, A4 T2-T3 2-2, A5 T2-T4 0-1, A6 T3-T4 0-3.
RESULTS = {"A1": (2, 0), "A2": (3, 1), "A3": (1, 1), "A4": (2, 2), "A5": (0, 1), "A6": (0, 3)}
# Worked by hand: T1 and T4 on 7 points, level on head-to-head (1-1) and goal difference
# (+4), T1 ahead on goals scored (6 to 5); T2 above T3 on goal difference (-3 to -5).
EXPECTED = [
    (1, "T1", 3, 2, 1, 0, 6, 2, 7),
    (2, "T4", 3, 2, 1, 0, 5, 1, 7),
    (3, "T2", 3, 0, 1, 2, 2, 5, 1),
    (4, "T3", 3, 0, 1, 2, 3, 8, 1),
]


def test_six_results_posted_over_http_give_the_exact_table_on_the_live_feed(
    system: Running,
) -> None:
    tournament, games = system.publish_division("skeleton")

    url = f"{system.stack.gateway_url}/v1/tournaments/{tournament}/standings/stream"
    feed = SseRecorder(url)
    try:
        scores = {
            gid: retarget(factories.score(games[gid], *goals), tournament)
            for gid, goals in RESULTS.items()
        }
        for event in scores.values():
            assert system.field.post(event)["status"] == "accepted"
        final = feed.wait_for(lambda s: all(r["played"] == 3 for r in s["groups"][0]["rows"]))
        assert rows(final) == EXPECTED

        # A retried post and a malformed one change nothing ...
        assert system.field.post(scores["A1"])["status"] == "duplicate"
        bad = scores["A2"].model_dump(mode="json") | {
            "event_id": str(uuid.uuid4()),
            "home_goals": -3,
        }
        answer = httpx.post(
            f"{system.stack.gateway_url}/v1/events",
            json=bad,
            headers={"Authorization": f"Bearer {system.field.token}"},
        )
        assert answer.status_code == 422
        assert answer.json()["errors"] == [
            {"field": "home_goals", "problem": "Input should be greater than or equal to 0"}
        ]
        # ... which a final score for the same game with a higher sequence, and the same
        # result, proves: the next version is one step on (only it counted), same table.
        again = retarget(factories.score(games["A1"], 2, 0, sequence=1), tournament)
        system.field.post(again)
        after = feed.wait_for(lambda s: s["version"] > final["version"])
        assert after["version"] == final["version"] + 1
        assert rows(after) == EXPECTED
    finally:
        feed.close()
