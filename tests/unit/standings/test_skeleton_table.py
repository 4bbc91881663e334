"""Points 3/1/0 and goal difference order a group (the walking skeleton's rules)."""

from __future__ import annotations

from services.standings.rules import compute_division
from workloads import factories


def test_a_win_a_draw_and_a_loss_give_three_one_and_zero_points() -> None:
    definition = factories.division()
    games = factories.round_robin(definition)  # A1 T1-T2, A2 T1-T3, A3 T1-T4, A4 T2-T3 ...
    events = [
        factories.score(games["A1"], 2, 0),
        factories.score(games["A2"], 1, 1),
        factories.score(games["A3"], 0, 3),
    ]
    table = compute_division(definition, games, events, version=3).groups[0]
    t1 = next(row for row in table.rows if row.team_id == "T1")
    assert (t1.played, t1.won, t1.drawn, t1.lost, t1.points) == (3, 1, 1, 1, 4)
    assert [row.team_id for row in table.rows] == ["T1", "T4", "T3", "T2"]
