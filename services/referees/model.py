"""The assignment MILP: a referee per position, or the position's slack, at least cost.

One binary per (referee, position) the seat-level rules allow (`eligibility.candidates`),
and one slack per position, so the model is never infeasible: a position nobody can take is
reported unfilled with its reason instead. Constraint families, each one method:

- `one_referee_per_position`: the referees of a position plus its slack make one;
- `overlap`: per referee, at each kick-off of a game they may take, at most one of the
  games in play then (a clique: their intervals plus the rest all contain that minute; two
  positions of one game included), and pairwise the games only the drive separates;
- `daily_max`: per referee and day, at most their maximum of games;
- soft terms (`objective.Weights`): slack, changes from the current assignment, the spread
  of games between referees, venue and field changes within a day, a referee of a playing
  club, and centres given to referees graded above the position (develop the others).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

import pulp

from services.referees.duties import Assignment, Match, Problem, Seat, is_center
from services.referees.eligibility import FAMILIES, candidates, clash
from services.referees.objective import Weights, active
from services.scheduler.milp import Run, run


class RefereeModel:
    """Built once per problem; `solve` returns the assignment it found and how it ended."""

    def __init__(
        self,
        problem: Problem,
        weights: Weights | None = None,
        families: Collection[str] = FAMILIES,
        current: Assignment | None = None,
    ) -> None:
        self.problem = problem
        self.weights = weights or Weights()
        self.families = families
        self.current = current or {}
        self.candidates = candidates(problem, families)
        self.prob = pulp.LpProblem("referees", pulp.LpMinimize)
        self.x: dict[tuple[str, Seat], pulp.LpVariable] = {}
        self.slack: dict[Seat, pulp.LpVariable] = {}
        self.games_of: dict[str, dict[str, list[pulp.LpVariable]]] = defaultdict(dict)
        # auxiliaries, each with the (referee, day, place) or referee it follows, for a start
        self.works: dict[tuple[str, str], pulp.LpVariable] = {}
        self.at: dict[tuple[str, str, str], pulp.LpVariable] = {}
        self.spread: list[tuple[pulp.LpVariable, str]] = []
        self.cost: list[tuple[float, pulp.LpVariable]] = []
        self.constant = 0.0
        self._variables()
        self.one_referee_per_position()
        if "overlap" in families:
            self.overlap()
        if "daily_max" in families:
            self.daily_max()
        self.places()
        self.balance()
        self.prob += pulp.lpSum(w * v for w, v in self.cost) + self.constant

    def _variables(self) -> None:
        """x per allowed (referee, position), with the per-seat costs; a slack per position."""
        index = {r.id: n for n, r in enumerate(self.problem.pool.referees)}
        rules, w = self.problem.pool.rules, self.weights
        for n, seat in enumerate(self.problem.seats):
            match = self.problem.match[seat[0]]
            self.slack[seat] = self.prob.add_variable(f"unfilled_{n}", cat="Binary")
            self.cost.append((w.unfilled, self.slack[seat]))
            for referee_id in self.candidates[seat]:
                var = self.prob.add_variable(f"x_{index[referee_id]}_{n}", cat="Binary")
                self.x[(referee_id, seat)] = var
                self.games_of[referee_id].setdefault(match.id, []).append(var)
                referee = self.problem.pool.referee[referee_id]
                price = w.club * (referee.club in match.clubs)
                if is_center(seat):
                    minimum = rules.rank(match.minimum_grade(seat[1]))
                    price += w.develop * (rules.rank(referee.grade) - minimum)
                if self.current.get(seat) == referee_id:
                    price -= w.change
                if price:
                    self.cost.append((price, var))
        self.constant += w.change * len(self.current)

    def taken(self, referee_id: str, match_id: str) -> pulp.LpAffineExpression:
        """1 when the referee takes any position of the game."""
        return pulp.lpSum(self.games_of[referee_id].get(match_id, []))

    def one_referee_per_position(self) -> None:
        """Each position: one of its candidates, or its slack."""
        for seat, slack in self.slack.items():
            chosen = [self.x[(r, seat)] for r in self.candidates[seat]]
            self.prob += pulp.lpSum(chosen) + slack == 1

    def matches_of(self, referee_id: str) -> dict[str, list[Match]]:
        """The games a referee may take, per day, in kick-off order."""
        per_day: dict[str, list[Match]] = defaultdict(list)
        for match_id in self.games_of[referee_id]:
            match = self.problem.match[match_id]
            per_day[match.day].append(match)
        for listed in per_day.values():
            listed.sort(key=lambda m: (m.start, m.id))
        return per_day

    def overlap(self) -> None:
        """No referee in two places at once, with the rest and the drive between games."""
        rest = self.problem.pool.rules.rest_minutes
        farthest = max(self.problem.tournament.travel.values(), default=0)
        for referee_id in self.games_of:
            for listed in self.matches_of(referee_id).values():
                for match in listed:
                    t = match.start
                    live = [m for m in listed if m.start <= t < m.end + rest]
                    self.prob += pulp.lpSum(self.taken(referee_id, m.id) for m in live) <= 1
                for i, a in enumerate(listed):
                    for b in listed[i + 1 :]:
                        if b.start >= a.end + rest + farthest:
                            break  # later games are clear of `a` whatever the drive
                        if b.start >= a.end + rest and clash(self.problem, a, b):
                            pair = self.taken(referee_id, a.id) + self.taken(referee_id, b.id)
                            self.prob += pair <= 1

    def daily_max(self) -> None:
        """At most the referee's maximum of games a day."""
        for referee_id in self.games_of:
            limit = self.problem.pool.daily_max(self.problem.pool.referee[referee_id])
            for listed in self.matches_of(referee_id).values():
                if len(listed) > limit:
                    self.prob += pulp.lpSum(self.taken(referee_id, m.id) for m in listed) <= limit

    def places(self) -> None:
        """Venue and field changes in a day: the venues (fields) a referee works at, less
        one on a day they work; only where they could work at more than one."""
        for r_index, referee_id in enumerate(self.games_of):
            for day, listed in self.matches_of(referee_id).items():
                venues = {m.venue for m in listed}
                fields = {m.field for m in listed}
                if len(fields) < 2:
                    continue
                works = self.prob.add_variable(f"works_{r_index}_{day}", 0, 1)
                self.works[(referee_id, day)] = works
                self.prob += works <= pulp.lpSum(self.taken(referee_id, m.id) for m in listed)
                for kind, weight, key in (
                    ("venue", self.weights.venues, "venue"),
                    ("field", self.weights.fields, "field"),
                ):
                    if kind == "venue" and len(venues) < 2:
                        continue
                    used: dict[str, pulp.LpVariable] = {}
                    for match in listed:
                        place = getattr(match, key)
                        if place not in used:
                            name = f"{kind}_{r_index}_{day}_{len(used)}"
                            used[place] = self.prob.add_variable(name, 0, 1)
                            self.at[(referee_id, day, f"{kind}:{place}")] = used[place]
                            self.cost.append((weight, used[place]))
                        self.prob += used[place] >= self.taken(referee_id, match.id)
                    self.cost.append((-weight, works))

    def balance(self) -> None:
        """The spread: the busiest referee's games less the least busy one's."""
        referees = [r for r in active(self.problem) if r in self.games_of]
        if len(referees) < 2:
            return
        most = self.prob.add_variable("most_games", 0)
        least = self.prob.add_variable("least_games", 0)
        for referee_id in referees:
            load = pulp.lpSum(self.taken(referee_id, m) for m in self.games_of[referee_id])
            self.prob += most >= load
            self.prob += least <= load
        self.cost += [(self.weights.balance, most), (-self.weights.balance, least)]
        self.spread = [(most, "most"), (least, "least")]

    def start(self, assignment: Assignment) -> dict[str, float]:
        """Every variable's value in the assignment (seats it gives a referee the model does
        not allow are left to their slack), so the solver starts from a feasible point."""
        kept = {seat: r for seat, r in assignment.items() if (r, seat) in self.x}
        values = {var.name: 1.0 for seat, var in self.slack.items() if seat not in kept}
        load: dict[str, int] = dict.fromkeys(self.games_of, 0)
        for seat, referee_id in kept.items():
            values[self.x[(referee_id, seat)].name] = 1.0
            match = self.problem.match[seat[0]]
            load[referee_id] += 1
            for place in (f"venue:{match.venue}", f"field:{match.field}"):
                key = (referee_id, match.day, place)
                if key in self.at:
                    values[self.at[key].name] = 1.0
            if (referee_id, match.day) in self.works:
                values[self.works[(referee_id, match.day)].name] = 1.0
        counted = [load[r] for r in active(self.problem) if r in load] or [0]
        for var, end in self.spread:
            values[var.name] = float(max(counted) if end == "most" else min(counted))
        return values

    def solve(
        self, solver: str, time_limit: float, gap: float, start: Assignment
    ) -> tuple[Assignment | None, Run]:
        """The solver's assignment (None without one) and how the solve ended."""
        ended = run(self.prob, solver, time_limit, gap, self.start(start))
        if not ended.solved:
            return None, ended
        chosen = {seat: r for (r, seat), var in self.x.items() if (var.varValue or 0) > 0.5}
        return chosen, ended
