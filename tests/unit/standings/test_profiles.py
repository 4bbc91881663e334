"""FIFA World Cup 2018/2022 and UEFA EURO 2024 group-stage profiles: each criterion decides once.

FIFA World Cup 2018 regulations art. 32.5: a) points, b) goal difference, c) goals scored; then
among the teams concerned d) points, e) goal difference, f) goals scored in their matches;
g) fair-play points; h) drawing of lots. UEFA EURO 2024 regulations art. 20.01: a)-c)
head-to-head points, goal difference, goals scored; d) a)-c) reapplied to teams still level;
e) goal difference, f) goals scored, g) wins in all matches; h) kicks in a drawn last-round
match; i) disciplinary points; j) European Qualifiers overall ranking.

Group A round robin: A1 T1-T2, A2 T1-T3, A3 T1-T4, A4 T2-T3, A5 T2-T4, A6 T3-T4.
"""

from __future__ import annotations

import pytest

from services.standings.profiles import (
    FIFA_WORLD_CUP_2018,
    UEFA_EURO_2024,
    UnknownRuleProfile,
    profile,
)
from services.standings.rules import compute_division
from services.standings.table import fair_play_points
from tests.unit.standings.helpers import decided, order, placings, scores, table
from workloads import factories

DEFINITION = factories.division()
GAMES = factories.round_robin(DEFINITION)
FIFA, UEFA, ALLIANCE = "fifa-world-cup-2018", "uefa-euro-2024", "alliance-cup-2020"


def group(results: dict[str, tuple[int, int]], rules: str, *extra, definition=DEFINITION):
    games = factories.round_robin(definition)
    return table(definition, games, scores(games, results) + list(extra), rules)


H2H_BEATS_GD = {"A1": (1, 0), "A2": (0, 1), "A3": (1, 0), "A4": (3, 0), "A5": (3, 0), "A6": (0, 0)}
"""T1 beat T2; both 6 points; goal difference T1 +1, T2 +5."""


def test_fifa_ranks_by_overall_goal_difference_before_head_to_head() -> None:
    """FIFA b) before d): T2's +5 beats T1's +1 although T1 won their match."""
    standing = group(H2H_BEATS_GD, FIFA)
    assert order(standing) == ["T2", "T1", "T3", "T4"]
    assert decided(standing)["T2"] == "goal difference"


def test_uefa_ranks_by_head_to_head_points_first() -> None:
    """UEFA a): T1 beat T2, so T1 is above despite the worse goal difference."""
    standing = group(H2H_BEATS_GD, UEFA)
    assert order(standing) == ["T1", "T2", "T3", "T4"]
    assert decided(standing)["T1"] == "head-to-head points"


def test_fifa_head_to_head_points_decide_between_teams_level_on_points_and_goals() -> None:
    """FIFA d). T1: W 1-0 v T2, L 0-1, W 2-0; T2: L 0-1, W 2-0, W 1-0. Both 6 points, goal
    difference +2, 3 goals scored; T1 won their match."""
    standing = group({"A1": (1, 0), "A2": (0, 1), "A3": (2, 0), "A4": (2, 0), "A5": (1, 0)}, FIFA)
    assert order(standing)[:2] == ["T1", "T2"]
    assert decided(standing)["T1"] == "head-to-head points"


MINI_GOAL_DIFFERENCE = {
    "A1": (3, 0), "A2": (0, 1), "A3": (3, 2), "A4": (1, 0), "A5": (5, 0), "A6": (5, 2),
}  # fmt: skip
"""T1 > T2 3-0, T2 > T3 1-0, T3 > T1 1-0; all beat T4 (3-2, 5-0, 5-2). T1, T2, T3: 6 points,
goal difference +3, 6 goals scored. Among themselves 3 points each; goal difference T1 +2,
T3 0, T2 -2."""


@pytest.mark.parametrize("rules", [FIFA, UEFA])
def test_head_to_head_goal_difference_orders_a_three_way_tie(rules: str) -> None:
    """FIFA e) / UEFA b)."""
    standing = group(MINI_GOAL_DIFFERENCE, rules)
    assert order(standing) == ["T1", "T3", "T2", "T4"]
    assert decided(standing)["T3"] == "head-to-head goal difference"


def test_the_alliance_cup_orders_the_same_games_by_capped_goals_and_restart() -> None:
    """Alliance: no head-to-head for three teams; capped goal difference T1 3-1+1 = +3,
    T3 1-1+3 = +3, T2 -3+1+4 = +2 (the 5-0 counts 4); T1 and T3 restart: T3 beat T1."""
    standing = group(MINI_GOAL_DIFFERENCE, ALLIANCE)
    assert placings(standing) == [
        ("T3", "head-to-head"),
        ("T1", "head-to-head"),
        ("T2", "capped goal difference"),
        ("T4", "points"),
    ]


