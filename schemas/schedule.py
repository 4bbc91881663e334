"""The schedule as events: what the scheduler publishes on the `schedule` topic.

A division is defined once (teams, groups, rule profile, playoff format); each game is then
scheduled, moved or cancelled. Playoff games name where their teams come from
("Winner Group A") until the standings fill them in.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, model_validator

from schemas.base import AgeGroup, Envelope, Ident, Model
from schemas.referees import RefereesAssigned


class TeamInfo(Model):
    """A registered team."""

    team_id: Ident
    name: str = Field(min_length=1, max_length=100, examples=["Coral Springs United"])
    club: str = Field(default="", max_length=100)
    state_association: str = Field(default="", max_length=100, examples=["FYSA"])
    coach_ids: list[Ident] = Field(default_factory=list)


class GroupInfo(Model):
    """A group playing a round robin (the rulebook calls it a division)."""

    group_id: Ident
    team_ids: list[Ident] = Field(min_length=2)


class PlayoffFormat(Model):
    """How finalists are chosen (Alliance Cup: division winners or seeding)."""

    format: Literal["none", "division_winners", "seeding"] = "none"
    qualifiers: int = Field(default=0, ge=0, le=64, description="Teams entering the playoffs.")


class DivisionDefined(Envelope):
    """A division (age group, gender, bracket): its teams, groups and rules."""

    type: Literal["division.defined"] = "division.defined"
    division_id: Ident
    name: str = Field(min_length=1, max_length=100, examples=["U12 Boys Gold"])
    age_group: AgeGroup
    rules: str = Field(default="alliance-cup-2020", description="Rule profile id.")
    half_minutes: int | None = Field(
        default=None,
        ge=1,
        le=720,
        description="Minutes per half the schedule used (the mercy rule starts after the "
        "first). Absent: the rulebook's for the age group, as in events older than the field.",
        examples=[25],
    )
    teams: list[TeamInfo] = Field(min_length=2)
    groups: list[GroupInfo] = Field(min_length=1)
    playoff: PlayoffFormat = PlayoffFormat()

    @model_validator(mode="after")
    def _groups_use_known_teams(self) -> DivisionDefined:
        known = {team.team_id for team in self.teams}
        placed: set[str] = set()
        for group in self.groups:
            for team_id in group.team_ids:
                if team_id not in known:
                    raise ValueError(f"groups.{group.group_id}: unknown team {team_id!r}")
                if team_id in placed:
                    raise ValueError(f"groups.{group.group_id}: team {team_id!r} is in two groups")
                placed.add(team_id)
        return self


class TeamSource(Model):
    """Where a playoff slot's team comes from, until it is known."""

    kind: Literal["group_position", "wild_card", "seed", "winner", "loser"]
    group_id: Ident | None = None
    position: int | None = Field(default=None, ge=1, description="Rank, wild card or seed.")
    game_id: Ident | None = None

    @property
    def label(self) -> str:
        """How a schedule prints the slot: 'Winner Group A', 'Wild card 1', 'Winner SF1'."""
        if self.kind == "group_position":
            place = "Winner" if self.position == 1 else f"#{self.position}"
            return f"{place} Group {self.group_id}"
        if self.kind == "wild_card":
            return f"Wild card {self.position}"
        if self.kind == "seed":
            return f"Seed {self.position}"
        return f"{self.kind.capitalize()} {self.game_id}"


class GeoPoint(Model):
    """Where a venue is, so a spectator's phone can open a map."""

    latitude: float = Field(ge=-90, le=90, examples=[26.2712])
    longitude: float = Field(ge=-180, le=180, examples=[-80.2706])


class GameSlot(Model):
    """One game on the schedule: who, where, when."""

    game_id: Ident
    division_id: Ident
    stage: Literal["group", "playoff"] = "group"
    group_id: Ident | None = None
    round: str = Field(default="group", max_length=40, examples=["group", "semifinal", "final"])
    home_team_id: Ident | None = None
    away_team_id: Ident | None = None
    home_source: TeamSource | None = None
    away_source: TeamSource | None = None
    field_id: Ident
    venue_id: Ident
    start: AwareDatetime
    end: AwareDatetime
    field_name: str = Field(default="", max_length=100, description="What people call it.")
    venue_name: str = Field(default="", max_length=100, examples=["Central Park"])
    venue_location: GeoPoint | None = None

    @model_validator(mode="after")
    def _consistent(self) -> GameSlot:
        if self.end <= self.start:
            raise ValueError("end: a game must end after it starts")
        if self.stage == "group" and (self.home_team_id is None or self.away_team_id is None):
            raise ValueError("home_team_id/away_team_id: a group game names both teams")
        if self.stage == "group" and self.group_id is None:
            raise ValueError("group_id: a group game belongs to a group")
        if self.home_team_id is not None and self.home_team_id == self.away_team_id:
            raise ValueError("away_team_id: a team cannot play itself")
        for side in ("home", "away"):
            if getattr(self, f"{side}_team_id") is None and getattr(self, f"{side}_source") is None:
                raise ValueError(f"{side}_source: a game without a {side} team needs a source")
        return self


class GameScheduled(Envelope):
    """A game was put on the schedule, or moved (the latest event for a game id wins)."""

    type: Literal["game.scheduled"] = "game.scheduled"
    game: GameSlot


class GameCancelled(Envelope):
    """A game was taken off the schedule."""

    type: Literal["game.cancelled"] = "game.cancelled"
    division_id: Ident
    game_id: Ident


ScheduleEvent = Annotated[
    DivisionDefined | GameScheduled | GameCancelled | RefereesAssigned,
    Field(discriminator="type"),
]
SCHEDULE_EVENT_TYPES = frozenset(
    {"division.defined", "game.scheduled", "game.cancelled", "referees.assigned"}
)
