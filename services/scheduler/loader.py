"""Read a tournament file (YAML) and a team registration export (CSV) into a `Tournament`.

A director writes this file by hand, so every problem is reported with the file, the line (or
CSV row) and what is wrong, and the loader keeps going to report every problem at once.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from services.scheduler.tournament import (
    DEFAULT_HALFTIME,
    DEFAULT_MAX_GAMES_PER_DAY,
    DEFAULT_TURNOVER,
    HALF_MINUTES,
    SIZE_BY_AGE,
    SIZES,
    Coach,
    Day,
    Division,
    Field,
    Group,
    Request,
    Rules,
    Team,
    Tournament,
    Unavailability,
    Venue,
    Weights,
    Window,
)

IDENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
AGE = re.compile(r"^U(\d{1,2})$")
PLAYOFFS = ("none", "final", "semifinals")
CSV_COLUMNS = ("team", "club", "division", "coach_ids", "state_association")
T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, and where."""

    file: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.where}: {self.message}"


class TournamentFileError(ValueError):
    """The tournament file (or its team CSV) cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class _Invalid(Exception):
    """Internal: abandon the current item after recording a problem."""


class _Map(dict[str, Any]):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int
    key_lines: dict[str, int]


class _List(list[Any]):
    """A YAML sequence that remembers the line of itself and of each item."""

    line: int
    item_lines: list[int]


class _MarkedLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences keep their (1-based) line numbers."""


def _construct_map(loader: _MarkedLoader, node: yaml.MappingNode) -> _Map:
    result = _Map()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        result[str(key)] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = value_node.start_mark.line + 1
    return result


def _construct_list(loader: _MarkedLoader, node: yaml.SequenceNode) -> _List:
    result = _List(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_MarkedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_MarkedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)


