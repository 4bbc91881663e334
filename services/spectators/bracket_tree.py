"""The playoff bracket as a tree: columns of games, each fed by the games before it.

The standings snapshot lists the bracket's games and who is in them; the schedule says where
each seat comes from ("Winner SF1"). A game's column is one past the deepest game feeding it
a winner, so the first round is column 0 and the final the last; within a column games are
in the order a walk from the final meets them (home feeder first), so each game sits between
the two it is fed by. Games fed by losers (third place) join the final's column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from schemas.schedule import GameSlot


@dataclass(frozen=True)
class Node:
    """One bracket game and the games whose winners it takes."""

    game: Mapping[str, Any]  # the snapshot's BracketGame, as JSON
    feeders: tuple[str, ...]


def _winner_feeders(slot: GameSlot | None) -> tuple[str, ...]:
    if slot is None:
        return ()
    sources = (slot.home_source, slot.away_source)
    return tuple(s.game_id for s in sources if s is not None and s.kind == "winner" and s.game_id)


def _fed_by_loser(slot: GameSlot | None) -> bool:
    sources = () if slot is None else (slot.home_source, slot.away_source)
    return any(s is not None and s.kind == "loser" for s in sources)


def columns(
    bracket: Iterable[Mapping[str, Any]], slots: Mapping[str, GameSlot]
) -> list[list[Node]]:
    """The bracket's games in columns, first round first."""
    games = {game["game_id"]: game for game in bracket}
    feeders = {
        gid: tuple(f for f in _winner_feeders(slots.get(gid)) if f in games) for gid in games
    }
    depth: dict[str, int] = {}

    def column(gid: str, seen: frozenset[str] = frozenset()) -> int:
        if gid not in depth:
            below = [column(f, seen | {gid}) for f in feeders[gid] if f not in seen]
            depth[gid] = 1 + max(below, default=-1)
        return depth[gid]

    for gid in games:
        column(gid)
    fed = {f for fs in feeders.values() for f in fs}
    roots = sorted(
        (g for g in games if g not in fed and not _fed_by_loser(slots.get(g))),
        key=lambda g: (-depth[g], g),
    )
    order: list[str] = []

    def walk(gid: str) -> None:
        if gid in order:
            return
        for feeder in feeders[gid]:
            walk(feeder)
        order.append(gid)

    for root in roots:
        walk(root)
    last = max(depth.values(), default=0)
    for gid in sorted(games):
        if gid not in order:  # fed by losers: shown beside the final
            depth[gid] = last
            order.append(gid)
    found: list[list[Node]] = [[] for _ in range(last + 1)] if games else []
    for gid in order:
        found[depth[gid]].append(Node(games[gid], feeders[gid]))
    return found
