"""The soft objective: how good a valid schedule is, term by term, in penalty points.

The MILP minimises exactly these terms; this module computes them from a finished schedule so
the construction, the model and the report all speak the same numbers. Every term is summed
per day (and per division for even rest), so each day and field size class can be optimised
on its own once the day of every game is settled.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from services.scheduler.games import Game
from services.scheduler.placement import Placement
from services.scheduler.tournament import Division, Tournament, Window

TERMS = ("compact", "idle", "even_rest", "early_late", "main_venue", "requests")


def age_factor(division: Division) -> float:
    """How much a division wants the main venue: U9 a little, U19 fully."""
    return (division.age - 8) / 11


def is_early_or_late(tournament: Tournament, start: int) -> bool:
    return start < tournament.rules.early_before or start >= tournament.rules.late_after


def requests_hit(tournament: Tournament, game: Game, day: str, start: int, end: int) -> int:
    """How many of the game's teams asked not to play in a window it overlaps."""
    return sum(
        1
        for request in tournament.requests
        if request.team in game.teams and request.day == day and request.window.overlaps(start, end)
    )


def off_main_venue(tournament: Tournament, field: str) -> bool:
    """A field away from the main venue (never true when no venue is marked main)."""
    has_main = any(venue.main for venue in tournament.venues)
    return has_main and not tournament.venue[tournament.field[field].venue].main


@dataclass(frozen=True)
class Breakdown:
    """Each weighted term and their total."""

    terms: dict[str, float]

    @property
    def total(self) -> float:
        return round(sum(self.terms.values()), 6)


def idle_minutes(rest: int, windows: Iterable[Window]) -> int:
    """A team's wait beyond the minimum rest on one day: span minus play minus rests."""
    games = sorted(windows)
    if len(games) < 2:
        return 0
    span = games[-1].end - games[0].start
    played = sum(w.end - w.start for w in games)
    return max(0, span - played - rest * (len(games) - 1))


def evaluate(
    tournament: Tournament, games: Iterable[Game], schedule: Mapping[str, Placement]
) -> Breakdown:
    """The weighted soft terms of a (complete, valid) schedule."""
    w = tournament.weights
    by_id = {game.id: game for game in games}
    terms = dict.fromkeys(TERMS, 0.0)
    team_day: dict[tuple[str, str], list[Window]] = defaultdict(list)
    for game_id, p in schedule.items():
        game = by_id[game_id]
        division = tournament.division[game.division]
        terms["compact"] += w.compact * (p.start - tournament.day_opening(p.day)) / 60
        if off_main_venue(tournament, p.field):
            terms["main_venue"] += w.main_venue * age_factor(division)
        terms["requests"] += w.requests * requests_hit(tournament, game, p.day, p.start, p.end)
        for team in game.teams:
            team_day[(team, p.day)].append(Window(p.start, p.end))
    worst: dict[tuple[str, str], int] = defaultdict(int)
    for (team, day), windows in team_day.items():
        idle = idle_minutes(tournament.rules.min_rest_minutes, windows)
        terms["idle"] += w.idle * idle / 60
        key = (tournament.team[team].division, day)
        worst[key] = max(worst[key], idle)
        early_late = sum(1 for window in windows if is_early_or_late(tournament, window.start))
        terms["early_late"] += w.early_late * max(0, early_late - 1)
    terms["even_rest"] = w.even_rest * sum(worst.values()) / 60
    return Breakdown({key: round(value, 6) for key, value in terms.items()})