class _Reader:
    """Collects problems while reading one file; each `fail` abandons only the current item."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def fail(self, line: int, where: str, message: str) -> _Invalid:
        self.problems.append(Problem(self.file, line, where, message))
        return _Invalid()

    def fail_at(self, origin: Problem, message: str) -> None:
        """Record a problem where something (perhaps in another file) was written."""
        self.problems.append(Problem(origin.file, origin.line, origin.where, message))

    def each(self, items: list[Any], read: Callable[[Any, str, int], T], where: str) -> list[T]:
        """Read every item, recording problems per item and keeping the good ones."""
        lines = getattr(items, "item_lines", [getattr(items, "line", 1)] * len(items))
        kept = []
        for index, (item, line) in enumerate(zip(items, lines, strict=True)):
            try:
                kept.append(read(item, f"{where}[{index}]", line))
            except _Invalid:
                continue
        return kept

    def mapping(self, value: Any, where: str, line: int) -> _Map:
        if not isinstance(value, _Map):
            raise self.fail(line, where, f"expected a mapping, got {_kind(value)}")
        return value

    def sequence(self, value: Any, where: str, line: int) -> _List:
        if not isinstance(value, _List):
            raise self.fail(line, where, f"expected a list, got {_kind(value)}")
        return value

    def keys(self, node: _Map, where: str, allowed: tuple[str, ...]) -> None:
        for key in node:
            if key not in allowed:
                raise self.fail(
                    node.key_lines[key],
                    f"{where}.{key}",
                    f"unknown key (allowed: {', '.join(allowed)})",
                )

    def get(self, node: _Map, key: str, where: str, kind: type[T], default: Any = ...) -> T:
        """A value of the expected type, or the default, or a 'missing' problem."""
        if key not in node or node[key] is None:
            if default is ...:
                raise self.fail(node.line, f"{where}.{key}", "missing")
            return default  # type: ignore[no-any-return]
        value = node[key]
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok:
            raise self.fail(
                node.key_lines[key], f"{where}.{key}", f"expected {kind.__name__}, got {value!r}"
            )
        return value  # type: ignore[no-any-return]

    def line(self, node: _Map, key: str) -> int:
        return node.key_lines.get(key, node.line)

    def ident(self, node: _Map, key: str, where: str, pattern: re.Pattern[str] = IDENT) -> str:
        value = node.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if value is None:
            raise self.fail(node.line, f"{where}.{key}", "missing")
        if not isinstance(value, str) or not pattern.match(value):
            raise self.fail(
                self.line(node, key),
                f"{where}.{key}",
                f"{value!r} is not an id (letters, digits, '.', '_', '-'; at most 64)",
            )
        return value

    def minutes(self, node: _Map, key: str, where: str, default: int | None = None) -> int:
        value = self.get(node, key, where, int, ... if default is None else default)
        if not 0 <= value <= 24 * 60:
            raise self.fail(
                self.line(node, key), f"{where}.{key}", f"{value} is not 0-1440 minutes"
            )
        return value

    def clock(self, value: Any, where: str, line: int) -> int:
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
            # YAML 1.1 reads an unquoted 10:30 as the sexagesimal number 630 (minutes).
            return value
        match = CLOCK.match(str(value))
        if not match or int(match[1]) > 24 or int(match[2]) > 59:
            raise self.fail(line, where, f"{value!r} is not a time of day HH:MM")
        return int(match[1]) * 60 + int(match[2])

    def window(self, value: Any, where: str, line: int) -> Window:
        text = str(value)
        parts = text.split("-")
        if len(parts) != 2 or not all(CLOCK.match(part.strip()) for part in parts):
            raise self.fail(line, where, f"{text!r} is not a window HH:MM-HH:MM")
        start, end = (self.clock(part.strip(), where, line) for part in parts)
        if end <= start:
            raise self.fail(line, where, f"{text!r} ends before it starts")
        return Window(start, end)


def _kind(value: Any) -> str:
    return {
        _Map: "a mapping",
        _List: "a list",
        str: f"the text {value!r}",
        type(None): "nothing",
    }.get(type(value), repr(value))


TOP_KEYS = (
    "id",
    "name",
    "timezone",
    "days",
    "venues",
    "travel",
    "fields",
    "rules",
    "weights",
    "divisions",
    "teams",
    "teams_csv",
    "coaches",
    "unavailable",
    "requests",
)


def load_tournament(path: Path | str) -> Tournament:
    """Parse and validate a tournament file; raise `TournamentFileError` listing every problem."""
    path = Path(path)
    reader = _Reader(path.name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise TournamentFileError(
            [Problem(path.name, 0, "file", f"cannot read: {error}")]
        ) from None
    try:
        document = yaml.load(text, Loader=_MarkedLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else 0
        raise TournamentFileError(
            [Problem(path.name, line, "yaml", f"{error.problem or error}")]
        ) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line = text[: error.position].count("\n") + 1
        raise TournamentFileError([Problem(path.name, line, "yaml", error.reason)]) from None
    try:
        root = reader.mapping(document, "file", 1)
        reader.keys(root, "file", TOP_KEYS)
    except _Invalid:
        raise TournamentFileError(reader.problems) from None
    tournament = _read(reader, root, path)
    if reader.problems or tournament is None:
        raise TournamentFileError(reader.problems)
    return tournament


def _read(reader: _Reader, root: _Map, path: Path) -> Tournament | None:
    try:
        tournament_id = reader.ident(root, "id", "file", SLUG)
        name = reader.get(root, "name", "file", str, tournament_id)
        timezone = reader.get(root, "timezone", "file", str, "UTC")
        ZoneInfo(timezone)
    except _Invalid:
        return None
    except (ZoneInfoNotFoundError, ValueError):
        reader.fail(
            reader.line(root, "timezone"), "file.timezone", f"unknown time zone {timezone!r}"
        )
        return None

    raw_days = _list(reader, root, "days")
    days = reader.each(raw_days, lambda n, w, ln: _day(reader, n, w, ln), "days")
    _unique(reader, days, "days", root)
    day_ids = _declared(raw_days)
    raw_venues = _list(reader, root, "venues")
    venues = reader.each(raw_venues, lambda n, w, ln: _venue(reader, n, w, ln), "venues")
    _unique(reader, venues, "venues", root)
    venue_ids = _declared(raw_venues)
    travel: dict[tuple[str, str], int] = {}
    for a, b, minutes in reader.each(
        _list(reader, root, "travel", required=False),
        lambda n, w, ln: _travel(reader, n, w, ln, venue_ids),
        "travel",
    ):
        travel[(a, b)] = minutes
    rules = _rules(reader, root, day_ids)
    weights = _weights(reader, root)
    max_games = _max_games(reader, root)

    teams = _teams(reader, root, path)
    raw_coaches = _list(reader, root, "coaches", required=False)
    coaches = reader.each(raw_coaches, lambda n, w, ln: _coach(reader, n, w, ln), "coaches")
    _unique(reader, coaches, "coaches", root)
    if isinstance(root.get("coaches"), _List):
        _undeclared_coaches(reader, teams, _declared(raw_coaches))
    elif root.get("coaches") is None:
        _mistyped_coaches(reader, teams)
    raw_divisions = _list(reader, root, "divisions")
    declared = _declared(raw_divisions)
    divisions = reader.each(
        raw_divisions,
        lambda n, w, ln: _division(reader, n, w, ln, teams, day_ids, max_games),
        "divisions",
    )
    _unique(reader, divisions, "divisions", root)
    division_ids = {division.id for division in divisions}
    grouped = {t for d in divisions for g in d.groups for t in g.team_ids}
    for team, origin in teams:
        if team.division not in declared:
            reader.fail_at(origin, f"unknown division {team.division!r}")
        elif team.division in division_ids and team.id not in grouped:
            reader.fail_at(origin, f"team {team.id!r} is in no group of {team.division}")

    fields = reader.each(
        _list(reader, root, "fields"),
        lambda n, w, ln: _field(reader, n, w, ln, venue_ids, day_ids, declared),
        "fields",
    )
    _unique(reader, fields, "fields", root)
    team_ids = {team.id for team, _ in teams}
    unavailable = reader.each(
        _list(reader, root, "unavailable", required=False),
        lambda n, w, ln: _team_window(reader, n, w, ln, team_ids, day_ids, Unavailability),
        "unavailable",
    )
    requests = reader.each(
        _list(reader, root, "requests", required=False),
        lambda n, w, ln: _team_window(reader, n, w, ln, team_ids, day_ids, Request),
        "requests",
    )
    if reader.problems:
        return None
    return Tournament(
        id=tournament_id,
        name=name,
        timezone=timezone,
        days=tuple(sorted(days, key=lambda day: day.date)),
        venues=tuple(venues),
        travel=travel,
        fields=tuple(fields),
        divisions=tuple(divisions),
        teams=tuple(team for team, _ in teams),
        coaches=tuple(coaches),
        unavailable=tuple(unavailable),
        requests=tuple(requests),
        rules=rules,
        weights=weights,
    )


def _list(reader: _Reader, root: _Map, key: str, required: bool = True) -> _List:
    if key not in root or root[key] is None:
        if required:
            reader.fail(root.line, f"file.{key}", "missing")
        return _List()
    try:
        return reader.sequence(root[key], key, reader.line(root, key))
    except _Invalid:
        return _List()


def _declared(items: _List) -> set[str]:
    """Ids written in a list, valid or not, so one bad item does not cascade into others."""
    return {str(item.get("id")) for item in items if isinstance(item, _Map)}


def _unique(reader: _Reader, items: list[Any], where: str, root: _Map) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            reader.fail(reader.line(root, where), where, f"id {item.id!r} is used twice")
        seen.add(item.id)


def _day(reader: _Reader, value: Any, where: str, line: int) -> Day:
    node = reader.mapping(value, where, line)
    reader.keys(node, where, ("id", "date"))
    raw = node.get("date")
    if not isinstance(raw, date):
        try:
            raw = date.fromisoformat(str(raw))
        except ValueError:
            raise reader.fail(
                reader.line(node, "date"), f"{where}.date", f"{raw!r} is not a date YYYY-MM-DD"
            ) from None
    return Day(reader.ident(node, "id", where), raw)


def _venue(reader: _Reader, value: Any, where: str, line: int) -> Venue:
    node = reader.mapping(value, where, line)
    reader.keys(node, where, ("id", "name", "main", "latitude", "longitude"))
    venue_id = reader.ident(node, "id", where)
    location = None
    if "latitude" in node or "longitude" in node:
        latitude = reader.get(node, "latitude", where, float)
        longitude = reader.get(node, "longitude", where, float)
        for key, value, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
            if not -limit <= value <= limit:
                raise reader.fail(
                    reader.line(node, key), f"{where}.{key}", f"{value} is not in -{limit}..{limit}"
                )
        location = (latitude, longitude)
    return Venue(
        venue_id,
        reader.get(node, "name", where, str, venue_id),
        reader.get(node, "main", where, bool, False),
        location,
    )


def _travel(
    reader: _Reader, value: Any, where: str, line: int, venues: set[str]
) -> tuple[str, str, int]:
    node = reader.mapping(value, where, line)
    reader.keys(node, where, ("from", "to", "minutes"))
    ends = []
    for key in ("from", "to"):
        venue = reader.ident(node, key, where)
        if venue not in venues:
            raise reader.fail(reader.line(node, key), f"{where}.{key}", f"unknown venue {venue!r}")
        ends.append(venue)
    return ends[0], ends[1], reader.minutes(node, "minutes", where)


RULE_KEYS = (
    "min_rest_minutes",
    "late_after",
    "early_before",
    "max_games_per_day",
    "finals_not_before",
)


def _rules(reader: _Reader, root: _Map, days: set[str]) -> Rules:
    if root.get("rules") is None:
        return Rules()
    try:
        node = reader.mapping(root["rules"], "rules", reader.line(root, "rules"))
        reader.keys(node, "rules", RULE_KEYS)
        default = Rules()
        return Rules(
            min_rest_minutes=reader.minutes(
                node, "min_rest_minutes", "rules", default.min_rest_minutes
            ),
            late_after=reader.clock(
                node.get("late_after", default.late_after),
                "rules.late_after",
                reader.line(node, "late_after"),
            ),
            early_before=reader.clock(
                node.get("early_before", default.early_before),
                "rules.early_before",
                reader.line(node, "early_before"),
            ),
            finals_not_before=_finals_not_before(reader, node, days),
        )
    except _Invalid:
        return Rules()


def _finals_not_before(reader: _Reader, rules: _Map, days: set[str]) -> dict[str, int]:
    """Earliest kick-off of finals per day: one time for every day, or a time per day id."""
    value = rules.get("finals_not_before")
    where, line = "rules.finals_not_before", reader.line(rules, "finals_not_before")
    if value is None:
        return {}
    if not isinstance(value, _Map):
        return dict.fromkeys(sorted(days), reader.clock(value, where, line))
    earliest = {}
    for day, text in value.items():
        if day not in days:
            raise reader.fail(value.key_lines[day], f"{where}.{day}", f"unknown day {day!r}")
        earliest[day] = reader.clock(text, f"{where}.{day}", value.key_lines[day])
    return earliest


def _max_games(reader: _Reader, root: _Map) -> dict[int, int]:
    """Per-age maximum games a day: the defaults, overridden by rules.max_games_per_day."""
    table = dict(DEFAULT_MAX_GAMES_PER_DAY)
    rules = root.get("rules")
    if not isinstance(rules, _Map) or rules.get("max_games_per_day") is None:
        return table
    try:
        node = reader.mapping(
            rules["max_games_per_day"],
            "rules.max_games_per_day",
            reader.line(rules, "max_games_per_day"),
        )
        for key, value in node.items():
            where = f"rules.max_games_per_day.{key}"
            match = AGE.match(key)
            if not match or int(match[1]) not in HALF_MINUTES:
                raise reader.fail(node.key_lines[key], where, "expected an age group U9-U19")
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 6:
                raise reader.fail(node.key_lines[key], where, f"{value!r} is not 1-6 games")
            table[int(match[1])] = value
    except _Invalid:
        pass
    return table


def _weights(reader: _Reader, root: _Map) -> Weights:
    if root.get("weights") is None:
        return Weights()
    try:
        node = reader.mapping(root["weights"], "weights", reader.line(root, "weights"))
        names = tuple(Weights.__dataclass_fields__)
        reader.keys(node, "weights", names)
        values = {}
        for key in node:
            value = reader.get(node, key, "weights", float)
            if value < 0:
                raise reader.fail(node.key_lines[key], f"weights.{key}", "must not be negative")
            values[key] = value
        return Weights(**values)
    except _Invalid:
        return Weights()


DIVISION_KEYS = (
    "id",
    "name",
    "age_group",
    "gender",
    "bracket",
    "size",
    "half_minutes",
    "halftime_minutes",
    "turnover_minutes",
    "max_games_per_day",
    "groups",
    "group_sizes",
    "playoff",
    "playoff_day",
    "playoff_venues",
)
PLAYOFF_VENUES = ("one", "any")


def _division(
    reader: _Reader,
    value: Any,
    where: str,
    line: int,
    teams: list[tuple[Team, Problem]],
    days: set[str],
    max_games: dict[int, int],
) -> Division:
    node = reader.mapping(value, where, line)
    reader.keys(node, where, DIVISION_KEYS)
    division_id = reader.ident(node, "id", where)
    where = f"divisions.{division_id}"
    age_text = reader.get(node, "age_group", where, str)
    match = AGE.match(age_text)
    if not match or int(match[1]) not in HALF_MINUTES:
        raise reader.fail(
            reader.line(node, "age_group"),
            f"{where}.age_group",
            f"{age_text!r} is not an age group U9-U19 of the rulebook's table",
        )
    age = int(match[1])
    size = reader.get(node, "size", where, str, SIZE_BY_AGE[age])
    if size not in SIZES:
        raise reader.fail(
            reader.line(node, "size"), f"{where}.size", f"{size!r} is not one of {', '.join(SIZES)}"
        )
    playoff = reader.get(node, "playoff", where, str, "none")
    if playoff not in PLAYOFFS:
        raise reader.fail(
            reader.line(node, "playoff"),
            f"{where}.playoff",
            f"{playoff!r} is not one of {', '.join(PLAYOFFS)}",
        )
    playoff_day = reader.get(node, "playoff_day", where, str, None)
    if playoff_day is not None and playoff_day not in days:
        raise reader.fail(
            reader.line(node, "playoff_day"), f"{where}.playoff_day", f"unknown day {playoff_day!r}"
        )
    playoff_venues = reader.get(node, "playoff_venues", where, str, "one")
    if playoff_venues not in PLAYOFF_VENUES:
        raise reader.fail(
            reader.line(node, "playoff_venues"),
            f"{where}.playoff_venues",
            f"{playoff_venues!r} is not one of {', '.join(PLAYOFF_VENUES)}",
        )
    members = [team for team, _ in teams if team.division == division_id]
    groups = _groups(reader, node, where, members)
    if playoff != "none":
        _check_playoff(reader, node, where, playoff, groups)
    half = reader.minutes(node, "half_minutes", where, HALF_MINUTES[age])
    if half == 0:
        raise reader.fail(
            reader.line(node, "half_minutes"), f"{where}.half_minutes", "must be positive"
        )
    limit = reader.get(node, "max_games_per_day", where, int, max_games[age])
    if not 1 <= limit <= 6:
        raise reader.fail(
            reader.line(node, "max_games_per_day"),
            f"{where}.max_games_per_day",
            f"{limit} is not 1-6 games",
        )
    return Division(
        id=division_id,
        name=reader.get(node, "name", where, str, division_id),
        age=age,
        gender=reader.get(node, "gender", where, str, ""),
        bracket=reader.get(node, "bracket", where, str, ""),
        size=size,
        half_minutes=half,
        halftime_minutes=reader.minutes(node, "halftime_minutes", where, DEFAULT_HALFTIME),
        turnover_minutes=reader.minutes(node, "turnover_minutes", where, DEFAULT_TURNOVER),
        max_games_per_day=limit,
        groups=groups,
        playoff=playoff,
        playoff_day=playoff_day,
        playoff_one_venue=playoff_venues == "one",
    )


def _groups(reader: _Reader, node: _Map, where: str, members: list[Team]) -> tuple[Group, ...]:
    """Explicit groups, or group sizes filled with the division's teams in file order."""
    member_ids = [team.id for team in members]
    if ("groups" in node) == ("group_sizes" in node):
        raise reader.fail(node.line, where, "give exactly one of groups or group_sizes")
    if "group_sizes" in node:
        sizes = reader.sequence(
            node["group_sizes"], f"{where}.group_sizes", reader.line(node, "group_sizes")
        )
        if not all(
            isinstance(size, int) and not isinstance(size, bool) and size >= 2 for size in sizes
        ):
            raise reader.fail(
                reader.line(node, "group_sizes"),
                f"{where}.group_sizes",
                "every group needs a whole number of at least 2 teams",
            )
        if sum(sizes) != len(member_ids):
            raise reader.fail(
                reader.line(node, "group_sizes"),
                f"{where}.group_sizes",
                f"sizes add up to {sum(sizes)} but the division has {len(member_ids)} teams",
            )
        groups, taken = [], 0
        for index, size in enumerate(sizes):
            groups.append(Group(chr(ord("A") + index), tuple(member_ids[taken : taken + size])))
            taken += size
        return tuple(groups)
    explicit = reader.mapping(node["groups"], f"{where}.groups", reader.line(node, "groups"))
    groups, placed = [], set()
    for group_id, teams in explicit.items():
        gwhere, gline = f"{where}.groups.{group_id}", explicit.key_lines[group_id]
        if not IDENT.match(group_id):
            raise reader.fail(gline, gwhere, f"{group_id!r} is not an id")
        listed = reader.sequence(teams, gwhere, gline)
        if len(listed) < 2:
            raise reader.fail(gline, gwhere, "a group needs at least 2 teams")
        for team_id in map(str, listed):
            if team_id not in member_ids:
                raise reader.fail(gline, gwhere, f"team {team_id!r} is not a team of this division")
            if team_id in placed:
                raise reader.fail(gline, gwhere, f"team {team_id!r} is in two groups")
            placed.add(team_id)
        groups.append(Group(group_id, tuple(map(str, listed))))
    return tuple(groups)


