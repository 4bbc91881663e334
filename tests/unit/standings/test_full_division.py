"""A whole division worked by hand: two groups, forfeits, a correction, semi-finals and a final
decided by kicks, posted shuffled and with duplicates (the issue's end-to-end scenario, here
against the pure rules)."""

from __future__ import annotations

import random

from schemas.match import MatchEvent
from schemas.schedule import PlayoffFormat
from schemas.standings import StandingsSnapshot
from services.standings.rules import compute_division
from tests.unit.standings.helpers import scores
from workloads import factories

DEFINITION = factories.division(
    groups={"A": ["T1", "T2", "T3", "T4"], "B": ["T5", "T6", "T7", "T8"]},
    playoff=PlayoffFormat(format="division_winners", qualifiers=4),
)
GAMES = factories.round_robin(DEFINITION)
for _slot in (
    factories.playoff("SF1", factories.group_winner("A"), factories.group_winner("B", 2)),
    factories.playoff("SF2", factories.group_winner("B"), factories.group_winner("A", 2)),
    factories.playoff(
        "F", factories.winner_of("SF1"), factories.winner_of("SF2"), hours_after_kickoff=200
    ),
):
    GAMES[_slot.game_id] = _slot


def division_events() -> list[MatchEvent]:
    return [
        # Group A: T3 did not show for A2; A5 was reported 1-0 and corrected to 1-1.
        *scores(GAMES, {"A1": (2, 1), "A3": (0, 0), "A4": (3, 0), "A6": (0, 2)}),
        factories.forfeit(GAMES["A2"], "T3", reason="no_show"),
        factories.score(GAMES["A5"], 1, 0),
        factories.corrected(GAMES["A5"], 1, 1),
        # Group B: T5 gave up B3 while losing 0-1, so the score stands.
        *scores(GAMES, {"B1": (2, 1), "B2": (2, 0), "B4": (2, 2), "B5": (3, 0), "B6": (1, 0)}),
        factories.forfeit(GAMES["B3"], "T5", home_goals=0, away_goals=1),
        factories.score(GAMES["B6"], 4, 0, status="live", sequence=7),
        # Playoffs.
        *scores(GAMES, {"SF1": (1, 1), "SF2": (0, 2), "F": (2, 2)}),
        factories.shootout(GAMES["SF1"], 4, 2),
        factories.shootout(GAMES["F"], 3, 5),
    ]


EXPECTED_TABLES = {
    "A": [
        (1, "T1", 3, 2, 1, 0, 6, 1, 7, "points"),
        (2, "T4", 3, 1, 2, 0, 3, 1, 5, "points"),
        (3, "T2", 3, 1, 1, 1, 5, 3, 4, "points"),
        (4, "T3", 3, 0, 0, 3, 0, 9, 0, "points"),
    ],
    "B": [
        (1, "T5", 3, 2, 0, 1, 4, 2, 6, "points"),
        (2, "T6", 3, 1, 1, 1, 6, 4, 4, "capped goal difference"),
        (3, "T7", 3, 1, 1, 1, 3, 4, 4, "capped goal difference"),
        (4, "T8", 3, 1, 0, 2, 1, 4, 3, "points"),
    ],
}
EXPECTED_BRACKET = [
    ("SF1", "T1", "T5", 1, 1, 4, 2, "T1", "played"),
    ("SF2", "T6", "T4", 0, 2, None, None, "T4", "played"),
    ("F", "T1", "T4", 2, 2, 3, 5, "T4", "played"),
]


def table_lines(snapshot: StandingsSnapshot) -> dict[str, list[tuple[object, ...]]]:
    """Each group's rows as (rank, team, P, W, D, L, GF, GA, Pts, decided by)."""
    return {
        group.group_id: [
            (r.rank, r.team_id, r.played, r.won, r.drawn, r.lost, r.goals_for, r.goals_against,
             r.points, r.decided_by)
            for r in group.rows
        ]
        for group in snapshot.groups
    }  # fmt: skip


def bracket_lines(snapshot: StandingsSnapshot) -> list[tuple[object, ...]]:
    """Each playoff game as (game, home, away, goals, kicks, winner, status)."""
    return [
        (g.game_id, g.home_team_id, g.away_team_id, g.home_goals, g.away_goals, g.home_kicks,
         g.away_kicks, g.winner_team_id, g.status)
        for g in snapshot.bracket
    ]  # fmt: skip


def test_a_full_division_posted_shuffled_with_duplicates_ends_in_the_hand_worked_standings() -> (
    None
):
    """Group A: T1 W 2-1, W 4-0 (forfeit), D 0-0 = 7; T4 D, D 1-1, W 2-0 = 5; T2 L, W 3-0,
    D 1-1 = 4; T3 0. Group B: T5 W 2-1, W 2-0, L 0-1 = 6 but forfeited, so the division
    winner is T6 (4 points, capped goal difference -1+0+3 = +2 against T7's -2+0+1 = -1; they
    drew 2-2). SF1 T1 v T5 (#2 B) 1-1, kicks 4-2; SF2 T6 v T4 0-2; final T1 v T4 2-2, kicks
    3-5: T4 wins."""
    events = division_events()
    rng = random.Random(2026)
    posted = events + rng.choices(events, k=15)
    rng.shuffle(posted)
    snapshot = compute_division(DEFINITION, GAMES, posted, version=42)

    assert table_lines(snapshot) == EXPECTED_TABLES
    assert snapshot.division_winners == ["T1", "T6"]
    assert bracket_lines(snapshot) == EXPECTED_BRACKET
    assert snapshot == compute_division(DEFINITION, GAMES, events, version=42)
