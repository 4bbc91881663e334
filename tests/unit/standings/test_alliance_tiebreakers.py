"""Alliance Cup tiebreakers, each scenario worked by hand (figures in the docstrings).

Rulebook ("Finalists"): "1. Head to head competition (this criterion will not be considered in
the case of a tie among more than two (2) teams.) 2. Goal differential to a maximum of four (4)
per game. 3. Most goals scored to a maximum of four (4) per game. 4. Least goals allowed to a
maximum of four (4) per game. 5. Total number of shutouts 6. FIFA penalty kicks." and "once a
tie is broken by the above system, and if ties between remaining teams still must be decided,
starting again from the top of the tie breaking procedure would break those ties."

Group A round robin: A1 T1-T2, A2 T1-T3, A3 T1-T4, A4 T2-T3, A5 T2-T4, A6 T3-T4.
"""

from __future__ import annotations

from tests.unit.standings.helpers import decided, order, placings, row, scores, table
from workloads import factories

DEFINITION = factories.division()
GAMES = factories.round_robin(DEFINITION)


def group(results: dict[str, tuple[int, int]], *extra, rules: str = "alliance-cup-2020"):
    return table(DEFINITION, GAMES, scores(GAMES, results) + list(extra), rules)


def test_points_are_three_for_a_win_one_for_a_draw_and_none_for_a_loss() -> None:
    """Rulebook: "three (3) points for a win, one (1) point for a tie and zero (0) points for a
    loss". T1: W 2-0, D 1-1, L 0-3 = 4 points."""
    standing = group({"A1": (2, 0), "A2": (1, 1), "A3": (0, 3)})
    t1 = row(standing, "T1")
    assert (t1.played, t1.won, t1.drawn, t1.lost, t1.points) == (3, 1, 1, 1, 4)


def test_head_to_head_decides_between_exactly_two_teams_before_goal_difference() -> None:
    """Criterion 1. T1 (W 1-0 v T2, L 0-1, W 1-0) and T2 (L, W 3-0, W 3-0) both have 6 points;
    T2's goal difference is +5 against T1's +1, but T1 beat T2."""
    standing = group(
        {"A1": (1, 0), "A2": (0, 1), "A3": (1, 0), "A4": (3, 0), "A5": (3, 0), "A6": (0, 0)}
    )
    assert placings(standing) == [
        ("T1", "head-to-head"),
        ("T2", "head-to-head"),
        ("T3", "points"),
        ("T4", "points"),
    ]


def test_a_three_way_tie_restarts_from_head_to_head_once_one_team_is_separated() -> None:
    """Criterion 1 is skipped for three teams, then the restart ("starting again from the top").
    T1 > T2 1-0, T2 > T3 1-0, T3 > T1 1-0; against T4: T1 3-0, T2 2-0, T3 3-1. All three have
    6 points; capped goal difference T1 +3, T2 +2, T3 +2 puts T1 first. T2 and T3 start again:
    two teams, so head-to-head: T2 beat T3, although T3 scored more goals (4 to 3)."""
    standing = group(
        {"A1": (1, 0), "A2": (0, 1), "A3": (3, 0), "A4": (1, 0), "A5": (2, 0), "A6": (3, 1)}
    )
    assert placings(standing) == [
        ("T1", "capped goal difference"),
        ("T2", "head-to-head"),
        ("T3", "head-to-head"),
        ("T4", "points"),
    ]
    assert (row(standing, "T2").goals_for, row(standing, "T3").goals_for) == (3, 4)


def test_a_four_way_tie_split_by_goal_difference_restarts_each_pair_at_head_to_head() -> None:
    """A cycle T1 > T2 2-0, T2 > T3 3-0, T3 > T4 2-0, T4 > T1 1-0, draws T1-T3 1-1 and
    T2-T4 1-1: every team has 4 points. Capped goal difference: T1 +1, T2 +1, T3 -1, T4 -1.
    Each pair restarts: T1 beat T2 (though T2 scored 4 to T1's 3), T3 beat T4."""
    standing = group(
        {"A1": (2, 0), "A2": (1, 1), "A3": (0, 1), "A4": (3, 0), "A5": (1, 1), "A6": (2, 0)}
    )
    assert [row(standing, t).points for t in ("T1", "T2", "T3", "T4")] == [4, 4, 4, 4]
    assert order(standing) == ["T1", "T2", "T3", "T4"]
    assert set(decided(standing).values()) == {"head-to-head"}


