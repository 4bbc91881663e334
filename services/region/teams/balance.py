"""How balanced a division's teams are: the spread (highest less lowest, over its teams) of
team sizes, rating totals, top-rated players, Alliance players and each gender.

"Top-rated" is the division's top quarter by rating: every player rated at least as high as
the player a quarter of the way down the list (so equal ratings are never split by it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from services.region.teams.roster import Player, RosterTeam

#: player id -> team id
Assignment = Mapping[str, str]


def top_rated(players: Sequence[Player]) -> frozenset[str]:
    """The ids of the division's top quarter by rating (at least one player)."""
    if not players:
        return frozenset()
    ratings = sorted((player.rating for player in players), reverse=True)
    cut = ratings[max(1, len(ratings) // 4) - 1]
    return frozenset(player.id for player in players if player.rating >= cut)


@dataclass(frozen=True)
class Spread:
    lowest: Decimal
    highest: Decimal

    @property
    def spread(self) -> Decimal:
        return self.highest - self.lowest

    def __str__(self) -> str:
        return f"{self.lowest}-{self.highest} (spread {self.spread})"


@dataclass(frozen=True)
class Balance:
    """One division's figures under one assignment."""

    sizes: Spread
    rating_totals: Spread
    top_rated: Spread
    alliance: Spread
    genders: dict[str, Spread]


def balance(
    players: Sequence[Player], teams: Sequence[RosterTeam], assignment: Assignment
) -> Balance:
    """The figures of `assignment` (which places every one of `players` on one of `teams`)."""
    top = top_rated(players)

    def spread(value: Callable[[Player], Decimal]) -> Spread:
        totals = {team.id: Decimal(0) for team in teams}
        for player in players:
            totals[assignment[player.id]] += value(player)
        return Spread(min(totals.values()), max(totals.values()))

    genders = sorted({player.gender for player in players})
    return Balance(
        sizes=spread(lambda _: Decimal(1)),
        rating_totals=spread(lambda p: p.rating),
        top_rated=spread(lambda p: Decimal(p.id in top)),
        alliance=spread(lambda p: Decimal(p.alliance)),
        genders={
            gender: spread(lambda p, g=gender: Decimal(p.gender == g))  # type: ignore[misc]
            for gender in genders
        }
        if len(genders) > 1
        else {},
    )
