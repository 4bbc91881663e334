"""Division winners, wild cards, seeds and the bracket.

Two groups: A (T1-T4) and B (T5-T8), round robins A1-A6 and B1-B6 in the order
T1-T2, T1-T3, T1-T4, T2-T3, T2-T4, T3-T4 (and likewise T5..T8).
"""

from __future__ import annotations

from schemas.schedule import PlayoffFormat
from services.standings.pairing import pair_first_round
from tests.unit.standings.helpers import order, row, scores, snapshot, table
from workloads import factories

ONE_GROUP = factories.division(playoff=PlayoffFormat(format="division_winners", qualifiers=1))
ONE_GROUP_GAMES = factories.round_robin(ONE_GROUP)


def test_a_team_that_failed_to_show_cannot_be_division_winner_the_next_best_record_is() -> None:
    """Rulebook: "In no case shall a team that forfeits or does not show-up for a game be
    declared a division winner ... the division team with the next best record shall be named
    the division winner." T1 did not show for A1 (T2 wins 4-0) but beats T3 and T4 3-0: 6
    points, top of the table. T4 (L 0-3, W 2-0 v T2, D 0-0) has 4 points and capped goal
    difference -1, T3 (L 0-3, W 1-0 v T2, D) 4 points and -2: T4 is division winner."""
    games = ONE_GROUP_GAMES
    events = [
        factories.forfeit(games["A1"], "T1", reason="no_show"),
        *scores(games, {"A2": (3, 0), "A3": (3, 0), "A4": (0, 1), "A5": (0, 2), "A6": (0, 0)}),
    ]
    result = snapshot(ONE_GROUP, games, events)
    assert order(result.groups[0]) == ["T1", "T4", "T3", "T2"]
    assert row(result.groups[0], "T1").forfeited
    assert result.division_winners == ["T4"]


def test_a_committee_correction_of_the_forfeit_restores_the_winner() -> None:
    """The corrected game is as if only the correction had been posted: T1 no longer forfeited
    and, 9 points clear, is division winner."""
    games = ONE_GROUP_GAMES
    events = [
        factories.forfeit(games["A1"], "T1", reason="no_show"),
        factories.corrected(games["A1"], 2, 0),
        *scores(games, {"A2": (3, 0), "A3": (3, 0), "A4": (0, 1), "A5": (0, 2), "A6": (0, 0)}),
    ]
    assert snapshot(ONE_GROUP, games, events).division_winners == ["T1"]


def test_no_division_winner_is_named_before_the_group_is_complete() -> None:
    """Rulebook: the division winner is named "at the end of the preliminary rounds"."""
    games = ONE_GROUP_GAMES
    result = snapshot(ONE_GROUP, games, scores(games, {"A1": (3, 0)}))
    assert result.division_winners == []


def test_a_disqualified_team_stays_in_the_table_but_cannot_advance() -> None:
    """DESIGN: a disqualified team's remaining games are forfeits and it cannot advance. T1 won
    all three games (9 points) before being disqualified; T2 (W 2-0 v T3, W 1-0 v T4) is next."""
    games = ONE_GROUP_GAMES
    events = [
        *scores(games, {"A1": (1, 0), "A2": (1, 0), "A3": (1, 0), "A4": (2, 0), "A5": (1, 0)}),
        *scores(games, {"A6": (0, 0)}),
        factories.disqualified("T1"),
    ]
    result = snapshot(ONE_GROUP, games, events)
    assert order(result.groups[0])[:2] == ["T1", "T2"]
    assert row(result.groups[0], "T1").disqualified
    assert result.division_winners == ["T2"]


TWO_GROUPS = {"A": ["T1", "T2", "T3", "T4"], "B": ["T5", "T6", "T7", "T8"]}
GROUP_RESULTS = {
    # A: T1 9 points; T2 6 points, capped goal difference -1+3+3 = +5.
    "A1": (1, 0), "A2": (1, 0), "A3": (1, 0), "A4": (3, 0), "A5": (3, 0), "A6": (1, 0),
    # B: T5 9 points; T6 6 points, capped goal difference -1+1+1 = +1.
    "B1": (1, 0), "B2": (1, 0), "B3": (1, 0), "B4": (1, 0), "B5": (1, 0), "B6": (1, 0),
}  # fmt: skip


