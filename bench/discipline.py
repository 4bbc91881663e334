"""Discipline benchmark: how long one evaluation of a whole tournament takes.

The worker re-evaluates a tournament after every batch of events, so this is the price of a
batch. Run: `python bench/discipline.py`; writes bench/reports/discipline.md.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from services.discipline.context import DisciplineContext
from services.discipline.evaluate import evaluate
from services.discipline.forfeits import implied_match_events
from workloads import factories as f


def big_tournament() -> tuple[DisciplineContext, list[Any]]:
    """400 teams (25 divisions of 4 groups of 4, 600 games) and about 5,000 events: two
    lineups per team, live and final scores, cards, a few head-injury removals."""
    rng = random.Random(400)
    divisions, games = [], {}
    for d in range(25):
        groups = {f"D{d}G{g}": [f"D{d}G{g}T{t}" for t in range(4)] for g in range(4)}
        definition = f.division(f"D{d}", groups)
        divisions.append(definition)
        games |= f.round_robin(definition)
    events: list[Any] = []
    for game in games.values():
        for team in (game.home_team_id, game.away_team_id):
            assert team is not None
            events.append(f.lineup(game, team, f.squad(team, 11), staff=[f"{team}-C"]))
            later = {"occurred_at": game.start + timedelta(minutes=40)}
            events.append(f.lineup(game, team, f.squad(team, 12), **later))
            for _ in range(rng.choice([0, 0, 1, 2])):
                person = f"{team}-P{rng.randint(1, 12)}"
                colour = rng.choice(["yellow", "yellow", "yellow", "red"])
                events.append(f.card(game, team, person, colour, minute=rng.randint(1, 60)))
        if rng.random() < 0.05:
            events.append(f.head_injury(game, game.home_team_id, f"{game.home_team_id}-P2"))
        events.append(f.score(game, 0, 0, status="live", sequence=1))
        events.append(f.score(game, 1, 0, sequence=2, occurred_at=game.end))
    return DisciplineContext.build(f.TOURNAMENT, divisions, games.values()), events


REPORT = Path(__file__).parent / "reports" / "discipline.md"


def main() -> None:
    context, events = big_tournament()
    timings = []
    for _ in range(5):
        started = time.process_time()
        view = evaluate(context, events)
        implied_match_events(context, view)
        timings.append(time.process_time() - started)
    assert view.finished and view.problems == (), "the benchmark tournament must be clean"
    report = f"""# Discipline benchmark

One tournament of 400 teams (25 divisions of 4 groups of 4, {len(context.games)} games),
{len(events):,} events (two lineups per team and game, live and final scores, cards, head
injuries). One `evaluate` + `implied_match_events`, CPU time over 5 runs:
best {min(timings):.3f} s, worst {max(timings):.3f} s.
"""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report)
    print(report)


if __name__ == "__main__":
    main()
