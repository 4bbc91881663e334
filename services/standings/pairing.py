"""First-round pairings: which ranked qualifier takes which seat of the first playoff round.

Rulebook: "If there are playoffs and a wild card team must be selected for the playoff rounds,
that team will not be assigned to play the winner of its own division in the first playoff
round." DESIGN extends it to the seeding format: first-round opponents are never from the same
group when a pairing avoids it. Both are one rule here: no first-round game pairs two teams of
one group, unless every pairing does (then as few games as possible do).

The scheduler publishes seats such as 'Winner Group A v Wild card 1' or 'Seed 1 v Wild card 1'
and 'Seed 2 v Seed 3'. A seat named after a group position is fixed: that group's team plays
there. Seeds and wild cards are ranked qualifiers and may move: seat by seat in rank order
(seeds, then wild cards), each seat gets the best-ranked qualifier that leaves a pairing with
the fewest same-group games possible. The result is the best pairing closest to rank order: a
wild card first changes places with other wild cards, and only when that cannot help does it
take a seed's seat ('Seed 1 v Wild card 1' becomes Seed 1 v Seed 3 and Seed 2 v the wild card).

The first round is decided at once: while any seed or wild card of it is unknown, every such
seat stays unknown, so a display never names a team in a seat it may still leave.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from schemas.schedule import GameSlot, TeamSource
from services.standings.qualification import Position

Seat = tuple[str, int]  # ("seed", 2) or ("wild_card", 1)
RANKED = ("seed", "wild_card")


@dataclass(frozen=True)
class _Side:
    """One side of a first-round game: a ranked seat to fill, or a group already known."""

    seat: Seat | None
    group: str | None


def pair_first_round(
    slots: Sequence[GameSlot],
    ranked: Mapping[str, Sequence[Position]],
    group_of: Mapping[str, str],
) -> dict[Seat, Position]:
    """Every ranked seat of the first round -> its team (None for all while any is unknown).

    `ranked` maps "seed" and "wild_card" to the qualifiers in rank order.
    """
    games = _first_round(slots, group_of)
    seats = sorted(
        {side.seat for game in games for side in game if side.seat is not None},
        key=lambda seat: (RANKED.index(seat[0]), seat[1]),
    )
    teams = [_nominal(ranked, seat) for seat in seats]
    if None in teams:
        return dict.fromkeys(seats)
    known = [team for team in teams if team is not None]
    groups = {team: group_of.get(team, team) for team in known}
    best = _fewest_clashes(games, {}, Counter(groups.values()), groups)
    assigned: dict[Seat, str] = {}
    remaining = list(known)
    for seat in seats:
        for team in remaining:
            trial = assigned | {seat: team}
            rest = Counter(groups[t] for t in remaining if t != team)
            if _fewest_clashes(games, trial, rest, groups) == best:
                assigned, remaining = trial, [t for t in remaining if t != team]
                break
    return dict(assigned)


def _nominal(ranked: Mapping[str, Sequence[Position]], seat: Seat) -> Position:
    kind, position = seat
    order = ranked.get(kind, ())
    return order[position - 1] if 1 <= position <= len(order) else None


def _first_round(
    slots: Sequence[GameSlot], group_of: Mapping[str, str]
) -> list[tuple[_Side, _Side]]:
    """Games whose two sides are both qualifiers (not the winner or loser of another game)."""
    games = []
    for slot in slots:
        home = _side(slot.home_team_id, slot.home_source, group_of)
        away = _side(slot.away_team_id, slot.away_source, group_of)
        if home is not None and away is not None:
            games.append((home, away))
    return games


def _side(team: str | None, source: TeamSource | None, group_of: Mapping[str, str]) -> _Side | None:
    if team is not None:
        return _Side(None, group_of.get(team, team))
    if source is None or source.kind in ("winner", "loser"):
        return None
    if source.kind in RANKED:
        return _Side((source.kind, source.position or 0), None)
    return _Side(None, source.group_id or "")


def _fewest_clashes(
    games: Sequence[tuple[_Side, _Side]],
    assigned: Mapping[Seat, str],
    remaining: Counter[str],
    groups: Mapping[str, str],
) -> int:
    """The fewest same-group games over every way to seat the remaining teams.

    Teams of one group are interchangeable here, so the search runs over group counts and is
    memoised on them: fast for any real bracket, however many qualifiers share a group.
    """
    fixed = 0
    open_items: list[str | None] = []  # the known opponent's group, or None: two open seats
    for home, away in games:
        known = [_group(side, assigned, groups) for side in (home, away)]
        if None not in known:
            fixed += known[0] == known[1]
        elif known != [None, None]:
            open_items.append(known[1] if known[0] is None else known[0])
        else:
            open_items.append(None)
    names = sorted(remaining)

    @cache
    def fewest(index: int, counts: tuple[int, ...]) -> int:
        if index == len(open_items):
            return 0
        opponent = open_items[index]
        best = len(open_items)
        for i, left in enumerate(counts):
            if not left:
                continue
            after = _take(counts, i)
            if opponent is not None:
                best = min(best, (names[i] == opponent) + fewest(index + 1, after))
                continue
            for j, other in enumerate(after):
                if other and j >= i:
                    best = min(best, (i == j) + fewest(index + 1, _take(after, j)))
        return best

    return fixed + fewest(0, tuple(remaining[name] for name in names))


def _group(side: _Side, assigned: Mapping[Seat, str], groups: Mapping[str, str]) -> str | None:
    if side.seat is None:
        return side.group
    team = assigned.get(side.seat)
    return groups[team] if team is not None else None


def _take(counts: tuple[int, ...], index: int) -> tuple[int, ...]:
    return (*counts[:index], counts[index] - 1, *counts[index + 1 :])