def wild_card_division():
    definition = factories.division(
        groups=TWO_GROUPS, playoff=PlayoffFormat(format="division_winners", qualifiers=4)
    )
    games = factories.round_robin(definition) | factories.semis_and_final(
        (factories.group_winner("A"), factories.wild_card(1)),
        (factories.group_winner("B"), factories.wild_card(2)),
        third_place=True,
    )
    return definition, games


def test_wild_cards_are_chosen_across_the_whole_division_with_the_same_tiebreakers() -> None:
    """Rulebook: "In the event that a wild card team must be selected ..., the above procedure
    will be used across the entire age group and bracket involved." T2 and T6 both have 6
    points and never met; capped goal difference +5 beats +1."""
    definition, games = wild_card_division()
    result = snapshot(definition, games, scores(games, GROUP_RESULTS))
    assert result.division_winners == ["T1", "T5"]
    assert result.wild_cards == ["T2", "T6"]


def test_a_wild_card_never_meets_its_own_division_winner_in_the_first_round() -> None:
    """Rulebook: "that team will not be assigned to play the winner of its own division in the
    first playoff round". Wild card 1 is T2 of group A, so it takes the slot against the
    winner of group B and wild card 2 (T6, group B) meets T1."""
    definition, games = wild_card_division()
    bracket = {
        g.game_id: g for g in snapshot(definition, games, scores(games, GROUP_RESULTS)).bracket
    }
    assert (bracket["SF1"].home_team_id, bracket["SF1"].away_team_id) == ("T1", "T6")
    assert (bracket["SF2"].home_team_id, bracket["SF2"].away_team_id) == ("T5", "T2")
    assert bracket["SF1"].status == "ready"
    assert bracket["F"].status == "waiting"
    assert bracket["F"].home_label == "Winner SF1"


def test_a_drawn_playoff_game_needs_a_shoot_out_and_results_advance_the_bracket() -> None:
    """Rulebook: "In the case of a draw at the end of regulation time in the playoff rounds, the
    winner will be determined" by penalty kicks; a playoff forfeit is 1-0."""
    definition, games = wild_card_division()
    events = scores(games, GROUP_RESULTS) + scores(games, {"SF1": (2, 2)})
    events.append(factories.forfeit(games["SF2"], "T5"))
    bracket = {g.game_id: g for g in snapshot(definition, games, events).bracket}
    assert bracket["SF1"].status == "needs_shootout"
    assert (bracket["SF2"].home_goals, bracket["SF2"].away_goals) == (0, 1)
    assert bracket["SF2"].winner_team_id == "T2"
    assert bracket["F"].status == "waiting"

    events.append(factories.shootout(games["SF1"], 3, 4))
    bracket = {g.game_id: g for g in snapshot(definition, games, events).bracket}
    assert (bracket["SF1"].status, bracket["SF1"].winner_team_id) == ("played", "T6")
    assert (bracket["F"].home_team_id, bracket["F"].away_team_id) == ("T6", "T2")
    assert (bracket["P3"].home_team_id, bracket["P3"].away_team_id) == ("T1", "T5")

    events += scores(games, {"F": (0, 1)})
    bracket = {g.game_id: g for g in snapshot(definition, games, events).bracket}
    assert (bracket["F"].status, bracket["F"].winner_team_id) == ("played", "T2")


def test_seeding_ranks_the_whole_division_and_waits_for_a_decision_on_a_level_tie() -> None:
    """Rulebook: finalists "based upon the two teams (or more if semi-finals are applicable)
    with the most points in the overall age group and bracket ... the same criteria". T1 and T5
    both won 1-0 three times: level on everything, so seeds 1 and 2 need a decision (for a
    division-wide tie, a `TiebreakDecided` without a group)."""
    definition = factories.division(
        groups=TWO_GROUPS, playoff=PlayoffFormat(format="seeding", qualifiers=4)
    )
    games = factories.round_robin(definition)
    for slot in (
        factories.playoff("SF1", factories.seed(1), factories.seed(4)),
        factories.playoff("SF2", factories.seed(2), factories.seed(3)),
    ):
        games[slot.game_id] = slot
    events = scores(games, GROUP_RESULTS)
    waiting = snapshot(definition, games, events)
    assert (waiting.seeds, waiting.unresolved) == ([], [["T1", "T5"]])
    assert waiting.bracket[0].status == "waiting"
    assert waiting.bracket[0].home_label == "Seed 1"

    decided = snapshot(definition, games, [*events, factories.decided(["T5", "T1"], group=None)])
    assert decided.seeds == ["T5", "T1", "T2", "T6"]
    # 1 v 4 and 2 v 3 would be two group games again (T5-T6 of B, T1-T2 of A): DESIGN's seeding
    # rule re-pairs them 1 v 3 and 2 v 4.
    assert [(g.home_team_id, g.away_team_id) for g in decided.bracket] == [
        ("T5", "T2"),
        ("T1", "T6"),
    ]