MINI_GOALS = {"A1": (2, 1), "A2": (0, 1), "A3": (3, 1), "A4": (2, 1), "A5": (2, 0), "A6": (3, 1)}
"""T1 > T2 2-1, T2 > T3 2-1, T3 > T1 1-0; all beat T4 (3-1, 2-0, 3-1). T1, T2, T3: 6 points,
+2, 5 scored. Among themselves 3 points and goal difference 0 each; goals scored T2 3, T1 2,
T3 2."""


def test_fifa_does_not_reapply_head_to_head_and_leaves_the_rest_to_lots() -> None:
    """FIFA f) separates T2; T1 and T3 stay level through g) (no cards) and reach h) drawing of
    lots: unresolved, although T3 beat T1."""
    standing = group(MINI_GOALS, FIFA)
    assert order(standing)[0] == "T2"
    assert decided(standing)["T2"] == "head-to-head goals scored"
    assert standing.unresolved == [["T1", "T3"]]


def test_uefa_reapplies_head_to_head_to_the_teams_still_level() -> None:
    """UEFA c) separates T2; d) reapplies a) to T1 and T3 alone: T3 beat T1."""
    standing = group(MINI_GOALS, UEFA)
    assert order(standing) == ["T2", "T3", "T1", "T4"]
    assert decided(standing)["T3"] == decided(standing)["T1"] == "head-to-head points"


def test_fifa_fair_play_points_decide_before_lots() -> None:
    """FIFA g): one yellow card for a T3 player costs a point; T1 goes above T3."""
    caution = factories.card(GAMES["A6"], "T3", "p9", "yellow")
    standing = group(MINI_GOALS, FIFA, caution)
    assert order(standing) == ["T2", "T1", "T3", "T4"]
    assert decided(standing)["T1"] == "fair-play points"


def test_fifa_drawing_of_lots_is_taken_from_a_posted_decision_of_that_method() -> None:
    """FIFA h): a 'lots' decision resolves the tie; a 'kicks' one does not apply."""
    kicks = factories.decided(["T1", "T3"], method="kicks")
    assert group(MINI_GOALS, FIFA, kicks).unresolved == [["T1", "T3"]]
    standing = group(MINI_GOALS, FIFA, factories.decided(["T3", "T1"], method="lots"))
    assert order(standing) == ["T2", "T3", "T1", "T4"]
    assert decided(standing)["T3"] == "drawing of lots"


def test_uefa_overall_goal_difference_follows_a_level_head_to_head() -> None:
    """UEFA e): T1 and T2 drew 1-1; T1 +7 (9-0 uncapped), T2 +3."""
    results = {"A1": (1, 1), "A2": (9, 0), "A3": (0, 2), "A4": (4, 0), "A5": (0, 1), "A6": (0, 0)}
    standing = group(results, UEFA)
    assert order(standing) == ["T4", "T1", "T2", "T3"]
    assert decided(standing)["T1"] == "goal difference"


def test_uefa_overall_goals_scored_follow_goal_difference() -> None:
    """UEFA f): T1 and T2 drew 0-0; both +1, T1 scored 3, T2 2."""
    results = {"A1": (0, 0), "A2": (3, 1), "A3": (0, 1), "A4": (2, 0), "A5": (0, 1), "A6": (0, 0)}
    standing = group(results, UEFA)
    assert decided(standing)["T1"] == "goals scored"
    assert order(standing)[1:3] == ["T1", "T2"]


def test_uefa_wins_decide_between_teams_level_on_points_and_goals() -> None:
    """UEFA g), five teams. T1: D 1-1 v T2, W 2-0, L 0-1, L 0-1 (4 points, 3-3, one win); T2:
    D 1-1, D 1-1, D 0-0, D 1-1 (4 points, 3-3, no win)."""
    five = factories.division(groups={"A": ["T1", "T2", "T3", "T4", "T5"]})
    results = {
        "A1": (1, 1), "A2": (2, 0), "A3": (0, 1), "A4": (0, 1), "A5": (1, 1),
        "A6": (0, 0), "A7": (1, 1), "A8": (0, 1), "A9": (0, 1), "A10": (0, 0),
    }  # fmt: skip
    standing = group(results, UEFA, definition=five)
    assert order(standing) == ["T5", "T4", "T1", "T2", "T3"]
    assert decided(standing)["T1"] == decided(standing)["T2"] == "wins"


LAST_ROUND_DRAW = {
    "A1": (2, 0),
    "A2": (1, 0),
    "A3": (1, 0),
    "A4": (0, 2),
    "A5": (0, 2),
    "A6": (1, 1),
}
"""T3 and T4 both: L 0-1 v T1, W 2-0 v T2, and they drew 1-1 in A6, the last round."""


