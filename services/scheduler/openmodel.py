"""The open model: games placed with no order given, and their day given or free, in one MILP.

`DayModel` improves a valid schedule and keeps each team's order of games, which makes its
bounds tight but needs a schedule to start from. This model needs none: it is what decides
whether the games planned for a day fit that day at all, and what a replan uses to find the
fewest moves. With every day free it is an exact model of the whole tournament on the slot
grid, the yardstick for small cases. One binary per game and group of interchangeable slots
(as in `DayModel`); everything placed already is held fixed, and the `Board` rules out the
slots it forbids. Between free games:

- a team plays at most one game in any stretch as long as a game plus the rest: one clique
  constraint per team and kick-off time, the tightest linear form of "no two too close";
- a coach's teams never overlap, counting travel (pairwise per slot, as in `DayModel`);
- a playoff game starts after its free feeders end, plus the rest (cumulative precedence);
- a team's games per day (group games plus one per playoff round it could reach) stay within
  the division's limit, and no team plays late one day and early the next.

Times are absolute minutes from the first day's midnight, so one model may hold several days.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pulp

from services.scheduler import milp
from services.scheduler.assignment import Assignment, interchangeable
from services.scheduler.board import Board
from services.scheduler.coaches import Coaches
from services.scheduler.games import Game
from services.scheduler.objective import SlotCosts
from services.scheduler.placement import Schedule
from services.scheduler.slots import Slot
from services.scheduler.tournament import Tournament

MOVE_COST = 1000
"""What moving one game costs a replan, against a point per minute of shift."""

FAMILIES = {
    "slots": "one game per field slot, on fields of the right size while they are open and "
    "the teams are available",
    "playoff venue": "a division's playoff games at one venue",
    "rest": "a team's rest between its games, with the drive between venues",
    "coaches": "a coach's teams never overlapping, with the drive between venues",
    "playoff order": "playoff games after the games that feed them",
    "games per day": "a team's daily game limit",
    "late then early": "no team late one evening and early the next morning",
}
"""The rule families of the model, for saying which ones a proof of infeasibility needed."""


@dataclass(frozen=True)
class Outcome:
    """How the open model ended (`milp.Run`) and, when solved, the free games' placements."""

    run: milp.Run
    schedule: Schedule


