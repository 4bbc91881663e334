"""A proven lower bound on the whole problem, every game's day free.

Every game takes one slot and a slot holds one game, so the per-game terms of the objective
(compact, main venue, requests: `SlotCosts`) cost at least the cheapest assignment of games to
slots: a transport problem, whose LP is integral and solves in moments even for the largest
cups once identical games are counted together. The team terms (idle, even rest, early/late)
are at least zero. So this bounds every schedule's objective whatever the day plan, which is
what a reported gap must be measured against; it is weak exactly where the team terms are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pulp

from services.scheduler import milp
from services.scheduler.board import Board
from services.scheduler.games import Game
from services.scheduler.model import interchangeable
from services.scheduler.objective import SlotCosts
from services.scheduler.slots import Slot
from services.scheduler.tournament import Tournament

SCOPE = (
    "whole problem, days free: the per-game terms as a transport LP over the slots, the team "
    "terms (idle, even rest, early/late) counted as zero"
)


@dataclass(frozen=True)
class Bound:
    value: float | None  # None when the LP could not be solved in time
    scope: str = SCOPE


def whole_bound(
    tournament: Tournament,
    games: list[Game],
    slots: list[Slot],
    solver: str = "highs",
    time_limit: float = 30.0,
) -> Bound:
    """The transport LP's optimum: games by class (same costs and slots) to slot groups."""
    board = Board(tournament, games)
    costs = SlotCosts(tournament)
    groups: dict[int, list[Slot]] = {}
    for day in tournament.days:
        groups |= interchangeable(board, [s for s in slots if s.day == day.id])
    asking = {r.team for r in tournament.requests}
    away = {u.team for u in tournament.unavailable}
    options_of: dict[tuple[object, ...], tuple[tuple[int, float], ...]] = {}
    classes: dict[tuple[object, ...], list[Game]] = defaultdict(list)
    for game in games:
        # Games alike in all that prices or rules out a slot have the same options.
        alike = (
            game.division,
            game.stage,
            game.round,
            tuple(sorted(asking & set(game.teams))),
            tuple(sorted(away & game.candidates)),
        )
        if alike not in options_of:
            options_of[alike] = tuple(
                (key, costs.cost(game, members[0].day, members[0].start, members[0].field))
                for key, members in groups.items()
                if board.allows(game, members[0])
            )
        classes[options_of[alike]].append(game)
    prob = pulp.LpProblem("bound", pulp.LpMinimize)
    users: dict[int, list[pulp.LpVariable]] = defaultdict(list)
    objective = []
    for n, (options, members) in enumerate(classes.items()):
        flows = []
        for m, (key, cost) in enumerate(options):
            flow = prob.add_variable(f"f_{n}_{m}", 0)
            flows.append(flow)
            users[key].append(flow)
            objective.append(cost * flow)
        prob += pulp.lpSum(flows) == len(members), f"games_{n}"
    for n, (key, flows) in enumerate(users.items()):
        prob += pulp.lpSum(flows) <= len(groups[key]), f"slots_{n}"
    prob += pulp.lpSum(objective)
    run = milp.run(prob, solver, time_limit, 0.0)
    return Bound(run.objective if run.status == "optimal" else None)
