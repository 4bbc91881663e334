"""A club league's season as the scheduler sees it: weekends, home fields, teams, games.

A season is played in weekly rounds: a weekend is a Saturday and the Sunday after it, named
by its Saturday. A game is played on its home team's home field at one of that field's
kick-off times. Nothing here reads a file or a clock; `league_file.py` builds a `League`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from services.lookups import ById

#: Saturday and Sunday: the days a weekend's games are played on.
WEEKEND_DAYS = {"sat": 0, "sun": 1}
EARTH_KM = 6371.0


def weekend_of(day: date) -> date:
    """The Saturday that names the weekend `day` falls in (a weekday belongs to the
    weekend before it, so a Monday holiday blackout names the weekend it ends)."""
    return day - timedelta(days=(day.weekday() - 5) % 7)


def weekends_between(start: date, end: date) -> tuple[date, ...]:
    """Every weekend with at least one day from `start` to `end`."""
    first, last = weekend_of(start), weekend_of(end)
    if first + timedelta(days=1) < start:  # the range starts after that Sunday
        first += timedelta(days=7)
    count = (last - first).days // 7 + 1
    return tuple(first + timedelta(days=7 * n) for n in range(max(count, 0)))


@dataclass(frozen=True, order=True)
class LeagueDay:
    """One playing day: its weekend (a Saturday) and which day of it."""

    weekend: date
    name: str  # "sat" or "sun"

    @property
    def date(self) -> date:
        return self.weekend + timedelta(days=WEEKEND_DAYS[self.name])

    @property
    def id(self) -> str:
        return self.date.isoformat()


@dataclass(frozen=True)
class HomeField:
    """A home field: its kick-off times per weekend day (minutes after midnight), the dates
    it is closed, and where it is (for travel), when given."""

    id: str
    name: str
    times: dict[str, tuple[int, ...]]
    closed: frozenset[date] = frozenset()
    location: tuple[float, float] | None = None

    def kickoffs(self, day: LeagueDay) -> tuple[int, ...]:
        """The kick-off times on `day`: none when the field is closed then."""
        if day.date in self.closed:
            return ()
        return self.times.get(day.name, ())


@dataclass(frozen=True)
class LeagueDivision:
    """Teams that play each other: how many games each plays and how long a game lasts."""

    id: str
    name: str
    games_per_team: int
    game_minutes: int


@dataclass(frozen=True)
class LeagueTeam:
    """A team: its division, its home field, and the weekends it cannot play (its
    tournaments, State Cup), each named by its Saturday."""

    id: str
    name: str
    division: str
    home_field: str
    blackouts: frozenset[date] = frozenset()


@dataclass(frozen=True)
class LeagueRules:
    """The season's hard limit a director sets: games a team may play in one weekend (on
    different days when more than one)."""

    max_games_per_weekend: int = 1


@dataclass(frozen=True)
class LeagueWeights:
    """Soft goals: a second game in a weekend, a pair meeting again within the spread window
    (weekends), and each kilometre an away team drives."""

    double_weekend: float = 10.0
    close_rematch: float = 5.0
    travel_km: float = 0.01


@dataclass(frozen=True)
class League:
    id: str
    name: str
    timezone: str
    start: date
    end: date
    divisions: tuple[LeagueDivision, ...]
    teams: tuple[LeagueTeam, ...]
    fields: tuple[HomeField, ...]
    rules: LeagueRules = field(default_factory=LeagueRules)
    weights: LeagueWeights = field(default_factory=LeagueWeights)

    @cached_property
    def weekends(self) -> tuple[date, ...]:
        return weekends_between(self.start, self.end)

    @cached_property
    def days(self) -> tuple[LeagueDay, ...]:
        """Every playing day of the season inside the date range."""
        every = (LeagueDay(weekend, name) for weekend in self.weekends for name in WEEKEND_DAYS)
        return tuple(day for day in every if self.start <= day.date <= self.end)

    team = ById[LeagueTeam]("teams")
    field = ById[HomeField]("fields")
    division = ById[LeagueDivision]("divisions")

    def members(self, division: str) -> list[LeagueTeam]:
        return [team for team in self.teams if team.division == division]

    def meetings(self, division: str) -> tuple[int, int]:
        """The fewest and most times two teams of `division` meet: an even share of each
        team's games among its opponents, so everyone plays everyone as equally as possible."""
        opponents = len(self.members(division)) - 1
        games = self.division[division].games_per_team
        return games // opponents, -(-games // opponents)

    def moment(self, day: LeagueDay, minute: int) -> datetime:
        """A kick-off as an aware local time."""
        midnight = datetime.combine(day.date, datetime.min.time(), ZoneInfo(self.timezone))
        return midnight + timedelta(minutes=minute)

    def km(self, a: str, b: str) -> float | None:
        """Great-circle distance between two fields, or None when one has no location."""
        first, second = self.field[a].location, self.field[b].location
        if first is None or second is None:
            return None
        return haversine(first, second)


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Kilometres between two (latitude, longitude) points on a spherical Earth."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


@dataclass(frozen=True, order=True)
class SeasonGame:
    """One game of the season: who, where (the home team's field), when."""

    id: str
    division: str
    home: str
    away: str
    field: str
    day: LeagueDay
    kickoff: int

    def end(self, league: League) -> int:
        return self.kickoff + league.division[self.division].game_minutes


SeasonSchedule = list[SeasonGame]


@dataclass(frozen=True)
class Rainout:
    """A weekend rained out: every field, or only `field`."""

    weekend: date
    field: str | None = None

    def covers(self, field: str, day: LeagueDay) -> bool:
        return day.weekend == self.weekend and self.field in (None, field)

    def __str__(self) -> str:
        return f"{self.weekend}" + (f"@{self.field}" if self.field else "")
