"""The tournament a director describes: days, venues, fields, divisions, teams and wishes.

Plain frozen dataclasses, already validated by the loader, so the construction, the model and
the checker can trust every reference. Times of day are minutes after midnight in the
tournament's own time zone; that keeps arithmetic exact and the grid obvious.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from services.lookups import ById

# The rulebook's formats, half lengths and each age's format, re-exported for the scheduler.
from services.rulebook import HALF_MINUTES as HALF_MINUTES
from services.rulebook import SIZE_BY_AGE as SIZE_BY_AGE
from services.rulebook import SIZES as SIZES

# Not in the rulebook: tournament practice, overridable per division in the file.
DEFAULT_HALFTIME = 5
DEFAULT_TURNOVER = 10
DEFAULT_MAX_GAMES_PER_DAY = dict.fromkeys(range(9, 13), 3) | dict.fromkeys(range(13, 20), 2)


def clock(minutes: int) -> str:
    """'HH:MM' for minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, order=True)
class Window:
    """A half-open stretch of one day, [start, end), in minutes after midnight."""

    start: int
    end: int

    def overlaps(self, start: int, end: int) -> bool:
        return start < self.end and self.start < end

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end

    def __str__(self) -> str:
        return f"{clock(self.start)}-{clock(self.end)}"


@dataclass(frozen=True)
class Day:
    id: str
    date: date


@dataclass(frozen=True)
class Venue:
    id: str
    name: str
    main: bool = False
    location: tuple[float, float] | None = None  # latitude, longitude: for spectators' maps


@dataclass(frozen=True)
class Field:
    """A pitch of one size class, open in windows per day, optionally reserved to divisions."""

    id: str
    venue: str
    size: str
    windows: dict[str, tuple[Window, ...]]
    divisions: frozenset[str] | None = None
    name: str = ""  # what people call it ("Field 3", "Stadium"); the id when not given

    @property
    def label(self) -> str:
        return self.name or self.id

    def hosts(self, division: Division) -> bool:
        """Size class matches and, when the field lists divisions, the division is listed."""
        return division.size == self.size and (
            self.divisions is None or division.id in self.divisions
        )


@dataclass(frozen=True)
class Group:
    id: str
    team_ids: tuple[str, ...]


@dataclass(frozen=True)
class Division:
    """Age group, gender and bracket, with its game length and its groups.

    `playoff_one_venue`: the semi-finals and the final are played at one venue, so finalists,
    parents and the trophy do not chase each other across town; a file can allow any venue.
    """

    id: str
    name: str
    age: int
    gender: str
    bracket: str
    size: str
    half_minutes: int
    halftime_minutes: int
    turnover_minutes: int
    max_games_per_day: int
    groups: tuple[Group, ...]
    playoff: str = "none"
    playoff_day: str | None = None
    playoff_one_venue: bool = True

    @property
    def age_group(self) -> str:
        return f"U{self.age}"

    @property
    def play_minutes(self) -> int:
        """Kick-off to final whistle: two halves and the break."""
        return 2 * self.half_minutes + self.halftime_minutes

    @property
    def field_minutes(self) -> int:
        """How long a game holds its field: play plus the turnover buffer."""
        return self.play_minutes + self.turnover_minutes


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    division: str
    club: str = ""
    coach_ids: tuple[str, ...] = ()
    state_association: str = ""


@dataclass(frozen=True)
class Coach:
    """A coach the file declares, so a coach id on a team can be checked against the list."""

    id: str
    name: str


@dataclass(frozen=True)
class Unavailability:
    """A team cannot play in this window (hard)."""

    team: str
    day: str
    window: Window


@dataclass(frozen=True)
class Request:
    """A team would rather not play in this window (soft, weighted)."""

    team: str
    day: str
    window: Window


@dataclass(frozen=True)
class Rules:
    """Tournament-wide hard limits that are not per division.

    `finals_not_before` maps a day id to the earliest kick-off of a final that day (so the
    crowd and the trophy can be there); a day not listed has no such limit.
    """

    min_rest_minutes: int = 60
    late_after: int = 19 * 60
    early_before: int = 9 * 60
    finals_not_before: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Weights:
    """Weights of the soft objective terms, per unit named in each docstring line."""

    compact: float = 1.0  # per hour a game kicks off away from the middle of the day's hours
    idle: float = 2.0  # per hour a team waits beyond the minimum rest, per day
    even_rest: float = 1.0  # per hour of the longest such wait of the day
    early_late: float = 3.0  # per pair of one team's early/late games in the tournament
    main_venue: float = 2.0  # per game away from the main venue, times the age factor
    requests: float = 5.0  # per game in a window a team asked to avoid


@dataclass(frozen=True)
class Tournament:
    """Everything the scheduler needs, with lookups by id."""

    id: str
    name: str
    timezone: str
    days: tuple[Day, ...]
    venues: tuple[Venue, ...]
    travel: dict[tuple[str, str], int]
    fields: tuple[Field, ...]
    divisions: tuple[Division, ...]
    teams: tuple[Team, ...]
    coaches: tuple[Coach, ...] = ()
    unavailable: tuple[Unavailability, ...] = ()
    requests: tuple[Request, ...] = ()
    rules: Rules = field(default_factory=Rules)
    weights: Weights = field(default_factory=Weights)

    team = ById[Team]("teams")
    division = ById[Division]("divisions")
    field = ById[Field]("fields")
    venue = ById[Venue]("venues")
    day = ById[Day]("days")

    @cached_property
    def day_offset(self) -> dict[str, int]:
        """Minutes from the first day's midnight to each day's midnight."""
        first = self.days[0].date
        return {day.id: (day.date - first).days * 1440 for day in self.days}

    @cached_property
    def teams_of_coach(self) -> dict[str, tuple[str, ...]]:
        coaches: dict[str, list[str]] = {}
        for team in self.teams:
            for coach in team.coach_ids:
                coaches.setdefault(coach, []).append(team.id)
        return {coach: tuple(teams) for coach, teams in sorted(coaches.items())}

    def travel_minutes(self, a: str, b: str) -> int:
        """Travel time between venues; zero within one venue."""
        if a == b:
            return 0
        return self.travel.get((a, b), self.travel.get((b, a), 0))

    def rest_after(self, venue_a: str, venue_b: str) -> int:
        """Minutes a team needs from the final whistle at `venue_a` to kick-off at `venue_b`.

        The minimum rest plus the drive: time in the car is not rest, so a team that finishes
        at 09:15 twenty minutes away with a 60-minute rest is due at 10:35, not 10:15. Taking
        the larger of the two instead would let the drive eat the rest entirely.
        """
        return self.rules.min_rest_minutes + self.travel_minutes(venue_a, venue_b)

    def finals_not_before(self, day: str) -> int | None:
        """The earliest minute a final may kick off on the day, or None for no limit."""
        return self.rules.finals_not_before.get(day)

    def moment(self, day: str, minute: int) -> datetime:
        """The aware datetime of a minute of a day, in the tournament's time zone."""
        midnight = datetime.combine(self.day[day].date, datetime.min.time())
        return (midnight + timedelta(minutes=minute)).replace(tzinfo=ZoneInfo(self.timezone))

    def day_and_minute(self, moment: datetime) -> tuple[str, int] | None:
        """The (day id, minute) of an aware datetime, or None when it is on no tournament day."""
        local = moment.astimezone(ZoneInfo(self.timezone))
        for day in self.days:
            if day.date == local.date():
                return day.id, local.hour * 60 + local.minute
        return None
