"""Divisions: age group, game length, groups and playoff.

Groups are written out (`groups: {A: [t1, t2, t3]}`) or as sizes filled with the division's
teams in file order (`group_sizes: [4, 4]`); either way the playoff must fit them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo, field_validator, model_validator

from services.scheduler.tournament_file.values import (
    AgeGroup,
    DayRef,
    GamesPerDay,
    Id,
    Minutes,
    PositiveMinutes,
    Size,
    StrictEntry,
    declared,
    one_of,
)

PLAYOFFS = ("none", "final", "semifinals")
PLAYOFF_VENUES = ("one", "any")
#: Semi-finals take the top N of each of 1-4 groups.
SEMIFINALISTS_PER_GROUP = {1: 4, 2: 2, 3: 2, 4: 1}


def _members(info: ValidationInfo) -> list[str]:
    """The teams of the division being validated, in file order (YAML, then CSV)."""
    return declared(info).members.get(str(info.data.get("id")), [])


def _of_this_division(team: str, info: ValidationInfo) -> str:
    ids = declared(info)
    if "id" not in info.data or not ids.teams_complete or team in _members(info):
        return team
    if team in ids.division_of:
        raise ValueError(
            f"team {team!r} is a team of {ids.division_of[team]}, not of this division"
        )
    raise ValueError(f"unknown team {team!r}")


def _at_least_two(teams: list[str]) -> list[str]:
    if len(teams) < 2:
        raise ValueError("a group needs at least 2 teams")
    return teams


GroupTeams = Annotated[
    list[Annotated[Id, AfterValidator(_of_this_division)]], AfterValidator(_at_least_two)
]


class DivisionEntry(StrictEntry):
    """Game length defaults come from the age group (`tournament.HALF_MINUTES`); the
    field order matters: `playoff` is checked against the groups validated before it."""

    id: Id
    name: str | None = None
    age_group: AgeGroup
    gender: str = ""
    bracket: str = ""
    size: Size | None = None
    half_minutes: PositiveMinutes | None = None
    halftime_minutes: Minutes | None = None
    turnover_minutes: Minutes | None = None
    max_games_per_day: GamesPerDay | None = None
    groups: dict[Id, GroupTeams] | None = None
    group_sizes: list[int] | None = None
    playoff: Annotated[str, one_of(*PLAYOFFS)] = "none"
    playoff_day: DayRef | None = None
    playoff_venues: Annotated[str, one_of(*PLAYOFF_VENUES)] = "one"

    @field_validator("groups")
    @classmethod
    def _each_team_in_one_group(cls, groups: dict[str, list[str]]) -> dict[str, list[str]]:
        seen: dict[str, str] = {}
        for group, teams in groups.items():
            for team in teams:
                if team in seen:
                    raise ValueError(f"team {team!r} is in groups {seen[team]} and {group}")
                seen[team] = group
        return groups

    @field_validator("group_sizes")
    @classmethod
    def _sizes_fit_the_teams(cls, sizes: list[int], info: ValidationInfo) -> list[int]:
        if not all(size >= 2 for size in sizes):
            raise ValueError("every group needs a whole number of at least 2 teams")
        members = _members(info)
        if "id" in info.data and declared(info).teams_complete and sum(sizes) != len(members):
            raise ValueError(
                f"sizes add up to {sum(sizes)} but the division has {len(members)} teams"
            )
        return sizes

    @field_validator("playoff")
    @classmethod
    def _playoff_fits_the_groups(cls, playoff: str, info: ValidationInfo) -> str:
        groups = group_lists(info.data, _members(info))
        if groups is None or playoff == "none":
            return playoff
        if playoff == "final" and len(groups) > 2:
            raise ValueError(f"a final alone needs 1 or 2 groups, not {len(groups)}")
        if playoff == "semifinals":
            if len(groups) not in SEMIFINALISTS_PER_GROUP:
                raise ValueError(f"semifinals need 1-4 groups, not {len(groups)}")
            needed = SEMIFINALISTS_PER_GROUP[len(groups)]
            small = [group for group, teams in groups.items() if len(teams) < needed]
            if small:
                raise ValueError(
                    f"semifinals take the top {needed} of each group; group {small[0]} is too small"
                )
        return playoff

    @model_validator(mode="after")
    def _groups_or_sizes(self) -> DivisionEntry:
        if (self.groups is None) == (self.group_sizes is None):
            raise ValueError("give exactly one of groups or group_sizes")
        return self


def group_lists(division: Mapping[str, Any], members: list[str]) -> dict[str, list[str]] | None:
    """The division's groups as lists of team ids: as written, or sizes filled with its teams
    in file order and named A, B, ...; None when neither is (validly) given."""
    if division.get("groups") is not None:
        return dict(division["groups"])
    sizes = division.get("group_sizes")
    if sizes is None:
        return None
    groups, taken = {}, 0
    for index, size in enumerate(sizes):
        groups[chr(ord("A") + index)] = members[taken : taken + size]
        taken += size
    return groups
