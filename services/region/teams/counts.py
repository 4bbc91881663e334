"""What balanced means, as numbers the model and the swaps both use: per count (Alliance
players, each gender, top-rated players, rating in hundredths), each player's value and the
weight of the count's spread, most important first.

Evenness (seed 000: "all players must be divided evenly among Core teams") outweighs
everything else; one top-rated player weighs as much as the highest rating.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from services.region.teams.balance import top_rated
from services.region.teams.roster import Player

#: A rating in whole hundredths (ratings have at most two decimal places).
SCALE = 100


@dataclass(frozen=True)
class Count:
    """One quantity whose team totals should be even, and the weight of its spread."""

    name: str
    values: dict[str, int]  # player id -> value (players worth 0 left out)
    weight: int


def counts(players: Sequence[Player]) -> list[Count]:
    """The counts of a division that has any (no Alliance players: no Alliance count)."""
    ratings = {p.id: int(p.rating * SCALE) for p in players}
    top = top_rated(players)
    genders = sorted({p.gender for p in players})
    top_weight = max(1, *ratings.values())
    even_weight = sum(ratings.values()) + top_weight * len(players) + 1
    found = [
        Count("alliance", {p.id: 1 for p in players if p.alliance}, even_weight),
        *(
            Count(f"gender_{n}", {p.id: 1 for p in players if p.gender == g}, even_weight)
            for n, g in enumerate(genders if len(genders) > 1 else [])
        ),
        Count("top", {p: 1 for p in top}, top_weight),
        Count("rating", {p: r for p, r in ratings.items() if r}, 1),
    ]
    return [count for count in found if count.values]


def totals(count: Count, team_ids: Sequence[str], assignment: Mapping[str, str]) -> dict[str, int]:
    """The count's total on each team."""
    found = dict.fromkeys(team_ids, 0)
    for player_id, value in count.values.items():
        found[assignment[player_id]] += value
    return found
