"""What the field app shows and checks: the rulebook facts per game, mercy, kicks, flags."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.discipline import SuspensionIssued, SuspensionServed
from services.discipline.config import DisciplineConfig
from services.gateway import field_rules
from workloads import factories

CONFIG = DisciplineConfig()


@pytest.mark.parametrize(
    ("age_group", "allowed"), [("U9", False), ("U10", False), ("U11", False), ("U12", True)]
)
def test_no_heading_in_u11_and_younger(age_group: str, allowed: bool) -> None:
    """Rules 2020: FYSA "eliminated heading in matches for player's age 10-years-old and
    younger (2009-11u and younger)"."""
    rules = field_rules.game_rules(age_group, "group", CONFIG)
    assert rules.heading_allowed is allowed
    assert rules.heading == ("Heading allowed" if allowed else "No heading in this age group")


@pytest.mark.parametrize(
    ("age_group", "minimum", "half"),
    [("U9", 5, 25), ("U10", 5, 25), ("U11", 6, 25), ("U12", 6, 25), ("U13", 7, 30), ("U16", 7, 35)],
)
def test_minimum_players_and_half_length_follow_the_age_group(
    age_group: str, minimum: int, half: int
) -> None:
    """ "A minimum of seven (7) players constitutes a team for ages U13 and older ... For ages
    U9 and U10 ... five (5). For ages U11 and U12 ... six (6)"; halves from the age table
    (U9-U12 25, U13-U14 30, U15-U19 35 minutes)."""
    rules = field_rules.game_rules(age_group, "group", CONFIG)
    assert (rules.minimum_players, rules.half_minutes) == (minimum, half)


def test_the_grace_period_is_ten_minutes_and_configurable() -> None:
    """ "A team shall be allowed a ten (10) minute grace period after the scheduled kick-off
    time before the match is awarded to their opponent.\""""
    assert field_rules.game_rules("U12", "group", CONFIG).grace_minutes == 10
    longer = DisciplineConfig(grace=timedelta(minutes=15))
    assert field_rules.game_rules("U12", "group", longer).grace_minutes == 15


def test_only_a_drawn_playoff_game_goes_to_kicks() -> None:
    """DESIGN: "a draw in a playoff game is settled by a posted shoot-out"; group games may
    end level."""
    assert field_rules.game_rules("U12", "playoff", CONFIG).shootout_on_draw
    assert not field_rules.game_rules("U12", "group", CONFIG).shootout_on_draw


@pytest.mark.parametrize(
    ("home", "away", "second_half", "offered"),
    [(8, 0, True, True), (1, 9, True, True), (7, 0, True, False), (9, 0, False, False)],
)
def test_mercy_is_offered_at_an_eight_goal_margin_after_half_time(
    home: int, away: int, second_half: bool, offered: bool
) -> None:
    """ "Mercy Rule: All games will be subject to a mercy rule of an 8-goal differential at
    any time after the completion of the first half.\""""
    assert field_rules.mercy_offered(home, away, second_half) is offered


def test_a_shootout_is_decided_once_the_other_side_cannot_catch_up() -> None:
    """ "The best of five penalty kicks taken alternately by each team will determine the
    winner": 3-0 after three kicks each cannot be caught with two left."""
    assert field_rules.shootout_winner([True] * 3, [False] * 2) is None
    assert field_rules.shootout_winner([True] * 3, [False] * 3) == "home"
    assert field_rules.shootout_winner([False] * 3, [True] * 2) is None
    assert field_rules.shootout_winner([False] * 4, [True] * 3) == "away"


def test_a_level_shootout_after_five_goes_on_round_by_round() -> None:
    """ "If the penalty kick score is tied at the end of the five kicks, the teams will
    continue to take penalty kicks alternately until there is a winner.\""""
    level = [True, False, True, False, True]
    assert field_rules.shootout_winner(level, level) is None
    assert field_rules.shootout_winner([*level, True], level) is None
    assert field_rules.shootout_winner([*level, True], [*level, False]) == "home"
    assert field_rules.shootout_winner([*level, False], [*level, True]) == "away"
    with pytest.raises(ValueError, match="alternate"):
        field_rules.shootout_winner([True], [True, True])


