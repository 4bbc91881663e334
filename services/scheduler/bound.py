"""A proven lower bound on the whole problem, every game's day free.

Every game takes one slot and a slot holds one game, so the per-game terms of the objective
(compact, main venue, requests: `SlotCosts`) cost at least the cheapest assignment of games to
slots: a transport problem, whose LP is integral and solves in moments even for the largest
cups once identical games are counted together.

The team terms are bounded by counting (`team_bound`), each on its own, so the sum of the
three minima is below the minimum of the sum. A team's idle time on a day is the sum, over
its consecutive games, of the kick-off gap minus a game and the rest; a gap is a difference
of two kick-offs on the fields its division may use that day, so it is at least the
smallest such difference that is long enough (the *grid excess* of the day). A team with n
group games and days it may play on has at least n minus those days "second games" on some
day; placed on the days of smallest excess (within the daily limit), that is its minimum
idle. The worst team of a division is at least its team of highest minimum idle, summed
over the days (even rest). Early/late fairness is counted as zero. What the bound cannot
see is idle forced by the teams' interplay (two teams of one group cannot both take the
tightest gap), so gaps of 20-40% remain.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

import pulp

from services.scheduler import milp
from services.scheduler.assignment import interchangeable
from services.scheduler.board import Board
from services.scheduler.games import Game
from services.scheduler.objective import SlotCosts
from services.scheduler.slots import Slot
from services.scheduler.tournament import Division, Tournament

SCOPE = (
    "whole problem, days free: the per-game terms as a transport LP over the slots, idle and "
    "even rest by counting each team's second games of a day against the slot grid, "
    "early/late counted as zero"
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
    if run.status != "optimal" or run.objective is None:
        return Bound(None)
    return Bound(run.objective + team_bound(tournament, games, slots))


def team_bound(tournament: Tournament, games: list[Game], slots: list[Slot]) -> float:
    """A lower bound on the idle and even-rest terms of every valid schedule (module doc)."""
    w = tournament.weights
    group_games: dict[str, int] = defaultdict(int)
    for game in games:
        if game.stage == "group":
            for team in game.teams:
                group_games[team] += 1
    idle = 0.0
    even_rest = 0.0
    for division in tournament.divisions:
        excess = grid_excess(tournament, division, slots)
        worst = 0
        for team in tournament.teams:
            if team.division == division.id:
                least = least_idle(group_games[team.id], excess, division.max_games_per_day)
                idle += w.idle * least / 60
                worst = max(worst, least)
        even_rest += w.even_rest * worst / 60
    return idle + even_rest


def grid_excess(tournament: Tournament, division: Division, slots: list[Slot]) -> list[int]:
    """Per day the division may play on, the least a gap between two of its kick-offs can
    exceed a game plus the rest (a day with no such pair allows one game: a huge excess)."""
    need = division.play_minutes + tournament.rules.min_rest_minutes
    starts: dict[str, set[int]] = defaultdict(set)
    for slot in slots:
        if tournament.field[slot.field].hosts(division):
            starts[slot.day].add(slot.start)
    excess = []
    for day in sorted(starts):
        times = sorted(starts[day])
        gaps = [
            times[i] - a - need
            for a in times
            if (i := bisect.bisect_left(times, a + need)) < len(times)
        ]
        excess.append(min(gaps, default=NO_SECOND_GAME))
    return excess


NO_SECOND_GAME = 10**6
"""A day's excess when no two of its kick-offs are far enough apart: a second game there is
impossible, so the count of any team that needs one is not bounded by this day (a proof of
that is `explain`'s, not the bound's)."""


def least_idle(games: int, excess: list[int], limit: int) -> int:
    """The least idle of a team with `games` group games: one on each day for free, then the
    rest on the days of smallest excess, at most `limit` a day (with the days available)."""
    extra = games - len(excess)
    total = 0
    for gap in sorted(excess):
        if extra <= 0 or gap >= NO_SECOND_GAME:
            break
        take = min(extra, limit - 1)
        total += take * gap
        extra -= take
    return total