def _check_playoff(
    reader: _Reader, node: _Map, where: str, playoff: str, groups: tuple[Group, ...]
) -> None:
    line = reader.line(node, "playoff")
    if playoff == "final" and len(groups) > 2:
        raise reader.fail(
            line, f"{where}.playoff", f"a final alone needs 1 or 2 groups, not {len(groups)}"
        )
    if playoff == "semifinals":
        if len(groups) not in (1, 2, 3, 4):
            raise reader.fail(
                line, f"{where}.playoff", f"semifinals need 1-4 groups, not {len(groups)}"
            )
        needed = {1: 4, 2: 2, 3: 2, 4: 1}[len(groups)]
        small = [g.id for g in groups if len(g.team_ids) < needed]
        if small:
            raise reader.fail(
                line,
                f"{where}.playoff",
                f"semifinals take the top {needed} of each group; group {small[0]} is too small",
            )


def _field(
    reader: _Reader,
    value: Any,
    where: str,
    line: int,
    venues: set[str],
    days: set[str],
    divisions: set[str],
) -> Field:
    node = reader.mapping(value, where, line)
    reader.keys(node, where, ("id", "name", "venue", "size", "divisions", "open"))
    field_id = reader.ident(node, "id", where)
    name = reader.get(node, "name", where, str, default=field_id)
    where = f"fields.{field_id}"
    venue = reader.ident(node, "venue", where)
    if venue not in venues:
        raise reader.fail(reader.line(node, "venue"), f"{where}.venue", f"unknown venue {venue!r}")
    size = reader.get(node, "size", where, str)
    if size not in SIZES:
        raise reader.fail(
            reader.line(node, "size"), f"{where}.size", f"{size!r} is not one of {', '.join(SIZES)}"
        )
    allowed = None
    if node.get("divisions") is not None:
        listed = reader.sequence(
            node["divisions"], f"{where}.divisions", reader.line(node, "divisions")
        )
        for division in map(str, listed):
            if division not in divisions:
                raise reader.fail(
                    reader.line(node, "divisions"),
                    f"{where}.divisions",
                    f"unknown division {division!r}",
                )
        allowed = frozenset(map(str, listed))
    opening = reader.mapping(node.get("open"), f"{where}.open", reader.line(node, "open"))
    windows: dict[str, tuple[Window, ...]] = {}
    for day, raw in opening.items():
        dline = opening.key_lines[day]
        if day not in days:
            raise reader.fail(dline, f"{where}.open.{day}", f"unknown day {day!r}")
        texts = raw if isinstance(raw, list) else [raw]
        parsed = sorted(reader.window(text, f"{where}.open.{day}", dline) for text in texts)
        for before, after in itertools.pairwise(parsed):
            if after.start < before.end:
                raise reader.fail(
                    dline, f"{where}.open.{day}", f"windows {before} and {after} overlap"
                )
        windows[day] = tuple(parsed)
    return Field(field_id, venue, size, windows, allowed, name)


