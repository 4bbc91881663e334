"""A fast, valid first schedule: every game in round order at its earliest allowed slot.

Round-robin rounds of all divisions are interleaved (round 1 of every group, then round 2, ...)
and playoff slots come last, so each team's games spread out and the feeders of a playoff game
are always placed before it. The result is checker-clean by construction, settles the day of
every game, and is the warm start the model improves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from services.scheduler.board import Board
from services.scheduler.games import Game
from services.scheduler.placement import Schedule
from services.scheduler.slots import Slot
from services.scheduler.tournament import Tournament


@dataclass(frozen=True)
class Unplaceable:
    """A game that found no slot, with how many slots each reason ruled out."""

    game: Game
    reasons: dict[str, int]


class ConstructionFailed(Exception):
    """The construction could not place a game; `stuck` says why, slot by slot."""

    def __init__(self, stuck: Unplaceable) -> None:
        self.stuck = stuck
        super().__init__(f"no slot for {stuck.game.id}")


def construction_order(tournament: Tournament, games: Iterable[Game]) -> list[Game]:
    """Round by round across divisions; within a round, longer games first (harder to fit)."""
    position = {division.id: i for i, division in enumerate(tournament.divisions)}
    listed = list(games)
    index = {game.id: i for i, game in enumerate(listed)}
    return sorted(
        listed,
        key=lambda g: (
            g.order,
            -tournament.division[g.division].field_minutes,
            position[g.division],
            index[g.id],
        ),
    )


def construct(
    tournament: Tournament,
    games: list[Game],
    slots: list[Slot],
    fixed: Schedule | None = None,
) -> Schedule:
    """Place every game not in `fixed` at its earliest allowed slot; raise if one cannot go."""
    board = Board(tournament, games)
    for placement in (fixed or {}).values():
        board.place(placement)
    taken = {(p.field, p.day, p.start) for p in board.schedule.values()}
    by_division: dict[str, list[Slot]] = {
        division.id: [s for s in slots if tournament.field[s.field].hosts(division)]
        for division in tournament.divisions
    }
    for game in construction_order(tournament, games):
        if game.id in board.schedule:
            continue
        chosen = None
        for slot in by_division[game.division]:
            if (slot.field, slot.day, slot.start) not in taken and board.allows(game, slot):
                chosen = slot
                break
        if chosen is None:
            raise ConstructionFailed(
                Unplaceable(game, _reasons(board, game, by_division[game.division]))
            )
        board.place(board.placement(game, chosen))
        taken.add((chosen.field, chosen.day, chosen.start))
    return board.schedule


def _reasons(board: Board, game: Game, slots: list[Slot]) -> dict[str, int]:
    counts = Counter(board.refusal(game, slot) or "free" for slot in slots)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
