"""The soft objective: how good a valid schedule is, term by term, in penalty points.

The MILP minimises exactly these terms; this module computes them from a finished schedule so
the construction, the model and the report all speak the same numbers. Every term but one is
a sum per game, or per team and day (per division and day for even rest), so each day and
field size class can be optimised on its own once the day of every game is settled. The
exception is early/late fairness, a convex penalty on each team's early and late games over
the whole tournament: with the other days fixed it is still a function of one day's games.

Per-game terms (`SlotCosts`) depend only on the game and where and when it kicks off, so any
model that offers a game a set of slots can charge them per slot.
"""

from __future__ import annotations

from collections import Counter, defaultdict
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
    """A kick-off before the early limit or at or after the late limit of the rules."""
    return start < tournament.rules.early_before or start >= tournament.rules.late_after


def early_late_penalty(weight: float, count: int) -> float:
    """A team's early/late penalty for `count` such games: 0 for the first, then `weight`
    more for the second, 2 x `weight` more for the third (0, w, 3w, 6w...).

    Convex, so one team's second early game costs more than another team's first: the
    early and late kick-offs a tournament needs go round the teams before any team gets two.
    """
    return weight * count * (count - 1) / 2


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


def day_middle(tournament: Tournament, day: str) -> float:
    """Halfway between the day's first opening and its last closing, over every field."""
    windows = [w for f in tournament.fields for w in f.windows.get(day, ())]
    if not windows:
        return 0.0
    return (min(w.start for w in windows) + max(w.end for w in windows)) / 2


class SlotCosts:
    """The per-game terms of a game at a kick-off on a field, for every model to share.

    `compact` counts the hours between the kick-off and the middle of the day's opening
    hours. It gathers a day's games around its middle: a field left empty between two games
    while another game is played further out could take that game and cost less, so an
    optimum has no such hole, and it favours neither the morning nor the evening.
    """

    def __init__(self, tournament: Tournament) -> None:
        self.t = tournament
        self.middle = {day.id: day_middle(tournament, day.id) for day in tournament.days}

    def terms(self, game: Game, day: str, start: int, field: str) -> dict[str, float]:
        """The weighted compact, main venue and request terms of one placement."""
        w = self.t.weights
        division = self.t.division[game.division]
        end = start + division.play_minutes
        away = off_main_venue(self.t, field)
        return {
            "compact": w.compact * abs(start - self.middle[day]) / 60,
            "main_venue": w.main_venue * age_factor(division) if away else 0.0,
            "requests": w.requests * requests_hit(self.t, game, day, start, end),
        }

    def cost(self, game: Game, day: str, start: int, field: str) -> float:
        """The sum of `terms`: what putting the game there costs on its own."""
        return sum(self.terms(game, day, start, field).values())


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


def early_late_counts(
    tournament: Tournament, games: Iterable[Game], schedule: Mapping[str, Placement]
) -> Counter[str]:
    """Each team's early or late kick-offs over the tournament (known teams only: a playoff
    slot's teams are not known before the standings fill it)."""
    by_id = {game.id: game for game in games}
    counts: Counter[str] = Counter()
    for game_id, p in schedule.items():
        if is_early_or_late(tournament, p.start):
            counts.update(by_id[game_id].teams)
    return counts


def evaluate(
    tournament: Tournament, games: Iterable[Game], schedule: Mapping[str, Placement]
) -> Breakdown:
    """The weighted soft terms of a (complete, valid) schedule."""
    w = tournament.weights
    listed = list(games)
    by_id = {game.id: game for game in listed}
    slot_costs = SlotCosts(tournament)
    terms = dict.fromkeys(TERMS, 0.0)
    team_day: dict[tuple[str, str], list[Window]] = defaultdict(list)
    for game_id, p in schedule.items():
        game = by_id[game_id]
        for term, value in slot_costs.terms(game, p.day, p.start, p.field).items():
            terms[term] += value
        for team in game.teams:
            team_day[(team, p.day)].append(Window(p.start, p.end))
    worst: dict[tuple[str, str], int] = defaultdict(int)
    for (team, day), windows in team_day.items():
        idle = idle_minutes(tournament.rules.min_rest_minutes, windows)
        terms["idle"] += w.idle * idle / 60
        key = (tournament.team[team].division, day)
        worst[key] = max(worst[key], idle)
    terms["even_rest"] = w.even_rest * sum(worst.values()) / 60
    counts = early_late_counts(tournament, listed, schedule)
    terms["early_late"] = sum((early_late_penalty(w.early_late, n) for n in counts.values()), 0.0)
    return Breakdown({key: round(value, 6) for key, value in terms.items()})