def _team_window(
    reader: _Reader,
    value: Any,
    where: str,
    line: int,
    teams: set[str],
    days: set[str],
    kind: type[T],
) -> T:
    node = reader.mapping(value, where, line)
    reader.keys(node, where, ("team", "day", "window"))
    team = reader.ident(node, "team", where)
    if team not in teams:
        raise reader.fail(reader.line(node, "team"), f"{where}.team", f"unknown team {team!r}")
    day = reader.ident(node, "day", where)
    if day not in days:
        raise reader.fail(reader.line(node, "day"), f"{where}.day", f"unknown day {day!r}")
    window = reader.window(
        node.get("window", "00:00-24:00"), f"{where}.window", reader.line(node, "window")
    )
    return kind(team, day, window)  # type: ignore[call-arg]


TEAM_KEYS = ("id", "name", "club", "division", "coach_ids", "state_association")


def _teams(reader: _Reader, root: _Map, path: Path) -> list[tuple[Team, Problem]]:
    """Teams from the YAML list and from the CSV export, each with where it was written."""
    found: list[tuple[Team, Problem]] = []
    for index, (value, line) in enumerate(
        zip(
            teams := _list(reader, root, "teams", required=False),
            getattr(teams, "item_lines", []),
            strict=True,
        )
    ):
        where = f"teams[{index}]"
        try:
            node = reader.mapping(value, where, line)
            reader.keys(node, where, TEAM_KEYS)
            coaches = node.get("coach_ids") or []
            if not isinstance(coaches, list) or not all(IDENT.match(str(c)) for c in coaches):
                raise reader.fail(
                    reader.line(node, "coach_ids"), f"{where}.coach_ids", "expected a list of ids"
                )
            team_id = reader.ident(node, "id", where)
            found.append(
                (
                    Team(
                        id=team_id,
                        name=reader.get(node, "name", where, str, team_id),
                        division=reader.ident(node, "division", where),
                        club=reader.get(node, "club", where, str, ""),
                        coach_ids=tuple(map(str, coaches)),
                        state_association=reader.get(node, "state_association", where, str, ""),
                    ),
                    Problem(reader.file, line, where, ""),
                )
            )
        except _Invalid:
            continue
    if root.get("teams_csv") is not None:
        found += _csv_teams(
            reader, path.parent / str(root["teams_csv"]), reader.line(root, "teams_csv")
        )
    if not found and not reader.problems:
        reader.fail(root.line, "file.teams", "no teams: give teams or teams_csv")
    seen: dict[str, Problem] = {}
    for team, origin in found:
        if team.id in seen:
            first = seen[team.id]
            reader.fail_at(
                origin, f"team {team.id!r} is already defined at {first.file}:{first.line}"
            )
        seen.setdefault(team.id, origin)
    return found