class OpenModel:
    """Free games, each on its planned day, placed around a fixed partial schedule."""

    def __init__(
        self,
        tournament: Tournament,
        games: list[Game],
        fixed: Schedule,
        plan: Mapping[str, str | None],
        slots: list[Slot],
        reference: Schedule | None = None,
        after: int | None = None,
    ) -> None:
        """`plan`: free game id -> its day, or None for any day. `reference`: where the free
        games were (a replan then costs moves, not soft terms). `after`: only kick-offs later
        than this minute."""
        self.t = tournament
        self.by_id = {g.id: g for g in games}
        self.free = [self.by_id[g] for g in sorted(plan)]
        self.plan = dict(plan)
        self.reference = reference
        self.board = Board(tournament, games)
        for placement in fixed.values():
            if placement.game not in self.plan:
                self.board.place(placement)
        self.members: dict[int, list[Slot]] = {}
        days = set(self.plan.values())
        for day in tournament.days:
            if day.id in days or None in days:
                self.members |= interchangeable(self.board, [s for s in slots if s.day == day.id])
        self.group_of = {m.index: rep for rep, group in self.members.items() for m in group}
        self.slot_of = {(s.field, s.day, s.start): s for s in slots}
        representatives = [group[0] for group in self.members.values()]
        if after is not None:
            representatives = [s for s in representatives if self.at(s) > after]
        self.candidates = {
            g.id: [
                s
                for s in representatives
                if self.plan[g.id] in (None, s.day) and self.board.allows(g, s)
            ]
            for g in self.free
        }
        self.prob = pulp.LpProblem("open", pulp.LpMinimize)
        self.choice = Assignment(
            self.prob, tournament, self.board, self.free, self.members, self.candidates
        )
        self.x = self.choice.x

    @property
    def unplaceable(self) -> list[Game]:
        """Free games with no allowed slot at all on their day (the model is then infeasible)."""
        return [g for g in self.free if not self.candidates[g.id]]

    @property
    def size(self) -> int:
        return self.choice.size

    def at(self, slot: Slot) -> int:
        """A slot's kick-off in minutes from the first day's midnight."""
        return self.t.day_offset[slot.day] + slot.start

    def play(self, game: Game) -> int:
        return self.t.division[game.division].play_minutes

    def build(self, objective: bool = True, skip: frozenset[str] = frozenset()) -> OpenModel:
        """The constraints but the families in `skip` (keys of `FAMILIES`), and the costs
        unless only feasibility is asked for."""
        self.choice.add_variables()
        self.choice.one_slot_each()
        self.choice.one_game_per_field()
        families = {
            "playoff venue": self.choice.one_playoff_venue,
            "rest": self._team_windows,
            "coaches": Coaches(self.choice).add,
            "playoff order": self._playoff_order,
            "games per day": self._games_per_day,
            "late then early": self._late_then_early,
        }
        milp.add_families(families, skip)
        if objective:
            costs = self._move_costs() if self.reference is not None else self._slot_costs()
            self.prob += pulp.lpSum(w * v for w, v in costs)
        return self

    def late_before(self, later: set[str]) -> list[pulp.LpVariable]:
        """Late kick-offs on the eve of a day in `later` (one still to be fitted): each keeps
        its teams out of that day's early slots (late then early)."""
        days = [d.id for d in self.t.days]
        eves = {a for a, b in itertools.pairwise(days) if b in later and self._next(a, b)}
        return [
            self.x[(game.id, s.index)]
            for game in self.free
            for s in self.candidates[game.id]
            if s.day in eves and s.start >= self.t.rules.late_after
        ]

    def _next(self, first: str, then: str) -> bool:
        return self.t.day_offset[then] - self.t.day_offset[first] == 1440

    def _team_windows(self) -> None:
        """No two of a team's games closer than a game plus the rest (plus the drive).

        Two kick-offs of one team conflict when the later comes before the earlier ends plus
        `Tournament.rest_after` their venues. Kick-offs less than a game plus the rest apart
        conflict wherever they are: one clique per team and kick-off time t holds those in
        (t - play - rest, t]. The drive adds, per kick-off (t, venue w) and other venue u,
        a clique of the kick-offs at exactly (t, w) and those at u that end too late for the
        drive but not for the rest alone (a clique while a drive is shorter than a game plus
        the rest; otherwise pairs). Every conflicting pair lies in one of these; cliques that
        another holds are left out.
        """
        rest = self.t.rules.min_rest_minutes
        starts: dict[str, list[tuple[int, str, str, pulp.LpVariable]]] = defaultdict(list)
        for game in self.free:
            for team in game.teams:
                for slot in self.candidates[game.id]:
                    var = self.x[(game.id, slot.index)]
                    starts[team].append((self.at(slot), slot.venue, game.id, var))
        for team, items in sorted(starts.items()):
            play = self.play(self.by_id[items[0][2]])
            groups: list[list[tuple[str, pulp.LpVariable]]] = []
            for point in sorted({at for at, _, _, _ in items}):
                groups.append(
                    [(g, v) for at, _, g, v in items if point - play - rest < at <= point]
                )
            for point, w in sorted({(at, venue) for at, venue, _, _ in items}):
                here = [(g, v) for at, u, g, v in items if (at, u) == (point, w)]
                for u in sorted({venue for _, venue, _, _ in items} - {w}):
                    drive = self.t.travel_minutes(u, w)
                    window = (point - play - rest - drive, point - play - rest)
                    before = [
                        (g, v) for at, x, g, v in items if x == u and window[0] < at <= window[1]
                    ]
                    if not before:
                        continue
                    if drive < play + rest:
                        groups.append(here + before)
                    else:
                        groups += [[a, b] for a in here for b in before]
            cliques = {
                frozenset(v.name for _, v in group)
                for group in groups
                if len({g for g, _ in group}) >= 2
            }
            by_name = {var.name: var for _, _, _, var in items}
            for n, names in enumerate(sorted(_maximal(cliques), key=sorted)):
                self.prob += (
                    pulp.lpSum(by_name[v] for v in sorted(names)) <= 1,
                    f"team_{milp.safe(team)}_{n}",
                )

    def _playoff_order(self) -> None:
        """A playoff game kicks off at least the rest and the drive after each free feeder.

        Cumulative form, per kick-off time t and venue v of the playoff game: it can have
        started at v by t only as far as the feeder had ended, plus `rest_after(its venue,
        v)`, by t; much tighter in the relaxation than comparing average start times.
        """
        for game in self.free:
            for feeder_id in game.feeders:
                if feeder_id not in self.plan:
                    continue
                play = self.play(self.by_id[feeder_id])
                points = sorted({(self.at(s), s.venue) for s in self.candidates[game.id]})
                for point, venue in points:
                    started = [
                        self.x[(game.id, s.index)]
                        for s in self.candidates[game.id]
                        if s.venue == venue and self.at(s) <= point
                    ]
                    done = [
                        self.x[(feeder_id, s.index)]
                        for s in self.candidates[feeder_id]
                        if self.at(s) + play + self.t.rest_after(s.venue, venue) <= point
                    ]
                    name = f"after_{feeder_id}_{game.id}_{point}_{venue}"
                    self.prob += pulp.lpSum(started) <= pulp.lpSum(done), milp.safe(name)

    def _on(
        self, game: Game, day: str, when: Callable[[Slot], bool] = lambda _: True
    ) -> list[pulp.LpVariable]:
        """The game's variables on a day (whose slot passes `when`)."""
        return [
            self.x[(game.id, s.index)] for s in self.candidates[game.id] if s.day == day and when(s)
        ]

    def _games_per_day(self) -> None:
        """Group games plus one per playoff round the team could reach, within the limit
        (the placed games of the day count as constants)."""
        teams = sorted({team for game in self.free for team in game.candidates})
        for team in teams:
            limit = self.t.division[self.t.team[team].division].max_games_per_day
            mine = [g for g in self.free if team in g.candidates]
            for day in self.t.days:
                stays = [s for s in self.board.team_stays[team] if s.day == day.id]
                fixed = sum(1 for s in stays if s.game.stage == "group")
                rounds = {s.game.round for s in stays if s.game.stage == "playoff"}
                terms: list[pulp.LpVariable] = []
                reach: dict[str, list[pulp.LpVariable]] = defaultdict(list)
                for game in mine:
                    vars_ = self._on(game, day.id)
                    if not vars_:
                        continue
                    if game.stage == "group":
                        terms += vars_
                    elif game.round not in rounds:
                        reach[game.round].append(pulp.lpSum(vars_))
                tag = f"{milp.safe(team)}_{day.id}"
                terms += [
                    milp.any_of(self.prob, f"reach_{tag}_{milp.safe(name)}", plays)
                    for name, plays in sorted(reach.items())
                ]
                if fixed + len(rounds) + len(terms) > limit:
                    self.prob += (
                        pulp.lpSum(terms) <= limit - fixed - len(rounds),
                        f"per_day_{tag}",
                    )

    def _late_then_early(self) -> None:
        """No team (known or possible) plays late one day and early the next."""
        rules = self.t.rules
        teams = sorted({team for game in self.free for team in game.candidates})
        nights = list(itertools.pairwise(self.t.days))
        for team in teams:
            mine = [g for g in self.free if team in g.candidates]
            for n, (first, then) in enumerate(nights):
                if not self._next(first.id, then.id):
                    continue
                for a, b in itertools.permutations(mine, 2):
                    late = self._on(a, first.id, lambda s: s.start >= rules.late_after)
                    early = self._on(b, then.id, lambda s: s.start < rules.early_before)
                    if late and early:
                        self.prob += (
                            pulp.lpSum(late + early) <= 1,
                            f"night_{milp.safe(team)}_{n}_{milp.safe(a.id)}_{milp.safe(b.id)}",
                        )

    def _slot_costs(self) -> list[tuple[float, pulp.LpVariable]]:
        """The soft terms that belong to one game's slot (`SlotCosts`). Team terms (idle,
        early/late) are left to the improvement, which keeps a team's order and so can
        bound them tightly."""
        slot_costs = SlotCosts(self.t)
        costs = []
        for game in self.free:
            for slot in self.candidates[game.id]:
                cost = slot_costs.cost(game, slot.day, slot.start, slot.field)
                if cost:
                    costs.append((cost, self.x[(game.id, slot.index)]))
        return costs

    def _kept_group(self, game: Game) -> int | None:
        """The slot group holding the game's reference placement, if that slot is still open."""
        assert self.reference is not None
        old = self.reference[game.id]
        kept = self.slot_of.get((old.field, old.day, old.start))
        return None if kept is None else self.group_of.get(kept.index)

    def _move_costs(self) -> list[tuple[float, pulp.LpVariable]]:
        """A game in its old slot group costs nothing; a move costs `MOVE_COST` plus a point
        per minute of shift: the fewest games move first, then by the least."""
        assert self.reference is not None
        costs = []
        for game in self.free:
            old = self.reference[game.id]
            was = self.t.day_offset[old.day] + old.start
            kept = self._kept_group(game)
            for slot in self.candidates[game.id]:
                if slot.index != kept:
                    costs.append(
                        (MOVE_COST + abs(self.at(slot) - was), self.x[(game.id, slot.index)])
                    )
        return costs

    def warm_start(self) -> dict[str, float]:
        """The reference placements, for the games that may stay; empty otherwise."""
        if self.reference is None:
            return {}
        values = {}
        for game in self.free:
            kept = self._kept_group(game)
            if kept is not None and (game.id, kept) in self.x:
                values[self.x[(game.id, kept)].name] = 1.0
        return values

    def solve(self, solver: str = "highs", time_limit: float = 30.0, gap: float = 1e-4) -> Outcome:
        if self.unplaceable:
            return Outcome(milp.Run("infeasible", None, None, 0.0), {})
        run = milp.run(self.prob, solver, time_limit, gap, self.warm_start())
        if not run.solved:
            return Outcome(run, {})
        schedule = self.choice.decode(self.reference or {})
        return Outcome(run, schedule)


def _maximal(sets: set[frozenset[str]]) -> list[frozenset[str]]:
    """The sets no other set contains: a constraint on a subset adds nothing."""
    kept: list[frozenset[str]] = []
    for candidate in sorted(sets, key=len, reverse=True):
        if not any(candidate <= other for other in kept):
            kept.append(candidate)
    return kept
