"""The benchmark's realistic cup (tier R, small variant RS): shaped like a real cup, tight
but not refuted by counting, and the same for the same seed."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from services.scheduler.explain import explain_capacity
from services.scheduler.games import tournament_games
from services.scheduler.slots import build_slots
from services.scheduler.tournament import Tournament, Window
from workloads.cups import TIERS, generate

SEEDS = range(1, 21)


def cup(seed: int, tier: str = "R") -> Tournament:
    return generate(TIERS[tier], seed)


def test_the_same_seed_gives_the_same_cup_and_another_seed_another() -> None:
    assert cup(3) == cup(3)
    assert cup(3) != cup(4)


@pytest.mark.parametrize("seed", SEEDS)
def test_no_counting_argument_refutes_the_cup(seed: int) -> None:
    tournament = cup(seed)
    assert explain_capacity(tournament, tournament_games(tournament), build_slots(tournament)) == []


@pytest.mark.parametrize("seed", range(1, 6))
def test_the_small_cup_is_a_fifth_of_the_size_and_not_refuted_either(seed: int) -> None:
    tournament = cup(seed, "RS")
    assert 35 <= len(tournament.teams) <= 45
    assert explain_capacity(tournament, tournament_games(tournament), build_slots(tournament)) == []


@pytest.mark.parametrize("seed", (1, 7))
def test_a_cup_has_the_divisions_of_a_real_three_day_cup(seed: int) -> None:
    """About 200 teams in about 26 divisions, boys and girls of every age U9-U19; three groups
    with semi-finals (a wild card), single groups of five or six, two groups of three or four;
    every playoff on Sunday."""
    tournament = cup(seed)
    assert 185 <= len(tournament.teams) <= 220
    assert len(tournament.divisions) == 26
    assert {(d.age, d.gender) for d in tournament.divisions} == {
        (age, gender) for age in range(9, 20) for gender in ("boys", "girls")
    }
    shapes = Counter(
        (len(d.groups), d.playoff, frozenset(len(g.team_ids) for g in d.groups))
        for d in tournament.divisions
    )
    assert any(groups == 3 and playoff == "semifinals" for groups, playoff, _ in shapes)
    assert any(groups == 1 and sizes & {5, 6} for groups, _, sizes in shapes)
    assert any(groups == 2 and sizes <= {3, 4} for groups, _, sizes in shapes)
    assert {d.playoff_day for d in tournament.divisions} == {"sun"}


@pytest.mark.parametrize("seed", (1, 7))
def test_fields_are_lit_on_friday_evening_only_and_used_at_three_quarters_or_more(
    seed: int,
) -> None:
    """A few lit fields open Friday 17:00-22:00, no other field opens Friday; every size class
    uses 70-90% of its slots, and the fields lie at three venues 15-25 minutes apart."""
    tournament = cup(seed)
    lit = [f for f in tournament.fields if "fri" in f.windows]
    assert 2 <= len(lit) <= 8
    assert {f.windows["fri"] for f in lit} == {(Window(17 * 60, 22 * 60),)}
    assert 25 <= len(tournament.fields) <= 35
    games, slots = tournament_games(tournament), build_slots(tournament)
    for size in {f.size for f in tournament.fields}:
        used = sum(1 for g in games if tournament.division[g.division].size == size)
        offered = sum(1 for s in slots if tournament.field[s.field].size == size)
        assert 0.7 <= used / offered <= 0.9, size
    assert len(tournament.venues) == 3
    assert all(15 <= minutes <= 25 for minutes in tournament.travel.values())


def test_daily_limits_force_some_divisions_onto_friday() -> None:
    """An 11v11 group of four with semi-finals: three group games, two a day, and Sunday is
    for the two playoff rounds, so every team plays once on Friday."""
    tournament = cup(1)
    forced = [
        d
        for d in tournament.divisions
        if d.max_games_per_day == 2
        and d.playoff == "semifinals"
        and any(len(g.team_ids) == 4 for g in d.groups)
    ]
    assert forced


def test_teams_arrive_late_fly_home_early_and_some_coaches_have_two_age_groups() -> None:
    tournament = cup(1)
    windows = Counter((u.day, u.window) for u in tournament.unavailable)
    assert windows[("fri", Window(0, 24 * 60))] >= 5
    assert windows[("sun", Window(14 * 60, 24 * 60))] >= 3
    shared = [teams for teams in tournament.teams_of_coach.values() if len(teams) > 1]
    assert len(shared) >= 5
    for teams in shared:
        ages = {tournament.division[tournament.team[t].division].age for t in teams}
        assert len(ages) == len(teams)


def test_the_clocks_go_back_during_the_cup() -> None:
    """New York leaves daylight saving time at 02:00 on the cup's Sunday."""
    tournament = cup(1)
    saturday = tournament.moment("sat", 12 * 60)
    sunday = tournament.moment("sun", 12 * 60)
    assert tournament.timezone == "America/New_York"
    assert saturday.utcoffset() - sunday.utcoffset() == timedelta(hours=1)  # type: ignore[operator]
