"""Input files for computing standings offline: the project's own events, or a results CSV.

- JSON lines: one event per line, any input event (schedule, match events, rosters, committee
  rulings) exactly as the services exchange them, folded as the live system folds them. Teams
  and groups are reported by their ids.
- CSV with header `group,home,away,home_goals,away_goals` and, optionally,
  `home_yellow,away_yellow,home_red,away_red,home_yellow_red,away_yellow_red`: one row per
  played game, in playing order (UEFA's last-round rule reads it). Teams and groups are
  reported by the names the file uses. Cards become one card event per counted card:
  `yellow` a caution not followed by a second one, `yellow_red` a caution plus a second
  caution for one player, `red` a direct red; a player cautioned and then sent off directly is
  one `yellow` and one `red`, which the fair-play weights add up correctly.

Bad input raises `InputError`, whose `problems` (`InputProblem`s) name the line or row and
the column or field.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from schemas.codec import INBOUND_EVENT, INBOUND_EVENT_TYPES, DecodeError, parse, validate
from schemas.match import CardIssued, MatchEvent, ScoreReported
from schemas.schedule import DivisionDefined, GameSlot, GroupInfo, TeamInfo
from services.input_problem import InputError, InputProblem
from services.tournament_fold import fold_tournament

REQUIRED = ("group", "home", "away", "home_goals", "away_goals")
CARD_COLUMNS = ("yellow", "red", "yellow_red")
OPTIONAL = tuple(f"{side}_{kind}" for kind in CARD_COLUMNS for side in ("home", "away"))
MAX_GOALS = 99
MAX_NAME = 100
CSV_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
"""A CSV has no times: games are placed a minute apart from this fixed moment, in file order."""
CSV_NAMESPACE = uuid.UUID("5b3f0a52-5d1e-4c0f-9a53-3f1d2b8e7c11")


@dataclass
class OfflineDivision:
    """One division read from a file, with the names to print for its teams and groups."""

    definition: DivisionDefined
    games: dict[str, GameSlot]
    events: list[MatchEvent]
    team_labels: dict[str, str] = field(default_factory=dict)
    group_labels: dict[str, str] = field(default_factory=dict)
    not_counted: list[str] = field(default_factory=list)
    """Each event kept that cannot count, with where it came from and why."""


def load(path: Path, rules: str) -> list[OfflineDivision]:
    """Read a CSV (by its `.csv` suffix) or JSON-lines file; `rules` names the profile for a CSV
    (a JSON-lines division names its own)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            [InputProblem(str(path), "file", f"cannot read the file ({exc})")]
        ) from exc
    if path.suffix.lower() == ".csv":
        return [read_csv(path, text, rules)]
    return read_json_lines(path, text)


