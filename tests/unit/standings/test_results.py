"""The effective result of a game from the set of events posted about it.

Round robin of `factories.round_robin` for group A (T1-T4): A1 T1-T2, A2 T1-T3, A3 T1-T4,
A4 T2-T3, A5 T2-T4, A6 T3-T4.
"""

from __future__ import annotations

from datetime import timedelta

from services.standings.game_events import sort_events
from services.standings.results import outcome
from tests.unit.standings.helpers import row, table
from workloads import factories

DEFINITION = factories.division()
GAMES = factories.round_robin(DEFINITION)
A1 = GAMES["A1"]
LATER = factories.KICKOFF + timedelta(hours=2)


def result_of(*events, playoff: bool = False, disqualified: tuple[str, ...] = ()):
    """The outcome of game A1 (T1 home, T2 away) from these events."""
    ledger = sort_events(events)
    return outcome(
        "A1", "T1", "T2", ledger.of("A1"), playoff=playoff, disqualified=disqualified, half_time=25
    )


def score_of(*events, **kwargs) -> tuple[int, int] | None:
    found = result_of(*events, **kwargs)
    return None if found is None else (found.home_goals, found.away_goals)


def test_the_highest_sequence_final_report_is_the_result_and_live_reports_never_count() -> None:
    """DESIGN: a report with a higher sequence replaces a lower one, whatever order they arrive
    in; live scores are not results."""
    events = [
        factories.score(A1, 1, 1, sequence=2),
        factories.score(A1, 2, 0, sequence=1, occurred_at=LATER),
        factories.score(A1, 5, 0, sequence=9, status="live"),
    ]
    assert score_of(*events) == (1, 1)
    assert score_of(factories.score(A1, 5, 0, status="live")) is None


def test_equal_sequences_are_settled_by_the_later_report() -> None:
    """`ScoreReported`: equal sequences fall back to `occurred_at`, then the event id."""
    events = [factories.score(A1, 3, 0), factories.score(A1, 2, 2, occurred_at=LATER)]
    assert score_of(*events) == (2, 2)


def test_a_group_forfeit_before_kick_off_is_four_nil_and_three_points_to_the_opponent() -> None:
    """Rulebook: "A forfeit in the preliminary round (group play) will be awarded as three (3)
    points for the win ... If the score is 0-0 at the time of the forfeit, the score will be
    recorded as 4-0." """
    group = table(DEFINITION, GAMES, [factories.forfeit(A1, "T2", reason="no_show")])
    t1, t2 = row(group, "T1"), row(group, "T2")
    assert (t1.won, t1.goals_for, t1.goals_against, t1.points) == (1, 4, 0, 3)
    assert (t2.lost, t2.goals_for, t2.goals_against, t2.points, t2.forfeited) == (1, 0, 4, 0, True)
    assert not t1.forfeited


def test_a_forfeit_in_progress_keeps_the_score_only_when_the_non_forfeiting_team_leads() -> None:
    """DESIGN: a forfeit in progress keeps the score if the non-forfeiting team leads, else 4-0
    (rulebook: "three points for the win and maximum of 4 goals scored")."""
    assert score_of(factories.forfeit(A1, "T2", home_goals=6, away_goals=1)) == (6, 1)
    assert score_of(factories.forfeit(A1, "T2", home_goals=0, away_goals=2)) == (4, 0)
    assert score_of(factories.forfeit(A1, "T1", home_goals=0, away_goals=0)) == (0, 4)


def test_a_playoff_forfeit_is_recorded_one_nil() -> None:
    """Rulebook: "Forfeits in the play-off rounds shall be recorded as 1-0 games." """
    forfeit = factories.forfeit(A1, "T1", home_goals=0, away_goals=3)
    assert score_of(forfeit, playoff=True) == (0, 1)
    assert result_of(forfeit, playoff=True).winner == "T2"


def test_when_both_teams_forfeit_both_lose_and_no_goals_are_recorded() -> None:
    """Not in the rulebook: neither team earned the points, so both lose 0-0 (documented)."""
    events = [factories.forfeit(A1, "T1", reason="no_show"), factories.forfeit(A1, "T2")]
    group = table(DEFINITION, GAMES, events)
    for team in ("T1", "T2"):
        line = row(group, team)
        assert (line.lost, line.points, line.goals_for, line.forfeited) == (1, 0, 0, True)


