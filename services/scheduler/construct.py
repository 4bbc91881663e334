"""A fast, valid first schedule: every game in round order at its earliest allowed slot.

Round-robin rounds of all divisions are interleaved (round 1 of every group, then round 2, ...)
and playoff slots come last, so each team's games spread out and the feeders of a playoff game
are always placed before it. The result is checker-clean by construction, settles the day of
every game, and is the warm start the model improves.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass

from services.scheduler.board import Board
from services.scheduler.games import Game
from services.scheduler.placement import Placement, Schedule
from services.scheduler.slots import Slot
from services.scheduler.tournament import Tournament


@dataclass(frozen=True)
class Unplaceable:
    """A game that found no slot, with how many slots each reason ruled out."""

    game: Game
    reasons: dict[str, int]


class ConstructionFailed(Exception):
    """The construction could not place a game; `stuck` says why, slot by slot, and
    `partial` holds what it had placed (valid, but missing the stuck game and later ones)."""

    def __init__(self, stuck: Unplaceable, partial: Schedule | None = None) -> None:
        self.stuck = stuck
        self.partial = partial or {}
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


def target_days(tournament: Tournament, games: Iterable[Game]) -> dict[str, int]:
    """The day each group round should preferably be played: rounds spread over the days
    before the division's playoff day (all days if it has none).

    Spreading keeps days short and teams' waits small; odd-numbered divisions are shifted by
    half a round so the days carry about the same number of games. A preference only: the
    construction falls back to later, then earlier days.
    """
    day_index = {day.id: i for i, day in enumerate(tournament.days)}
    position = {division.id: i for i, division in enumerate(tournament.divisions)}
    listed = list(games)
    rounds: dict[str, int] = {}
    for game in listed:
        if game.stage == "group":
            rounds[game.division] = max(rounds.get(game.division, 0), game.order)
    targets = {}
    for game in listed:
        if game.stage != "group":
            targets[game.id] = 0
            continue
        playoff_day = tournament.division[game.division].playoff_day
        days = max(1, day_index[playoff_day] if playoff_day else len(tournament.days))
        shift = 0.5 if position[game.division] % 2 else 0.0
        spread = int((game.order - 1 + shift) * days / rounds[game.division])
        targets[game.id] = min(days - 1, spread)
    return targets


def construct(
    tournament: Tournament,
    games: list[Game],
    slots: list[Slot],
    fixed: Schedule | None = None,
) -> Schedule:
    """Place every game not in `fixed` at its earliest allowed slot; raise if one cannot go.

    A division's playoff that must stay at one venue goes where its first playoff game went.
    When a later one (the final) then finds no slot, the division's playoff games placed so
    far are taken back and its playoff starts over away from that venue, once per venue; if
    none works, the first failure is what is reported. The construction then goes on
    without that game and the games it feeds, so `ConstructionFailed.partial` holds every
    game it could place: a start that a repair (`complete.py`) may finish.
    """
    fixed = fixed or {}
    board = Board(tournament, games)
    for placement in fixed.values():
        board.place(placement)
    taken = {(p.field, p.day, p.start) for p in board.schedule.values()}
    day_index = {day.id: i for i, day in enumerate(tournament.days)}
    by_division_day: dict[tuple[str, int], list[Slot]] = defaultdict(list)
    for division in tournament.divisions:
        for s in slots:
            if tournament.field[s.field].hosts(division):
                by_division_day[(division.id, day_index[s.day])].append(s)
    by_division = {
        d.id: [s for i in range(len(tournament.days)) for s in by_division_day[(d.id, i)]]
        for d in tournament.divisions
    }
    targets = target_days(tournament, games)
    days = len(tournament.days)
    avoided: dict[str, set[str]] = defaultdict(set)
    failures: dict[str, Unplaceable] = {}
    stuck: list[Unplaceable] = []
    left_out: set[str] = set()
    queue = deque(g for g in construction_order(tournament, games) if g.id not in board.schedule)
    while queue:
        game = queue.popleft()
        if left_out.intersection(game.feeders):
            left_out.add(game.id)
            continue
        target = targets[game.id]
        order = [*range(target, days), *range(target - 1, -1, -1)]
        shunned = avoided[game.division] if game.stage == "playoff" else set()
        chosen = next(
            (
                slot
                for slot in (s for i in order for s in by_division_day[(game.division, i)])
                if (slot.field, slot.day, slot.start) not in taken
                and slot.venue not in shunned
                and board.allows(game, slot)
            ),
            None,
        )
        if chosen is not None:
            board.place(board.placement(game, chosen))
            taken.add((chosen.field, chosen.day, chosen.start))
            continue
        failure = failures.setdefault(
            game.division, Unplaceable(game, _reasons(board, game, by_division[game.division]))
        )
        taken_back = _take_back_playoff(board, game, fixed, avoided[game.division])
        if not taken_back:
            stuck.append(failure)
            left_out.add(game.id)
            continue
        taken -= {(p.field, p.day, p.start) for p in taken_back}
        queue.extendleft(reversed([*(board.games[p.game] for p in taken_back), game]))
    if stuck:
        raise ConstructionFailed(stuck[0], board.schedule)
    return board.schedule


def _take_back_playoff(
    board: Board, game: Game, fixed: Schedule, avoided: set[str]
) -> list[Placement]:
    """A one-venue playoff game found no slot: take its division's placed playoff games back
    (in the order they were placed) and avoid their venue from now on. Nothing to take back
    when the division may use any venue, or a fixed game holds its playoff to its venue."""
    if game.stage != "playoff" or not board.t.division[game.division].playoff_one_venue:
        return []
    placed = board.playoff_venue[game.division]
    if not placed or any(game_id in fixed for game_id in placed):
        return []
    avoided |= set(placed.values())
    return [board.remove(game_id) for game_id in list(placed)]


def _reasons(board: Board, game: Game, slots: list[Slot]) -> dict[str, int]:
    counts = Counter(board.refusal(game, slot) or "free" for slot in slots)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
