"""Fairness metrics per team and their summary, on schedules placed by hand."""

from __future__ import annotations

from services.scheduler.fairness import TeamFairness, fairness
from services.scheduler.games import tournament_games
from services.scheduler.placement import Placement
from tests.unit.scheduler.helpers import RAIN_CUP, minutes, tournament_from

CUP = tournament_from(
    "id: fair\ndays: [{id: sat, date: 2026-11-21}, {id: sun, date: 2026-11-22}]\n"
    "venues: [{id: north}, {id: south}]\n"
    "fields:\n"
    '  - {id: N1, venue: north, size: 9v9, open: {sat: "08:00-20:00", sun: "08:00-20:00"}}\n'
    '  - {id: S1, venue: south, size: 9v9, open: {sat: "08:00-20:00", sun: "08:00-20:00"}}\n'
    "divisions: [{id: U12B, age_group: U12, groups: {A: [a, b, c, d]}}]\n"
    "teams: [{id: a, division: U12B}, {id: b, division: U12B}, {id: c, division: U12B},"
    " {id: d, division: U12B}]\n"
)
GAMES = tournament_games(CUP)
DAY = 24 * 60


def at(game: str, field: str, day: str, start: str) -> Placement:
    """A U12 game: 55 minutes from kick-off to final whistle."""
    return Placement(game, field, day, minutes(start), minutes(start) + 55)


#: Early is before 09:00, late from 19:00 (the defaults).
SCHEDULE = {
    "U12B-A1": at("U12B-A1", "N1", "sat", "08:00"),  # a-d, early
    "U12B-A2": at("U12B-A2", "S1", "sat", "09:05"),  # c-b
    "U12B-A3": at("U12B-A3", "N1", "sat", "12:20"),  # c-a
    "U12B-A4": at("U12B-A4", "S1", "sat", "11:15"),  # d-b
    "U12B-A5": at("U12B-A5", "N1", "sun", "08:00"),  # b-a, early
    "U12B-A6": at("U12B-A6", "S1", "sun", "19:00"),  # d-c, late
}


def test_each_teams_rest_gaps_early_late_games_and_venues() -> None:
    """a: 08:00 and 12:20 on N1, Sunday 08:00 on N1: rests 12:20 - 08:55 = 205 minutes (a
    gap over 3 h) and the night; two early games; one venue.
    b: 09:05 and 11:15 on S1, Sunday 08:00 on N1: rest 11:15 - 10:00 = 75; one early game;
    two venues, one a day.
    c: 09:05 on S1, 12:20 on N1, Sunday 19:00 on S1: rest 12:20 - 10:00 = 140; one late game;
    two venues on Saturday.
    d: 08:00 on N1, 11:15 on S1, Sunday 19:00 on S1: rest 11:15 - 08:55 = 140; early and
    late; two venues on Saturday."""
    teams = fairness(CUP, GAMES, SCHEDULE).teams
    assert teams == {
        "a": TeamFairness(3, minutes("12:20") - minutes("08:55"), 1, 2, 1, 1),
        "b": TeamFairness(3, minutes("11:15") - minutes("10:00"), 0, 1, 2, 1),
        "c": TeamFairness(3, minutes("12:20") - minutes("10:00"), 0, 1, 2, 2),
        "d": TeamFairness(3, minutes("11:15") - minutes("08:55"), 0, 2, 2, 2),
    }


def test_the_summary_takes_the_worst_the_median_and_the_range_over_teams() -> None:
    """Shortest rests 205, 75, 140, 140: worst 75, median 140. Only a waits over 3 h. Early
    or late games 2, 1, 1, 2. c and d play at both venues on Saturday."""
    assert fairness(CUP, GAMES, SCHEDULE).summary == {
        "min_rest_minutes": 75,
        "median_min_rest_minutes": 140,
        "teams_with_long_gaps": 1,
        "early_late_max": 2,
        "early_late_min": 1,
        "early_late_spread": 1,
        "venues_max": 2,
        "venues_per_day_max": 2,
    }


def test_a_rest_overnight_counts_when_it_is_the_only_one() -> None:
    """Team a plays A1 on Saturday 08:00-08:55 and A5 on Sunday 08:00: its only rest is the
    night, 24 h minus 55 minutes."""
    two = {"U12B-A1": SCHEDULE["U12B-A1"], "U12B-A5": SCHEDULE["U12B-A5"]}
    assert fairness(CUP, GAMES, two).teams["a"].min_rest == DAY - 55


def test_rest_is_not_defined_when_no_team_plays_twice() -> None:
    """Two divisions of two teams, one game each: no rest anywhere, every team at one venue."""
    rain = tournament_from(RAIN_CUP)
    schedule = {
        "U12B-A1": Placement("U12B-A1", "N1", "sat", minutes("10:10"), minutes("11:05")),
        "U11B-A1": Placement("U11B-A1", "N2", "sat", minutes("10:10"), minutes("11:05")),
    }
    summary = fairness(rain, tournament_games(rain), schedule).summary
    assert (summary["min_rest_minutes"], summary["median_min_rest_minutes"]) == (None, None)
    assert (summary["venues_max"], summary["early_late_max"]) == (1, 0)
