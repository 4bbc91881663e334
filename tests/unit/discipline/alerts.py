"""The ineligible-participation alerts the committee's tests rule on: an ejected coach on
another team's lineup, once or twice."""

from __future__ import annotations

from schemas.schedule import GameSlot
from workloads import factories as f


def suspended_coach_on_t2(games: dict[str, GameSlot]) -> list[object]:
    """C1 is ejected with T1 in A1 and then on T2's lineup in A4: one alert."""
    return [
        f.card(games["A1"], "T1", "C1", "ejection", role="coach"),
        f.lineup(games["A4"], "T2", f.squad("T2", 7), staff=["C1"]),
    ]


def two_suspended_coaches_on_t2(games: dict[str, GameSlot]) -> list[object]:
    """C1 and C2 are ejected with T1 in A1 and then both on T2's lineup in A4: two alerts."""
    a4 = games["A4"]
    return [
        *suspended_coach_on_t2(games),
        f.card(games["A1"], "T1", "C2", "ejection", role="coach"),
        f.lineup(a4, "T2", f.squad("T2", 7), staff=["C1", "C2"], occurred_at=a4.start),
    ]
