"""The placement variables both MILPs share, and the constraints and decoding that need
nothing else.

`x[g, s] = 1` when free game g kicks off in slot group s: free slots that differ only by
field (same venue, kick-off, size and rules) form one group, named by its first slot, and
the fields are dealt out after the solve. The day model (`model.DayModel`) and the open model
(`openmodel.OpenModel`) each build their own candidate slots and soft terms around one
`Assignment`; the constraint families written here, and the coaches' (`coaches.Coaches`),
take it whole.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pulp

from services.scheduler import milp
from services.scheduler.board import Board
from services.scheduler.games import Game
from services.scheduler.placement import Schedule
from services.scheduler.slots import Slot
from services.scheduler.tournament import Tournament


@dataclass
class Assignment:
    """A model's free games, their candidate slot groups and the binaries choosing one."""

    prob: pulp.LpProblem
    tournament: Tournament
    board: Board
    free: list[Game]
    members: dict[int, list[Slot]]
    """Slot group (its first slot's index) -> the interchangeable slots in it."""
    candidates: dict[str, list[Slot]]
    """Free game id -> the groups (their first slots) it may take."""
    x: dict[tuple[str, int], pulp.LpVariable] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Number of placement variables: what decides whether a block is small enough."""
        return sum(len(c) for c in self.candidates.values())

    def add_variables(self) -> None:
        for game in self.free:
            for slot in self.candidates[game.id]:
                name = f"x_{milp.safe(game.id)}_{slot.index}"
                self.x[(game.id, slot.index)] = self.prob.add_variable(name, cat="Binary")

    def one_slot_each(self) -> None:
        """Every free game is played exactly once."""
        for game in self.free:
            self.prob += (
                pulp.lpSum(self.x[(game.id, s.index)] for s in self.candidates[game.id]) == 1,
                f"play_{milp.safe(game.id)}",
            )

    def one_game_per_field(self) -> None:
        """One game per field at a time: a group of identical slots holds one game per
        field."""
        users: dict[int, list[pulp.LpVariable]] = defaultdict(list)
        for (_, index), var in self.x.items():
            users[index].append(var)
        for index, vars_ in sorted(users.items()):
            if len(vars_) > len(self.members[index]):
                self.prob += pulp.lpSum(vars_) <= len(self.members[index]), f"slot_{index}"

    def one_playoff_venue(self) -> dict[tuple[str, str], pulp.LpVariable]:
        """Binary `venue_D_V`: division D's free playoff games all kick off at venue V.

        Only where two or more are free: a lone free one is already held by the `Board` to
        the venue of the division's placed playoff games. Returns the binaries by (division,
        venue).
        """
        picks: dict[tuple[str, str], pulp.LpVariable] = {}
        by_division: dict[str, list[Game]] = defaultdict(list)
        for game in self.free:
            if (
                game.stage == "playoff"
                and self.tournament.division[game.division].playoff_one_venue
            ):
                by_division[game.division].append(game)
        for division, games in sorted(by_division.items()):
            if len(games) < 2:
                continue
            venues = sorted({s.venue for g in games for s in self.candidates[g.id]})
            for venue in venues:
                name = f"venue_{milp.safe(division)}_{milp.safe(venue)}"
                picks[(division, venue)] = self.prob.add_variable(name, cat="Binary")
            self.prob += (
                pulp.lpSum(picks[(division, v)] for v in venues) == 1,
                f"one_venue_{milp.safe(division)}",
            )
            for game in games:
                for venue in venues:
                    here = [
                        self.x[(game.id, s.index)]
                        for s in self.candidates[game.id]
                        if s.venue == venue
                    ]
                    if here:
                        self.prob += (
                            pulp.lpSum(here) <= picks[(division, venue)],
                            f"at_venue_{milp.safe(game.id)}_{milp.safe(venue)}",
                        )
        return picks

    def decode(self, current: Schedule) -> Schedule:
        """The placements a solved model chose: its slot group per game, then a field each
        (a game keeps its field in `current` when it can)."""
        chosen: dict[int, list[Game]] = defaultdict(list)
        for game in self.free:
            rep = next(
                s.index
                for s in self.candidates[game.id]
                if (self.x[(game.id, s.index)].varValue or 0) > 0.5
            )
            chosen[rep].append(game)
        schedule = {}
        for rep, games in sorted(chosen.items()):
            for game, slot in _deal_order(games, self.members[rep], current):
                schedule[game.id] = self.board.placement(game, slot)
        return schedule


def interchangeable(board: Board, day_slots: list[Slot]) -> dict[int, list[Slot]]:
    """Free slots grouped when they differ only by field (same venue, time, size, rules).

    A model picks a group, not a field, which removes the symmetry between identical fields
    that otherwise swamps branch and bound; fields are dealt out afterwards. Slots that touch
    a placed game are left out.
    """
    groups: dict[tuple[object, ...], list[Slot]] = defaultdict(list)
    for slot in day_slots:
        busy = board.field_busy[(slot.field, slot.day)]
        if any(start < slot.start + slot.length and slot.start < end for start, end, _ in busy):
            continue
        field_ = board.t.field[slot.field]
        groups[(slot.venue, slot.start, slot.length, field_.size, field_.divisions)].append(slot)
    return {group[0].index: group for group in groups.values()}


def _deal_order(
    games: list[Game], members: list[Slot], current: Schedule
) -> list[tuple[Game, Slot]]:
    """Fields of one slot group to its games: a game keeps its own field when it can."""
    free = list(members)
    dealt = []
    rest = []
    for game in sorted(games, key=lambda g: g.id):
        old = current.get(game.id)
        own = next(
            (s for s in free if old is not None and (s.field, s.start) == (old.field, old.start)),
            None,
        )
        if own is None:
            rest.append(game)
        else:
            free.remove(own)
            dealt.append((game, own))
    return dealt + list(zip(rest, free, strict=False))
