"""What a season schedule is like, measured on the games themselves: the objective's soft
terms (the same three the model minimises, recomputed here so a report never trusts the
model's own bookkeeping) and the balance figures a league reads (home games, spread of a
pair's meetings, travel per team)."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from services.season.league import League, SeasonGame
from services.season.model import spread_window


def terms(league: League, games: Iterable[SeasonGame]) -> dict[str, float]:
    """Double weekends, close rematches and away kilometres, as the model counts them."""
    listed = list(games)
    per_weekend = Counter((team, g.day.weekend) for g in listed for team in (g.home, g.away))
    doubles = sum(max(0, n - 1) for n in per_weekend.values())
    index = {weekend: n for n, weekend in enumerate(league.weekends)}
    rematches = 0
    for (a, _), weekends in _meetings(listed).items():
        window = spread_window(league, league.team[a].division)
        if window < 2:
            continue
        for start in range(len(league.weekends) - window + 1):
            inside = sum(start <= index[w] < start + window for w in weekends)
            rematches += max(0, inside - 1)
    located = all(field.location is not None for field in league.fields)
    km = sum(_km(league, g) for g in listed) if located else 0.0
    return {"double weekends": float(doubles), "close rematches": float(rematches), "travel km": km}


def total(league: League, values: dict[str, float]) -> float:
    """The objective: each term times its weight."""
    weights = league.weights
    scale = {
        "double weekends": weights.double_weekend,
        "close rematches": weights.close_rematch,
        "travel km": weights.travel_km,
    }
    return sum(scale[name] * value for name, value in values.items())


def balance(league: League, games: Iterable[SeasonGame]) -> dict[str, float | None]:
    """Home games per team (fewest, most), the fewest weekends between two meetings of a
    pair, and the away kilometres of the least and most travelled teams."""
    listed = list(games)
    home = Counter(g.home for g in listed)
    gaps = [
        (later - earlier).days // 7
        for weekends in _meetings(listed).values()
        for earlier, later in itertools.pairwise(sorted(weekends))
    ]
    travel: Counter[str] = Counter({team.id: 0.0 for team in league.teams})
    for game in listed:
        travel[game.away] += _km(league, game)
    return {
        "home_games_min": float(min(home[t.id] for t in league.teams)),
        "home_games_max": float(max(home[t.id] for t in league.teams)),
        "min_weekends_between_meetings": float(min(gaps)) if gaps else None,
        "away_km_min": min(travel.values()),
        "away_km_max": max(travel.values()),
    }


def _meetings(games: list[SeasonGame]) -> dict[tuple[str, str], list[date]]:
    met: dict[tuple[str, str], list[date]] = defaultdict(list)
    for game in games:
        a, b = sorted((game.home, game.away))
        met[a, b].append(game.day.weekend)
    return met


def _km(league: League, game: SeasonGame) -> float:
    return league.km(league.team[game.home].home_field, league.team[game.away].home_field) or 0.0


def counted_bound(league: League) -> float:
    """A lower bound on the objective by counting, for when the solver's is weak: the
    doubleheaders a team's blackouts force (games beyond its free weekends), and each
    team's shortest possible away trips (half its games away, each opponent visited at most
    half the most meetings, rounded up)."""
    weights = league.weights
    doubles = 0
    trips = 0.0
    located = all(field.location is not None for field in league.fields)
    for team in league.teams:
        games = league.division[team.division].games_per_team
        free = sum(weekend not in team.blackouts for weekend in league.weekends)
        doubles += max(0, games - free)
        if located:
            _, high = league.meetings(team.division)
            distances = sorted(
                league.km(other.home_field, team.home_field) or 0.0
                for other in league.members(team.division)
                if other.id != team.id
                for _ in range(-(-high // 2))
            )
            trips += sum(distances[: games // 2])
    return weights.double_weekend * doubles + weights.travel_km * trips
