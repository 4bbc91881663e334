"""Read a season file (YAML) into a `League`, every problem with its line.

The same conventions as the tournament file, and its pieces: YAML read with a line map,
problems named by path as a director reads it (`scheduler.loader.read_sections`), pydantic
entries with the tournament file's value types and messages (`tournament_file.values`,
`.errors`), then the checks across items, all reported at once.
"""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationError, ValidationInfo

from services.input_problem import InputError, InputProblem
from services.scheduler.loader import read_sections
from services.scheduler.tournament import clock
from services.scheduler.tournament_file.errors import problems_of
from services.scheduler.tournament_file.values import (
    Clock,
    Date,
    Id,
    PositiveMinutes,
    Slug,
    StrictEntry,
    TimeZone,
    Weight,
    between,
)
from services.season.league import (
    WEEKEND_DAYS,
    HomeField,
    League,
    LeagueDivision,
    LeagueRules,
    LeagueTeam,
    LeagueWeights,
    weekend_of,
    weekends_between,
)


class SeasonFileError(InputError):
    """The season file cannot be used; carries every problem found."""


def _declared(section: str, noun: str) -> AfterValidator:
    """A reference to an id another section declares (collected before validating)."""

    def check(value: str, info: ValidationInfo) -> str:
        if value not in (info.context or {}).get(section, set()):
            raise ValueError(f"unknown {noun} {value!r}")
        return value

    return AfterValidator(check)


FieldRef = Annotated[Id, _declared("fields", "field")]
DivisionRef = Annotated[Id, _declared("divisions", "division")]
Latitude = Annotated[float | int, AfterValidator(lambda v: _within(v, 90.0))]
Longitude = Annotated[float | int, AfterValidator(lambda v: _within(v, 180.0))]


def _within(value: float, limit: float) -> float:
    if not -limit <= value <= limit:
        raise ValueError(f"{value} is not between -{limit:g} and {limit:g}")
    return float(value)


class SeasonEntry(StrictEntry):
    start: Date
    end: Date


class TimesEntry(StrictEntry):
    sat: list[Clock] = []
    sun: list[Clock] = []


class HomeFieldEntry(StrictEntry):
    id: Id
    name: str | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    times: TimesEntry
    closed: list[Date] = []


class LeagueDivisionEntry(StrictEntry):
    id: Id
    name: str | None = None
    games_per_team: Annotated[int, between(1, 60, "games")]
    game_minutes: PositiveMinutes = 90


class LeagueTeamEntry(StrictEntry):
    id: Id
    name: str | None = None
    division: DivisionRef
    home_field: FieldRef
    blackouts: list[Date] = []


class LeagueRulesEntry(StrictEntry):
    max_games_per_weekend: Annotated[int, between(1, 2, "games")] = 1


class LeagueWeightsEntry(StrictEntry):
    double_weekend: Weight = LeagueWeights.double_weekend
    close_rematch: Weight = LeagueWeights.close_rematch
    travel_km: Weight = LeagueWeights.travel_km


class LeagueEntry(StrictEntry):
    id: Slug
    name: str | None = None
    timezone: TimeZone = "UTC"
    season: SeasonEntry
    rules: LeagueRulesEntry = LeagueRulesEntry()
    weights: LeagueWeightsEntry = LeagueWeightsEntry()
    fields: list[HomeFieldEntry]
    divisions: list[LeagueDivisionEntry]
    teams: list[LeagueTeamEntry]


def load_league(path: Path | str) -> League:
    """Parse and validate a season file; raise `SeasonFileError` listing every problem."""
    data, here, problems = read_sections(Path(path), SeasonFileError, "season")
    context = {section: _ids(data, section) for section in ("fields", "divisions")}
    try:
        entry = LeagueEntry.model_validate(data, context=context)
    except ValidationError as error:
        raise SeasonFileError(problems + problems_of(error, LeagueEntry, here)) from None
    problems += _cross_checks(entry, here)
    if problems:
        raise SeasonFileError(problems)
    return _to_league(entry)


def _ids(data: dict[str, Any], section: str) -> set[str]:
    listed = data.get(section)
    items = listed if isinstance(listed, list) else []
    return {str(item.get("id")) for item in items if isinstance(item, dict)}


