"""Who goes through: division winners, wild cards and seeds, once the groups are complete.

- Division winner: "In no case shall a team that forfeits or does not show-up for a game be
  declared a division winner ... the division team with the next best record shall be named
  the division winner." The table keeps its order; the winner is the best team that never
  forfeited (nor was disqualified). The rule speaks of winners only, so a team that forfeited
  may still be a group's second qualifier or a wild card.
- Wild cards: "the above procedure will be used across the entire age group and bracket":
  every team that is not a division winner, from all groups, ordered by the same profile.
- Seeding: "the two teams (or more if semi-finals are applicable) with the most points in the
  overall age group and bracket", ties broken by the same criteria.
- Seeded winners: a winners bracket whose seats say 'Seed 1' (three groups and a wild card:
  the best winner meets the wild card) ranks the division winners across the age group by the
  same procedure the wild cards use. Only then, so a tie between winners that no seat depends
  on never waits for a decision.
A disqualified team "cannot advance": it is never a winner, wild card or seed. Positions that
an unresolved tie decides are unknown (None) until a `TiebreakDecided` event settles it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from services.standings.results import GameResult
from services.standings.table import Record
from services.standings.tiebreakers import Block, TieContext, order

Position = str | None


@dataclass(frozen=True)
class GroupStanding:
    """One group's order and records, as the table computed them."""

    group_id: str
    blocks: Sequence[Block]
    records: Mapping[str, Record]
    outcomes: Sequence[GameResult]
    complete: bool

    def can_advance(self, team: str) -> bool:
        """Not disqualified."""
        return not self.records[team].disqualified

    def winner(self) -> Position:
        """The division winner under the forfeit rule, once the group is complete and the
        decisive tie (if any) is settled."""
        if not self.complete:
            return None
        for block in self.blocks:
            eligible = [
                team
                for team in block.teams
                if self.can_advance(team) and not self.records[team].forfeited
            ]
            if eligible:
                return eligible[0] if len(eligible) == 1 else None
        return None

    def playoff_order(self) -> list[Position]:
        """Group positions for playoff slots: the division winner first, then the table."""
        winner = self.winner()
        if winner is None:
            return []
        positions: list[Position] = [winner]
        for block in self.blocks:
            rest = [team for team in block.teams if team != winner and self.can_advance(team)]
            positions.extend(rest if len(rest) <= 1 else [None] * len(rest))
        return positions


@dataclass
class Qualification:
    """Every known qualifier of the division."""

    group_orders: dict[str, list[Position]] = field(default_factory=dict)
    winners: list[Position] = field(default_factory=list)
    wild_cards: list[Position] = field(default_factory=list)
    seeds: list[Position] = field(default_factory=list)
    unresolved: list[list[str]] = field(default_factory=list)


def qualify(
    standings: Sequence[GroupStanding],
    context: TieContext,
    *,
    format: str,
    qualifiers: int,
    seed_winners: bool = False,
) -> Qualification:
    """Winners of complete groups always; wild cards or seeds once every group is complete.

    `context` carries the profile, every team's record, every group game and the decisions;
    its group is None, so only division-wide decisions apply. `seed_winners`: in the winners
    format, also rank the winners as seeds (the bracket has 'Seed n' seats).
    """
    result = Qualification(
        group_orders={s.group_id: s.playoff_order() for s in standings},
        winners=[s.winner() for s in standings],
    )
    if not all(s.complete for s in standings):
        return result
    if format == "division_winners" and None not in result.winners:
        winners = set(result.winners)
        candidates = [
            team
            for s in standings
            for team in s.records
            if team not in winners and s.can_advance(team)
        ]
        count = max(0, qualifiers - len(standings))
        result.wild_cards, result.unresolved = _top(candidates, count, context)
        if seed_winners:
            seeds, ties = _top([t for t in result.winners if t is not None], len(winners), context)
            result.seeds, result.unresolved = seeds, ties + result.unresolved
    elif format == "seeding":
        candidates = [team for s in standings for team in s.records if s.can_advance(team)]
        result.seeds, result.unresolved = _top(candidates, qualifiers, context)
    return result


def _top(
    candidates: Sequence[str], count: int, context: TieContext
) -> tuple[list[Position], list[list[str]]]:
    """The best `count` candidates in order, None where an unresolved tie decides the place,
    and the unresolved ties that matter (those reaching into the top `count`)."""
    chosen: list[Position] = []
    unresolved: list[list[str]] = []
    for block in order(candidates, context):
        if len(chosen) >= count:
            break
        if len(block.teams) == 1:
            chosen.append(block.teams[0])
        else:
            chosen.extend([None] * min(len(block.teams), count - len(chosen)))
            unresolved.append(list(block.teams))
    return chosen, unresolved
