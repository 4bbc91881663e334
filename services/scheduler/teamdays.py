"""How a team's group games can fall on the days: the counting behind the bound's team part.

Every valid schedule gives each team a *day pattern*: how many of its group games it plays
on each day. A pattern is limited per day by the team's *cap*: the division's daily limit,
less one per playoff round the team could reach on its division's playoff day (the checker
counts those rounds against the limit wherever the playoffs are placed that day), and never
more games than the kick-offs it can take that day fit, a game plus the rest apart (none
when no field of its size is open or the team is away all day).

A team's idle on a day is the sum over its consecutive games of the kick-off gap minus a
game and the rest; a gap is a difference of two kick-offs on the fields its division may use
that day, so with k games the idle is at least k - 1 times the day's *grid excess*: the
smallest long-enough gap minus a game and the rest. So a pattern prices the idle it forces.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Iterator

from services.scheduler.games import Game
from services.scheduler.slots import Slot
from services.scheduler.tournament import Division, Tournament


def kick_offs(tournament: Tournament, division: Division, slots: list[Slot]) -> list[list[int]]:
    """Per day of the tournament, the sorted kick-offs on fields hosting the division."""
    starts: dict[str, set[int]] = defaultdict(set)
    for slot in slots:
        if tournament.field[slot.field].hosts(division):
            starts[slot.day].add(slot.start)
    return [sorted(starts[day.id]) for day in tournament.days]


def grid_excess(tournament: Tournament, division: Division, times: list[int]) -> int | None:
    """The least a gap between two of the day's kick-offs can exceed a game plus the rest,
    or None when no two are far enough apart (no team plays twice that day)."""
    need = division.play_minutes + tournament.rules.min_rest_minutes
    gaps = [
        times[i] - a - need
        for a in times
        if (i := bisect.bisect_left(times, a + need)) < len(times)
    ]
    return min(gaps, default=None)


def most_games(times: list[int], need: int) -> int:
    """The most games kick-offs at these times can hold, each `need` after the last one's
    kick-off: the earliest next kick-off each time is the longest chain."""
    count, free_from = 0, None
    for start in times:
        if free_from is None or start >= free_from:
            count, free_from = count + 1, start + need
    return count


def day_caps(
    tournament: Tournament, games: list[Game], slots: list[Slot]
) -> dict[str, tuple[int, ...]]:
    """Each team's most group games per day (module doc), in the tournament's day order."""
    rounds: dict[str, set[str]] = defaultdict(set)
    for game in games:
        if game.stage == "playoff":
            for team in game.candidates:
                rounds[team].add(game.round)
    away = defaultdict(list)
    for item in tournament.unavailable:
        away[(item.team, item.day)].append(item.window)
    caps = {}
    for division in tournament.divisions:
        times = kick_offs(tournament, division, slots)
        need = division.play_minutes + tournament.rules.min_rest_minutes
        for team in tournament.teams:
            if team.division != division.id:
                continue
            row = []
            for day, day_times in zip(tournament.days, times, strict=True):
                free = [
                    t
                    for t in day_times
                    if not any(
                        w.overlaps(t, t + division.play_minutes) for w in away[(team.id, day.id)]
                    )
                ]
                limit = division.max_games_per_day
                if day.id == division.playoff_day:
                    limit -= len(rounds[team.id])
                row.append(max(0, min(limit, most_games(free, need))))
            caps[team.id] = tuple(row)
    return caps


def patterns(games: int, caps: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
    """Every way to spread `games` group games over the days within the caps."""
    for pattern in itertools.product(*(range(cap + 1) for cap in caps)):
        if sum(pattern) == games:
            yield pattern


def idle_of(pattern: tuple[int, ...], excess: tuple[int | None, ...]) -> int:
    """The least idle minutes a pattern forces: each game past a day's first costs its excess
    (a pattern only doubles up where `excess` is known: its cap is 1 elsewhere)."""
    return sum((k - 1) * (gap or 0) for k, gap in zip(pattern, excess, strict=True) if k > 1)


def pair_envelope(teams: int, most: int) -> list[tuple[int, float]]:
    """Lines (slope, intercept) whose maximum at E is the fewest pairs of early/late games
    `teams` teams can have with E such games between them, spread as evenly as whole
    numbers allow: with E = qN + r, (N - r) C(q, 2) + r C(q + 1, 2), which is q E - N q (q +
    1) / 2 for that q, convex in E; `most` is the most any team can have."""
    return [(q, -teams * q * (q + 1) / 2) for q in range(1, most)]
