"""Practice slots as a PuLP model: as many teams as possible get a practice, then as many
sessions as possible, then the best-ranked choices; no field booked twice at once, a coach's
two teams never at the same time, a team's sessions on different days (seed 002).

Overlaps are counted at the start of each session: intervals overlap exactly when some
start lies in all of them, so "at most one session covers each start" on a field (or for a
coach) forbids every overlap with one constraint per start. The model starts from the greedy
allocation regions use today (every team's first choice in turn, then second choices, ...),
which is also what it is measured against.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

import pulp

from services.region.practices.requests import Choice, SignUp
from services.scheduler.milp import run


@dataclass(frozen=True)
class AllocationOptions:
    solver: str = "highs"
    time_limit: float = 20.0
    gap: float = 0.0


@dataclass(frozen=True)
class Allocation:
    """The sessions given (each a choice met), how the solve ended (`optimal`, `feasible`,
    or `greedy` when the model found nothing in time) and what the greedy gave."""

    sign_up: SignUp
    chosen: tuple[Choice, ...]
    greedy: tuple[Choice, ...]
    status: str
    seconds: float

    def sessions(self, team: str) -> list[Choice]:
        return sorted((c for c in self.chosen if c.team == team), key=lambda c: c.rank)


def conflicts(a: Choice, b: Choice) -> bool:
    """Two sessions that cannot both be given."""
    if a.team == b.team:
        return a.day == b.day
    return a.overlaps(b) and (a.field == b.field or a.coach == b.coach)


def greedy(sign_up: SignUp) -> list[Choice]:
    """Choices taken in rank order, team after team, when they clash with nothing taken."""
    taken: list[Choice] = []
    for choice in sorted(sign_up.choices, key=lambda c: (c.rank, c.row)):
        full = sum(c.team == choice.team for c in taken) >= sign_up.allowance(choice.team).sessions
        if not full and not any(conflicts(choice, c) for c in taken):
            taken.append(choice)
    return taken


def allocate(sign_up: SignUp, options: AllocationOptions = AllocationOptions()) -> Allocation:
    started = time.perf_counter()
    baseline = greedy(sign_up)
    model = _AllocationModel(sign_up)
    outcome = run(
        model.prob, options.solver, options.time_limit, options.gap, model.start(baseline)
    )
    chosen, status = (model.chosen(), outcome.status) if outcome.solved else (baseline, "greedy")
    return Allocation(
        sign_up, tuple(chosen), tuple(baseline), status, time.perf_counter() - started
    )


class _AllocationModel:
    """y[c] = 1 when choice c is given; has[t] = 1 when team t gets at least one session."""

    def __init__(self, sign_up: SignUp) -> None:
        self.sign_up = sign_up
        self.choices = list(sign_up.choices)
        self.teams = list(sign_up.teams)
        self.prob = pulp.LpProblem("practices", pulp.LpMinimize)
        self.y = {
            c: self.prob.add_variable(f"y_{n}", 0, 1, cat=pulp.LpBinary)
            for n, c in enumerate(self.choices)
        }
        self.has = {
            t: self.prob.add_variable(f"has_{n}", 0, 1, cat=pulp.LpBinary)
            for n, t in enumerate(self.teams)
        }
        self._allowance()
        self._different_days()
        self._no_overlap(lambda c: (c.field, c.day))
        self._no_overlap(lambda c: (c.coach, c.day))
        self._objective()

    def _allowance(self) -> None:
        """A team gets at most its age group's sessions, and `has` only with one of them."""
        for team in self.teams:
            given = pulp.lpSum(self.y[c] for c in self.choices if c.team == team)
            self.prob += given <= self.sign_up.allowance(team).sessions
            self.prob += self.has[team] <= given

    def _different_days(self) -> None:
        """A team's sessions are on different days."""
        for group in _grouped(self.choices, lambda c: (c.team, c.day)):
            if len(group) > 1:
                self.prob += pulp.lpSum(self.y[c] for c in group) <= 1

    def _no_overlap(self, key: Callable[[Choice], Hashable]) -> None:
        """At most one session of a field (or of a coach's teams) covers each start time."""
        for group in _grouped(self.choices, key):
            for start in sorted({c.start for c in group}):
                covering = [c for c in group if c.start <= start < c.end]
                teams = {c.team for c in covering}
                if len(teams) > 1:  # one team's are already held to one a day
                    self.prob += pulp.lpSum(self.y[c] for c in covering) <= 1

    def _objective(self) -> None:
        """Teams with a practice first, then sessions, then better ranks (minimised as its
        negative: the scheduler's solver plumbing minimises)."""
        worst = max(c.rank for c in self.choices)
        most = sum(self.sign_up.allowance(t).sessions for t in self.teams)
        per_session = worst * most + 1  # more than any sum of ranks
        per_team = per_session * (most + 1)
        self.prob += -(
            pulp.lpSum(per_team * h for h in self.has.values())
            + pulp.lpSum((per_session - c.rank) * y for c, y in self.y.items())
        )

    def start(self, chosen: Iterable[Choice]) -> dict[str, float]:
        given = set(chosen)
        values = {y.name: float(c in given) for c, y in self.y.items()}
        teams = {c.team for c in given}
        values |= {h.name: float(t in teams) for t, h in self.has.items()}
        return values

    def chosen(self) -> list[Choice]:
        return [c for c, y in self.y.items() if (y.varValue or 0) > 0.5]


def _grouped(choices: Sequence[Choice], key: Callable[[Choice], Hashable]) -> list[list[Choice]]:
    groups: dict[Hashable, list[Choice]] = defaultdict(list)
    for choice in choices:
        groups[key(choice)].append(choice)
    return list(groups.values())
