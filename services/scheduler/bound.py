"""A proven lower bound on the whole problem, every game's day free: one LP of an aggregated
model.

Every valid schedule gives a point of this LP that costs no more than its objective, so the
LP's optimum is below every schedule's:

- *Flows*: games alike (one group's games of a round, one division's playoff round, with the
  same requests and absences) go to groups of interchangeable slots, at most one game a slot,
  each flow paying the per-game terms (`SlotCosts`: compact, main venue, requests) of its
  slots. Alone, this is a transport problem: the old bound.
- *Day patterns* (`teamdays`): each group's teams spread their group games over the days in
  patterns within their caps, as many team-days on a day as the group's flows put there
  (two teams a game). A pattern pays the idle it forces; so capacity that pushes a group
  onto fewer days, or the playoff day that leaves no room for group games, shows as idle.
- *Even rest*: a division's worst idle of a day is at least its group's average that day,
  and over the days at least any of its teams' least idle.
- *Early/late*: a group's early or late kick-offs (two teams a game) go round its teams as
  evenly as whole numbers allow, a convex count of pairs (`teamdays.pair_envelope`).
- *Bands*: a group of three playing all its games on one day plays them one after another,
  so one of its teams waits through a game and a rest (`Relaxation._band_skipped`).
- *Playoff plans*: a division's playoff takes one plan (where each semi-final and the final
  kick off), the final a game plus the rest after both semi-finals, all at one venue where
  the division's playoff stays at one, and the division's group games end a rest before its
  first playoff game (`Relaxation._playoff_plans`).

What it still cannot see: where one game goes depends on the others only through capacity,
so rest, coaches and the teams' interplay within a day (two teams of one group cannot both
take the tightest gap; larger groups' rounds as bands) are relaxed away but for the bands of
a group of three and the playoff plans.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field

import pulp

from services.scheduler import milp, teamdays
from services.scheduler.assignment import interchangeable
from services.scheduler.board import Board
from services.scheduler.games import Game
from services.scheduler.objective import SlotCosts, is_early_or_late
from services.scheduler.slots import Slot
from services.scheduler.tournament import Division, Tournament

SCOPE = (
    "whole problem, days free: an LP of games by class over slot groups, with each group's "
    "teams spread over the days within their daily caps (idle and even rest by the slot "
    "grid's excess, and a group of three's games on one day in three bands), each division's "
    "playoff in one plan (in order, at one venue, after its group games) and its early/late "
    "kick-offs shared out evenly"
)

#: The most plans a division's playoff gets: one day's kick-offs at a venue give a few
#: hundred; a playoff free to take any day would give far more, and is left to the flows.
MOST_PLANS = 5_000


@dataclass(frozen=True)
class Bound:
    value: float | None  # None when the LP could not be solved in time
    terms: dict[str, float] = field(default_factory=dict)  # the optimum's share per term
    scope: str = SCOPE


def whole_bound(
    tournament: Tournament,
    games: list[Game],
    slots: list[Slot],
    solver: str = "highs",
    time_limit: float = 120.0,
) -> Bound:
    """The aggregated model's LP optimum (module doc), with its value per objective term.

    XL's LP (about 260,000 variables, 100,000 of them playoff plans) solves in 20-40 s on
    a loaded machine, L's and R's in 1-3 s; an LP stopped by its clock gives no bound."""
    relaxation = Relaxation(tournament, games, slots)
    run = milp.run(relaxation.prob, solver, time_limit, 0.0)
    if run.status != "optimal" or run.objective is None:
        return Bound(None)
    terms = {
        name: sum(c * (v.value() or 0.0) for c, v in parts)
        for name, parts in relaxation.costs.items()
    }
    return Bound(run.objective, {name: round(value, 6) for name, value in terms.items()})


Unit = tuple[str, str | None]  # (division, group): the teams whose group games are one pool
# Where a playoff game kicks off, as a plan sees it: the day, the venue (None where the
# division's playoff may use any) and the kick-off.
Place = tuple[str, str | None, int]
Plan = tuple[tuple[Place, ...], Place]  # the semi-finals' places (none or two), the final's


class Relaxation:
    """The LP, built on construction; `costs` holds each term's (coefficient, variable)."""

    def __init__(self, tournament: Tournament, games: list[Game], slots: list[Slot]) -> None:
        self.t = tournament
        self.prob = pulp.LpProblem("bound", pulp.LpMinimize)
        self.costs: dict[str, list[tuple[float, pulp.LpVariable]]] = defaultdict(list)
        self.day_order = [day.id for day in tournament.days]
        board = Board(tournament, games)
        self.groups: dict[int, list[Slot]] = {}
        for day in tournament.days:
            self.groups |= interchangeable(board, [s for s in slots if s.day == day.id])
        # Per unit and day, the group games' flows there; per unit, its early/late flows.
        self.asking = {r.team for r in tournament.requests}
        self.away = {u.team for u in tournament.unavailable}
        # The variables by what they count: games of a class in a slot group; teams of a
        # unit with one (group games, caps) taking one pattern.
        self.flow: dict[tuple[tuple[object, ...], int], pulp.LpVariable] = {}
        self.pick: dict[
            tuple[Unit, tuple[int, tuple[int, ...]], tuple[int, ...]], pulp.LpVariable
        ] = {}
        self.caps = teamdays.day_caps(tournament, games, slots)
        self.priced: dict[tuple[str, str, int, str], dict[str, float]] = {}
        self.on_day: dict[tuple[Unit, str], list[pulp.LpVariable]] = defaultdict(list)
        self.early_late: dict[Unit, list[pulp.LpVariable]] = defaultdict(list)
        # Per division, its playoff flows by round and place, and its group flows by start.
        self.playoff_at: dict[str, dict[tuple[str, Place], list[pulp.LpVariable]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.group_at: dict[str, list[tuple[int, str, pulp.LpVariable]]] = defaultdict(list)
        self.room: dict[tuple[str, Place], set[int]] = defaultdict(set)  # its slot groups
        self._flows(board, games)
        self._teams(games, slots)
        self._playoff_plans(games)
        self.prob += pulp.lpSum(c * v for parts in self.costs.values() for c, v in parts)

    def alike(self, game: Game) -> tuple[object, ...]:
        """Games alike in all that prices or rules out a slot, and of one unit, are a class."""
        return (
            game.division,
            game.group if game.stage == "group" else None,
            game.stage,
            game.round,
            tuple(sorted(self.asking & set(game.teams))),
            tuple(sorted(self.away & game.candidates)),
        )

    def _flows(self, board: Board, games: list[Game]) -> None:
        """Games by class to slot groups: each class's games placed, each group's slots
        held at most once."""
        slot_costs = SlotCosts(self.t)
        classes: dict[tuple[object, ...], list[Game]] = defaultdict(list)
        for game in games:
            classes[self.alike(game)].append(game)
        users: dict[int, list[pulp.LpVariable]] = defaultdict(list)
        # The groups of one division's round differ only in their teams: priced once.
        options: dict[tuple[object, ...], list[tuple[int, Slot, dict[str, float]]]] = {}
        for n, (alike, members) in enumerate(classes.items()):
            game = members[0]
            unit: Unit = (game.division, game.group)
            priced = (alike[0], *alike[2:])
            if priced not in options:
                options[priced] = [
                    (key, s[0], self._terms(slot_costs, game, s[0], bool(alike[4])))
                    for key, s in self.groups.items()
                    if board.allows(game, s[0])
                ]
            flows = []
            for key, slot, terms in options[priced]:
                flow = self.prob.add_variable(f"f_{n}_{key}", 0)
                self.flow[(alike, key)] = flow
                flows.append(flow)
                users[key].append(flow)
                for name, cost in terms.items():
                    if cost:
                        self.costs[name].append((cost, flow))
                if game.stage == "group":
                    self.on_day[(unit, slot.day)].append(flow)
                    moment = self._at((slot.day, slot.venue, slot.start))
                    self.group_at[game.division].append((moment, slot.day, flow))
                    if is_early_or_late(self.t, slot.start):
                        self.early_late[unit].append(flow)
                else:
                    place = self._place(game.division, slot)
                    self.playoff_at[game.division][(game.round, place)].append(flow)
                    self.room[(game.division, place)].add(key)
            self.prob += pulp.lpSum(flows) == len(members), f"games_{n}"
        for n, (key, flows) in enumerate(users.items()):
            self.prob += pulp.lpSum(flows) <= len(self.groups[key]), f"slots_{n}"

    def _place(self, division: str, slot: Slot) -> Place:
        """A playoff slot's place; its venue only where the division's playoff stays at one."""
        one_venue = self.t.division[division].playoff_one_venue
        return (slot.day, slot.venue if one_venue else None, slot.start)

    def _terms(self, slot_costs: SlotCosts, game: Game, slot: Slot, asks: bool) -> dict[str, float]:
        """`SlotCosts.terms`, the same for every game of a division but for the requests,
        which only a game with a team that asked can hit."""
        if asks:
            return slot_costs.terms(game, slot.day, slot.start, slot.field)
        key = (game.division, slot.day, slot.start, slot.field)
        if key not in self.priced:
            self.priced[key] = slot_costs.terms(game, slot.day, slot.start, slot.field)
        return self.priced[key]

    def _teams(self, games: list[Game], slots: list[Slot]) -> None:
        """Day patterns, even rest and early/late pairs per group of teams (module doc)."""
        w = self.t.weights
        group_games: dict[str, int] = defaultdict(int)
        for game in games:
            if game.stage == "group":
                for team in game.teams:
                    group_games[team] += 1
        for d, division in enumerate(self.t.divisions):
            times = teamdays.kick_offs(self.t, division, slots)
            excess = tuple(teamdays.grid_excess(self.t, division, day) for day in times)
            worst = self.prob.add_variable(f"even_{d}", 0)
            self.costs["even_rest"].append((w.even_rest / 60, worst))
            by_day = [self.prob.add_variable(f"even_{d}_{day}", 0) for day in self.day_order]
            self.prob += worst >= pulp.lpSum(by_day), f"even_days_{d}"
            for g, group in enumerate(division.groups):
                unit: Unit = (division.id, group.id)
                kinds: dict[tuple[int, tuple[int, ...]], int] = defaultdict(int)
                for team in group.team_ids:
                    kinds[(group_games[team], self.caps[team])] += 1
                count = len(group.team_ids)
                days: dict[int, list[tuple[int, pulp.LpVariable]]] = defaultdict(list)
                doubled: dict[int, list[tuple[int, pulp.LpVariable]]] = defaultdict(list)
                for k, ((n, cap), teams) in enumerate(sorted(kinds.items())):
                    options = list(teamdays.patterns(n, cap))
                    least = min((teamdays.idle_of(p, excess) for p in options), default=0)
                    self.prob += worst >= least, f"even_least_{d}_{g}_{k}"
                    picks = []
                    for p, pattern in enumerate(options):
                        z = self.prob.add_variable(f"z_{d}_{g}_{k}_{p}", 0)
                        self.pick[(unit, (n, cap), pattern)] = z
                        picks.append(z)
                        self.costs["idle"].append(
                            (w.idle * teamdays.idle_of(pattern, excess) / 60, z)
                        )
                        for i, games_that_day in enumerate(pattern):
                            days[i].append((games_that_day, z))
                            if games_that_day > 1:
                                doubled[i].append(((games_that_day - 1) * (excess[i] or 0), z))
                    self.prob += pulp.lpSum(picks) == teams, f"teams_{d}_{g}_{k}"
                for i, day in enumerate(self.day_order):
                    self.prob += (
                        pulp.lpSum(c * z for c, z in days[i])
                        == 2 * pulp.lpSum(self.on_day[(unit, day)]),
                        f"team_days_{d}_{g}_{i}",
                    )
                    self.prob += (
                        by_day[i] >= pulp.lpSum(c * z for c, z in doubled[i]) / count,
                        f"even_{d}_{g}_{i}",
                    )
                if count == 3 and all(group_games[team] == 2 for team in group.team_ids):
                    self._band_skipped(division, unit, f"{d}_{g}", excess, by_day)
                self._pairs(unit, f"{d}_{g}", count, max((n for n, _ in kinds), default=0))

    def _band_skipped(
        self,
        division: Division,
        unit: Unit,
        tag: str,
        excess: tuple[int | None, ...],
        worst: list[pulp.LpVariable],
    ) -> None:
        """A group of three playing all its three games on one day: each two of them share
        a team, so they kick off one after another, a game plus the rest (`need`) and at
        least the grid excess `e` apart, and the team of the first and the third waits
        through the second: its idle is at least need + 2e, where its day pattern counts e.
        So the group's idle that day is need + e above what the patterns count, and the
        division's worst idle that day at least need + 2e. The day holds all three when its
        group games number 3: `skip` >= games - 2 is 1 then and 0 at 2 or fewer."""
        need = division.play_minutes + self.t.rules.min_rest_minutes
        for i, day in enumerate(self.day_order):
            if excess[i] is None:  # no team plays twice that day
                continue
            skip = self.prob.add_variable(f"skip_{tag}_{i}", 0)
            self.prob += skip >= pulp.lpSum(self.on_day[(unit, day)]) - 2, f"skip_{tag}_{i}"
            self.costs["idle"].append((self.t.weights.idle * (need + excess[i]) / 60, skip))
            self.prob += worst[i] >= (need + 2 * excess[i]) * skip, f"skip_worst_{tag}_{i}"

    def _pairs(self, unit: Unit, tag: str, teams: int, most: int) -> None:
        """A group's early/late pairs: at least the envelope at its early/late team-games."""
        lines = teamdays.pair_envelope(teams, most)
        if not lines or not self.early_late[unit]:
            return
        pairs = self.prob.add_variable(f"pairs_{tag}", 0)
        self.costs["early_late"].append((self.t.weights.early_late, pairs))
        played = 2 * pulp.lpSum(self.early_late[unit])
        for q, (slope, intercept) in enumerate(lines):
            self.prob += pairs >= slope * played + intercept, f"pairs_{tag}_{q}"

    def _playoff_plans(self, games: list[Game]) -> None:
        """Each division's playoff takes one plan (a convex combination of them, in the LP):
        the semi-finals' places (one place for both only where it has two fields) and the
        final's, a game plus the rest after both semi-finals and at their venue where the
        playoff stays at one venue (the drive is left out where it may move). The playoff
        flows of each round and place are the plans' games there; and a group game kicking
        off at or after a moment needs a plan whose playoff game it feeds is a game plus the
        rest later: its first where every group game feeds both semi-finals (or the final
        alone), the later semi-final where the groups are split between them. The
        division's group games from a day on are at most its teams' caps from that day on
        over two, which scales that last constraint."""
        group_games: dict[str, set[str]] = defaultdict(set)
        for game in games:
            if game.stage == "group":
                group_games[game.division].add(game.id)
        # Where a semi-final is fed by only some groups (four groups: A and B feed one, C
        # and D the other), a group game need only end before the later semi-final.
        feeds_both: dict[str, bool] = {}
        for game in games:
            if game.round == "semifinal":
                fed = group_games[game.division] <= set(game.feeders)
                feeds_both[game.division] = feeds_both.get(game.division, True) and fed
        later: dict[tuple[str, str], int] = defaultdict(int)  # (division, day): caps from then
        for team in self.t.teams:
            for i, day in enumerate(self.day_order):
                later[(team.division, day)] += sum(self.caps[team.id][i:])
        for d, (division, at) in enumerate(self.playoff_at.items()):
            need = self.t.division[division].play_minutes + self.t.rules.min_rest_minutes
            semis = sorted({place for (name, place) in at if name == "semifinal"})
            finals = sorted({place for (name, place) in at if name == "final"})
            pairs = (
                [()]
                if not semis
                else [
                    (a, b)
                    for i, a in enumerate(semis)
                    for b in semis[i:]
                    if a[1] == b[1] and (a != b or self._fields(division, a) > 1)
                ]
            )
            plans: list[tuple[Plan, int]] = []
            for pair in pairs:
                semis_at = [self._at(p) for p in pair]
                fed = (min if feeds_both.get(division, True) else max)(semis_at, default=None)
                for final in finals:
                    if pair and (final[1] != pair[0][1] or self._at(final) < max(semis_at) + need):
                        continue
                    plans.append(((pair, final), self._at(final) if fed is None else fed))
            if len(plans) > MOST_PLANS:  # a playoff free over many days: left to the flows
                continue
            lams = [self.prob.add_variable(f"plan_{d}_{n}", 0) for n in range(len(plans))]
            self.prob += pulp.lpSum(lams) == 1, f"plans_{d}"
            uses: dict[tuple[str, Place], list[pulp.LpVariable]] = defaultdict(list)
            for ((pair, final), _), lam in zip(plans, lams, strict=True):
                for place in pair:  # both semi-finals at one place: the plan counts twice
                    uses[("semifinal", place)].append(lam)
                uses[("final", final)].append(lam)
            for n, (key, flows) in enumerate(at.items()):
                self.prob += pulp.lpSum(flows) == pulp.lpSum(uses[key]), f"plan_at_{d}_{n}"
            starts = sorted(self.group_at.get(division, []), key=lambda start: start[0])
            moments = [m for m, _, _ in starts]
            earliest = min((first for _, first in plans), default=None)
            for n, (moment, day) in enumerate(sorted({(m, day) for m, day, _ in starts})):
                if earliest is None or moment + need <= earliest:
                    continue  # every plan is late enough
                late_enough = [
                    lam
                    for (_, first), lam in zip(plans, lams, strict=True)
                    if first >= moment + need
                ]
                most = min(len(group_games[division]), later[(division, day)] // 2)
                after = [f for _, _, f in starts[bisect.bisect_left(moments, moment) :]]
                self.prob += (
                    pulp.lpSum(after) <= most * pulp.lpSum(late_enough),
                    f"plan_after_{d}_{n}",
                )

    def _fields(self, division: str, place: Place) -> int:
        """How many of the division's playoff games a place can hold at once."""
        return sum(len(self.groups[key]) for key in self.room[(division, place)])

    def _at(self, place: Place) -> int:
        """A place's kick-off in minutes from the first day's midnight."""
        return self.t.day_offset[place[0]] + place[2]
