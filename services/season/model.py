"""The season as one MILP: which teams meet, at whose home, on which day.

A variable `x[h, a, d]` is 1 when team `h` hosts team `a` on day `d`; it exists only when
both teams are in one division, neither has blacked the weekend out, and `h`'s home field
has a kick-off that day. Kick-off times are not variables: a team plays at most once a day,
so the games on one field and day take its kick-offs in any order (`decode`).

Constraint families, added in this order (each one small method):
games per team, even meetings per pair, home/away balance per pair and per team, one game a
team a day, the weekend limit, a pair once a weekend, field capacity per day.
Soft terms: a team's second game in a weekend, a pair meeting again within the spread
window, and the away team's drive when fields have locations.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pulp

from services.scheduler.milp import safe
from services.season.league import League, LeagueDay, SeasonGame, SeasonSchedule

Key = tuple[str, str, LeagueDay]  # home team, away team, day
FAMILIES = (
    "games per team",
    "even meetings per pair",
    "home/away balance",
    "one game a team a day",
    "games per weekend",
    "a pair once a weekend",
    "field kick-offs per day",
)


@dataclass
class SeasonModel:
    """The PuLP problem, its game variables and its soft terms by name."""

    league: League
    prob: pulp.LpProblem
    x: dict[Key, pulp.LpVariable]
    terms: dict[str, pulp.LpAffineExpression]

    def start_from(self, schedule: SeasonSchedule) -> dict[str, float]:
        """A starting solution for the solver: the game variables of `schedule`."""
        chosen = {(g.home, g.away, g.day) for g in schedule}
        return {var.name: float(key in chosen) for key, var in self.x.items()}

    def free_only(self, weekends: set[date] | None, values: dict[str, float]) -> None:
        """Fix every game variable outside `weekends` at its value in `values` (a
        fix-and-optimise step); `None` frees them all."""
        for (_, _, day), var in self.x.items():
            if weekends is None or day.weekend in weekends:
                var.lowBound, var.upBound = 0, 1
            else:
                var.lowBound = var.upBound = values[var.name]

    def term_values(self) -> dict[str, float]:
        return {name: float(pulp.value(term) or 0.0) for name, term in self.terms.items()}


def build(league: League, objective: bool = True) -> SeasonModel:
    """The model; without `objective` it only asks for a schedule (the first valid one)."""
    prob = pulp.LpProblem(safe(f"season_{league.id}"), pulp.LpMinimize)
    x = {
        key: prob.add_variable(safe(f"x_{key[0]}_{key[1]}_{key[2].id}"), 0, 1, cat="Binary")
        for key in _keys(league)
    }
    model = SeasonModel(league, prob, x, {})
    by = _Index(x)
    _games_per_team(model, by)
    _meetings(model, by)
    _home_balance(model, by)
    _once_a_day(model, by)
    _weekend_limit(model, by)
    _pair_once_a_weekend(model, by)
    _field_capacity(model, by)
    model.terms = {
        "double weekends": _doubles(model, by),
        "close rematches": _rematches(model, by),
        "travel km": _travel(model),
    }
    weights = league.weights
    scale = {
        "double weekends": weights.double_weekend,
        "close rematches": weights.close_rematch,
        "travel km": weights.travel_km,
    }
    if objective:
        prob += pulp.lpSum(scale[name] * term for name, term in model.terms.items())
    else:
        prob += pulp.lpSum([])
    return model


def _keys(league: League) -> list[Key]:
    keys = []
    for division in league.divisions:
        teams = league.members(division.id)
        for home, away in itertools.permutations(teams, 2):
            field = league.field[home.home_field]
            for day in league.days:
                free = day.weekend not in home.blackouts and day.weekend not in away.blackouts
                if free and field.kickoffs(day):
                    keys.append((home.id, away.id, day))
    return keys


class _Index:
    """The game variables grouped the ways the constraints sum them."""

    def __init__(self, x: dict[Key, pulp.LpVariable]) -> None:
        self.of_team: dict[str, list[pulp.LpVariable]] = defaultdict(list)
        self.home_of: dict[str, list[pulp.LpVariable]] = defaultdict(list)
        self.hosting: dict[tuple[str, str], list[pulp.LpVariable]] = defaultdict(list)
        self.team_day: dict[tuple[str, LeagueDay], list[pulp.LpVariable]] = defaultdict(list)
        self.team_weekend: dict[tuple[str, date], list[pulp.LpVariable]] = defaultdict(list)
        self.pair_weekend: dict[tuple[str, str, date], list[pulp.LpVariable]] = defaultdict(list)
        for (home, away, day), var in x.items():
            pair = min(home, away), max(home, away)
            self.hosting[home, away].append(var)
            self.home_of[home].append(var)
            self.pair_weekend[(*pair, day.weekend)].append(var)
            for team in (home, away):
                self.of_team[team].append(var)
                self.team_day[team, day].append(var)
                self.team_weekend[team, day.weekend].append(var)


def _pairs(league: League) -> list[tuple[str, str, int, int]]:
    """Every pair of teams in a division, with the fewest and most times they meet."""
    found = []
    for division in league.divisions:
        low, high = league.meetings(division.id)
        for a, b in itertools.combinations(sorted(t.id for t in league.members(division.id)), 2):
            found.append((a, b, low, high))
    return found


def _games_per_team(model: SeasonModel, by: _Index) -> None:
    """Each team plays exactly its division's number of games."""
    for team in model.league.teams:
        games = model.league.division[team.division].games_per_team
        model.prob += pulp.lpSum(by.of_team[team.id]) == games, safe(f"games_{team.id}")


