"""The season model, one hard rule at a time: each test is a small league that only that
rule makes impossible (the model is solved directly, without the counting arguments, so the
rule itself must refuse it), or a solved league whose schedule shows the rule held."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from services.scheduler.milp import run
from services.season import measures
from services.season.league import HomeField, League, LeagueWeights
from services.season.model import build, decode
from tests.unit.season.helpers import league


def status(season: League, objective: bool = False) -> str:
    return run(build(season, objective).prob, "highs", 30, 0.0).status


def solved(season: League) -> list:
    model = build(season)
    assert run(model.prob, "highs", 30, 0.0).solved
    return decode(model)


def test_every_team_plays_its_divisions_games() -> None:
    """Seed 000: "approximately 15 games in fall and 10 games in spring": each team plays
    exactly its division's number, here 8 against 5 opponents (some met once, some twice),
    even though the travel term alone would have every pair meet once."""
    games = solved(league(teams=6, games=8, weekends=10, located=True))
    assert Counter(t for g in games for t in (g.home, g.away)) == {f"t{n}": 8 for n in range(6)}


def test_pairs_meet_evenly_even_when_travel_pays_for_more_meetings_of_neighbours() -> None:
    """Teams t0 and t2 share a field (no drive): the travel term alone would have them meet
    three times; an even share of meetings keeps every pair at two."""
    season = replace(
        league(teams=4, games=6, weekends=8, located=True), weights=LeagueWeights(0, 0, 1)
    )
    games = solved(season)
    meetings = Counter(tuple(sorted((g.home, g.away))) for g in games)
    assert set(meetings.values()) == {2}


def test_home_and_away_are_balanced_per_team_and_per_pair() -> None:
    """Balanced home and away: each team hosts half its games, a pair once at each home."""
    games = solved(league(teams=4, games=6, weekends=8))
    assert set(Counter(g.home for g in games).values()) == {3}
    assert set(Counter((g.home, g.away) for g in games).values()) == {1}


def test_a_pair_whose_only_common_dates_are_at_one_home_cannot_split_home_and_away() -> None:
    """Team t1's field is open only on weekends t0 has blacked out: t0 can never play at
    t1's home, so the pair cannot meet once at each home."""
    base = league(teams=4, games=6, weekends=10, fields=4, blackouts={0: [0, 1, 2, 3]})
    closed = frozenset(day.date for day in base.days if day.weekend not in base.weekends[:4])
    fields = tuple(replace(f, closed=closed) if f.id == "f1" else f for f in base.fields)
    assert status(replace(base, fields=fields)) == "infeasible"


def test_no_team_plays_twice_in_one_day() -> None:
    """With two games a weekend allowed but kick-offs only on Saturdays, a team needing two
    games every weekend would play twice a day: impossible."""
    base = league(teams=4, games=6, weekends=3, per_weekend=2)
    fields = tuple(replace(f, times={"sat": (540, 660)}) for f in base.fields)
    assert status(replace(base, fields=fields)) == "infeasible"
    assert status(base) in ("optimal", "feasible")


def test_the_weekend_limit_makes_weekly_rounds() -> None:
    """Weekly rounds: one game a team a weekend, so six games need six weekends even when
    Saturday and Sunday both have kick-offs."""
    assert status(league(teams=4, games=6, weekends=5)) == "infeasible"
    assert status(league(teams=4, games=6, weekends=5, per_weekend=2)) in ("optimal", "feasible")


def test_a_pair_never_meets_twice_in_one_weekend() -> None:
    """Two teams playing four games in two weekends would meet twice a weekend."""
    assert status(league(teams=2, games=4, weekends=2, per_weekend=2)) == "infeasible"
    assert status(league(teams=2, games=4, weekends=4, per_weekend=2)) in ("optimal", "feasible")


def test_a_field_never_hosts_more_games_than_it_has_kick_offs() -> None:
    """Fields never double-booked: four teams on one field with one kick-off a weekend
    cannot host 12 games in 8 weekends."""
    base = league(teams=4, games=6, weekends=8, fields=1)
    fields = (HomeField("f0", "Field 0", {"sat": (540,)}),)
    assert status(replace(base, fields=fields)) == "infeasible"
    games = solved(base)
    per_day = Counter((g.field, g.day, g.kickoff) for g in games)
    assert set(per_day.values()) == {1}


def test_no_game_is_played_on_a_blackout_weekend() -> None:
    """Seed 000: a team's tournaments and State Cup are blacked out; six games in six
    weekends with one of them blacked out is impossible."""
    assert status(league(teams=4, games=6, weekends=6, blackouts={2: [3]})) == "infeasible"
    season = league(teams=4, games=6, weekends=8, blackouts={2: [3, 5]})
    blacked = season.team["t2"].blackouts
    assert not [g for g in solved(season) if "t2" in (g.home, g.away) and g.day.weekend in blacked]


def test_a_closed_field_hosts_nothing_that_day() -> None:
    base = league(teams=4, games=6, weekends=8)
    closed = frozenset(day.date for day in base.days[:4])
    fields = tuple(replace(f, closed=closed) for f in base.fields)
    games = solved(replace(base, fields=fields))
    assert not [g for g in games if g.day.date in closed]


def test_the_models_soft_terms_are_what_the_schedule_measures() -> None:
    """The objective's terms as the model counts them equal the ones recomputed from the
    games: a report never rests on the model's own bookkeeping."""
    season = league(teams=4, games=6, weekends=7, per_weekend=2, located=True)
    model = build(season)
    assert run(model.prob, "highs", 30, 0.0).solved
    assert measures.terms(season, decode(model)) == pytest.approx(model.term_values())


def test_rematches_are_spread_when_the_season_allows() -> None:
    """A pair's two meetings fall in different halves of the season when nothing forces
    them together (the spread window is the season split among the meetings)."""
    season = league(teams=4, games=6, weekends=8)
    balance = measures.balance(season, solved(season))
    assert balance["min_weekends_between_meetings"] is not None
    assert balance["min_weekends_between_meetings"] >= 4