def read_csv(path: Path, text: str, rules: str) -> OfflineDivision:
    """One division whose groups, teams and games are those named in the rows."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        problems = _header_problems(str(path), reader.fieldnames)
        if problems:
            raise InputError(problems)
        builder = _CsvDivision(str(path), rules)
        for values in reader:
            builder.add(reader.line_num, values, problems)
    except csv.Error as exc:
        what = f"not readable as CSV ({exc})"
        raise InputError([InputProblem(str(path), "", what, row=reader.line_num)]) from exc
    if not builder.games and not problems:
        problems.append(
            InputProblem(str(path), "file", "no games: the file has a header but no rows")
        )
    if problems:
        raise InputError(problems)
    return builder.build()


def _header_problems(file: str, header: Sequence[str] | None) -> list[InputProblem]:
    def problem(what: str) -> InputProblem:
        return InputProblem(file, "header", what, row=1)

    if not header:
        return [problem(f"missing header; expected {','.join(REQUIRED)}")]
    columns = [name.strip() for name in header]
    problems = [problem(f"missing column {name!r}") for name in REQUIRED if name not in columns]
    problems += [
        problem(f"unknown column {name!r}; optional columns are {','.join(OPTIONAL)}")
        for name in columns
        if name not in REQUIRED + OPTIONAL
    ]
    return problems


class _CsvDivision:
    """Collects CSV rows into ids, names, games and events."""

    def __init__(self, file: str, rules: str) -> None:
        self.file = file
        self.rules = rules
        self.group_ids: dict[str, str] = {}
        self.team_ids: dict[str, str] = {}
        self.group_of: dict[str, str] = {}
        self.games: dict[str, GameSlot] = {}
        self.events: list[MatchEvent] = []

    def add(self, row: int, raw: dict[str | Any, Any], problems: list[InputProblem]) -> None:
        def problem(column: str, what: str) -> None:
            problems.append(InputProblem(self.file, column, what, row=row))

        values = {str(k).strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if None in raw:
            problem("", "more fields than the header has columns")
            return
        found = len(problems)
        names = {column: self._name(column, values, problem) for column in REQUIRED[:3]}
        numbers = {
            column: self._count(column, values.get(column, ""), problem)
            for column in REQUIRED[3:] + OPTIONAL
        }
        if len(problems) > found:
            return
        group, home, away = names["group"], names["home"], names["away"]
        if home == away:
            problem("away", f"{away!r} cannot play itself")
            return
        for column, team in (("home", home), ("away", away)):
            if self.group_of.setdefault(team, group) != group:
                problem(column, f"{team!r} is in group {self.group_of[team]!r}, not {group!r}")
        if len(problems) > found:
            return
        self._game(row, group, home, away, numbers)

    @staticmethod
    def _name(column: str, values: dict[str, str], problem: Callable[[str, str], None]) -> str:
        name = values.get(column, "")
        if not name:
            problem(column, "empty")
        elif len(name) > MAX_NAME:
            problem(column, f"longer than {MAX_NAME} characters")
        return name

    @staticmethod
    def _count(column: str, value: str, problem: Callable[[str, str], None]) -> int:
        if value == "" and column in OPTIONAL:
            return 0
        if not (value.isascii() and value.isdigit()) or int(value) > MAX_GOALS:
            problem(column, f"{value!r} is not a whole number from 0 to {MAX_GOALS}")
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
    """Every division defined in the file, folded as the live system folds it
    (`services.tournament_fold`): committee rulings and what discipline derives from them
    count, and the newest definition and schedule entry win, wherever their lines are."""
    problems: list[InputProblem] = []
    events: list[Any] = []
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = parse(line.encode())
        except DecodeError as exc:
            problems.extend(
                InputProblem(str(path), "", what, line=number) for _, what in exc.problems
            )
            continue
        kind = data.get("type") if isinstance(data, dict) else None
        if kind is not None and (not isinstance(kind, str) or kind not in INBOUND_EVENT_TYPES):
            problems.append(
                InputProblem(str(path), "type", f"{kind!r} is not an input event type", line=number)
            )
            continue
        try:
            event = validate(INBOUND_EVENT, data)
        except DecodeError as exc:
            problems.extend(
                InputProblem(str(path), where, what, line=number) for where, what in exc.problems
            )
            continue
        events.append(event)
        lines.setdefault(event.identity, number)
    divisions = _divisions(str(path), events, lines, problems)
    if problems:
        raise InputError(problems)
    return divisions


def _divisions(
    file: str, events: list[Any], lines: dict[str, int], problems: list[InputProblem]
) -> list[OfflineDivision]:
    folded = [
        fold_tournament(tournament, events)
        for tournament in sorted({event.tournament_id for event in events})
    ]
    ledgers = [(t, d, ledger) for t in folded for d, ledger in sorted(t.ledgers.divisions.items())]
    undefined = sorted({d for _, d, ledger in ledgers if d not in ledger.divisions})
    problems.extend(
        InputProblem(file, f"division {d!r}", "events but no division.defined") for d in undefined
    )
    defined = [(t, d, ledger) for t, d, ledger in ledgers if d in ledger.divisions]
    if not defined and not problems:
        problems.append(InputProblem(file, "file", "no division.defined event: nothing to compute"))
    several = len(defined) > 1
    return [
        OfflineDivision(
            definition=ledger.divisions[division_id],
            games=ledger.games,
            events=list(ledger.events.values()),
            team_labels={t.team_id: t.team_id for t in ledger.divisions[division_id].teams},
            group_labels={
                g.group_id: f"{division_id}/{g.group_id}" if several else g.group_id
                for g in ledger.divisions[division_id].groups
            },
            not_counted=[
                f"{_line_of(event, lines)}: {reason}"
                for event, reason in tournament.cannot_count(division_id)
            ],
        )
        for tournament, division_id, ledger in defined
    ]


def _line_of(event: Any, lines: dict[str, int]) -> str:
    """Where an event came from: its line, or discipline when the rules implied it."""
    number = lines.get(event.identity)
    return f"line {number}" if number is not None else f"{event.type} {event.event_id} (implied)"