def _coach(reader: _Reader, value: Any, where: str, line: int) -> Coach:
    node = reader.mapping(value, where, line)
    reader.keys(node, where, ("id", "name"))
    coach_id = reader.ident(node, "id", where)
    return Coach(coach_id, reader.get(node, "name", where, str, coach_id))


# A typo in a coach id would silently drop that coach's rule that their teams never overlap:
# the typo'd id looks like a coach of one team. Hence the two checks below.


def _undeclared_coaches(
    reader: _Reader, teams: list[tuple[Team, Problem]], declared: set[str]
) -> None:
    """With a `coaches:` list, every coach id on a team (YAML or CSV) must be in it."""
    for team, origin in teams:
        for coach in team.coach_ids:
            if coach not in declared:
                near = sorted(d for d in declared if _confusable(coach, d))
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                reader.fail_at(
                    origin, f"coach {coach!r} of team {team.id!r} is not in the coaches list{hint}"
                )


def _mistyped_coaches(reader: _Reader, teams: list[tuple[Team, Problem]]) -> None:
    """Without a list: a coach id on one team only, one slip away from another coach id, is
    reported where it is written (the later one when both are on one team only)."""
    teams_of: dict[str, list[tuple[Team, Problem]]] = {}
    for team, origin in teams:
        for coach in team.coach_ids:
            teams_of.setdefault(coach, []).append((team, origin))
    for first, second in _confusable_pairs(list(teams_of)):
        if min(len(teams_of[first]), len(teams_of[second])) > 1:
            continue
        lone, other = (second, first) if len(teams_of[second]) == 1 else (first, second)
        team, origin = teams_of[lone][0]
        others = ", ".join(repr(t.id) for t, _ in teams_of[other])
        reader.fail_at(
            origin,
            f"coach {lone!r} of team {team.id!r} coaches no other team and looks like {other!r} "
            f"(team {others}): did you mean {other!r}? If both are right, list every coach "
            "under coaches:",
        )


