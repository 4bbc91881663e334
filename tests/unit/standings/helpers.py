"""Small readers over a snapshot, so each scenario states only its games and its answer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from schemas.match import MatchEvent
from schemas.schedule import DivisionDefined, GameSlot
from schemas.standings import GroupTable, StandingsSnapshot, TableRow
from services.standings.profiles import PROFILES
from services.standings.rules import compute_division
from workloads import factories


def scores(
    games: Mapping[str, GameSlot], results: Mapping[str, tuple[int, int]]
) -> list[MatchEvent]:
    """Final score reports for several games: {"A1": (2, 0), ...}."""
    return [
        factories.score(games[game_id], home, away) for game_id, (home, away) in results.items()
    ]


def snapshot(
    definition: DivisionDefined,
    games: Mapping[str, GameSlot],
    events: Iterable[MatchEvent],
    rules: str = "alliance-cup-2020",
) -> StandingsSnapshot:
    """The division's snapshot under a named profile."""
    return compute_division(definition, games, events, version=1, rules=PROFILES[rules])


def table(
    definition: DivisionDefined,
    games: Mapping[str, GameSlot],
    events: Iterable[MatchEvent],
    rules: str = "alliance-cup-2020",
    group: str = "A",
) -> GroupTable:
    """One group's table under a named profile."""
    groups = snapshot(definition, games, events, rules).groups
    return next(g for g in groups if g.group_id == group)


def order(group: GroupTable) -> list[str]:
    """Team ids, best first."""
    return [row.team_id for row in group.rows]


def decided(group: GroupTable) -> dict[str, str | None]:
    """Team id -> the criterion that placed it."""
    return {row.team_id: row.decided_by for row in group.rows}


def placings(group: GroupTable) -> list[tuple[str, str | None]]:
    """Team ids, best first, each with the criterion that placed it."""
    return [(row.team_id, row.decided_by) for row in group.rows]


def row(group: GroupTable, team: str) -> TableRow:
    """One team's row."""
    return next(r for r in group.rows if r.team_id == team)
