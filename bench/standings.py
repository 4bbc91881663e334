"""Standings benchmark: the price of one division recompute (the worker does one per touched
division per batch). Run: `python bench/standings.py`; writes bench/reports/standings.md."""

from __future__ import annotations

import random
import time
from pathlib import Path

from schemas.match import MatchEvent
from schemas.schedule import PlayoffFormat
from services.standings.rules import compute_division
from workloads import factories

REPORT = Path(__file__).parent / "reports" / "standings.md"


def main() -> None:
    """3 groups of 6 (45 group games, 2 semi-finals), 150 score reports and 150 cards."""
    rng = random.Random(3)
    groups = {g: [f"{g}{n}" for n in range(1, 7)] for g in "ABC"}
    definition = factories.division(
        groups=groups, playoff=PlayoffFormat(format="division_winners", qualifiers=4)
    )
    games = factories.round_robin(definition)
    for slot in (
        factories.playoff("SF1", factories.group_winner("A"), factories.wild_card(1)),
        factories.playoff("SF2", factories.group_winner("B"), factories.group_winner("C")),
    ):
        games[slot.game_id] = slot
    group_games = [g for g in games.values() if g.stage == "group"]
    events: list[MatchEvent] = []
    for number in range(150):
        game = group_games[number % len(group_games)]
        status = "final" if number >= 105 else "live"
        events.append(factories.score(game, rng.randint(0, 5), rng.randint(0, 5), status=status))
        events.append(factories.card(game, game.home_team_id or "", f"p{number}", "yellow"))
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        compute_division(definition, games, events, version=1)
        timings.append(time.perf_counter() - started)
    report = f"""# Standings benchmark

One division of 3 groups of 6 teams (45 group games, 2 semi-finals), {len(events)} events.
One `compute_division`, 20 runs: best {min(timings) * 1000:.2f} ms, worst
{max(timings) * 1000:.2f} ms.
"""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report)
    print(report)


if __name__ == "__main__":
    main()
