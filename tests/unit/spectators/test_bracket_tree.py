"""The bracket drawn as a tree: every game once, each after the games feeding it."""

from __future__ import annotations

from datetime import timedelta
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from schemas.schedule import GameSlot, TeamSource
from services.spectators.bracket_tree import columns
from workloads import factories


def knockout(rounds: int) -> dict[str, GameSlot]:
    """A single-elimination bracket of 2**rounds teams, with a third-place game."""
    slots: dict[str, GameSlot] = {}
    start = factories.KICKOFF
    previous = [f"S{n}" for n in range(2**rounds)]
    for depth in range(rounds):
        current = []
        for n in range(0, len(previous), 2):
            gid = f"R{depth}-{n // 2}"
            sources = [
                TeamSource(kind="seed", position=int(p[1:]) + 1)
                if p.startswith("S")
                else TeamSource(kind="winner", game_id=p)
                for p in previous[n : n + 2]
            ]
            slots[gid] = GameSlot(
                game_id=gid,
                division_id="U12B",
                stage="playoff",
                round=f"round {depth}",
                home_source=sources[0],
                away_source=sources[1],
                field_id="F1",
                venue_id="V1",
                start=start,
                end=start + timedelta(hours=1),
            )
            current.append(gid)
        previous = current
    if rounds > 1:
        semis = [g for g in slots if g.startswith(f"R{rounds - 2}-")]
        slots["third"] = GameSlot(
            game_id="third",
            division_id="U12B",
            stage="playoff",
            round="third place",
            home_source=TeamSource(kind="loser", game_id=semis[0]),
            away_source=TeamSource(kind="loser", game_id=semis[1]),
            field_id="F1",
            venue_id="V1",
            start=start,
            end=start + timedelta(hours=1),
        )
    return slots


def bracket_of(slots: dict[str, GameSlot]) -> list[dict[str, object]]:
    return [{"game_id": g, "round": s.round} for g, s in slots.items()]


def test_semifinals_come_before_the_final_and_third_place_beside_it() -> None:
    drawn = columns(bracket_of(knockout(2)), knockout(2))
    assert [[n.game["game_id"] for n in column] for column in drawn] == [
        ["R0-0", "R0-1"],
        ["R1-0", "third"],
    ]
    assert drawn[1][0].feeders == ("R0-0", "R0-1")


@given(st.integers(1, 5), st.randoms())
def test_every_game_once_each_after_its_feeders_and_between_them(rounds: int, rng: Random) -> None:
    slots = knockout(rounds)
    games = bracket_of(slots)
    rng.shuffle(games)
    drawn = columns(games, slots)
    place = {n.game["game_id"]: (c, i) for c, col in enumerate(drawn) for i, n in enumerate(col)}
    assert sorted(place) == sorted(slots)
    assert len(drawn) == rounds
    for column in drawn:
        for node in column:
            mine = place[node.game["game_id"]]
            for feeder in node.feeders:
                assert place[feeder][0] < mine[0]
            if len(node.feeders) == 2:  # a tree: the two feeders are next to each other
                rows = sorted(place[f][1] for f in node.feeders)
                assert rows[1] - rows[0] == 1


def test_no_bracket_draws_no_columns() -> None:
    assert columns([], {}) == []
