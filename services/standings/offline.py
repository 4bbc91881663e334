"""Input files for computing standings offline: the project's own events, or a results CSV.

- JSON lines: one event per line, schedule events (`division.defined`, `game.scheduled`,
  `game.cancelled`) and match events, exactly as the services exchange them. Teams and groups
  are reported by their ids.
- CSV with header `group,home,away,home_goals,away_goals` and, optionally,
  `home_yellow,away_yellow,home_red,away_red,home_yellow_red,away_yellow_red`: one row per
  played game, in playing order (UEFA's last-round rule reads it). Teams and groups are
  reported by the names the file uses. Cards become one card event per counted card:
  `yellow` a caution not followed by a second one, `yellow_red` a caution plus a second
  caution for one player, `red` a direct red; a player cautioned and then sent off directly is
  one `yellow` and one `red`, which the fair-play weights add up correctly.

Bad input raises `InputError`, whose `problems` name the line or row and the column or field.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from schemas.codec import MATCH_EVENT, SCHEDULE_EVENT, DecodeError, parse, validate
from schemas.match import CardIssued, MatchEvent, ScoreReported
from schemas.schedule import (
    SCHEDULE_EVENT_TYPES,
    DivisionDefined,
    GameCancelled,
    GameScheduled,
    GameSlot,
    GroupInfo,
    TeamInfo,
)
from services.standings.ledger import newest_key

REQUIRED = ("group", "home", "away", "home_goals", "away_goals")
CARD_COLUMNS = ("yellow", "red", "yellow_red")
OPTIONAL = tuple(f"{side}_{kind}" for kind in CARD_COLUMNS for side in ("home", "away"))
MAX_GOALS = 99
MAX_NAME = 100
CSV_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
"""A CSV has no times: games are placed a minute apart from this fixed moment, in file order."""
CSV_NAMESPACE = uuid.UUID("5b3f0a52-5d1e-4c0f-9a53-3f1d2b8e7c11")


class InputError(ValueError):
    """An input file that cannot be read as results; `problems` says where and what."""

    def __init__(self, path: Path, problems: Sequence[str]) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__("\n".join(f"{path}: {problem}" for problem in self.problems))


@dataclass
class OfflineDivision:
    """One division read from a file, with the names to print for its teams and groups."""

    definition: DivisionDefined
    games: dict[str, GameSlot]
    events: list[MatchEvent]
    team_labels: dict[str, str] = field(default_factory=dict)
    group_labels: dict[str, str] = field(default_factory=dict)


def load(path: Path, rules: str) -> list[OfflineDivision]:
    """Read a CSV (by its `.csv` suffix) or JSON-lines file; `rules` names the profile for a CSV
    (a JSON-lines division names its own)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, [f"cannot read the file ({exc})"]) from exc
    if path.suffix.lower() == ".csv":
        return [read_csv(path, text, rules)]
    return read_json_lines(path, text)


