"""Why no season schedule exists, counted in a director's terms before any solver runs.

Each reason is a counting argument that proves infeasibility by itself: a team with more
games than free weekends allow, a team whose home field has too few kick-offs on its free
weekends for its home games, a field hosting more home games than it has kick-offs, two
teams that must meet but share too few free weekends. The solver's own proof (the model is
infeasible) comes after these, from `solve.py`, naming the constraint families it had.
"""

from __future__ import annotations

from collections import Counter

from services.season.league import League, LeagueTeam


def explain_counts(league: League) -> list[str]:
    """Counting reasons the season cannot be scheduled; empty when none applies."""
    reasons: list[str] = []
    for team in league.teams:
        reasons += _free_weekends(league, team) or _home_kickoffs(league, team)
    reasons += _field_load(league)
    reasons += _shared_weekends(league)
    return reasons


def _free(league: League, team: LeagueTeam) -> list[object]:
    return [weekend for weekend in league.weekends if weekend not in team.blackouts]


def _free_weekends(league: League, team: LeagueTeam) -> list[str]:
    games = league.division[team.division].games_per_team
    limit = league.rules.max_games_per_weekend
    free = len(_free(league, team))
    if free * limit >= games:
        return []
    return [
        f"team {team.id}: {games} games, but only {free} of the season's "
        f"{len(league.weekends)} weekends are free of its blackouts, at most {limit} a weekend"
    ]


def _home_kickoffs(league: League, team: LeagueTeam) -> list[str]:
    """Home games need days with a kick-off at the home field on the team's free weekends."""
    games = league.division[team.division].games_per_team
    field = league.field[team.home_field]
    limit = league.rules.max_games_per_weekend
    days = Counter(day.weekend for day in league.days if field.kickoffs(day))
    usable = sum(min(limit, days[w]) for w in _free(league, team))
    if usable >= games // 2:
        return []
    return [
        f"team {team.id}: needs {games // 2} home games, but its field {field.id} has "
        f"kick-offs for only {usable} on the weekends it is free (at most {limit} a weekend, "
        "one a day)"
    ]


def _field_load(league: League) -> list[str]:
    reasons = []
    for field in league.fields:
        homed = [team for team in league.teams if team.home_field == field.id]
        needed = sum(league.division[t.division].games_per_team // 2 for t in homed)
        kickoffs = sum(len(field.kickoffs(day)) for day in league.days)
        if needed > kickoffs:
            reasons.append(
                f"field {field.id}: its {len(homed)} home teams need at least {needed} home "
                f"games, but it has {kickoffs} kick-offs in the season"
            )
    return reasons


def _shared_weekends(league: League) -> list[str]:
    """Two teams that must meet `low` times need `low` weekends both are free."""
    reasons = []
    for division in league.divisions:
        low, _ = league.meetings(division.id)
        members = league.members(division.id)
        for n, first in enumerate(members):
            for second in members[n + 1 :]:
                shared = set(_free(league, first)) & set(_free(league, second))
                if len(shared) < low:
                    reasons.append(
                        f"teams {first.id} and {second.id} must meet {low} times, but share "
                        f"only {len(shared)} weekends free of blackouts"
                    )
    return reasons