@given(st.lists(st.booleans(), max_size=10))
def test_a_decided_shootout_stays_decided_whatever_the_kicks_left(kicks: list[bool]) -> None:
    """A winner within the five is final: even if the loser scores every kick left and the
    winner misses every one, the winner is still ahead after the five."""
    home, away = kicks[0::2], kicks[1::2]
    winner = field_rules.shootout_winner(home, away)
    if winner is None or len(home) > field_rules.SHOOTOUT_ROUND:
        return
    rest_home = field_rules.SHOOTOUT_ROUND - len(home)
    rest_away = field_rules.SHOOTOUT_ROUND - len(away)
    worst_home = home + [winner == "away"] * rest_home
    worst_away = away + [winner == "home"] * rest_away
    assert field_rules.shootout_winner(worst_home, worst_away) == winner
    ahead = sum(worst_home) - sum(worst_away)
    assert ahead > 0 if winner == "home" else ahead < 0


def test_the_list_shows_today_else_the_next_day_with_games_else_the_last() -> None:
    """A phone set up the evening before sees tomorrow's games; one checked afterwards, the
    last day's."""
    days = [date(2026, 11, 21), date(2026, 11, 22)]
    assert field_rules.day_of_play(days, date(2026, 11, 22)) == date(2026, 11, 22)
    assert field_rules.day_of_play(days, date(2026, 11, 20)) == date(2026, 11, 21)
    assert field_rules.day_of_play(days, date(2026, 12, 1)) == date(2026, 11, 22)
    assert field_rules.day_of_play([], date(2026, 12, 1)) is None


def _issued(person: str, left: int, hour: int) -> SuspensionIssued:
    return SuspensionIssued(**_notice(person, hour), game_id="A1", games=1, total_outstanding=left)


def _served(person: str, left: int, hour: int) -> SuspensionServed:
    return SuspensionServed(**_notice(person, hour), game_id="A2", remaining=left)


def _notice(person: str, hour: int) -> dict[str, Any]:
    """What both notices say: about a person of T1, `hour` hours after the first kick-off."""
    at = factories.KICKOFF + timedelta(hours=hour)
    return factories.envelope(occurred_at=at) | {"person_id": person, "team_id": "T1"}


def test_the_latest_notice_says_how_many_games_are_left() -> None:
    """Discipline: "a send-off ... is at least a one-game suspension, served in the next
    game(s) of the team"; each notice carries the person's total still to serve."""
    notices = [_served("P1", 0, 2), _issued("P1", 1, 1), _issued("P2", 2, 1), _served("P2", 1, 3)]
    assert field_rules.outstanding_games(notices) == {"P2": 1}
    assert field_rules.outstanding_games([_issued("P3", 1, 1), _served("P3", 0, 1)]) == {"P3": 1}


def test_flags_name_suspended_expelled_and_already_played_for_another_team() -> None:
    """ "Until the suspension is served the player/coach is suspended"; an expelled person is
    out for the rest of the tournament; "A player may compete for only one team ... the
    second team on which the player played ... fielded an ineligible player"."""
    roster = factories.roster("T1", ["P1", "P2", "P3", "P4"], staff=["C1"])
    game = factories.round_robin(factories.division())["A4"]
    elsewhere = factories.lineup(game, "T2", ["P3", "X1"], staff=["C1"])
    own = factories.lineup(game, "T1", ["P4"])
    flags = field_rules.flags_for_team(
        roster, {"P1": 2, "C1": 1}, [factories.expulsion("P2")], [elsewhere, own]
    )
    assert [(f.person_id, f.reason, f.detail) for f in flags] == [
        ("P1", "suspended", "suspended: 2 games still to sit out"),
        ("P2", "expelled", "expelled from the tournament"),
        ("P3", "played_for_other_team", "already played for team T2 in this tournament"),
        ("C1", "suspended", "suspended: 1 game still to sit out"),
    ]