SEPARATOR = re.compile(r"[._-]")


def _confusable(a: str, b: str) -> bool:
    """Two different ids one slip apart: equal but for case or separators, or one letter
    added, dropped, changed or swapped with its neighbour inside one word.

    Edits in words with digits or of one letter do not count: that is how ids are numbered
    (c1, c2, c11; coach-a, coach-b; smith-u14b, smith-u14g).
    """
    if a == b:
        return False
    words_a = SEPARATOR.split(a.casefold())
    words_b = SEPARATOR.split(b.casefold())
    if "".join(words_a) == "".join(words_b):
        return True
    if len(words_a) != len(words_b):
        return False
    differing = [(x, y) for x, y in zip(words_a, words_b, strict=True) if x != y]
    return len(differing) == 1 and _one_letter_apart(*differing[0])


def _confusable_pairs(ids: list[str]) -> list[tuple[str, str]]:
    """Every `_confusable` pair, each in the order written; only ids sharing a key of
    `_slip_keys` are compared, so a thousand coaches take milliseconds, not seconds."""
    buckets: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for index, coach in enumerate(ids):
        for key in _slip_keys(coach):
            buckets[key].append(index)
    pairs = {pair for members in buckets.values() for pair in itertools.combinations(members, 2)}
    return [(ids[a], ids[b]) for a, b in sorted(pairs) if _confusable(ids[a], ids[b])]


