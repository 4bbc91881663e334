"""Solving a season: "no schedule is possible" only with a reason in the director's terms,
and, over generated small leagues, the checker finds nothing on what the solver returns."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.scheduler.explain import ScheduleInfeasible
from services.season.checker import check
from services.season.explain import explain_counts
from services.season.league import HomeField, League
from services.season.measures import counted_bound
from services.season.solve import SeasonOptions, solve
from tests.unit.season.helpers import league


def reasons(season: League) -> list[str]:
    with pytest.raises(ScheduleInfeasible) as caught:
        solve(season, SeasonOptions(time_limit=20))
    return caught.value.reasons


def test_a_team_with_more_games_than_free_weekends_is_named() -> None:
    """Seed 000: teams play between their tournaments; a team whose blackouts leave fewer
    weekends than games cannot play its season."""
    assert reasons(league(weekends=6, blackouts={1: [0, 4]})) == [
        "team t1: 6 games, but only 4 of the season's 6 weekends are free of its blackouts, "
        "at most 1 a weekend"
    ]


def test_a_field_with_fewer_kick_offs_than_home_games_is_named() -> None:
    base = league(teams=4, games=6, weekends=8, fields=1)
    season = replace(base, fields=(HomeField("f0", "Field 0", {"sat": (540,)}),))
    assert (
        "field f0: its 4 home teams need at least 12 home games, but it has 8 kick-offs "
        "in the season" in reasons(season)
    )


def test_a_home_field_closed_on_a_teams_free_weekends_is_named() -> None:
    base = league(teams=4, games=6, weekends=8, fields=4)
    closed = frozenset(day.date for day in base.days[2:])
    fields = tuple(replace(f, closed=closed) if f.id == "f3" else f for f in base.fields)
    assert reasons(replace(base, fields=fields)) == [
        "team t3: needs 3 home games, but its field f3 has kick-offs for only 1 on the "
        "weekends it is free (at most 1 a weekend, one a day)"
    ]


def test_two_teams_that_must_meet_but_share_no_free_weekend_are_named() -> None:
    season = league(teams=4, games=3, weekends=6, blackouts={0: [0, 1, 2], 1: [3, 4, 5]})
    assert (
        "teams t0 and t1 must meet 1 times, but share only 0 weekends free of blackouts"
        in explain_counts(season)
    )


def test_when_only_the_solver_can_tell_it_says_which_model_it_proved_infeasible() -> None:
    """Counting passes (each team has the weekends and kick-offs), but six games in three
    weekends need two a weekend, and Saturday-only fields would make that twice a day."""
    base = league(teams=4, games=6, weekends=3, per_weekend=2)
    season = replace(base, fields=tuple(replace(f, times={"sat": (540, 660)}) for f in base.fields))
    assert explain_counts(season) == []
    (reason,) = reasons(season)
    assert reason.startswith("the season model (games per team, even meetings per pair,")


@st.composite
def small_leagues(draw: st.DrawFn) -> League:
    teams = draw(st.integers(2, 6))
    games = draw(st.integers(1, 2 * (teams - 1)).filter(lambda g: teams * g % 2 == 0))
    weekends = draw(st.integers(games // 2 + 1, games + 3))
    blackouts = draw(
        st.dictionaries(
            st.integers(0, teams - 1), st.lists(st.integers(0, weekends - 1), max_size=2)
        )
    )
    return league(
        teams=teams,
        games=games,
        weekends=weekends,
        per_weekend=draw(st.integers(1, 2)),
        fields=draw(st.integers(1, 3)),
        blackouts=blackouts,
        located=draw(st.booleans()),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_leagues())
def test_the_checker_finds_nothing_on_what_the_solver_returns(season: League) -> None:
    """Whatever small league is generated, a returned season breaks no hard rule, its
    bound is no more than its objective, and a refusal carries at least one reason."""
    try:
        solution = solve(season, SeasonOptions(time_limit=20))
    except ScheduleInfeasible as refused:
        assert refused.reasons
        return
    assert check(season, solution.schedule) == []
    assert solution.bound <= solution.objective + 1e-6


def test_the_counted_bound_is_below_a_proven_optimum() -> None:
    """Blackouts force doubleheaders: t1 and t2 have five free weekends of six for six
    games, so each plays at least one; the optimum pays for them and for the travel."""
    season = league(teams=4, games=6, weekends=6, per_weekend=2, blackouts={1: [2], 2: [4]},
                    located=True)  # fmt: skip
    solution = solve(season, SeasonOptions(time_limit=60, gap=0.0))
    assert solution.gap == pytest.approx(0.0, abs=1e-9)
    assert counted_bound(season) == pytest.approx(
        2 * season.weights.double_weekend + season.weights.travel_km * _shortest_trips(season)
    )
    assert counted_bound(season) <= solution.objective + 1e-6


def _shortest_trips(season: League) -> float:
    """Each team plays three away games, each opponent visited once (two meetings)."""
    total = 0.0
    for team in season.teams:
        trips = sorted(
            season.km(o.home_field, team.home_field) or 0.0 for o in season.teams if o != team
        )
        total += sum(trips[:3])
    return total
