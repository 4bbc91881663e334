"""The worker recomputes a division after every batch, so one recompute must stay cheap."""

from __future__ import annotations

import random
import time

from schemas.match import MatchEvent
from schemas.schedule import PlayoffFormat
from services.standings.rules import compute_division
from tests import factories

BUDGET_SECONDS = 0.05
"""Measured about 1.2 ms on a shared 2-core machine; the budget leaves room for noise."""


def test_a_division_of_three_groups_of_six_with_300_events_computes_within_budget() -> None:
    """300 events (150 score reports, the last 45 final, and 150 cards) over 45 group games."""
    rng = random.Random(3)
    groups = {g: [f"{g}{n}" for n in range(1, 7)] for g in "ABC"}
    definition = factories.division(
        groups=groups, playoff=PlayoffFormat(format="division_winners", qualifiers=4)
    )
    games = factories.round_robin(definition)  # 45 group games
    for slot in (
        factories.playoff("SF1", factories.group_winner("A"), factories.wild_card(1)),
        factories.playoff("SF2", factories.group_winner("B"), factories.group_winner("C")),
    ):
        games[slot.game_id] = slot
    group_games = [g for g in games.values() if g.stage == "group"]
    events: list[MatchEvent] = []
    for number in range(150):  # 300 events; the last 45 reports are finals
        game = group_games[number % len(group_games)]
        status = "final" if number >= 105 else "live"
        events.append(factories.score(game, rng.randint(0, 5), rng.randint(0, 5), status=status))
        events.append(factories.card(game, game.home_team_id or "", f"p{number}", "yellow"))
    result = compute_division(definition, games, events, version=1)
    assert all(group.complete for group in result.groups)

    timings = []
    for _ in range(5):
        started = time.perf_counter()
        compute_division(definition, games, events, version=1)
        timings.append(time.perf_counter() - started)
    assert min(timings) < BUDGET_SECONDS
