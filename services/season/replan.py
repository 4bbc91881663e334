"""Replan a rained-out weekend: move the fewest games, then by the fewest days.

Games before the rain are played and stay. Every later game may move, at a price, in one
exact model, because moving one more game can make room for a rained-out one: the price of
a move is larger than any total of days moved, so the fewest moves win first. The hard
rules are the season model's (once a day, the weekend limit, a pair once a weekend, field
kick-offs, blackouts, home fields); games that stay keep their kick-offs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pulp

from services.input_problem import InputProblem
from services.scheduler.explain import NoScheduleFound, ScheduleInfeasible
from services.scheduler.milp import run, safe
from services.scheduler.replan import Replan
from services.scheduler.tournament import clock
from services.scheduler.tournament_file.values import IDENT
from services.season.league import (
    League,
    LeagueDay,
    Rainout,
    SeasonGame,
    SeasonSchedule,
    weekend_of,
)
from services.season.league_file import SeasonFileError
from services.season.model import assign_kickoffs

RAINOUT = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:@(.+))?$")


@dataclass(frozen=True)
class SeasonMove:
    """A game that moved, from where to where, and by how many days."""

    before: SeasonGame
    after: SeasonGame

    def __str__(self) -> str:
        b, a = self.before, self.after
        return (
            f"{b.id} {b.home} v {b.away}: {b.day.date} {clock(b.kickoff)} -> "
            f"{a.day.date} {clock(a.kickoff)} ({(a.day.date - b.day.date).days:+d} days)"
        )


def parse_rainout(league: League, text: str) -> Rainout:
    """'YYYY-MM-DD' (that date's weekend, every field) or 'YYYY-MM-DD@FIELD'."""
    match = RAINOUT.match(text.strip())
    problem = None
    if not match:
        problem = f"{text!r} is not DATE or DATE@FIELD (e.g. 2026-10-10@r76-torrance)"
    else:
        try:
            weekend = weekend_of(date.fromisoformat(match[1]))
        except ValueError:
            weekend = None
        field = match[2]
        if weekend not in league.weekends:
            problem = f"{match[1]} is not a weekend of the season"
        elif field is not None and (not IDENT.match(field) or field not in league.field):
            problem = f"unknown field {field!r}"
    if problem:
        raise SeasonFileError([InputProblem("command line", "--rained", problem)])
    return Rainout(weekend, field)  # type: ignore[arg-type]


def replan(
    league: League,
    current: SeasonSchedule,
    rainouts: list[Rainout],
    solver: str = "highs",
    time_limit: float = 60.0,
) -> Replan[SeasonSchedule, SeasonMove]:
    """The season with every game the rain covers moved, and as few others as possible."""
    first = min(rain.weekend for rain in rainouts)
    played = [g for g in current if g.day.weekend < first]
    open_games = [g for g in current if g.day.weekend >= first]
    options = {g.id: _days_for(league, g, rainouts, first) for g in open_games}
    stranded = [g for g in open_games if not options[g.id]]
    if stranded:
        raise ScheduleInfeasible(
            [
                f"{g.id} {g.home} v {g.away}: no day left on which both teams are free and "
                f"{g.field} has a kick-off"
                for g in stranded
            ]
        )
    rained = sorted(g.id for g in open_games if any(r.covers(g.field, g.day) for r in rainouts))
    moved_days = _solve(league, open_games, options, rained, solver, time_limit)
    keep = {g.id: g.kickoff for g in open_games if moved_days[g.id] == g.day}
    placed = assign_kickoffs(
        league, [(g.id, (g.home, g.away, moved_days[g.id])) for g in open_games], keep
    )
    before = {g.id: g for g in open_games}
    moves = [
        SeasonMove(before[g.id], g)
        for g in placed
        if (g.day, g.kickoff) != (before[g.id].day, before[g.id].kickoff)
    ]
    schedule = sorted(played + placed, key=lambda g: (g.day, g.kickoff, g.field, g.id))
    return Replan(schedule, moves)


def _days_for(
    league: League, game: SeasonGame, rainouts: list[Rainout], first: date
) -> list[LeagueDay]:
    """The days a game may be played on: from the rained-out weekend on, not rained out at
    its field, both teams free, a kick-off at its field."""
    teams = (league.team[game.home], league.team[game.away])
    field = league.field[game.field]
    return [
        day
        for day in league.days
        if day.weekend >= first
        and not any(rain.covers(field.id, day) for rain in rainouts)
        and all(day.weekend not in team.blackouts for team in teams)
        and field.kickoffs(day)
    ]


def _solve(
    league: League,
    games: list[SeasonGame],
    options: dict[str, list[LeagueDay]],
    rained: list[str],
    solver: str,
    time_limit: float,
) -> dict[str, LeagueDay]:
    prob = pulp.LpProblem("season_replan", pulp.LpMinimize)
    z = {
        (g.id, day): prob.add_variable(safe(f"z_{g.id}_{day.id}"), 0, 1, cat="Binary")
        for g in games
        for day in options[g.id]
    }
    span = (league.days[-1].date - league.days[0].date).days
    price = len(games) * span + 1  # one more move costs more than any days moved
    by_team_day: dict[tuple[str, LeagueDay], list[pulp.LpVariable]] = defaultdict(list)
    by_team_weekend: dict[tuple[str, date], list[pulp.LpVariable]] = defaultdict(list)
    by_pair_weekend: dict[tuple[tuple[str, ...], date], list[pulp.LpVariable]] = defaultdict(list)
    by_field_day: dict[tuple[str, LeagueDay], list[pulp.LpVariable]] = defaultdict(list)
    cost = []
    for g in games:
        prob += pulp.lpSum(z[g.id, day] for day in options[g.id]) == 1, safe(f"one_{g.id}")
        pair = tuple(sorted((g.home, g.away)))
        for day in options[g.id]:
            var = z[g.id, day]
            cost.append((price * (day != g.day) + abs((day.date - g.day.date).days)) * var)
            by_field_day[g.field, day].append(var)
            by_pair_weekend[pair, day.weekend].append(var)
            for team in (g.home, g.away):
                by_team_day[team, day].append(var)
                by_team_weekend[team, day.weekend].append(var)
    limit = league.rules.max_games_per_weekend
    for n, ((field, day), listed) in enumerate(by_field_day.items()):
        prob += pulp.lpSum(listed) <= len(league.field[field].kickoffs(day)), f"field_{n}"
    for n, listed in enumerate(by_team_day.values()):
        prob += pulp.lpSum(listed) <= 1, f"day_{n}"
    for n, listed in enumerate(by_team_weekend.values()):
        prob += pulp.lpSum(listed) <= limit, f"weekend_{n}"
    for n, listed in enumerate(by_pair_weekend.values()):
        prob += pulp.lpSum(listed) <= 1, f"pair_{n}"
    prob += pulp.lpSum(cost)
    result = run(prob, solver, time_limit, 0.0)
    if result.status == "infeasible":
        raise ScheduleInfeasible(
            [
                f"the rained-out games ({', '.join(rained)}) do not fit in the weekends "
                "left: every later day is taken by a team's other games, its blackouts, "
                "the weekly limit or its field's kick-offs"
            ]
        )
    if not result.solved:
        raise NoScheduleFound([f"no replan found within {time_limit:.0f} s"])
    return {gid: day for (gid, day), var in z.items() if (var.varValue or 0) > 0.5}
