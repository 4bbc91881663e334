"""Find a schedule when the greedy construction cannot: plan the days, fit each day, learn.

A small cup goes to one exact model (`OpenModel` with every day free). A larger one goes to
a logic-based Benders decomposition. The master (`DayPlan`) gives every game a day under
relaxed, day-level rules; the open model then fits each day's games into its slots (one
field size class at a time when it can), days in order, earlier days held fixed. When a day
cannot be fitted and the solver *proves* it, the smallest set of that day's games found
still to clash becomes a cut in the master; the clashing divisions are then re-planned
across all days in one whole-cup model (its own proven infeasibility is a cut too), and
failing that the master plans again. So:

- a schedule comes back whenever the loop reaches one within the time limit;
- "no schedule is possible" is said only with a proof: the exact model, or the master with
  its cuts, proven infeasible, every cut itself a proven conflict; the reasons name the rule
  families the proof needed;
- anything else (time ran out, a solve that neither found nor refuted) is `NoScheduleFound`,
  with what was tried.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pulp

from services.scheduler import dayplan, openmodel
from services.scheduler.dayplan import Cut, DayPlan
from services.scheduler.explain import NoScheduleFound, ScheduleInfeasible
from services.scheduler.games import Game
from services.scheduler.openmodel import OpenModel
from services.scheduler.placement import Schedule
from services.scheduler.slots import Slot
from services.scheduler.tournament import Tournament

DAY_TIME_LIMIT = 30.0
PROBE_TIME_LIMIT = 5.0
EXPLAIN_SECONDS = 10.0  # how long past the time limit naming a proof's rules may take
CORE_GAMES = 60  # a core this small is shrunk game by game
EXACT_VARIABLES = 25_000  # a whole cup this small is solved as one exact model first
REPAIR_VARIABLES = 60_000  # the largest whole-cup model a repair builds


@dataclass
class Search:
    """One search: the tournament, the time left, and what has been learnt so far."""

    tournament: Tournament
    games: list[Game]
    slots: list[Slot]
    solver: str
    deadline: float
    log: Callable[[str], None]
    exact_variables: int = EXACT_VARIABLES

    def __post_init__(self) -> None:
        self.by_id = {g.id: g for g in self.games}
        self.master = DayPlan(self.tournament, self.games, self.slots).build()
        self.rounds = 0
        self.why: dict[Cut, list[str]] = {}
        self.last_status = ""  # how the latest fit of a day ended

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def run(self) -> Schedule:
        exact = self._exact()
        if exact is not None:
            return exact
        while True:
            self.rounds += 1
            if self.left() <= 0.5:
                raise NoScheduleFound(self._tried("the time limit ran out"))
            plan = self.master.solve(self.solver, self.left())
            if plan.run.status == "infeasible":
                raise ScheduleInfeasible(self._proof())
            if not plan.run.solved:
                raise NoScheduleFound(self._tried("the day plan found no answer in time"))
            self.log(f"day plan {self.rounds}: {len(self.master.cuts)} cuts")
            schedule = self._fit(plan.days)
            if schedule is not None:
                return schedule

    def _exact(self) -> Schedule | None:
        """Small cups: the open model with every day free is exact on the slot grid, so it
        either gives a schedule or proves there is none (naming the rule families needed)."""
        anywhere = dict.fromkeys((g.id for g in self.games), None)
        return self._whole(anywhere, self.exact_variables)

    def _repair(self, days: dict[str, str], core: list[str]) -> Schedule | None:
        """The whole cup at once, the clashing divisions' games free to take any day and the
        rest on their planned days: a no-good cut forbids one set of games on a day, and the
        plan would otherwise try its near copies one by one."""
        divisions = {self.by_id[g].division for g in core}
        plan: dict[str, str | None] = {
            g: None if self.by_id[g].division in divisions else d for g, d in days.items()
        }
        schedule = self._whole(plan, REPAIR_VARIABLES)
        if schedule is not None:
            self.log(f"repaired: {', '.join(sorted(divisions))} re-planned across the days")
        return schedule

    def _whole(self, plan: dict[str, str | None], largest: int) -> Schedule | None:
        """The whole cup in one open model, games with a day in `plan` held to it.

        A schedule, or None: when the model is too big or ran out of time, or when it is
        proven infeasible, which cuts off the planned days it held (a proof with every day
        free is a proof for the cup, raised as `ScheduleInfeasible`).
        """
        model = OpenModel(self.tournament, self.games, {}, plan, self.slots)
        if model.size > largest:
            return None
        limit = min(2 * DAY_TIME_LIMIT, self.left())
        outcome = model.build(objective=False).solve(self.solver, limit)
        if outcome.run.solved:
            return outcome.schedule
        if outcome.run.status != "infeasible":
            return None
        held = frozenset((g, d) for g, d in plan.items() if d is not None)
        if held:
            self.master.cut(held)
            self.why[held] = list(openmodel.FAMILIES)
            return None

        def infeasible(skip: frozenset[str], limit: float) -> bool:
            return self._status(plan, limit, skip) == "infeasible"

        rules = [k for k in openmodel.FAMILIES if k != "slots"]
        needed = ["slots", *self._needed(rules, infeasible)]
        raise ScheduleInfeasible(
            [
                "the exact model of the whole cup (every game, any day, kick-offs on each "
                "field's slot grid) has no solution; it needs: "
                + "; ".join(openmodel.FAMILIES[k] for k in needed)
            ]
        )

    def _fit(self, days: dict[str, str]) -> Schedule | None:
        """Each day in order around the earlier ones; None once a cut was added."""
        schedule: Schedule = {}
        for day in self.tournament.days:
            free = {g: d for g, d in days.items() if d == day.id}
            if not free:
                continue
            later = {d.id for d in self.tournament.days if self._order(d.id) > self._order(day.id)}
            outcome = self._by_size(schedule, free, later) or self._open(
                schedule, free, self._day_limit(len(later) + 1), later
            )
            if outcome is not None:
                schedule |= outcome
                continue
            # With nothing held, the fit itself said all there is to say about the day alone.
            alone = (
                self.last_status
                if not schedule
                else self._status(free, min(DAY_TIME_LIMIT, self.left()))
            )
            if alone != "infeasible" and not schedule:
                raise NoScheduleFound(self._tried(f"{day.id} could not be fitted in time"))
            if alone == "infeasible":
                core = self._core(day.id, sorted(free))
                self._learn(core, day.id)
                return self._repair(days, core)
            # The day fits alone but not after the earlier days: fit them together.
            together = {g: d for g, d in days.items() if self._order(d) <= self._order(day.id)}
            joint = self._open({}, together, min(2 * DAY_TIME_LIMIT, self.left()))
            if joint is not None:
                schedule = joint
                continue
            if self._status(together, min(DAY_TIME_LIMIT, self.left())) == "infeasible":
                self.master.cut(frozenset(together.items()))
                self.why[frozenset(together.items())] = list(openmodel.FAMILIES)
                self.log(f"days up to {day.id} clash as planned: cut")
                return None
            raise NoScheduleFound(
                self._tried(f"{day.id} could not be fitted after the earlier days in time")
            )
        return schedule

    def _order(self, day: str) -> int:
        return [d.id for d in self.tournament.days].index(day)

    def _model(
        self, fixed: Schedule, free: Mapping[str, str | None], skip: frozenset[str] = frozenset()
    ) -> OpenModel:
        """The open model of the free games around the fixed ones, feasibility only."""
        model = OpenModel(self.tournament, self.games, fixed, free, self.slots)
        return model.build(objective=False, skip=skip)

    def _day_limit(self, days_left: int) -> float:
        """A day's share of the time left, at least `DAY_TIME_LIMIT`: a day of a very large
        cup needs longer than a small one, and a cut found early leaves time to plan again."""
        return min(self.left(), max(DAY_TIME_LIMIT, self.left() / (2 * days_left)))

    def _by_size(self, fixed: Schedule, free: dict[str, str], later: set[str]) -> Schedule | None:
        """The day one field size class at a time, the largest first, the others' games held
        (only coaches link the classes, and the `Board` keeps them apart): three small MILPs
        solve much faster than one large one. None if a class does not fit that way."""
        sizes: dict[str, dict[str, str]] = defaultdict(dict)
        for gid, day in free.items():
            sizes[self.tournament.division[self.by_id[gid].division].size][gid] = day
        if len(sizes) < 2:
            return None
        placed: Schedule = {}
        for part in sorted(sizes.values(), key=len, reverse=True):
            limit = self._day_limit(len(later) + 1)
            outcome = self._open(fixed | placed, part, limit, later)
            if outcome is None:
                return None
            placed |= outcome
        return placed

    def _open(
        self, fixed: Schedule, free: dict[str, str], limit: float, later: set[str] = frozenset()
    ) -> Schedule | None:
        """The free games fitted around the fixed ones, or None. Late kick-offs on the eve of
        a day still to be fitted (`later`) are avoided where possible: that day would have to
        keep those teams out of its early slots (late then early)."""
        model = self._model(fixed, free)
        avoid = model.late_before(set(later))
        if avoid:
            model.prob += pulp.lpSum(avoid)
        outcome = model.solve(self.solver, limit, gap=0.5)
        self.last_status = outcome.run.status
        return outcome.schedule if outcome.run.solved else None

    def _status(
        self, free: Mapping[str, str | None], limit: float, skip: frozenset[str] = frozenset()
    ) -> str:
        """How the open model of these games alone ends, solved only far enough to know."""
        return self._model({}, free, skip).solve(self.solver, limit).run.status

    def _core(self, day: str, games: list[str]) -> list[str]:
        """A smaller set of the day's games that still provably clash.

        Dropping games only relaxes the model, so each step keeps a proof: first one field
        size class alone, then whole divisions, then (once few are left) single games.
        """
        sizes: dict[str, list[str]] = defaultdict(list)
        divisions: dict[str, list[str]] = defaultdict(list)
        for gid in games:
            division = self.tournament.division[self.by_id[gid].division]
            sizes[division.size].append(gid)
            divisions[division.id].append(gid)
        core = next(
            (m for m in sizes.values() if len(sizes) > 1 and self._clash(m, day)), list(games)
        )
        for members in divisions.values():
            core = self._without(core, members, day)
        if len(core) <= CORE_GAMES:
            for gid in list(core):
                core = self._without(core, [gid], day)
        return core

    def _without(self, core: list[str], members: list[str], day: str) -> list[str]:
        """The core without `members` if it still clashes then (and time allows the probe)."""
        rest = [g for g in core if g not in members]
        shrinks = rest and len(rest) < len(core) and self.left() > 2 * PROBE_TIME_LIMIT
        return rest if shrinks and self._clash(rest, day) else core

    def _clash(self, games: list[str], day: str) -> bool:
        limit = min(PROBE_TIME_LIMIT, self.left())
        return self._status(dict.fromkeys(games, day), limit) == "infeasible"

    def _learn(self, core: list[str], day: str) -> None:
        cut = frozenset((g, day) for g in core)
        self.master.cut(cut)
        plan = dict.fromkeys(core, day)

        def infeasible(skip: frozenset[str], limit: float) -> bool:
            return self._status(plan, limit, skip) == "infeasible"

        rules = [k for k in openmodel.FAMILIES if k != "slots"]
        self.why[cut] = ["slots", *self._needed(rules, infeasible)]
        self.log(f"{day}: {self._games_of(cut)} cannot all be played that day")

    def _needed(
        self, families: list[str], infeasible: Callable[[frozenset[str], float], bool]
    ) -> list[str]:
        """The families a proof needs: each is dropped in turn while infeasibility holds.

        Explaining may take `EXPLAIN_SECONDS` past the time limit; a probe that proves
        nothing in its time keeps its family, so what is named always suffices.
        """
        stop = max(self.deadline, time.perf_counter()) + EXPLAIN_SECONDS
        skip: set[str] = set()
        for key in families:
            limit = min(PROBE_TIME_LIMIT, stop - time.perf_counter())
            if limit > 0.1 and infeasible(frozenset(skip | {key}), limit):
                skip.add(key)
        return [k for k in families if k not in skip]

    def _master_infeasible(self, skip: frozenset[str], limit: float) -> bool:
        master = DayPlan(self.tournament, self.games, self.slots).build(skip)
        for cut in self.master.cuts:
            master.cut(cut)
        run = master.solve(self.solver, limit).run
        return run.status == "infeasible"

    def _games_of(self, cut: Cut) -> str:
        divisions = sorted({self.tournament.division[self.by_id[g].division].name for g, _ in cut})
        return f"the {len(cut)} games of {', '.join(divisions)}"

    def relaxation(self) -> list[str]:
        """Why no schedule exists by the master's day-level rules alone, or nothing: a quick
        check (seconds) that needs no schedule, for `validate`."""
        plan = self.master.solve(self.solver, self.left())
        return self._proof() if plan.run.status == "infeasible" else []

    def _proof(self) -> list[str]:
        """Why the master is infeasible: the rule families the proof needs, and each cut's."""
        if self.master.dayless:
            return [
                f"{g.id} ({self.tournament.division[g.division].name}) can be played on no day: "
                "no field of its size is open on any day it may be played"
                for g in self.master.dayless
            ]
        needed = self._needed(list(dayplan.FAMILIES), self._master_infeasible)
        rules = [dayplan.FAMILIES[k] for k in needed if k != "cuts"]
        reasons = [
            "every game needs a day, and no choice of days meets "
            + ("; ".join(rules) if rules else "the conflicts below")
        ]
        if "cuts" in needed:
            for cut in self.master.cuts:
                days = ", ".join(sorted({d for _, d in cut}))
                families = "; ".join(openmodel.FAMILIES[k] for k in self.why[cut])
                reasons.append(
                    f"{self._games_of(cut)} cannot all be played on {days} (proven with: "
                    f"{families})"
                )
        return reasons

    def _tried(self, why: str) -> list[str]:
        return [
            f"no schedule found within the time limit: {why}",
            f"tried {self.rounds} day plan(s); {len(self.master.cuts)} day(s) proven not to fit "
            "as planned were ruled out; more time may find one",
        ]


def search(
    tournament: Tournament,
    games: list[Game],
    slots: list[Slot],
    solver: str,
    deadline: float,
    log: Callable[[str], None],
) -> Schedule:
    """A schedule meeting every hard rule; `ScheduleInfeasible` with a proof, or
    `NoScheduleFound` when the time ran out."""
    return Search(tournament, games, slots, solver, deadline, log).run()
