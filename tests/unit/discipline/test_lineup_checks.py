"""Game-day lineups against suspensions, expulsions, rosters and the minimum to start."""

from __future__ import annotations

from datetime import timedelta

from schemas.discipline import IneligibleParticipation
from schemas.match import ForfeitDeclared
from services.discipline.evaluate import evaluate
from services.discipline.forfeits import implied_match_events
from services.discipline.ids import derived_id
from services.discipline.records import DisciplineView
from workloads import factories as f

T = f.TOURNAMENT


def alerts(view: DisciplineView) -> list[tuple[str, str, str, str]]:
    """(game, team, person, reason) of every alert."""
    return [(a.game_id, a.team_id, a.person_id, a.reason) for a in view.alerts]


def test_a_suspended_coach_on_another_teams_lineup_is_ineligible() -> None:
    """Rulebook: "Until the suspension is served the player/coach is suspended from any other
    team(s) to which the player/coach may be registered."."""
    context, games = f.discipline_context()
    events = [
        f.card(games["A1"], "T1", "C1", "ejection", role="coach"),
        f.lineup(games["A4"], "T2", f.squad("T2", 7), staff=["C1"]),
    ]
    view = evaluate(context, events)
    assert alerts(view) == [("A4", "T2", "C1", "suspended")]
    [notice] = [n for n in view.notices if isinstance(n, IneligibleParticipation)]
    assert notice.event_id == derived_id(T, "ineligible.participation", "C1", "A4", "T2")
    assert notice.detail == "1 game(s) still to serve (game A1 with team T1)"


def test_a_person_serving_a_suspension_on_their_own_teams_lineup_is_ineligible() -> None:
    """Rulebook: "Red card suspension or send off suspensions can only be served with the team
    with which the suspension was earned in games played by their team" (sitting them out)."""
    context, games = f.discipline_context()
    events = [
        f.card(games["A1"], "T1", "T1-P1"),
        f.lineup(games["A2"], "T1", f.squad("T1", 7)),
        f.score(games["A2"], 0, 0),
    ]
    view = evaluate(context, events)
    assert alerts(view) == [("A2", "T1", "T1-P1", "suspended")]
    assert view.records["T1-P1"].outstanding == 1, "a game played in is not a game served"
    events.append(f.score(games["A3"], 0, 0))
    assert evaluate(context, events).records["T1-P1"].suspensions[0].served_in == ("A3",)


def test_once_the_suspension_is_served_the_person_may_play_again() -> None:
    """Rulebook: suspended "Until the suspension is served" - and no longer."""
    context, games = f.discipline_context()
    events = [
        f.card(games["A1"], "T1", "T1-P1"),
        f.score(games["A2"], 0, 0),
        f.lineup(games["A3"], "T1", f.squad("T1", 7)),
    ]
    assert alerts(evaluate(context, events)) == []


def test_an_expelled_person_may_not_appear_in_any_later_game() -> None:
    """Rulebook: violence "will be grounds for immediate expulsion from the tournament"."""
    context, games = f.discipline_context()
    events = [
        f.lineup(games["A1"], "T1", f.squad("T1", 7)),
        f.expulsion("T1-P2", occurred_at=games["A1"].start + timedelta(minutes=30)),
        f.lineup(games["A2"], "T1", f.squad("T1", 7)),
    ]
    assert alerts(evaluate(context, events)) == [("A2", "T1", "T1-P2", "expelled")]


def test_a_person_not_on_the_registered_roster_is_ineligible_but_its_coaches_are_not() -> None:
    """Rulebook: "the same players must be on the maximum tournament roster for the entirety of
    the tournament"; the team's registered coaches may be on its lineups."""
    roster = f.roster("T1", f.squad("T1", 7), staff=["C2"])
    context, games = f.discipline_context(f.division(coaches={"T1": ["C1"]}), rosters=[roster])
    lineup = f.lineup(games["A1"], "T1", [*f.squad("T1", 7), "X9"], staff=["C1", "C2"])
    assert alerts(evaluate(context, [lineup])) == [("A1", "T1", "X9", "unrostered")]


def test_a_team_without_a_registered_roster_is_not_checked_against_one() -> None:
    """Rulebook: the roster check needs a registered roster; without one only suspensions and
    expulsions can be checked."""
    context, games = f.discipline_context()
    assert alerts(evaluate(context, [f.lineup(games["A1"], "T1", ["X1", "X2"])])) == []


def test_a_player_who_played_for_one_team_makes_the_second_teams_participation_ineligible() -> None:
    """Rulebook: "the second team on which the player played for in the tournament shall be
    deemed as the team that fielded an ineligible player"."""
    context, games = f.discipline_context()
    second = f.lineup(games["A4"], "T2", [*f.squad("T2", 6), "T1-P1"])  # 12:00
    first = f.lineup(games["A1"], "T1", f.squad("T1", 7))  # 09:00
    assert alerts(evaluate(context, [second, first])) == [("A4", "T2", "T1-P1", "second_roster")]


