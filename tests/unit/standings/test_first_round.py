"""Three groups and a wild card, and seeding: who meets whom in the first playoff round.

Rulebook (Alliance Cup Rules 2020, playoffs): "If there are playoffs and a wild card team must
be selected for the playoff rounds, that team will not be assigned to play the winner of its
own division in the first playoff round." DESIGN ("Playoffs"): "division-winner or seeding
format per division; wild cards chosen across the whole age group and bracket with the same
tiebreakers"; the seeding format follows the same rule (no first-round opponents from one
group when a pairing avoids it).

Three groups of three: A (T1-T3), B (T4-T6), C (T7-T9); round robins in the order T1-T2,
T1-T3, T2-T3 (and likewise). The semi-finals are published as 'Seed 1 v Wild card 1' and
'Seed 2 v Seed 3': the seeds are the division winners, best first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.match import MatchEvent
from schemas.schedule import DivisionDefined, GameSlot, PlayoffFormat
from schemas.standings import BracketGame, StandingsSnapshot
from services.standings.pairing import pair_first_round
from tests.unit.standings.helpers import scores, snapshot
from workloads import factories

THREE_GROUPS = {
    "A": ["T1", "T2", "T3"],
    "B": ["T4", "T5", "T6"],
    "C": ["T7", "T8", "T9"],
}
# A: T1 6 points, capped goal difference +8; T2 3 points, 0, 4 scored.
# B: T4 6 points, +2; T5 3 points, 0, 1 scored.  C: T7 6 points, +4; T8 3 points, -1.
# Seeds T1, T7, T4; the best runner-up (wild card) is T2, of the best seed's group.
WILD_CARD_OF_SEED_ONE = {
    "A1": (4, 0), "A2": (4, 0), "A3": (4, 0),
    "B1": (1, 0), "B2": (1, 0), "B3": (1, 0),
    "C1": (2, 0), "C2": (2, 0), "C3": (1, 0),
}  # fmt: skip


Division = tuple[DivisionDefined, dict[str, GameSlot]]


def four_qualifiers(
    playoff_format: Literal["division_winners", "seeding"],
    groups: Mapping[str, list[str]] = THREE_GROUPS,
) -> Division:
    """Four qualifiers in semifinals Seed 1 v the fourth, Seed 2 v Seed 3. Winners format: the
    three winners as seeds and one wild card; seeding format: the division's four best."""
    definition = factories.division(
        groups=dict(groups), playoff=PlayoffFormat(format=playoff_format, qualifiers=4)
    )
    fourth = factories.wild_card(1) if playoff_format == "division_winners" else factories.seed(4)
    return definition, factories.round_robin(definition) | factories.semis_and_final(
        (factories.seed(1), fourth), (factories.seed(2), factories.seed(3))
    )


def semis(result: StandingsSnapshot) -> list[tuple[str | None, str | None]]:
    bracket = {game.game_id: game for game in result.bracket}
    return [(bracket[g].home_team_id, bracket[g].away_team_id) for g in ("SF1", "SF2")]


def test_the_best_winner_meets_the_wild_card_when_they_come_from_different_groups() -> None:
    """B3 4-0 instead: T5 (3 points, +3) is the wild card, of group B, so the published
    pairing stands: Seed 1 (T1) v the wild card, Seed 2 (T7) v Seed 3 (T4)."""
    definition, games = four_qualifiers("division_winners")
    result = snapshot(definition, games, scores(games, WILD_CARD_OF_SEED_ONE | {"B3": (4, 0)}))
    assert (result.seeds, result.wild_cards) == (["T1", "T7", "T4"], ["T5"])
    assert semis(result) == [("T1", "T5"), ("T7", "T4")]


def test_a_wild_card_from_the_best_winners_group_meets_another_winner() -> None:
    """The wild card T2 comes from group A, whose winner T1 is Seed 1: rather than meet its own
    winner, it takes Seed 3's seat against Seed 2 (T7), and Seed 1 meets Seed 3 (T4). Only the
    wild card and the lowest seed move."""
    definition, games = four_qualifiers("division_winners")
    result = snapshot(definition, games, scores(games, WILD_CARD_OF_SEED_ONE))
    assert (result.seeds, result.wild_cards) == (["T1", "T7", "T4"], ["T2"])
    assert semis(result) == [("T1", "T4"), ("T7", "T2")]


def test_no_first_round_team_is_named_until_every_seat_of_it_is_known() -> None:
    """With group C still to finish, the winners of A and B are known but the seeds are not
    (C's winner may be the best): both semi-finals keep their published labels."""
    definition, games = four_qualifiers("division_winners")
    unfinished = {g: s for g, s in WILD_CARD_OF_SEED_ONE.items() if g != "C3"}
    bracket = snapshot(definition, games, scores(games, unfinished)).bracket
    assert [(g.home_label, g.away_label, g.status) for g in bracket[:2]] == [
        ("Seed 1", "Wild card 1", "waiting"),
        ("Seed 2", "Seed 3", "waiting"),
    ]