def _slip_keys(coach: str) -> set[tuple[object, ...]]:
    """Keys two confusable ids share: the id without case and separators; and per word of
    letters, the other words with that word or that word less one letter (one letter
    added, dropped, changed or swapped leaves a common word-less-one-letter)."""
    words = SEPARATOR.split(coach.casefold())
    keys: set[tuple[object, ...]] = {("".join(words),)}
    for i, word in enumerate(words):
        if _spelled(word):
            for variant in {word, *(word[:j] + word[j + 1 :] for j in range(len(word)))}:
                keys.add((tuple(words[:i]), tuple(words[i + 1 :]), variant))
    return keys


def _spelled(word: str) -> bool:
    """A word of two or more letters, where a slip is a typo (not a number or a letter code)."""
    return len(word) >= 2 and word.isalpha()


def _one_letter_apart(x: str, y: str) -> bool:
    """Words of letters (two or more) that differ by one letter added, dropped, changed, or
    two neighbours swapped."""
    if not (_spelled(x) and _spelled(y)):
        return False
    if len(x) == len(y):
        diff = [i for i in range(len(x)) if x[i] != y[i]]
        swapped = (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and (x[diff[0]], x[diff[1]]) == (y[diff[1]], y[diff[0]])
        )
        return len(diff) == 1 or swapped
    shorter, longer = sorted((x, y), key=len)
    return len(longer) == len(shorter) + 1 and any(
        longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))
    )