def _cross_checks(entry: LeagueEntry, here: Any) -> list[InputProblem]:
    """What no single entry shows: ids given twice, a division that cannot pair up, a
    field's kick-offs closer than its games last, dates outside the season."""
    problems = []
    for section in ("fields", "divisions", "teams"):
        items = getattr(entry, section)
        counts = Counter(item.id for item in items)
        for index, item in enumerate(items):
            if counts[item.id] > 1:
                problems.append(here((section, index, "id")).saying(f"id {item.id!r} given twice"))
    if entry.season.end < entry.season.start:
        problems.append(here(("season", "end")).saying("the season ends before it starts"))
    weekends = set(weekends_between(entry.season.start, entry.season.end))
    members = Counter(team.division for team in entry.teams)
    for index, division in enumerate(entry.divisions):
        count = members[division.id]
        if count < 2:
            what = f"has {count} team(s); a league needs at least two"
            problems.append(here(("divisions", index)).saying(what))
        elif count * division.games_per_team % 2:
            what = (
                f"{count} teams playing {division.games_per_team} games each is an odd number "
                "of team-games: every game has two teams"
            )
            problems.append(here(("divisions", index, "games_per_team")).saying(what))
    longest = _longest_game_per_field(entry)
    for index, item in enumerate(entry.fields):
        problems += _field_checks(item, index, longest.get(item.id, 0), weekends, here)
    for index, team in enumerate(entry.teams):
        for n, day in enumerate(team.blackouts):
            if weekend_of(day) not in weekends:
                what = f"{day} is not in the season ({entry.season.start} to {entry.season.end})"
                problems.append(here(("teams", index, "blackouts", n)).saying(what))
    return problems


def _longest_game_per_field(entry: LeagueEntry) -> dict[str, int]:
    minutes = {division.id: division.game_minutes for division in entry.divisions}
    longest: dict[str, int] = {}
    for team in entry.teams:
        game = minutes.get(team.division, 0)
        longest[team.home_field] = max(longest.get(team.home_field, 0), game)
    return longest


def _field_checks(
    item: HomeFieldEntry, index: int, longest: int, weekends: set[date], here: Any
) -> list[InputProblem]:
    problems = []
    if (item.latitude is None) != (item.longitude is None):
        problems.append(here(("fields", index)).saying("give both latitude and longitude"))
    for name in WEEKEND_DAYS:
        times = sorted(getattr(item.times, name))
        for before, after in itertools.pairwise(times):
            if after - before < longest:
                what = (
                    f"kick-offs {clock(before)} and {clock(after)} are {after - before} min "
                    f"apart; the longest game played here lasts {longest} min"
                )
                problems.append(here(("fields", index, "times", name)).saying(what))
    for n, day in enumerate(item.closed):
        if weekend_of(day) not in weekends:
            problems.append(
                here(("fields", index, "closed", n)).saying(f"{day} is not in the season")
            )
    return problems


def _to_league(entry: LeagueEntry) -> League:
    location = {
        item.id: (float(item.latitude), float(item.longitude))
        for item in entry.fields
        if item.latitude is not None and item.longitude is not None
    }
    return League(
        id=entry.id,
        name=entry.name or entry.id,
        timezone=entry.timezone,
        start=entry.season.start,
        end=entry.season.end,
        divisions=tuple(
            LeagueDivision(d.id, d.name or d.id, d.games_per_team, d.game_minutes)
            for d in entry.divisions
        ),
        teams=tuple(
            LeagueTeam(
                t.id,
                t.name or t.id,
                t.division,
                t.home_field,
                frozenset(weekend_of(day) for day in t.blackouts),
            )
            for t in entry.teams
        ),
        fields=tuple(
            HomeField(
                f.id,
                f.name or f.id,
                {"sat": tuple(sorted(f.times.sat)), "sun": tuple(sorted(f.times.sun))},
                frozenset(f.closed),
                location.get(f.id),
            )
            for f in entry.fields
        ),
        rules=LeagueRules(entry.rules.max_games_per_weekend),
        weights=LeagueWeights(
            entry.weights.double_weekend, entry.weights.close_rematch, entry.weights.travel_km
        ),
    )