def test_the_four_goal_cap_changes_the_order() -> None:
    """Criterion 2, "to a maximum of four (4) per game". T1: D 1-1, W 9-0, L 0-2 (real +7,
    capped 0+4-2 = +2); T2: D 1-1, W 4-0, L 0-1 (real +3, capped +3). Both 4 points and they
    drew, so capped goal difference puts T2 above T1; uncapped (FIFA) it is the reverse."""
    results = {"A1": (1, 1), "A2": (9, 0), "A3": (0, 2), "A4": (4, 0), "A5": (0, 1), "A6": (0, 0)}
    capped = group(results)
    assert order(capped) == ["T4", "T2", "T1", "T3"]
    assert decided(capped)["T2"] == "capped goal difference"
    uncapped = group(results, rules="fifa-world-cup-2018")
    assert order(uncapped) == ["T4", "T1", "T2", "T3"]
    assert decided(uncapped)["T1"] == "goal difference"


def test_capped_goals_scored_decides_when_goal_difference_is_level() -> None:
    """Criterion 3. T1: D 0-0, W 3-1, L 0-1; T2: D 0-0, W 2-0, L 0-1. Both 4 points, capped
    goal difference +1, goals scored 3 against 2."""
    standing = group(
        {"A1": (0, 0), "A2": (3, 1), "A3": (0, 1), "A4": (2, 0), "A5": (0, 1), "A6": (0, 0)}
    )
    assert order(standing) == ["T4", "T1", "T2", "T3"]
    assert decided(standing)["T1"] == "capped goals scored"


def test_fewest_capped_goals_allowed_decides_when_the_cap_hides_a_conceded_goal() -> None:
    """Criterion 4. T1: D 0-0, W 6-1, L 0-1 — capped difference 0+4-1 = +3, scored 4, allowed
    2. T2: D 0-0, W 4-0, L 0-1 — +3, scored 4, allowed 1. T2 is above on goals allowed (with
    real goals T1 would be above on goal difference, +4 to +3)."""
    standing = group(
        {"A1": (0, 0), "A2": (6, 1), "A3": (0, 1), "A4": (4, 0), "A5": (0, 1), "A6": (0, 0)}
    )
    assert order(standing) == ["T4", "T2", "T1", "T3"]
    assert decided(standing)["T2"] == "fewest capped goals allowed"


def test_shutouts_decide_when_all_goal_criteria_are_level() -> None:
    """Criterion 5. T1: D 1-1, W 2-0, L 1-2 (GD +1, 4 scored, 3 allowed, one shutout); T2: D 1-1,
    W 3-1, L 0-1 (GD +1, 4 scored, 3 allowed, no shutout)."""
    standing = group(
        {"A1": (1, 1), "A2": (2, 0), "A3": (1, 2), "A4": (3, 1), "A5": (0, 1), "A6": (0, 0)}
    )
    assert order(standing) == ["T4", "T1", "T2", "T3"]
    assert decided(standing)["T1"] == "shutouts"


ALL_LEVEL = {"A1": (1, 1), "A2": (2, 0), "A3": (0, 1), "A4": (2, 0), "A5": (0, 1), "A6": (0, 0)}
"""T1 and T2 drew 1-1 and both beat T3 2-0 and lost 0-1 to T4: level on every criterion."""


def test_a_tie_only_kicks_can_break_is_unresolved_and_names_the_teams() -> None:
    """Criterion 6, "FIFA penalty kicks": the system cannot invent them. T1 and T2 share rank 2
    with no deciding criterion."""
    standing = group(ALL_LEVEL)
    assert standing.unresolved == [["T1", "T2"]]
    assert [(r.team_id, r.rank, r.decided_by) for r in standing.rows] == [
        ("T4", 1, "points"),
        ("T1", 2, None),
        ("T2", 2, None),
        ("T3", 4, "points"),
    ]


def test_a_posted_shoot_out_decision_resolves_the_tie() -> None:
    """Criterion 6: the kicks are posted as a `TiebreakDecided`; one for another group does not
    count."""
    other_group = factories.decided(["T1", "T2"], group="B")
    standing = group(ALL_LEVEL, factories.decided(["T2", "T1"]), other_group)
    assert standing.unresolved == []
    assert order(standing) == ["T4", "T2", "T1", "T3"]
    assert decided(standing)["T2"] == decided(standing)["T1"] == "kicks from the penalty mark"
    assert group(ALL_LEVEL, other_group).unresolved == [["T1", "T2"]]


def test_a_group_is_complete_only_when_every_game_has_a_result() -> None:
    """Kicks are taken "at the end of the preliminary rounds": `complete` says when a listed tie
    is final."""
    assert group(ALL_LEVEL).complete
    assert not group({"A1": (1, 0)}).complete