def _csv_teams(reader: _Reader, path: Path, line: int) -> list[tuple[Team, Problem]]:
    """A registration export: team, club, division, coach_ids (';'-separated), state_association.

    Problems name the CSV file and its row (the header is row 1), as a spreadsheet shows it.
    """
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        reader.fail(line, "file.teams_csv", f"cannot read {path.name}: {error.strerror}")
        return []
    csv_reader = _Reader(path.name)
    found = []
    with handle:
        rows = csv.DictReader(handle)
        missing = [c for c in CSV_COLUMNS if c not in (rows.fieldnames or [])]
        if missing:
            csv_reader.fail(
                1,
                "header",
                f"missing column(s) {', '.join(missing)} (need {', '.join(CSV_COLUMNS)})",
            )
        else:
            for row_number, row in enumerate(rows, start=2):
                try:
                    team = _csv_team(csv_reader, row, row_number)
                except _Invalid:
                    continue
                found.append((team, Problem(path.name, row_number, "team", "")))
    reader.problems += csv_reader.problems
    return found


def _csv_team(reader: _Reader, row: dict[str, str | None], row_number: int) -> Team:
    values = {key: (row.get(key) or "").strip() for key in CSV_COLUMNS}
    for key in ("team", "division"):
        if not IDENT.match(values[key]):
            raise reader.fail(
                row_number, key, f"{values[key]!r} is not an id" if values[key] else "empty"
            )
    coaches = tuple(c.strip() for c in values["coach_ids"].split(";") if c.strip())
    for coach in coaches:
        if not IDENT.match(coach):
            raise reader.fail(row_number, "coach_ids", f"{coach!r} is not an id")
    return Team(
        id=values["team"],
        name=(row.get("name") or values["team"]).strip(),
        division=values["division"],
        club=values["club"],
        coach_ids=coaches,
        state_association=values["state_association"],
    )