def test_too_few_players_by_kick_off_plus_grace_is_a_forfeit() -> None:
    """Rulebook: "A team shall be allowed a ten (10) minute grace period after the scheduled
    kick-off time before the match is awarded to their opponent ... For ages U11 and U12, the
    number of players required is six (6)."."""
    context, games = f.discipline_context()
    a1 = games["A1"]
    short = f.lineup(a1, "T2", f.squad("T2", 5), occurred_at=a1.start - timedelta(minutes=5))
    later = f.score(a1, 0, 0, status="live", occurred_at=a1.start + timedelta(minutes=10))
    assert alerts(evaluate(context, [short])) == [], "the grace period has not passed yet"
    view = evaluate(context, [short, later])
    assert alerts(view) == [("A1", "T2", "T2", "too_few_players")]
    assert view.alerts[0].detail == (
        "5 player(s) by 2026-11-21T09:10:00+00:00 (kick-off + grace); U12 needs 6"
    )
    [forfeit] = implied_match_events(context, view)
    assert isinstance(forfeit, ForfeitDeclared)
    assert (forfeit.game_id, forfeit.forfeiting_team_id, forfeit.reason) == (
        "A1",
        "T2",
        "insufficient_players",
    )
    assert forfeit.event_id == derived_id(T, "forfeit.declared", "A1", "T2")


def test_players_arriving_within_the_grace_period_avoid_the_forfeit() -> None:
    """Rulebook: "if seven (7) players are present, the game will not be delayed"; a team
    that reaches the minimum within the ten-minute grace period plays."""
    context, games = f.discipline_context()
    a1 = games["A1"]
    events = [
        f.lineup(a1, "T2", f.squad("T2", 5), occurred_at=a1.start),
        f.lineup(a1, "T2", f.squad("T2", 6), occurred_at=a1.start + timedelta(minutes=9)),
        f.score(a1, 1, 0, occurred_at=a1.end),
    ]
    assert alerts(evaluate(context, events)) == []


def test_a_team_whose_first_lineup_comes_after_the_grace_period_forfeits() -> None:
    """Rulebook: the match is "awarded to their opponent" after the ten-minute grace period;
    players present only later do not count."""
    context, games = f.discipline_context()
    a1 = games["A1"]
    late = f.lineup(a1, "T2", f.squad("T2", 9), occurred_at=a1.start + timedelta(minutes=11))
    view = evaluate(context, [late])
    assert alerts(view) == [("A1", "T2", "T2", "too_few_players")]
    assert view.alerts[0].detail.startswith("0 player(s)")


def test_the_minimum_to_start_depends_on_the_age_group() -> None:
    """Rulebook: "A minimum of seven (7) players constitutes a team for ages U13 and older ...
    For ages U9 and U10 the number of players required is five (5)."."""
    for age_group, enough in (("U9", 5), ("U10", 5), ("U11", 6), ("U13", 7), ("U19", 7)):
        context, games = f.discipline_context(f.division(age_group=age_group))
        a1 = games["A1"]
        after = {"occurred_at": a1.start + timedelta(minutes=10)}
        fine = [f.lineup(a1, "T1", f.squad("T1", enough), **after)]
        short = [
            f.lineup(a1, "T1", f.squad("T1", enough - 1), occurred_at=a1.start),
            f.score(a1, 0, 0, status="live", **after),
        ]
        assert alerts(evaluate(context, fine)) == [], age_group
        assert [a[3] for a in alerts(evaluate(context, short))] == ["too_few_players"], age_group


def test_coaches_do_not_count_towards_the_minimum() -> None:
    """Rulebook: "A minimum of seven (7) players constitutes a team" - players, not staff."""
    context, games = f.discipline_context(f.division(age_group="U13"))
    a1 = games["A1"]
    lineup = f.lineup(a1, "T1", f.squad("T1", 6), staff=["C1", "C2"])
    late = f.score(a1, 0, 0, status="live", occurred_at=a1.end)
    assert alerts(evaluate(context, [lineup, late])) == [("A1", "T1", "T1", "too_few_players")]


def test_an_11v11_game_day_roster_may_not_exceed_18_players() -> None:
    """Rulebook: "U13 - U19 age group teams will play 11v11 ... The game roster for a given
    game may not exceed 18 players."."""
    context, games = f.discipline_context(f.division(age_group="U13"))
    a1 = games["A1"]
    assert alerts(evaluate(context, [f.lineup(a1, "T1", f.squad("T1", 18))])) == []
    view = evaluate(context, [f.lineup(a1, "T1", f.squad("T1", 19))])
    assert alerts(view) == [("A1", "T1", "T1", "game_roster_limit")]
    assert view.alerts[0].detail == "19 players on the game-day roster; U13 allows 18"
    small, small_games = f.discipline_context(f.division(age_group="U12"))
    assert alerts(evaluate(small, [f.lineup(small_games["A1"], "T1", f.squad("T1", 19))])) == []


def test_an_expelled_and_suspended_person_is_reported_once_as_expelled() -> None:
    """Rulebook: expulsion "from the tournament" outweighs a game suspension; one alert per
    person, game and team however many lineups list them."""
    context, games = f.discipline_context()
    a2 = games["A2"]
    events = [
        f.card(games["A1"], "T1", "T1-P1"),
        f.expulsion("T1-P1", occurred_at=games["A1"].end),
        f.lineup(a2, "T1", f.squad("T1", 7), occurred_at=a2.start - timedelta(minutes=5)),
        f.lineup(a2, "T1", f.squad("T1", 8), occurred_at=a2.start + timedelta(minutes=30)),
    ]
    view = evaluate(context, events)
    assert alerts(view) == [("A2", "T1", "T1-P1", "expelled")]
    assert len([n for n in view.notices if isinstance(n, IneligibleParticipation)]) == 1
