"""Checks across items, after each item is validated on its own: ids used twice, teams in
no group, and coach ids that look mistyped.

They read the file's data as written and skip what failed validation, so they still run
(and one run lists everything) when some item is wrong, without reporting that item again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.input_problem import InputProblem
from services.scheduler.tournament_file.coaches import confusable_pairs
from services.scheduler.tournament_file.divisions import group_lists
from services.scheduler.tournament_file.values import Declared

Loc = tuple[str | int, ...]
SECTIONS_WITH_IDS = ("days", "venues", "fields", "divisions", "coaches")


@dataclass(frozen=True)
class WrittenTeam:
    """A team as written in the YAML or a CSV row, with the place it was written."""

    team: dict[str, Any]
    origin: InputProblem
    valid: bool

    @property
    def id(self) -> str:
        return str(self.team.get("id"))

    @property
    def coach_ids(self) -> list[str]:
        coaches = self.team.get("coach_ids")
        return [str(c) for c in coaches] if isinstance(coaches, list) else []


class Failures:
    """The locs pydantic reported, to leave what failed alone."""

    def __init__(self, locs: set[Loc]) -> None:
        self.failed = locs
        self.holding_a_failure = {loc[:end] for loc in locs for end in range(len(loc) + 1)}

    def near(self, prefix: Loc) -> bool:
        """Whether `prefix`, something inside it, or a section holding it failed."""
        return prefix in self.holding_a_failure or any(
            prefix[:end] in self.failed for end in range(len(prefix))
        )


def cross_checks(
    data: dict[str, Any],
    teams: list[WrittenTeam],
    failed: Failures,
    declared: Declared,
    here: Callable[[Loc], InputProblem],
) -> list[InputProblem]:
    problems = [p for section in SECTIONS_WITH_IDS for p in _ids_once(data, section, failed, here)]
    problems += _teams_once(teams)
    problems += _teams_grouped(data, [t for t in teams if t.valid], failed, declared)
    if data.get("coaches") is None:
        problems += _mistyped_coaches([t for t in teams if t.valid])
    return problems


def _items(data: dict[str, Any], section: str) -> list[Any]:
    listed = data.get(section)
    return listed if isinstance(listed, list) else []


def _ids_once(
    data: dict[str, Any], section: str, failed: Failures, here: Callable[[Loc], InputProblem]
) -> list[InputProblem]:
    first: dict[str, int | None] = {}
    problems = []
    for index, item in enumerate(_items(data, section)):
        if not isinstance(item, dict) or failed.near((section, index, "id")):
            continue
        ident, place = str(item.get("id")), here((section, index, "id"))
        if ident in first:
            problems.append(
                place.saying(f"id {ident!r} is used twice (first on line {first[ident]})")
            )
        first.setdefault(ident, place.line)
    return problems


def _teams_once(teams: list[WrittenTeam]) -> list[InputProblem]:
    first: dict[str, InputProblem] = {}
    problems = []
    for team in teams:
        if team.id in first:
            where = first[team.id].position
            problems.append(team.origin.saying(f"team {team.id!r} is already defined at {where}"))
        first.setdefault(team.id, team.origin)
    return problems


def _teams_grouped(
    data: dict[str, Any], teams: list[WrittenTeam], failed: Failures, declared: Declared
) -> list[InputProblem]:
    """Every team of a (valid) division is in one of its groups."""
    grouped: dict[str, set[str]] = {}
    for index, division in enumerate(_items(data, "divisions")):
        if isinstance(division, dict) and not failed.near(("divisions", index)):
            ident = str(division.get("id"))
            groups = group_lists(division, declared.members.get(ident, [])) or {}
            grouped[ident] = {str(team) for listed in groups.values() for team in listed}
    return [
        team.origin.saying(f"team {team.id!r} is in no group of {team.team['division']}")
        for team in teams
        if str(team.team.get("division")) in grouped
        and team.id not in grouped[str(team.team.get("division"))]
    ]


def _mistyped_coaches(teams: list[WrittenTeam]) -> list[InputProblem]:
    """Without a coaches list: a coach id on one team only, one slip away from another coach
    id, is reported where it is written (the later one when both are on one team only)."""
    teams_of: dict[str, list[WrittenTeam]] = {}
    for team in teams:
        for coach in team.coach_ids:
            teams_of.setdefault(coach, []).append(team)
    problems = []
    for first, second in confusable_pairs(list(teams_of)):
        if min(len(teams_of[first]), len(teams_of[second])) > 1:
            continue
        lone, other = (second, first) if len(teams_of[second]) == 1 else (first, second)
        team = teams_of[lone][0]
        others = ", ".join(repr(t.id) for t in teams_of[other])
        problems.append(
            team.origin.saying(
                f"coach {lone!r} of team {team.id!r} coaches no other team and looks like "
                f"{other!r} (team {others}): did you mean {other!r}? If both are right, list "
                "every coach under coaches:"
            )
        )
    return problems
