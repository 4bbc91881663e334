"""Which games a tournament needs: round robins and playoff slots."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from schemas.schedule import DivisionDefined
from services.scheduler.construct import construct
from services.scheduler.events import schedule_events
from services.scheduler.games import division_games, round_robin, tournament_games
from services.scheduler.loader import load_tournament
from services.scheduler.slots import build_slots
from services.scheduler.tournament import Tournament
from tests.unit.scheduler.helpers import EXAMPLES, tournament_from


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


FORMATS_CUP = """\
id: formats
days: [{id: fri, date: 2027-11-05}, {id: sat, date: 2027-11-06}, {id: sun, date: 2027-11-07}]
venues: [{id: park}]
fields:
  - {id: N1, venue: park, size: 9v9, open: {fri: &open "08:00-20:00", sat: *open, sun: *open}}
  - {id: N2, venue: park, size: 9v9, open: {fri: *open, sat: *open, sun: *open}}
  - {id: N3, venue: park, size: 9v9, open: {fri: *open, sat: *open, sun: *open}}
  - {id: N4, venue: park, size: 9v9, open: {fri: *open, sat: *open, sun: *open}}
divisions:
  - {id: three, age_group: U12, group_sizes: [4, 4, 4], playoff: semifinals, playoff_day: sun}
  - {id: uneven, age_group: U12, group_sizes: [3, 4], playoff: semifinals, playoff_day: sun}
  - {id: five, age_group: U11, group_sizes: [5], playoff: semifinals, playoff_day: sun}
  - {id: six, age_group: U11, group_sizes: [6], playoff: semifinals, playoff_day: sun}
teams:
"""
FORMATS_TEAMS = {"three": 12, "uneven": 7, "five": 5, "six": 6}


def formats_cup() -> Tournament:
    teams = "".join(
        f"  - {{id: {d}-{n}, division: {d}}}\n"
        for d, count in FORMATS_TEAMS.items()
        for n in range(1, count + 1)
    )
    return tournament_from(FORMATS_CUP + teams)


def semi_labels(tournament: Tournament, division: str) -> list[tuple[str, str]]:
    games = division_games(tournament.division[division])
    return [(g.label("home"), g.label("away")) for g in games if g.round == "semifinal"]


def test_three_groups_send_their_winners_by_rank_and_the_best_runner_up() -> None:
    """Rulebook: a wild card "will not be assigned to play the winner of its own division in
    the first playoff round". Seats are named by rank, so the standings may re-pair them
    without a published label ('Winner Group A') becoming wrong; any team may reach either
    semi-final, and every group game must be over before them."""
    cup = formats_cup()
    assert semi_labels(cup, "three") == [("Seed 1", "Wild card 1"), ("Seed 2", "Seed 3")]
    games = {g.id: g for g in division_games(cup.division["three"])}
    everyone = frozenset(t.id for t in cup.teams if t.division == "three")
    for semi in ("three-SF1", "three-SF2"):
        assert games[semi].candidates == everyone
        assert len(games[semi].feeders) == 3 * 6
    assert games["three-F"].feeders == ("three-SF1", "three-SF2")


def test_groups_of_three_and_four_and_single_groups_of_five_or_six_play_semi_finals() -> None:
    """Two groups cross winners and runners-up whatever their sizes; one group plays 1 v 4
    and 2 v 3, however many teams it has."""
    cup = formats_cup()
    assert semi_labels(cup, "uneven") == [
        ("Winner Group A", "#2 Group B"),
        ("Winner Group B", "#2 Group A"),
    ]
    for single in ("five", "six"):
        assert semi_labels(cup, single) == [
            ("Winner Group A", "#4 Group A"),
            ("#2 Group A", "#3 Group A"),
        ]
    group_games = [g for g in division_games(cup.division["uneven"]) if g.stage == "group"]
    assert len(group_games) == 3 + 6


def test_three_groups_publish_a_winners_format_with_one_wild_card() -> None:
    """The standings need to know how many qualify: three winners and one wild card."""
    cup = formats_cup()
    defined = {
        e.division_id: e.playoff
        for e in schedule_events(
            cup, construct(cup, tournament_games(cup), build_slots(cup)), tournament_id="formats"
        )
        if isinstance(e, DivisionDefined)
    }
    assert (defined["three"].format, defined["three"].qualifiers) == ("division_winners", 4)
