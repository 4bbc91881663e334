"""Replanning a rained-out weekend: every rained game moves, played games stay, and no
replan moving fewer games exists (checked by brute force on a small season)."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from services.scheduler.explain import ScheduleInfeasible
from services.season.checker import check
from services.season.league import League, Rainout, SeasonGame, SeasonSchedule
from services.season.league_file import SeasonFileError
from services.season.replan import _days_for, parse_rainout, replan
from services.season.solve import SeasonOptions, solve
from tests.unit.season.helpers import league


@pytest.fixture(scope="module")
def tight() -> tuple[League, SeasonSchedule]:
    """Six teams on one field, five games in seven weekends: two byes each, so the games of
    a rained-out weekend cannot all go straight to a free weekend."""
    season = league(teams=6, games=5, weekends=7, fields=1)
    return season, solve(season, SeasonOptions(time_limit=30)).schedule


def test_rained_games_move_played_games_stay_and_the_checker_confirms(
    tight: tuple[League, SeasonSchedule],
) -> None:
    season, games = tight
    rain = [Rainout(season.weekends[2])]
    result = replan(season, games, rain)
    assert check(season, result.schedule, rain) == []
    rained = {g.id for g in games if g.day.weekend == season.weekends[2]}
    assert rained <= {move.before.id for move in result.moves}
    played = [g for g in games if g.day.weekend < season.weekends[2]]
    assert set(played) <= set(result.schedule)
    assert {g.id for g in result.schedule} == {g.id for g in games}


def test_no_replan_moving_fewer_games_exists(tight: tuple[League, SeasonSchedule]) -> None:
    """Brute force: for every smaller set of games that could move (the rained ones and
    some others), no choice of their days, others staying put, passes the checker."""
    season, games = tight
    rain = [Rainout(season.weekends[1])]
    moved = len(replan(season, games, rain).moves)
    open_games = [g for g in games if g.day.weekend >= season.weekends[1]]
    rained = [g for g in open_games if g.day.weekend == season.weekends[1]]
    others = [g for g in open_games if g not in rained]
    assert moved > len(rained)  # the case needs more than the rained games to move
    for extra in range(moved - len(rained)):
        for subset in itertools.combinations(others, extra):
            assert not _fits(season, games, [*rained, *subset], rain), subset


def _fits(
    season: League, games: SeasonSchedule, moving: list[SeasonGame], rain: list[Rainout]
) -> bool:
    """Whether the `moving` games can go to other days, the rest staying, with the checker
    passing; each is given its field's first kick-off left free that day."""
    staying = [g for g in games if g not in moving]
    days = [
        [day for day in _days_for(season, g, rain, rain[0].weekend) if day != g.day] for g in moving
    ]
    for choice in itertools.product(*days):
        taken = {(g.field, g.day, g.kickoff) for g in staying}
        placed = []
        for game, day in zip(moving, choice, strict=True):
            free = [
                k
                for k in season.field[game.field].kickoffs(day)
                if (game.field, day, k) not in taken
            ]
            if not free:
                break
            taken.add((game.field, day, free[0]))
            placed.append(replace(game, day=day, kickoff=free[0]))
        else:
            if not check(season, staying + placed, rain):
                return True
    return False


def test_a_field_rainout_moves_only_that_fields_games() -> None:
    season = league(teams=6, games=5, weekends=8, fields=2)
    games = solve(season, SeasonOptions(time_limit=30)).schedule
    weekend = season.weekends[1]
    field = next(g.field for g in games if g.day.weekend == weekend)
    rain = [Rainout(weekend, field)]
    result = replan(season, games, rain)
    assert check(season, result.schedule, rain) == []
    assert all(
        move.before.field == field for move in result.moves if move.before.day.weekend == weekend
    )


def test_a_rainout_is_read_with_clear_errors() -> None:
    season = league()
    assert parse_rainout(season, "2026-09-13") == Rainout(season.weekends[1])
    assert parse_rainout(season, "2026-09-12@f1") == Rainout(season.weekends[1], "f1")
    for text, what in [
        ("next week", "is not DATE or DATE@FIELD"),
        ("2027-01-09", "2027-01-09 is not a weekend of the season"),
        ("2026-09-12@nowhere", "unknown field 'nowhere'"),
    ]:
        with pytest.raises(SeasonFileError) as caught:
            parse_rainout(season, text)
        assert what in str(caught.value)
        assert str(caught.value).startswith("command line: --rained:")


def test_rain_on_the_last_weekend_of_a_full_season_is_explained() -> None:
    """Six games in six weekends: a rained-out last weekend leaves nowhere to go."""
    season = league(teams=4, games=6, weekends=6)
    games = solve(season, SeasonOptions(time_limit=30)).schedule
    with pytest.raises(ScheduleInfeasible) as caught:
        replan(season, games, [Rainout(season.weekends[-1])])
    assert "no day left on which both teams are free" in caught.value.reasons[0]


def test_rain_that_no_later_weekend_can_absorb_names_the_rained_games() -> None:
    """Six games in six weekends: every team plays every weekend, so the games rained out
    on the fifth cannot go to the sixth."""
    season = league(teams=4, games=6, weekends=6, fields=4)
    games = solve(season, SeasonOptions(time_limit=30)).schedule
    weekend = season.weekends[-2]
    rained = sorted(g.id for g in games if g.day.weekend == weekend)
    assert len(rained) == 2
    with pytest.raises(ScheduleInfeasible) as caught:
        replan(season, games, [Rainout(weekend)])
    assert caught.value.reasons[0].startswith(f"the rained-out games ({', '.join(rained)})")