def test_a_division_with_one_group_has_no_wild_cards_to_place() -> None:
    """One group, one qualifier: the division winner alone. Every home team won 1-0, so T1,
    at home in all three of its games, won the group with 9 points."""
    games = ONE_GROUP_GAMES
    result = snapshot(ONE_GROUP, games, scores(games, {g: (1, 0) for g in games}))
    assert (result.division_winners, result.wild_cards) == (["T1"], [])


def test_before_any_result_every_team_is_level_and_the_group_is_not_complete() -> None:
    """All four teams share rank 1; the tie is listed, and `complete` says kicks are not due."""
    before = table(ONE_GROUP, ONE_GROUP_GAMES, [])
    assert [r.rank for r in before.rows] == [1, 1, 1, 1]
    assert (before.unresolved, before.complete) == ([["T1", "T2", "T3", "T4"]], False)


def test_when_every_assignment_would_pair_a_wild_card_with_its_own_winner_rank_order_stays() -> (
    None
):
    """With one group every wild card comes from the winner's group: the pairing rule cannot be
    met, so wild card 1 keeps slot 1 rather than leaving the bracket empty."""
    slots = [factories.playoff("SF1", factories.group_winner("A"), factories.wild_card(1))]
    assigned = pair_first_round(slots, {"wild_card": ["T2", "T3"]}, {"T2": "A", "T3": "A"})
    assert assigned == {("wild_card", 1): "T2"}


def test_a_playoff_slot_waits_while_the_group_position_it_needs_is_an_unresolved_tie() -> None:
    """T1 and T2 drew 1-1 and both beat T3 and T4 2-0: level on everything, so 'Winner Group
    A' is unknown until their kicks are posted (T3 and T4 are level too)."""
    definition = factories.division(playoff=PlayoffFormat(format="division_winners", qualifiers=1))
    games = factories.round_robin(definition)
    games["F"] = factories.playoff("F", factories.group_winner("A"), "T3", round="final")
    level = {"A1": (1, 1), "A2": (2, 0), "A3": (2, 0), "A4": (2, 0), "A5": (2, 0), "A6": (0, 0)}
    waiting = snapshot(definition, games, scores(games, level))
    assert waiting.groups[0].unresolved == [["T1", "T2"], ["T3", "T4"]]
    assert (waiting.division_winners, waiting.bracket[0].status) == ([], "waiting")
    assert waiting.bracket[0].home_label == "Winner Group A"
    settled = snapshot(definition, games, [*scores(games, level), factories.decided(["T2", "T1"])])
    assert settled.division_winners == ["T2"]
    assert (settled.bracket[0].home_team_id, settled.bracket[0].status) == ("T2", "ready")


def test_wild_cards_move_only_as_far_as_the_pairing_rule_needs() -> None:
    """Three winners v three wild cards: wild card 1 (group A) cannot take slot 1 (Winner A),
    so it takes slot 2; slot 1 gets the best wild card allowed there, wild card 2 (group B);
    wild card 3 (group A) keeps slot 3 (Winner C)."""
    slots = [
        factories.playoff(f"QF{n}", factories.group_winner(g), factories.wild_card(n))
        for n, g in ((1, "A"), (2, "B"), (3, "C"))
    ]
    group_of = {"W1": "A", "W2": "B", "W3": "A"}
    assigned = pair_first_round(slots, {"wild_card": ["W1", "W2", "W3"]}, group_of)
    assert assigned == {("wild_card", 1): "W2", ("wild_card", 2): "W1", ("wild_card", 3): "W3"}


def test_pairing_many_wild_cards_is_fast_even_when_the_rule_cannot_be_met() -> None:
    """Twelve wild cards of one group, each against that group's winner: no valid assignment,
    found without trying 12! orders, so rank order stays."""
    slots = [
        factories.playoff(f"R{n}", factories.group_winner("A"), factories.wild_card(n))
        for n in range(1, 13)
    ]
    teams = [f"W{n}" for n in range(1, 13)]
    assigned = pair_first_round(slots, {"wild_card": teams}, dict.fromkeys(teams, "A"))
    assert assigned == {("wild_card", n): f"W{n}" for n in range(1, 13)}