def test_an_abandonment_with_one_team_at_fault_is_a_four_nil_forfeit_by_that_team() -> None:
    """Rulebook: "If either team is at fault for the abandonment of the game, that team in fault
    shall forfeit the match and the score will be recorded as a 4-0 win for the opposing
    team." The score at abandonment does not matter, even when the team at fault led."""
    found = result_of(factories.abandoned(A1, "home", 3, 1))
    assert (found.home_goals, found.away_goals, found.winner) == (0, 4, "T2")
    assert found.forfeited_by == {"T1"}
    assert score_of(factories.abandoned(A1, "away", 0, 0), playoff=True) == (1, 0)


def test_an_abandonment_with_both_teams_at_fault_keeps_the_score() -> None:
    """Rulebook: "If both teams are at fault the score will remain as is at the time of
    abandonment." Nobody forfeited."""
    found = result_of(factories.abandoned(A1, "both", 2, 1))
    assert (found.home_goals, found.away_goals, found.forfeited_by) == (2, 1, frozenset())


def test_an_abandonment_with_neither_team_at_fault_keeps_the_score_like_a_called_game() -> None:
    """Rulebook: "Should a referee call the game and/or deemed abandoned, the winning team will
    be awarded three (3) points for the win" — our decision for 'neither at fault'."""
    group = table(DEFINITION, GAMES, [factories.abandoned(A1, "neither", 0, 2)])
    assert (row(group, "T2").points, row(group, "T2").goals_for) == (3, 2)


def test_a_mercy_rule_ending_after_half_time_stands_and_counts_real_goals_in_the_table() -> None:
    """Rulebook: "Mercy Rule: ... an 8-goal differential at any time after the completion of the
    first half"; "the winning team will be awarded three (3) points ... and maximum of 4 goals
    scored" (the cap applies in tiebreakers, the table shows the score)."""
    mercy = factories.terminated(A1, "mercy", 9, 0, minute=30)
    group = table(DEFINITION, GAMES, [factories.score(A1, 3, 0), mercy])
    assert (row(group, "T1").points, row(group, "T1").goals_for) == (3, 9)


def test_a_mercy_ending_without_an_eight_goal_margin_or_before_half_time_is_ignored() -> None:
    """Rulebook: the mercy rule needs "an 8-goal differential" "after the completion of the
    first half" (U12 halves are 25 minutes)."""
    report = factories.score(A1, 3, 0)
    assert score_of(report, factories.terminated(A1, "mercy", 7, 0, minute=40)) == (3, 0)
    assert score_of(report, factories.terminated(A1, "mercy", 8, 0, minute=20)) == (3, 0)
    assert score_of(report, factories.terminated(A1, "mercy", 8, 0, minute=25)) == (8, 0)


def test_a_weather_ending_keeps_the_score_and_gives_the_leader_three_points() -> None:
    """DESIGN: referee ends a game (weather): the score stands, winner gets 3 points."""
    group = table(DEFINITION, GAMES, [factories.terminated(A1, "weather", 0, 1, minute=10)])
    assert (row(group, "T2").won, row(group, "T2").points) == (1, 3)


def test_a_committee_correction_replaces_every_earlier_result_of_the_game() -> None:
    """Issue: "a later correction replaces the earlier result; the table is as if only the
    correction had been posted" — even a forfeit, which then no longer marks the team."""
    events = [
        factories.score(A1, 3, 0, sequence=5),
        factories.forfeit(A1, "T2", occurred_at=LATER),
        factories.corrected(A1, 1, 2),
        factories.corrected(A1, 0, 0, occurred_at=factories.KICKOFF - timedelta(hours=1)),
    ]
    group = table(DEFINITION, GAMES, events)
    only_correction = table(DEFINITION, GAMES, [factories.score(A1, 1, 2)])
    assert group.rows == only_correction.rows
    assert not row(group, "T2").forfeited


def test_a_disqualified_teams_remaining_games_are_forfeits_and_played_results_stand() -> None:
    """DESIGN: "disqualified (its remaining games are forfeits; it cannot advance)"."""
    events = [
        factories.score(GAMES["A3"], 1, 0),  # T1-T4 played before the disqualification
        factories.disqualified("T4"),
    ]
    group = table(DEFINITION, GAMES, events)
    t4 = row(group, "T4")
    assert (t4.played, t4.lost, t4.goals_for, t4.goals_against) == (3, 3, 0, 9)
    assert t4.disqualified
    assert (row(group, "T2").goals_for, row(group, "T3").goals_for) == (4, 4)