def test_uefa_two_teams_level_after_drawing_in_the_last_round_need_kicks() -> None:
    """UEFA h): "if on the last round of the group stage, two teams are facing each other and
    each has the same number of points, as well as the same number of goals scored and
    conceded, and the score finishes level in their match, their ranking is determined by kicks
    from the penalty mark" — reported unresolved until posted, and then applied."""
    assert group(LAST_ROUND_DRAW, UEFA).unresolved == [["T3", "T4"]]
    standing = group(LAST_ROUND_DRAW, UEFA, factories.decided(["T4", "T3"], method="kicks"))
    assert order(standing) == ["T1", "T4", "T3", "T2"]
    assert decided(standing)["T4"] == "kicks from the penalty mark (last round)"


LEVEL_NOT_LAST = {
    "A1": (1, 1),
    "A2": (2, 0),
    "A3": (0, 1),
    "A4": (2, 0),
    "A5": (0, 1),
    "A6": (0, 0),
}
"""T1 and T2 drew in the first round and are level on everything else."""


def test_uefa_disciplinary_points_decide_when_kicks_do_not_apply() -> None:
    """UEFA i): their match was not in the last round, so no kicks; a yellow card costs T1."""
    caution = factories.card(GAMES["A2"], "T1", "p1", "yellow")
    standing = group(LEVEL_NOT_LAST, UEFA, caution)
    assert order(standing)[1:3] == ["T2", "T1"]
    assert decided(standing)["T2"] == "disciplinary points"


def test_uefa_falls_back_to_the_qualifiers_ranking_given_as_input() -> None:
    """UEFA j): the European Qualifiers overall ranking cannot be derived; unresolved until a
    'ranking' decision (which may list more teams and no group) is posted."""
    assert group(LEVEL_NOT_LAST, UEFA).unresolved == [["T1", "T2"]]
    ranking = factories.decided(["T3", "T2", "T4", "T1"], group=None, method="ranking")
    standing = group(LEVEL_NOT_LAST, UEFA, ranking)
    assert order(standing)[1:3] == ["T2", "T1"]
    assert decided(standing)["T2"] == "European Qualifiers overall ranking"


def test_fair_play_counts_one_deduction_per_player_and_match() -> None:
    """FIFA: first yellow -1, indirect red (second yellow) -3, direct red -4, yellow and direct
    red -5. UEFA: yellow 1, red after two yellows 3, direct red 3, yellow then direct red 4.
    A coach's ejection does not count; the same player cautioned in two games counts twice; a
    player cautioned twice and then shown a direct red (p5) gets one deduction, the largest."""
    a1, a2 = GAMES["A1"], GAMES["A2"]
    cards = [
        factories.card(a1, "T1", "p1", "yellow"),
        factories.card(a2, "T1", "p1", "yellow"),
        factories.card(a1, "T1", "p2", "yellow"),
        factories.card(a1, "T1", "p2", "second_yellow"),
        factories.card(a1, "T1", "p3", "red"),
        factories.card(a1, "T1", "p4", "yellow"),
        factories.card(a1, "T1", "p4", "red"),
        factories.card(a1, "T1", "p5", "yellow"),
        factories.card(a1, "T1", "p5", "second_yellow"),
        factories.card(a1, "T1", "p5", "red"),
        factories.card(a1, "T1", "c1", "ejection", role="coach"),
    ]
    fifa = -1 - 1 - 3 - 4 - 5 - 5
    uefa = -1 - 1 - 3 - 3 - 4 - 4
    assert fair_play_points(cards, FIFA_WORLD_CUP_2018.fair_play) == {"T1": fifa}
    assert fair_play_points(cards, UEFA_EURO_2024.fair_play) == {"T1": uefa}


def test_a_division_naming_an_unknown_profile_gets_an_error_naming_the_known_ones() -> None:
    """A named exception the worker can dead-letter, not a KeyError."""
    with pytest.raises(UnknownRuleProfile, match="alliance-cup-2020"):
        profile("world-cup-1930")
    definition = factories.division(rules="world-cup-1930")
    with pytest.raises(UnknownRuleProfile):
        compute_division(definition, GAMES, [], version=0)


def test_a_division_chooses_its_profile_by_name() -> None:
    """Issue: "A profile is chosen per tournament or division" (`DivisionDefined.rules`); under
    UEFA, T1 beat T2 and is above it (FIFA would put T2 first on goal difference)."""
    definition = factories.division(rules=UEFA)
    result = compute_division(definition, GAMES, scores(GAMES, H2H_BEATS_GD), version=0)
    assert result.rules == UEFA
    assert [r.team_id for r in result.groups[0].rows][:2] == ["T1", "T2"]