def test_a_tie_between_winners_waits_only_where_a_seat_depends_on_it() -> None:
    """Without 'Seed' seats ('Winner Group A v Wild card 1'), winners are never ranked, so
    level winners leave nothing unresolved; with them, the seeds wait for a decision."""
    level = {g: (1, 0) for g in WILD_CARD_OF_SEED_ONE}
    definition, games = four_qualifiers("division_winners")
    assert snapshot(definition, games, scores(games, level)).unresolved[0] == ["T1", "T4", "T7"]
    games["SF1"] = factories.playoff("SF1", factories.group_winner("A"), factories.wild_card(1))
    games["SF2"] = factories.playoff(
        "SF2", factories.group_winner("B"), factories.group_winner("C")
    )
    assert ["T1", "T4", "T7"] not in snapshot(definition, games, scores(games, level)).unresolved


def test_an_unavoidable_group_game_leaves_the_published_pairing_alone() -> None:
    """Seeds 1, 2 and 4 from group A, seed 3 from B: some semi-final pairs two teams of A
    whatever is done, and 1 v 4, 2 v 3 has only that one, so rank order stands."""
    slots = [
        factories.playoff("SF1", factories.seed(1), factories.seed(4)),
        factories.playoff("SF2", factories.seed(2), factories.seed(3)),
    ]
    group_of = {"S1": "A", "S2": "A", "S3": "B", "S4": "A"}
    seated = pair_first_round(slots, {"seed": ["S1", "S2", "S3", "S4"]}, group_of)
    assert seated == {("seed", n): f"S{n}" for n in range(1, 5)}


def test_pairing_sixteen_seeds_from_three_groups_is_fast() -> None:
    """Eight first-round games, 1 v 16 ... 8 v 9, with eight seeds from group A: the search
    runs over group counts, not 16! orders, and no game pairs two teams of B or C."""
    slots = [
        factories.playoff(f"R{n}", factories.seed(n), factories.seed(17 - n)) for n in range(1, 9)
    ]
    teams = [f"S{n}" for n in range(1, 17)]
    group_of = {team: "ABACABCA"[n % 8] for n, team in enumerate(teams)}
    seated = pair_first_round(slots, {"seed": teams}, group_of)
    assert sorted(seated.values()) == sorted(teams)
    pairs = [
        (group_of[seated[("seed", n)]], group_of[seated[("seed", 17 - n)]]) for n in range(1, 9)
    ]
    assert sum(a == b for a, b in pairs) == 0


# Hypothesis: any results of a three-group division (groups of three or four).


@st.composite
def three_group_results(draw: st.DrawFn) -> tuple[dict[str, list[str]], dict[str, tuple[int, int]]]:
    sizes = draw(st.lists(st.sampled_from([3, 4]), min_size=3, max_size=3))
    names = iter(f"T{n}" for n in range(1, 13))
    groups = {g: [next(names) for _ in range(size)] for g, size in zip("ABC", sizes, strict=True)}
    games = sum(size * (size - 1) // 2 for size in sizes)
    goals = st.tuples(st.integers(0, 5), st.integers(0, 5))
    results = draw(st.lists(goals, min_size=games, max_size=games))
    ids = [
        f"{g}{n}"
        for g, size in zip("ABC", sizes, strict=True)
        for n in range(1, size * (size - 1) // 2 + 1)
    ]
    return groups, dict(zip(ids, results, strict=True))


def settled(
    definition: DivisionDefined, games: dict[str, GameSlot], events: list[MatchEvent]
) -> StandingsSnapshot:
    """The snapshot once every tie a table or the division reports is decided in listed order
    (as kicks from the penalty mark would), so every seat gets its team."""
    result = snapshot(definition, games, events)
    for _ in range(12):
        ties = [(t.group_id, tie) for t in result.groups for tie in t.unresolved]
        ties += [(None, tie) for tie in result.unresolved]
        if not ties:
            break
        events = events + [factories.decided(tie, group=group) for group, tie in ties]
        result = snapshot(definition, games, events)
    return result


def avoidable(teams: list[str], group_of: Mapping[str, str]) -> bool:
    """Some split of the four teams into two games has no two teams of one group."""
    first, *others = teams
    for partner in others:
        rest = [t for t in others if t != partner]
        if group_of[first] != group_of[partner] and group_of[rest[0]] != group_of[rest[1]]:
            return True
    return False


def first_round(result: StandingsSnapshot) -> list[BracketGame]:
    return [g for g in result.bracket if g.round == "semifinal"]


@settings(max_examples=60, deadline=None)
@given(three_group_results(), st.sampled_from(["division_winners", "seeding"]))
def test_no_first_round_game_pairs_one_groups_teams_when_a_pairing_avoids_it(
    drawn: tuple[dict[str, list[str]], dict[str, tuple[int, int]]],
    playoff_format: Literal["division_winners", "seeding"],
) -> None:
    """Whatever the results, the four qualifiers each play once in the semi-finals, and neither
    semi-final pairs two teams of one group if some pairing of those four avoids it."""
    groups, results = drawn
    definition, games = four_qualifiers(playoff_format, groups)
    result = settled(definition, games, scores(games, results))
    group_of = {team: g for g, members in groups.items() for team in members}
    semi_finals = first_round(result)
    playing = [team for game in semi_finals for team in (game.home_team_id, game.away_team_id)]
    qualifiers = result.seeds + result.wild_cards
    assert sorted(map(str, playing)) == sorted(qualifiers)
    if avoidable(qualifiers, group_of):
        assert all(
            group_of[str(g.home_team_id)] != group_of[str(g.away_team_id)] for g in semi_finals
        )
