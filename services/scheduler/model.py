"""The MILP: put a set of free games of one day into slots, everything else held fixed.

One binary `x[g, s]` per game and group of interchangeable slots (same venue, kick-off, size
and rules; the fields are dealt out afterwards, which removes the symmetry between identical
fields). Slots a game can never take given the fixed games (field taken, a team's rest or
unavailability, a coach elsewhere, playoff order, late then early) are not even offered: the
`Board` rules them out, so the model only keeps the free games apart from each other.
Constraint families are added in a fixed order, one small method each; slack variables carry
the names of the soft terms they measure. Each team keeps the order of its games within the
day, which makes rest a precedence and idle time linear, so the proven bounds are tight.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

import pulp

from services.scheduler import milp
from services.scheduler.assignment import Assignment, interchangeable
from services.scheduler.board import Board
from services.scheduler.coaches import Coaches
from services.scheduler.games import Game
from services.scheduler.objective import (
    SlotCosts,
    early_late_counts,
    early_late_penalty,
    idle_minutes,
    is_early_or_late,
)
from services.scheduler.placement import Schedule
from services.scheduler.slots import Slot
from services.scheduler.tournament import Tournament, Window


@dataclass(frozen=True)
class DayResult:
    """What a solve gives back, whatever the solver (no solver object leaks out)."""

    status: str  # "optimal", "feasible", "infeasible" (proven) or "no_solution"
    objective: float | None
    bound: float | None
    runtime: float
    schedule: Schedule


class DayModel:
    """Free games of one day, slots of that day, and the fixed rest of the schedule."""

    def __init__(
        self,
        tournament: Tournament,
        games: list[Game],
        schedule: Schedule,
        free: list[Game],
        day: str,
        slots: list[Slot],
    ) -> None:
        self.t = tournament
        self.free = free
        self.day = day
        self.current = schedule
        free_ids = {g.id for g in free}
        self.board = Board(tournament, games)
        for placement in schedule.values():
            if placement.game not in free_ids:
                self.board.place(placement)
        self.fixed = {gid: p for gid, p in schedule.items() if gid not in free_ids}
        self.slot_of = {(s.field, s.day, s.start): s for s in slots}
        self.members = interchangeable(self.board, [s for s in slots if s.day == day])
        self.group_of = {m.index: rep for rep, group in self.members.items() for m in group}
        representatives = [group[0] for group in self.members.values()]
        self.chains = self._chains(games, schedule)
        self.candidates: dict[str, list[Slot]] = {
            g.id: [s for s in representatives if self.board.allows(g, s) and self._in_order(g, s)]
            for g in free
        }
        self.prob = pulp.LpProblem("day", pulp.LpMinimize)
        self.choice = Assignment(
            self.prob, tournament, self.board, free, self.members, self.candidates
        )
        self.x = self.choice.x
        self.slacks: list[tuple[pulp.LpVariable, str, str]] = []
        self.early_late_steps: list[tuple[pulp.LpVariable, str, int]] = []
        self.costs: list[tuple[float, pulp.LpVariable | pulp.LpAffineExpression]] = []
        self.venue_picks: dict[tuple[str, str], pulp.LpVariable] = {}

    @property
    def size(self) -> int:
        """Number of placement variables: what decides whether this block is small enough."""
        return self.choice.size

    def build(self) -> DayModel:
        self.choice.add_variables()
        self.choice.one_slot_each()
        self.choice.one_game_per_field()
        self._team_order()
        self._coach_travel()
        self._playoff_order()
        self._playoff_venue()
        self._slot_costs()
        self._early_late()
        self._idle_and_even_rest()
        self.prob += pulp.lpSum(w * v for w, v in self.costs)
        return self

    def _play(self, game: Game) -> int:
        return self.t.division[game.division].play_minutes

    def _chains(self, games: list[Game], schedule: Schedule) -> dict[str, list[str]]:
        """Per team with a free game: its games today in their current order.

        The order is kept (a team plays its rounds in order), which makes rest a precedence
        and a team's idle time a linear expression, so the model's bound is tight.
        """
        by_id = {g.id: g for g in games}
        teams = {team for game in self.free for team in game.teams}
        chains: dict[str, list[str]] = defaultdict(list)
        for placement in sorted(schedule.values(), key=lambda p: (p.start, p.game)):
            if placement.day != self.day:
                continue
            for team in by_id[placement.game].teams:
                if team in teams:
                    chains[team].append(placement.game)
        return dict(sorted(chains.items()))

    def _in_order(self, game: Game, slot: Slot) -> bool:
        """The slot keeps the game after its team's fixed games before it and before the rest,
        with the rest and the drive between venues in between."""
        end = slot.start + self._play(game)
        for team in game.teams:
            chain = self.chains[team]
            here = chain.index(game.id)
            for position, other in enumerate(chain):
                fixed = self.fixed.get(other)
                if fixed is None:
                    continue
                venue = self.t.field[fixed.field].venue
                if position < here and slot.start < fixed.end + self.t.rest_after(
                    venue, slot.venue
                ):
                    return False
                if position > here and fixed.start < end + self.t.rest_after(slot.venue, venue):
                    return False
        return True

    def _team_order(self) -> None:
        """Rest between a team's consecutive free games, in their order."""
        by_id = {g.id: g for g in self.free}
        for team, chain in self.chains.items():
            for a, b in itertools.pairwise(chain):
                if a in by_id and b in by_id:
                    self._precedence(by_id[a], by_id[b], f"rest_{milp.safe(team)}")

    def _precedence(self, first: Game, then: Game, name: str) -> None:
        """`then` kicks off at least the rest, plus the drive, after `first` ends (cumulative).

        For every possible kick-off t of `then` at venue v: it can have started at v by t only
        as far as `first` ended early enough to rest and drive to v by t. Much tighter in the
        LP relaxation than comparing the two average start times, which is what makes idle
        time provable; with one venue it is one constraint per kick-off, as without travel.
        """
        play = self._play(first)
        for venue, point in sorted({(s.venue, s.start) for s in self.candidates[then.id]}):
            started = [
                self.x[(then.id, s.index)]
                for s in self.candidates[then.id]
                if s.venue == venue and s.start <= point
            ]
            done = [
                self.x[(first.id, s.index)]
                for s in self.candidates[first.id]
                if s.start + play + self.t.rest_after(s.venue, venue) <= point
            ]
            self.prob += (
                pulp.lpSum(started) <= pulp.lpSum(done),
                f"{name}_{milp.safe(first.id)}_{milp.safe(then.id)}_{milp.safe(venue)}_{point}",
            )

    def _coach_travel(self) -> None:
        Coaches(self.choice).add()

    def _start(self, game: Game) -> pulp.LpAffineExpression:
        return pulp.lpSum(s.start * self.x[(game.id, s.index)] for s in self.candidates[game.id])

    def _playoff_order(self) -> None:
        """A playoff game starts after the free games feeding it end, plus the rest."""
        by_id = {g.id: g for g in self.free}
        for game in self.free:
            for feeder in game.feeders:
                if feeder in by_id:
                    self._precedence(by_id[feeder], game, "after")

    def _playoff_venue(self) -> None:
        self.venue_picks = self.choice.one_playoff_venue()

    def _slot_costs(self) -> None:
        """Compact days, older divisions on the main venue, requests: a cost per slot."""
        costs = SlotCosts(self.t)
        for game in self.free:
            for slot in self.candidates[game.id]:
                cost = costs.cost(game, self.day, slot.start, slot.field)
                if cost:
                    self.costs.append((cost, self.x[(game.id, slot.index)]))

    def _fixed_today(self, team: str) -> list[Window]:
        return [
            Window(p.start, p.end)
            for p in self.fixed.values()
            if p.day == self.day and team in self.board.games[p.game].teams
        ]

    def _early_late(self) -> None:
        """Slacks `early_late_T_k`: team T's early/late games over the tournament beyond k.

        With n such games, the slacks for k = 1, 2, ... sum to n(n-1)/2, which is
        `early_late_penalty`: convex and exact (each slack is max(0, n - k) at the optimum).
        The team's games not free here, on other days too, are fixed and only add to n.
        """
        w = self.t.weights.early_late
        by_team: dict[str, list[pulp.LpVariable]] = defaultdict(list)
        could: dict[str, int] = defaultdict(int)
        for game in self.free:
            early = [
                self.x[(game.id, s.index)]
                for s in self.candidates[game.id]
                if is_early_or_late(self.t, s.start)
            ]
            for team in game.teams if early else ():
                by_team[team] += early
                could[team] += 1
        fixed = early_late_counts(self.t, self.board.games.values(), self.fixed)
        for team, vars_ in sorted(by_team.items()):
            for k in range(1, fixed[team] + could[team]):
                name = f"early_late_{milp.safe(team)}_{k}"
                slack = self.prob.add_variable(name, lowBound=max(0, fixed[team] - k))
                self.prob += (
                    slack >= pulp.lpSum(vars_) + fixed[team] - k,
                    f"el_{milp.safe(team)}_{k}",
                )
                self.costs.append((w, slack))
                self.early_late_steps.append((slack, team, k))
        elsewhere = self._early_late_elsewhere(sorted(by_team))
        self.costs.append((1.0, pulp.LpAffineExpression(constant=-elsewhere)))

    def _early_late_elsewhere(self, teams: list[str]) -> float:
        """The part of these teams' modelled early/late penalty that other days' blocks own.

        The model charges a team's whole penalty, w per pair of its early/late games. The
        pairs within other days, and half of each pair of a game today with one on another
        day (at the current placements), belong to the other days. Taking them off as a
        constant changes no decision, and makes the blocks of one schedule add up to its
        total, as the sum of block bounds in `solve` expects.
        """
        w = self.t.weights.early_late
        games = self.board.games.values()
        on_day = {g: p for g, p in self.current.items() if p.day == self.day}
        off_day = {g: p for g, p in self.current.items() if p.day != self.day}
        today = early_late_counts(self.t, games, on_day)
        elsewhere = early_late_counts(self.t, games, off_day)
        return sum(
            early_late_penalty(w, elsewhere[team]) + w * elsewhere[team] * today[team] / 2
            for team in teams
        )

    def _edge(self, game_id: str, end: bool) -> pulp.LpAffineExpression | int:
        """Kick-off (or final whistle) of a game today: a constant when it is fixed."""
        fixed = self.fixed.get(game_id)
        if fixed is not None:
            return fixed.end if end else fixed.start
        game = self.board.games[game_id]
        return self._start(game) + (self._play(game) if end else 0)

    def _idle_and_even_rest(self) -> None:
        """Team T's idle: span today minus play and rests (linear: the order is kept).

        Slack `worst_D` is the longest idle among division D's teams today.
        """
        w = self.t.weights
        rest = self.t.rules.min_rest_minutes
        worst: dict[str, pulp.LpVariable] = {}
        for team, chain in self.chains.items():
            if len(chain) < 2:
                continue
            played = sum(self._play(self.board.games[g]) for g in chain)
            idle = (
                self._edge(chain[-1], end=True)
                - self._edge(chain[0], end=False)
                - played
                - rest * (len(chain) - 1)
            )
            self.costs.append((w.idle / 60, idle))
            division = self.t.team[team].division
            if division not in worst:
                worst[division] = self.prob.add_variable(f"worst_{milp.safe(division)}", lowBound=0)
                self.costs.append((w.even_rest / 60, worst[division]))
                self.slacks.append((worst[division], "worst", division))
            self.prob += worst[division] >= idle, f"worst_{milp.safe(team)}"
        for division, var in worst.items():
            var.lowBound = self._fixed_worst(division)

    def _fixed_worst(self, division: str) -> int:
        """The longest wait today of the division's teams that have no free game."""
        rest = self.t.rules.min_rest_minutes
        waits = [
            idle_minutes(rest, self._fixed_today(team.id))
            for team in self.t.teams
            if team.division == division and team.id not in self.chains
        ]
        return max(waits, default=0)

    def warm_start(self) -> dict[str, float]:
        """The current placements as variable values, so the solver starts from them."""
        values: dict[str, float] = {}
        for game in self.free:
            p = self.current[game.id]
            slot = self.slot_of.get((p.field, p.day, p.start))
            rep = None if slot is None else self.group_of.get(slot.index)
            if rep is None or (game.id, rep) not in self.x:
                return {}
            values[self.x[(game.id, rep)].name] = 1.0
            pick = self.venue_picks.get((game.division, self.t.field[p.field].venue))
            if pick is not None:
                values[pick.name] = 1.0
        rest = self.t.rules.min_rest_minutes
        today = {
            team: [Window(self.current[g].start, self.current[g].end) for g in chain]
            for team, chain in self.chains.items()
        }
        for var, _, division in self.slacks:
            waits = [
                idle_minutes(rest, windows)
                for team, windows in today.items()
                if self.t.team[team].division == division
            ]
            values[var.name] = max([var.lowBound or 0, *waits])
        counts = early_late_counts(self.t, self.board.games.values(), self.current)
        for var, team, k in self.early_late_steps:
            values[var.name] = max(0, counts[team] - k)
        return values

    def solve(
        self, solver: str = "highs", time_limit: float = 30.0, gap: float = 1e-4
    ) -> DayResult:
        """Solve single-threaded (deterministic) from the current placements.

        Stops at the time limit or once within the relative `gap` of the proven bound.
        """
        outcome = milp.run(self.prob, solver, time_limit, gap, self.warm_start())
        if not outcome.solved:
            return DayResult(outcome.status, None, outcome.bound, outcome.runtime, {})
        schedule = self.choice.decode(self.current)
        return DayResult(
            outcome.status, outcome.objective, outcome.bound, outcome.runtime, schedule
        )
