"""Which games a tournament needs: round robins and playoff slots."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from services.scheduler.games import division_games, round_robin
from services.scheduler.loader import load_tournament
from tests.unit.scheduler.helpers import EXAMPLES


@given(st.integers(min_value=2, max_value=12))
def test_round_robin_pairs_every_two_teams_once_and_nobody_twice_a_round(size: int) -> None:
    teams = tuple(f"t{i}" for i in range(size))
    rounds = round_robin(teams)
    pairs = [frozenset(pair) for r in rounds for pair in r]
    assert sorted(map(sorted, pairs)) == sorted(
        map(sorted, map(frozenset, itertools.combinations(teams, 2)))
    )
    for r in rounds:
        playing = [team for pair in r for team in pair]
        assert len(playing) == len(set(playing))
    assert len(rounds) == (size - 1 if size % 2 == 0 else size)


@given(st.integers(min_value=3, max_value=10))
def test_home_and_away_are_shared_fairly(size: int) -> None:
    """Home games differ by at most one between any two teams of a group."""
    teams = tuple(f"t{i}" for i in range(size))
    home = {team: 0 for team in teams}
    for r in round_robin(teams):
        for h, _ in r:
            home[h] += 1
    assert max(home.values()) - min(home.values()) <= 1


def test_two_groups_with_semifinals_cross_winners_and_runners_up() -> None:
    """Semi-finals: Winner A vs #2 B and Winner B vs #2 A; the final is fed by both semis."""
    spring = load_tournament(EXAMPLES / "spring-classic.yaml")
    games = {g.id: g for g in division_games(spring.division["U12B"])}
    assert len(games) == 6 + 6 + 3
    labels = [(games[g].label("home"), games[g].label("away")) for g in ("U12B-SF1", "U12B-SF2")]
    assert labels == [("Winner Group A", "#2 Group B"), ("Winner Group B", "#2 Group A")]
    assert games["U12B-F"].feeders == ("U12B-SF1", "U12B-SF2")
    assert len(games["U12B-SF1"].feeders) == 12
    assert games["U12B-F"].candidates == frozenset(spring.division["U12B"].groups[0].team_ids) | (
        frozenset(spring.division["U12B"].groups[1].team_ids)
    )


def test_a_final_between_two_group_winners() -> None:
    spring = load_tournament(EXAMPLES / "spring-classic.yaml")
    final = division_games(spring.division["U16G"])[-1]
    assert (final.id, final.label("home"), final.label("away")) == (
        "U16G-F",
        "Winner Group A",
        "Winner Group B",
    )
