"""The season checker: each hard rule, broken once in a valid schedule, is reported naming
the team, weekend or field it is about; the valid schedule itself passes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from services.scheduler.checker import Violation
from services.season.checker import check
from services.season.league import League, LeagueDay, SeasonGame, SeasonSchedule

Solved = tuple[League, SeasonSchedule]


def kinds(league: League, games: SeasonSchedule) -> list[str]:
    return [violation.kind for violation in check(league, games)]


def changed(games: SeasonSchedule, game: SeasonGame, **changes: Any) -> SeasonSchedule:
    """The schedule with one of its games changed."""
    return [replace(game, **changes) if g is game else g for g in games]


def said(found: list[Violation], kind: str) -> str:
    """The messages of the violations of one kind, a line each."""
    return "\n".join(v.message for v in found if v.kind == kind)


def test_the_solved_schedule_breaks_no_rule(solved: Solved) -> None:
    league, games = solved
    assert check(league, games) == []


def test_a_game_in_a_blacked_out_weekend_is_named_with_team_and_weekend(solved: Solved) -> None:
    """Seed 000: teams play the league around their tournaments and State Cup, so a game
    on a team's blackout weekend breaks the season."""
    league, games = solved
    blacked = next(iter(league.team["t1"].blackouts))
    game = next(g for g in games if "t1" in (g.home, g.away))
    found = check(league, changed(games, game, day=LeagueDay(blacked, game.day.name)))
    assert f"team t1 has blacked out the weekend of {blacked}" in said(found, "blackout")


def test_a_team_twice_in_a_weekend_breaks_the_weekly_round(solved: Solved) -> None:
    """Weekly rounds: with the limit of one game a weekend, a team's second game that
    weekend is flagged with the team and the weekend."""
    league, games = solved
    first, second = [g for g in games if "t0" in (g.home, g.away)][:2]
    found = check(
        league, changed(games, second, day=LeagueDay(first.day.weekend, "sun"), kickoff=600)
    )
    limits = said(found, "weekend-limit")
    assert f"team t0 plays 2 games the weekend of {first.day.weekend}" in limits


def test_two_games_at_one_field_and_time_are_a_double_booking(solved: Solved) -> None:
    league, games = solved
    first = games[0]
    other = next(g for g in games if g.field == first.field and g.id != first.id)
    found = check(league, changed(games, other, day=first.day, kickoff=first.kickoff + 30))
    booked = said(found, "field-double-booked")
    assert f"field {first.field} is double-booked on {first.day.date}" in booked


def test_a_game_away_from_the_home_teams_field_is_flagged(solved: Solved) -> None:
    league, games = solved
    game = games[0]
    other_field = next(f.id for f in league.fields if f.id != game.field)
    found = kinds(league, changed(games, game, field=other_field))
    assert "not-home-field" in found


def test_a_kick_off_the_field_does_not_offer_is_flagged(solved: Solved) -> None:
    league, games = solved
    found = check(league, changed(games, games[0], kickoff=7 * 60))
    assert [v.kind for v in found] == ["no-such-kickoff"]
    assert f"field {games[0].field} has no kick-off at 07:00" in found[0].message


def test_a_game_after_the_season_is_flagged(solved: Solved) -> None:
    league, games = solved
    late = LeagueDay(league.weekends[-1] + timedelta(days=7), "sat")
    assert "outside-season" in kinds(league, changed(games, games[0], day=late))


def test_a_missing_game_breaks_games_per_team_and_meetings(solved: Solved) -> None:
    league, games = solved
    dropped = games[0]
    found = check(league, games[1:])
    messages = [v.message for v in found]
    assert f"team {dropped.home} plays 5 games, not 6" in messages
    assert any(v.kind == "uneven-meetings" for v in found)


def test_swapped_home_and_away_unbalances_a_pair(solved: Solved) -> None:
    """Balanced home and away: a pair that meets twice plays once at each home."""
    league, games = solved
    game = games[0]
    home_field = league.team[game.away].home_field
    found = kinds(league, changed(games, game, home=game.away, away=game.home, field=home_field))
    assert "pair-home-away" in found or "home-away-balance" in found


def test_an_unknown_team_and_a_game_id_used_twice_are_flagged(solved: Solved) -> None:
    league, games = solved
    found = kinds(
        league, [replace(games[0], home="nobody"), replace(games[2], id=games[1].id), *games[1:]]
    )
    assert {"unknown-team", "duplicate-id"} <= set(found)


def test_a_team_twice_on_one_day_is_flagged(solved: Solved) -> None:
    league, games = solved
    first, second = [g for g in games if "t0" in (g.home, g.away)][:2]
    found = check(league, changed(games, second, day=first.day, kickoff=first.kickoff + 120))
    assert f"team t0 plays twice on {first.day.date}" in said(found, "team-twice-a-day")