def _meetings(model: SeasonModel, by: _Index) -> None:
    """Two teams of a division meet an even share of times: all pairs within one."""
    for a, b, low, high in _pairs(model.league):
        met = pulp.lpSum(by.hosting[a, b] + by.hosting[b, a])
        model.prob += met >= low, safe(f"meet_min_{a}_{b}")
        model.prob += met <= high, safe(f"meet_max_{a}_{b}")


def _home_balance(model: SeasonModel, by: _Index) -> None:
    """Home and away: a pair's games split within one, and a team's within one."""
    for a, b, _, _ in _pairs(model.league):
        difference = pulp.lpSum(by.hosting[a, b]) - pulp.lpSum(by.hosting[b, a])
        model.prob += difference <= 1, safe(f"pair_home_{a}_{b}")
        model.prob += difference >= -1, safe(f"pair_away_{a}_{b}")
    for team in model.league.teams:
        games = model.league.division[team.division].games_per_team
        home = pulp.lpSum(by.home_of[team.id])
        model.prob += home >= games // 2, safe(f"home_min_{team.id}")
        model.prob += home <= -(-games // 2), safe(f"home_max_{team.id}")


def _once_a_day(model: SeasonModel, by: _Index) -> None:
    """A team plays at most one game a day."""
    for (team, day), games in by.team_day.items():
        if len(games) > 1:
            model.prob += pulp.lpSum(games) <= 1, safe(f"day_{team}_{day.id}")


def _weekend_limit(model: SeasonModel, by: _Index) -> None:
    """A team plays at most `max_games_per_weekend` games in a weekend (weekly rounds)."""
    limit = model.league.rules.max_games_per_weekend
    for (team, weekend), games in by.team_weekend.items():
        model.prob += pulp.lpSum(games) <= limit, safe(f"weekend_{team}_{weekend}")


def _pair_once_a_weekend(model: SeasonModel, by: _Index) -> None:
    """Two teams never meet twice in one weekend."""
    for (a, b, weekend), games in by.pair_weekend.items():
        if len(games) > 1:
            model.prob += pulp.lpSum(games) <= 1, safe(f"pair_weekend_{a}_{b}_{weekend}")


def _field_capacity(model: SeasonModel, by: _Index) -> None:
    """A field hosts no more games on a day than it has kick-offs: never double-booked."""
    hosted: dict[tuple[str, LeagueDay], list[pulp.LpVariable]] = defaultdict(list)
    for (home, _, day), var in model.x.items():
        hosted[model.league.team[home].home_field, day].append(var)
    for (field, day), games in hosted.items():
        kickoffs = len(model.league.field[field].kickoffs(day))
        if len(games) > kickoffs:
            model.prob += pulp.lpSum(games) <= kickoffs, safe(f"field_{field}_{day.id}")


def _doubles(model: SeasonModel, by: _Index) -> pulp.LpAffineExpression:
    """Team-weekends with a second game (only when the rules allow one)."""
    extra = []
    if model.league.rules.max_games_per_weekend < 2:
        return pulp.LpAffineExpression()
    for (team, weekend), games in by.team_weekend.items():
        if len(games) > 1:
            var = model.prob.add_variable(safe(f"double_{team}_{weekend}"), 0)
            model.prob += var >= pulp.lpSum(games) - 1, safe(f"is_double_{team}_{weekend}")
            extra.append(var)
    return pulp.lpSum(extra)


def spread_window(league: League, division: str) -> int:
    """Weekends within which a pair meeting again counts as too soon: the season split
    evenly among a pair's meetings (a pair meeting once has no window)."""
    _, high = league.meetings(division)
    return len(league.weekends) // high if high > 1 else 0


def _rematches(model: SeasonModel, by: _Index) -> pulp.LpAffineExpression:
    """Windows of `spread_window` weekends in which a pair meets more than once."""
    league = model.league
    extra = []
    for a, b, _, high in _pairs(league):
        window = spread_window(league, league.team[a].division)
        if high < 2 or window < 2:
            continue
        for start in range(len(league.weekends) - window + 1):
            span = league.weekends[start : start + window]
            games = [var for weekend in span for var in by.pair_weekend.get((a, b, weekend), [])]
            if len(games) > 1:
                var = model.prob.add_variable(safe(f"rematch_{a}_{b}_{start}"), 0)
                model.prob += var >= pulp.lpSum(games) - 1, safe(f"is_rematch_{a}_{b}_{start}")
                extra.append(var)
    return pulp.lpSum(extra)


def _travel(model: SeasonModel) -> pulp.LpAffineExpression:
    """Kilometres driven by away teams (nothing when a field has no location)."""
    league = model.league
    if any(field.location is None for field in league.fields):
        return pulp.LpAffineExpression()
    return pulp.lpSum(
        (league.km(league.team[home].home_field, league.team[away].home_field) or 0.0) * var
        for (home, away, _), var in model.x.items()
    )


def decode(model: SeasonModel) -> SeasonSchedule:
    """The chosen games, numbered per division in day order, on their fields' kick-offs."""
    chosen = sorted(
        (key for key, var in model.x.items() if (var.varValue or 0) > 0.5),
        key=lambda key: (key[2], key[0], key[1]),
    )
    counters: dict[str, int] = defaultdict(int)
    named = []
    for key in chosen:
        division = model.league.team[key[0]].division
        counters[division] += 1
        named.append((f"{division}-{counters[division]:03d}", key))
    return assign_kickoffs(model.league, named)


def assign_kickoffs(
    league: League, games: list[tuple[str, Key]], keep: dict[str, int] | None = None
) -> SeasonSchedule:
    """Kick-offs for games (id, key) already on their days: a game whose id is in `keep`
    keeps that kick-off when it is one of the field's that day; the others take the field's
    free kick-offs in id order. The model never puts more games on a field's day than it
    has kick-offs, and a team plays once a day, so any order is valid."""
    keep = keep or {}
    by_field_day: dict[tuple[str, LeagueDay], list[tuple[str, Key]]] = defaultdict(list)
    for game in games:
        by_field_day[league.team[game[1][0]].home_field, game[1][2]].append(game)
    placed = []
    for (field, day), listed in sorted(by_field_day.items()):
        free = list(league.field[field].kickoffs(day))
        kept = [g for g in sorted(listed) if keep.get(g[0]) in free]
        for game_id, _ in kept:
            free.remove(keep[game_id])
        times = {game_id: keep[game_id] for game_id, _ in kept}
        times |= dict(zip([g[0] for g in sorted(listed) if g not in kept], free, strict=False))
        for game_id, (home, away, _) in listed:
            division = league.team[home].division
            placed.append(SeasonGame(game_id, division, home, away, field, day, times[game_id]))
    return sorted(placed, key=lambda g: (g.day, g.kickoff, g.field, g.id))
