"""The assignment MILP: a referee per position, or the position's slack, at least cost.

One binary per (referee, position) the seat-level rules allow (`eligibility.candidates`),
and one slack per position, so the model is never infeasible: a position nobody can take is
reported unfilled with its reason instead. Constraint families, each one method:

- `one_referee_per_position`: the referees of a position plus its slack make one;
- `overlap`: per referee, at each kick-off of a game they may take, at most one of the
  games in play then (a clique: their intervals plus the rest all contain that minute; two
  positions of one game included), and, per earlier game and venue, at most one of it and
  the games there that only the drive separates from it; games the referee keeps outside
  the part remove the candidates that clash with them;
- `daily_max`: per referee and day, at most their maximum of games, less those kept;
- soft terms (`objective.RefereeWeights`): slack, changes from the current assignment, the spread
  of games between referees, venue and field changes within a day, a referee of a playing
  club, and centres given to referees graded above the position (develop the others).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import pulp

from services.referees.duties import Assignment, AssignmentProblem, Match, Seat, is_center
from services.referees.eligibility import FAMILIES, candidates, clash
from services.referees.objective import RefereeWeights, active
from services.scheduler.milp import Run, run


@dataclass(frozen=True)
class Part:
    """The positions a model decides (all, or a stretch of a day, fix-and-optimise), the
    positions outside it as they stay (`fixed`), and the candidates when already computed."""

    seats: list[Seat]
    fixed: Assignment
    allowed: dict[Seat, list[str]] | None = None


class RefereeModel:
    """Built once per problem or part; `solve` returns the assignment it found (of the
    part's positions) and how it ended."""

    def __init__(
        self,
        problem: AssignmentProblem,
        weights: RefereeWeights | None = None,
        families: Collection[str] = FAMILIES,
        current: Assignment | None = None,
        part: Part | None = None,
    ) -> None:
        self.problem = problem
        self.weights = weights or RefereeWeights()
        self.families = families
        self.part = part or Part(problem.seats, {})
        inside = set(self.part.seats)
        self.current = {s: r for s, r in (current or {}).items() if s in inside}
        self.candidates = self.part.allowed or candidates(problem, families)
        # the fixed games of each referee: their load, and per day what they hold
        self.load_outside: dict[str, int] = defaultdict(int)
        self.fixed: dict[tuple[str, str], list[Match]] = defaultdict(list)
        for seat, referee_id in self.part.fixed.items():
            match = problem.match[seat[0]]
            self.load_outside[referee_id] += 1
            self.fixed[(referee_id, match.day)].append(match)
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
        for n, seat in enumerate(self.part.seats):
            match = self.problem.match[seat[0]]
            self.slack[seat] = self.prob.add_variable(f"unfilled_{n}", cat="Binary")
            self.cost.append((w.unfilled, self.slack[seat]))
            for referee_id in self.candidates[seat]:
                if self.clashes_with_fixed(referee_id, match):
                    continue
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

    def clashes_with_fixed(self, referee_id: str, match: Match) -> bool:
        """Whether a game of the part clashes with one the referee keeps outside it."""
        if "overlap" not in self.families:
            return False
        return any(clash(self.problem, m, match) for m in self.fixed[(referee_id, match.day)])

    def taken(self, referee_id: str, matches: Iterable[str]) -> pulp.LpAffineExpression:
        """The number of the games the referee takes (1 per game: any of its positions);
        summed from the variables themselves, which PuLP adds far faster than expressions."""
        here = self.games_of[referee_id]
        return pulp.lpSum(var for m in matches for var in here.get(m, ()))

    def one_referee_per_position(self) -> None:
        """Each position: one of its candidates, or its slack."""
        for seat, slack in self.slack.items():
            chosen = [self.x[(r, seat)] for r in self.candidates[seat] if (r, seat) in self.x]
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
                for clique in _cliques(listed, rest):
                    self.prob += self.taken(referee_id, (m.id for m in clique)) <= 1
                for i, a in enumerate(listed):
                    after: dict[str, list[Match]] = defaultdict(list)
                    for b in listed[i + 1 :]:
                        if b.start >= a.end + rest + farthest:
                            break  # later games are clear of `a` whatever the drive
                        if b.start >= a.end + rest and clash(self.problem, a, b):
                            after[b.venue].append(b)
                    for there in after.values():
                        for group in _clashing_groups(self.problem, there):
                            games = (a.id, *(b.id for b in group))
                            self.prob += self.taken(referee_id, games) <= 1

    def daily_max(self) -> None:
        """At most the referee's maximum of games a day."""
        for referee_id in self.games_of:
            limit = self.problem.pool.daily_max(self.problem.pool.referee[referee_id])
            for day, listed in self.matches_of(referee_id).items():
                left = limit - len({m.id for m in self.fixed[(referee_id, day)]})
                if len(listed) > left:
                    self.prob += self.taken(referee_id, (m.id for m in listed)) <= left

    def places(self) -> None:
        """Venue and field changes in a day: the venues (fields) a referee works at, less
        one on a day they work; only where they could work at more than one. Places their
        fixed games already use cost nothing more."""
        for r_index, referee_id in enumerate(self.games_of):
            limit = self.problem.pool.daily_max(self.problem.pool.referee[referee_id])
            for day, listed in self.matches_of(referee_id).items():
                kept = self.fixed[(referee_id, day)]
                works: pulp.LpVariable | None = None
                if not kept:
                    works = self.prob.add_variable(f"works_{r_index}_{day}", 0, 1)
                    self.works[(referee_id, day)] = works
                    self.prob += works <= self.taken(referee_id, (m.id for m in listed))
                for kind, weight in (
                    ("venue", self.weights.venues),
                    ("field", self.weights.fields),
                ):
                    held = {getattr(m, kind) for m in kept}
                    at: dict[str, list[Match]] = defaultdict(list)
                    for match in listed:
                        at[getattr(match, kind)].append(match)
                    if len(set(at) | held) < 2:
                        continue
                    for n, (place, there) in enumerate(sorted(at.items())):
                        if place in held:
                            continue
                        name = f"{kind}_{r_index}_{day}_{n}"
                        used = self.prob.add_variable(name, cat="Binary")
                        self.at[(referee_id, day, f"{kind}:{place}")] = used
                        games = self.taken(referee_id, (m.id for m in there))
                        self.prob += games <= min(limit, len(there)) * used
                        self.cost.append((weight, used))
                    if works is not None:
                        self.cost.append((-weight, works))

    def balance(self) -> None:
        """The spread: the busiest referee's games less the least busy one's, counting the
        games they have outside the part."""
        referees = active(self.problem)
        if len(referees) < 2:
            return
        most = self.prob.add_variable("most_games", 0)
        least = self.prob.add_variable("least_games", 0)
        for referee_id in referees:
            outside = self.load_outside[referee_id]
            here = self.games_of.get(referee_id, {})
            load = self.taken(referee_id, here) + outside
            self.prob += most >= load
            self.prob += least <= load
        self.cost += [(self.weights.balance, most), (-self.weights.balance, least)]
        self.spread = [(most, "most"), (least, "least")]

    def start(self, assignment: Assignment) -> dict[str, float]:
        """Every variable's value in the assignment (seats it gives a referee the model does
        not allow are left to their slack), so the solver starts from a feasible point."""
        kept = {seat: r for seat, r in assignment.items() if (r, seat) in self.x}
        values = {var.name: 1.0 for seat, var in self.slack.items() if seat not in kept}
        load = {r: self.load_outside[r] for r in active(self.problem)}
        for seat, referee_id in kept.items():
            values[self.x[(referee_id, seat)].name] = 1.0
            match = self.problem.match[seat[0]]
            if referee_id in load:
                load[referee_id] += 1
            for place in (f"venue:{match.venue}", f"field:{match.field}"):
                key = (referee_id, match.day, place)
                if key in self.at:
                    values[self.at[key].name] = 1.0
            if (referee_id, match.day) in self.works:
                values[self.works[(referee_id, match.day)].name] = 1.0
        counted = list(load.values()) or [0]
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


def _cliques(listed: list[Match], rest: int) -> list[list[Match]]:
    """The games in play (with the rest after them) at each kick-off, in kick-off order, each
    set once and none inside the next: any two of a set clash, whatever the venues."""
    cliques: list[list[Match]] = []
    live: list[Match] = []
    for match in listed:
        live = [m for m in live if m.end + rest > match.start] + [match]
        if cliques and {m.id for m in cliques[-1]} <= {m.id for m in live}:
            cliques[-1] = live
        else:
            cliques.append(live)
    return cliques


def _clashing_groups(problem: AssignmentProblem, there: list[Match]) -> list[list[Match]]:
    """The games at one venue that only the drive keeps from an earlier game, as one group
    when they all clash with each other too (they kick off within a drive of each other,
    shorter than a game), else one group each, so a constraint on a group is a clique."""
    if all(clash(problem, b, c) for i, b in enumerate(there) for c in there[i + 1 :]):
        return [there]
    return [[b] for b in there]