def read_csv(path: Path, text: str, rules: str) -> OfflineDivision:
    """One division whose groups, teams and games are those named in the rows."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        problems = _header_problems(reader.fieldnames)
        if problems:
            raise InputError(path, problems)
        builder = _CsvDivision(rules)
        for values in reader:
            builder.add(reader.line_num, values, problems)
    except csv.Error as exc:
        raise InputError(path, [f"row {reader.line_num}: not readable as CSV ({exc})"]) from exc
    if not builder.games and not problems:
        problems.append("no games: the file has a header but no rows")
    if problems:
        raise InputError(path, problems)
    return builder.build()


def _header_problems(header: Sequence[str] | None) -> list[str]:
    if not header:
        return [f"row 1: missing header; expected {','.join(REQUIRED)}"]
    columns = [name.strip() for name in header]
    problems = [f"row 1: missing column {name!r}" for name in REQUIRED if name not in columns]
    problems += [
        f"row 1: unknown column {name!r}; optional columns are {','.join(OPTIONAL)}"
        for name in columns
        if name not in REQUIRED + OPTIONAL
    ]
    return problems


class _CsvDivision:
    """Collects CSV rows into ids, names, games and events."""

    def __init__(self, rules: str) -> None:
        self.rules = rules
        self.group_ids: dict[str, str] = {}
        self.team_ids: dict[str, str] = {}
        self.group_of: dict[str, str] = {}
        self.games: dict[str, GameSlot] = {}
        self.events: list[MatchEvent] = []

    def add(self, row: int, raw: dict[str | Any, Any], problems: list[str]) -> None:
        values = {str(k).strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            problems.append(f"row {row}: more fields than the header has columns")
            return
        found = len(problems)
        names = {column: self._name(row, column, values, problems) for column in REQUIRED[:3]}
        numbers = {
            column: self._count(row, column, values.get(column, ""), problems)
            for column in REQUIRED[3:] + OPTIONAL
        }
        if len(problems) > found:
            return
        group, home, away = names["group"], names["home"], names["away"]
        if home == away:
            problems.append(f"row {row}, column away: {away!r} cannot play itself")
            return
        for column, team in (("home", home), ("away", away)):
            if self.group_of.setdefault(team, group) != group:
                problems.append(
                    f"row {row}, column {column}: {team!r} is in group "
                    f"{self.group_of[team]!r}, not {group!r}"
                )
        if len(problems) > found:
            return
        self._game(row, group, home, away, numbers)

    @staticmethod
    def _name(row: int, column: str, values: dict[str, str], problems: list[str]) -> str:
        name = values.get(column, "")
        if not name:
            problems.append(f"row {row}, column {column}: empty")
        elif len(name) > MAX_NAME:
            problems.append(f"row {row}, column {column}: longer than {MAX_NAME} characters")
        return name

    @staticmethod
    def _count(row: int, column: str, value: str, problems: list[str]) -> int:
        if value == "" and column in OPTIONAL:
            return 0
        if not (value.isascii() and value.isdigit()) or int(value) > MAX_GOALS:
            problems.append(
                f"row {row}, column {column}: {value!r} is not a whole number from 0 to {MAX_GOALS}"
            )
            return 0
        return int(value)

    def _game(self, row: int, group: str, home: str, away: str, numbers: dict[str, int]) -> None:
        group_id = self.group_ids.setdefault(group, f"G{len(self.group_ids) + 1}")
        home_id = self.team_ids.setdefault(home, f"T{len(self.team_ids) + 1}")
        away_id = self.team_ids.setdefault(away, f"T{len(self.team_ids) + 1}")
        start = CSV_EPOCH + timedelta(minutes=row)
        slot = GameSlot(
            game_id=f"R{row}",
            division_id="offline",
            group_id=group_id,
            home_team_id=home_id,
            away_team_id=away_id,
            field_id="offline",
            venue_id="offline",
            start=start,
            end=start + timedelta(seconds=30),
        )
        self.games[slot.game_id] = slot
        common = {
            "tournament_id": "offline",
            "occurred_at": start,
            "source": "csv",
            "division_id": "offline",
            "game_id": slot.game_id,
        }
        self.events.append(
            ScoreReported(
                **common,
                event_id=uuid.uuid5(CSV_NAMESPACE, f"{row}/score"),
                home_goals=numbers["home_goals"],
                away_goals=numbers["away_goals"],
            )
        )
        for side, team_id in (("home", home_id), ("away", away_id)):
            self.events.extend(_cards(row, side, team_id, numbers, common))

    def build(self) -> OfflineDivision:
        members: dict[str, list[str]] = {}
        for team, group in self.group_of.items():
            members.setdefault(self.group_ids[group], []).append(self.team_ids[team])
        definition = DivisionDefined(
            event_id=uuid.uuid5(CSV_NAMESPACE, "division"),
            tournament_id="offline",
            occurred_at=CSV_EPOCH,
            source="csv",
            division_id="offline",
            name="Offline results",
            age_group="U19",
            rules=self.rules,
            teams=[TeamInfo(team_id=tid, name=name) for name, tid in self.team_ids.items()],
            groups=[GroupInfo(group_id=gid, team_ids=teams) for gid, teams in members.items()],
        )
        return OfflineDivision(
            definition=definition,
            games=self.games,
            events=self.events,
            team_labels={tid: name for name, tid in self.team_ids.items()},
            group_labels={gid: name for name, gid in self.group_ids.items()},
        )


def _cards(
    row: int, side: str, team_id: str, numbers: dict[str, int], common: dict[str, Any]
) -> Iterator[CardIssued]:
    """One synthetic player per counted card (two cards for a second-caution send-off)."""
    shown = {"yellow": ["yellow"], "red": ["red"], "yellow_red": ["yellow", "second_yellow"]}
    for kind, cards in shown.items():
        for number in range(numbers[f"{side}_{kind}"]):
            person = f"{side}-{kind}-{number + 1}"
            for card in cards:
                yield CardIssued(
                    **common,
                    event_id=uuid.uuid5(CSV_NAMESPACE, f"{row}/{person}/{card}"),
                    team_id=team_id,
                    person_id=person,
                    person_name=person,
                    card=card,
                )


def read_json_lines(path: Path, text: str) -> list[OfflineDivision]:
    """Every division defined in the file, with its games and match events."""
    problems: list[str] = []
    schedule: list[Any] = []
    matches: list[MatchEvent] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = parse(line.encode())
        except DecodeError as exc:
            problems.extend(f"line {number}: {what}" for _, what in exc.problems)
            continue
        kind = data.get("type") if isinstance(data, dict) else None
        adapter = SCHEDULE_EVENT if kind in SCHEDULE_EVENT_TYPES else MATCH_EVENT
        try:
            event = validate(adapter, data)
        except DecodeError as exc:
            problems.extend(f"line {number}: {where}: {what}" for where, what in exc.problems)
            continue
        (schedule if kind in SCHEDULE_EVENT_TYPES else matches).append(event)
    divisions = _divisions(schedule, matches, problems)
    if problems:
        raise InputError(path, problems)
    return divisions


def _divisions(
    schedule: list[Any], matches: list[MatchEvent], problems: list[str]
) -> list[OfflineDivision]:
    definitions: dict[str, DivisionDefined] = {}
    latest: dict[str, GameScheduled | GameCancelled] = {}
    for event in sorted(schedule, key=newest_key):
        if isinstance(event, DivisionDefined):
            definitions[event.division_id] = event
        else:
            game_id = event.game.game_id if isinstance(event, GameScheduled) else event.game_id
            latest[game_id] = event
    unknown = sorted({e.division_id for e in matches} - set(definitions))
    problems.extend(f"division {d!r}: events but no division.defined" for d in unknown)
    if not definitions and not problems:
        problems.append("no division.defined event: nothing to compute")
    slots = [e.game for e in latest.values() if isinstance(e, GameScheduled)]
    several = len(definitions) > 1
    return [
        OfflineDivision(
            definition=definition,
            games={s.game_id: s for s in slots if s.division_id == division_id},
            events=[e for e in matches if e.division_id == division_id],
            team_labels={t.team_id: t.team_id for t in definition.teams},
            group_labels={
                g.group_id: f"{division_id}/{g.group_id}" if several else g.group_id
                for g in definition.groups
            },
        )
        for division_id, definition in sorted(definitions.items())
    ]
