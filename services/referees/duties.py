"""The games of a schedule as the referees see them: when, where, who plays, which crew.

A playoff slot does not know its teams yet; a referee tied to any team that could still fill
it (the game's candidates) is treated as tied to it, because they might have to be with that
team then. An assignment maps a (game, position) to a referee id; a position not in it is
unfilled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from services.referees.pool import CENTER, Pool
from services.scheduler.games import Game
from services.scheduler.placement import Schedule
from services.scheduler.tournament import Tournament

Seat = tuple[str, str]
"""(game id, position)."""
Assignment = dict[Seat, str]
"""(game id, position) -> referee id; the positions not in it are unfilled."""


@dataclass(frozen=True)
class Match:
    """One scheduled game with its crew: `teams` are the teams that play it or may (a
    playoff slot's candidates); `clubs` their clubs."""

    id: str
    division: str
    age: int
    day: str
    start: int
    end: int
    venue: str
    field: str
    teams: frozenset[str]
    clubs: frozenset[str]
    positions: tuple[tuple[str, str], ...]  # (position, minimum grade)

    @property
    def seats(self) -> list[Seat]:
        return [(self.id, position) for position, _ in self.positions]

    def minimum_grade(self, position: str) -> str:
        return dict(self.positions)[position]


def is_center(seat: Seat) -> bool:
    return seat[1] == CENTER


def matches(
    tournament: Tournament, games: Iterable[Game], schedule: Schedule, pool: Pool
) -> list[Match]:
    """Every scheduled game with its crew, in kick-off order."""
    found = []
    for game in games:
        if game.id not in schedule:
            continue
        placement = schedule[game.id]
        division = tournament.division[game.division]
        teams = frozenset(game.teams) or game.candidates
        crew = pool.rules.crew(division.size, division.age)
        found.append(
            Match(
                id=game.id,
                division=division.id,
                age=division.age,
                day=placement.day,
                start=placement.start,
                end=placement.end,
                venue=tournament.field[placement.field].venue,
                field=placement.field,
                teams=teams,
                clubs=frozenset(tournament.team[t].club for t in teams if tournament.team[t].club),
                positions=crew.minimum,
            )
        )
    return sorted(found, key=lambda m: (tournament.day_offset[m.day] + m.start, m.field, m.id))


@dataclass(frozen=True, eq=False)
class AssignmentProblem:
    """What an assignment is made for: the tournament, its scheduled games, the pool.
    Compared by identity, so what is derived from one can be kept beside it."""

    tournament: Tournament
    matches: tuple[Match, ...]
    pool: Pool

    @classmethod
    def of(
        cls, tournament: Tournament, games: Iterable[Game], schedule: Schedule, pool: Pool
    ) -> AssignmentProblem:
        return cls(tournament, tuple(matches(tournament, games, schedule, pool)), pool)

    @cached_property
    def match(self) -> dict[str, Match]:
        return {m.id: m for m in self.matches}

    @cached_property
    def seats(self) -> list[Seat]:
        return [seat for m in self.matches for seat in m.seats]

    @cached_property
    def games_of_team(self) -> dict[str, list[Match]]:
        """Each team's games, playoff slots it may fill included."""
        found: dict[str, list[Match]] = {}
        for m in self.matches:
            for team in m.teams:
                found.setdefault(team, []).append(m)
        return found

    def drive(self, a: str, b: str) -> int:
        return self.tournament.travel_minutes(a, b)
