"""A coach's teams never overlap, with the drive between venues: the MILP constraints.

Two games clash for a coach when two of the coach's teams play them (known or possible)
and the later one kicks off before the earlier one ends plus the drive from its venue.
Written pair by pair and slot by slot this was ~12,600 rows on an L cup's playoff day (13 of
its 15 seconds). Two forms instead:

- *Overlap*, per pair of a coach's teams and kick-off time p: games in play at p clash
  whatever the venues (two intervals overlap exactly when both hold the later kick-off), so
  "team a in play at p" plus "team b in play at p" is at most 1. In play is the sum of the
  team's slot variables covering p when the team plays at most one game at a time (its
  group games: the rest rules keep them apart), else an indicator above each (a possible
  team of two semi-finals played at once).
- *The drive*, per pair of games and slot of the first: the second's slots that kick off
  after the first ends but before the coach has driven over (slot by slot, as before, but
  only for these few).

A game that two of one coach's teams may both play is left to the pairwise form for that
pair of teams: an indicator per team would forbid the game itself.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import pulp

from services.scheduler import milp
from services.scheduler.assignment import Assignment
from services.scheduler.games import Game
from services.scheduler.slots import Slot

Var = tuple[str, Slot]  # a game and one of its candidate slots


class Coaches:
    """The constraints keeping every coach's teams' free games apart (see the module doc)."""

    def __init__(self, choice: Assignment) -> None:
        self.prob, self.t, self.candidates, self.x = (
            choice.prob,
            choice.tournament,
            choice.candidates,
            choice.x,
        )
        free = choice.free
        self.play = {g.id: self.t.division[g.division].play_minutes for g in free}
        self.games_of: dict[str, list[Game]] = defaultdict(list)
        for game in free:
            for team in sorted(game.candidates):
                self.games_of[team].append(game)
        self.in_play: dict[tuple[str, int], pulp.LpAffineExpression | pulp.LpVariable] = {}
        self.count = 0

    def at(self, slot: Slot) -> int:
        return self.t.day_offset[slot.day] + slot.start

    def add(self) -> None:
        pairs: set[tuple[str, str]] = set()
        for teams in self.t.teams_of_coach.values():
            for a, b in itertools.combinations(sorted(teams), 2):
                if self.games_of[a] and self.games_of[b]:
                    pairs.add((a, b))
        drives: set[tuple[str, str]] = set()
        for a, b in sorted(pairs):
            games = [(g1, g2) for g1 in self.games_of[a] for g2 in self.games_of[b]]
            if any(g1.id == g2.id for g1, g2 in games):
                self._pairwise(games, overlap=True)
                continue
            self._overlap(a, b)
            drives |= {(min(g1.id, g2.id), max(g1.id, g2.id)) for g1, g2 in games}
        by_id = {g.id: g for gs in self.games_of.values() for g in gs}
        self._pairwise([(by_id[a], by_id[b]) for a, b in sorted(drives)], overlap=False)

    def _overlap(self, a: str, b: str) -> None:
        points = sorted(
            {
                self.at(s)
                for team in (a, b)
                for g in self.games_of[team]
                for s in self.candidates[g.id]
            }
        )
        for p in points:
            left, right = self._playing(a, p), self._playing(b, p)
            if left is not None and right is not None:
                self.count += 1
                self.prob += left + right <= 1, f"coach_{self.count}"

    def _playing(self, team: str, p: int) -> pulp.LpAffineExpression | pulp.LpVariable | None:
        """1 when the team is in play at minute p (a sum or an indicator), None if it cannot be."""
        if (team, p) in self.in_play:
            return self.in_play[(team, p)]
        covering = [
            self.x[(g.id, s.index)]
            for g in self.games_of[team]
            for s in self.candidates[g.id]
            if self.at(s) <= p < self.at(s) + self.play[g.id]
        ]
        term: pulp.LpAffineExpression | pulp.LpVariable | None = None
        if covering:
            known = all(team in g.teams for g in self.games_of[team])
            name = f"playing_{milp.safe(team)}_{p}"
            term = pulp.lpSum(covering) if known else milp.any_of(self.prob, name, covering)
        self.in_play[(team, p)] = term
        return term

    def _clash(self, sa: Slot, a: str, sb: Slot, b: str, overlap: bool) -> bool:
        """Whether the coach cannot make both; with `overlap` False only the drive counts
        (games that do not overlap but start before the coach can get there)."""
        first, then = ((sa, a), (sb, b)) if self.at(sb) >= self.at(sa) else ((sb, b), (sa, a))
        end = self.at(first[0]) + self.play[first[1]]
        start = self.at(then[0])
        if start < end:
            return overlap
        return start < end + self.t.travel_minutes(first[0].venue, then[0].venue)

    def _pairwise(self, games: list[tuple[Game, Game]], overlap: bool) -> None:
        for g1, g2 in games:
            if g1.id == g2.id:
                continue
            a, b = g1.id, g2.id
            for sa in self.candidates[a]:
                others = [
                    self.x[(b, sb.index)]
                    for sb in self.candidates[b]
                    if self._clash(sa, a, sb, b, overlap)
                ]
                if others:
                    self.count += 1
                    self.prob += (
                        self.x[(a, sa.index)] + pulp.lpSum(others) <= 1,
                        f"coach_{self.count}",
                    )
