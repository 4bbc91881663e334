"""Improve a few divisions with their days free: what the day blocks cannot reach.

The day blocks (`model.DayModel`) keep every game's day and each team's order of games, so
a schedule can be the best of every block and still play a division's rounds on the wrong
days. Here every game of the chosen divisions is free on any day and everything else is
held, in the open model (`openmodel.OpenModel`, every hard rule), whose objective becomes
the chosen divisions' whole objective: the slot costs; per team and day the idle, as the
span from its first to its last kick-off less a game and the rest per game after the first
(first and last kick-off by big-M, exact at an integer point); each day's even rest, above
every team's idle; and the early/late pairs, convex per team. So a solve within its gap
finds the best placement of those divisions around the rest.
"""

from __future__ import annotations

from collections import defaultdict

import pulp

from services.scheduler import milp
from services.scheduler.games import Game
from services.scheduler.objective import is_early_or_late
from services.scheduler.openmodel import OpenModel, Outcome
from services.scheduler.placement import Schedule
from services.scheduler.slots import Slot
from services.scheduler.tournament import Tournament

DAY_MINUTES = 24 * 60


def replace_divisions(
    tournament: Tournament,
    games: list[Game],
    slots: list[Slot],
    schedule: Schedule,
    divisions: set[str],
    solver: str,
    time_limit: float,
    gap: float,
    nodes: int | None = None,
) -> Outcome:
    """New placements of every game of `divisions` around the rest of `schedule`, started
    from their current ones (none when the solve found none in time); the run's objective
    is those divisions' share of `objective.evaluate`; `nodes` caps the search (`milp.run`)."""
    free = {g.id: None for g in games if g.division in divisions}
    fixed = {gid: p for gid, p in schedule.items() if gid not in free}
    model = OpenModel(tournament, games, fixed, free, slots).build()
    extra = _team_terms(tournament, model)
    model.prob.setObjective(model.prob.objective + pulp.lpSum(extra))
    start = {}
    for gid in free:
        p = schedule[gid]
        slot = model.slot_of[(p.field, p.day, p.start)]
        key = (gid, model.group_of.get(slot.index, -1))
        if key in model.x:
            start[model.x[key].name] = 1.0
    run = milp.run(model.prob, solver, time_limit, gap, start, nodes)
    return Outcome(run, model.choice.decode(schedule) if run.solved else {})


def _team_terms(tournament: Tournament, model: OpenModel) -> list[pulp.LpAffineExpression]:
    """Idle, even rest and early/late of the free games' teams (module doc)."""
    w = tournament.weights
    rest = tournament.rules.min_rest_minutes
    plays: dict[tuple[str, str], dict[str, list[tuple[int, pulp.LpVariable]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    early: dict[str, list[pulp.LpVariable]] = defaultdict(list)
    games_of: dict[str, int] = defaultdict(int)
    for game in model.free:
        for team in game.teams:
            games_of[team] += 1
            for slot in model.candidates[game.id]:
                var = model.x[(game.id, slot.index)]
                plays[(team, slot.day)][game.id].append((slot.start, var))
                if is_early_or_late(tournament, slot.start):
                    early[team].append(var)
    prob = model.prob
    terms: list[pulp.LpAffineExpression] = []
    worst: dict[tuple[str, str], pulp.LpVariable] = {}
    for n, ((team, day), on) in enumerate(sorted(plays.items(), key=lambda item: item[0])):
        division = tournament.division[tournament.team[team].division]
        first = prob.add_variable(f"first_{n}", 0, DAY_MINUTES)
        last = prob.add_variable(f"last_{n}", 0, DAY_MINUTES)
        idle = prob.add_variable(f"idle_{n}", 0)
        for m, choices in enumerate(on.values()):
            kick = pulp.lpSum(start * var for start, var in choices)
            there = pulp.lpSum(var for _, var in choices)
            prob += last >= kick, f"last_{n}_{m}"
            prob += first <= kick + DAY_MINUTES * (1 - there), f"first_{n}_{m}"
        count = pulp.lpSum(var for choices in on.values() for _, var in choices)
        need = division.play_minutes + rest
        prob += idle >= last - first - need * (count - 1), f"idle_{n}"
        terms.append(w.idle / 60 * idle)
        key = (division.id, day)
        if key not in worst:
            worst[key] = prob.add_variable(f"worst_{len(worst)}", 0)
            terms.append(w.even_rest / 60 * worst[key])
        prob += worst[key] >= idle, f"worst_{n}"
    for n, (team, variables) in enumerate(sorted(early.items(), key=lambda item: item[0])):
        pairs = prob.add_variable(f"pairs_{n}", 0)
        count = pulp.lpSum(variables)
        for q in range(1, games_of[team]):
            prob += pairs >= q * count - q * (q + 1) / 2, f"pairs_{n}_{q}"
        terms.append(w.early_late * pairs)
    return terms
