"""The standings snapshot: a division's whole current tables and bracket.

Published to the compacted `standings` topic keyed by tournament/division after every change,
with a version, so a display that connects late needs a single read.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schemas.base import Ident, Model, TournamentId


class TableRow(Model):
    """One team's line in a group table."""

    rank: int = Field(ge=1)
    team_id: Ident
    team_name: str
    played: int = Field(ge=0)
    won: int = Field(ge=0)
    drawn: int = Field(ge=0)
    lost: int = Field(ge=0)
    goals_for: int = Field(ge=0)
    goals_against: int = Field(ge=0)
    goal_difference: int
    points: int
    decided_by: str | None = Field(
        default=None,
        description="The criterion that separated this team from the teams level with it "
        "(e.g. 'points', 'head-to-head', 'capped goal difference'); none while its tie is "
        "unresolved.",
    )
    forfeited: bool = Field(
        default=False,
        description="The team forfeited or failed to show for a game: it cannot be division "
        "winner.",
    )
    disqualified: bool = Field(
        default=False, description="The team is disqualified: it cannot advance."
    )


class GroupTable(Model):
    """A group's table, best first."""

    group_id: Ident
    rows: list[TableRow]
    unresolved: list[list[Ident]] = Field(
        default_factory=list,
        description="Teams whose order only kicks from the penalty mark (or lots) can decide.",
    )
    complete: bool = Field(
        default=False, description="Every group game has a result: the table is final."
    )


class BracketGame(Model):
    """A playoff game as the bracket knows it now."""

    game_id: Ident
    round: str
    home_team_id: Ident | None = None
    away_team_id: Ident | None = None
    home_label: str
    away_label: str
    home_goals: int | None = None
    away_goals: int | None = None
    home_kicks: int | None = None
    away_kicks: int | None = None
    winner_team_id: Ident | None = None
    status: Literal["waiting", "ready", "played", "needs_shootout"] = "waiting"


class StandingsSnapshot(Model):
    """Everything a display needs for one division, at one version."""

    type: Literal["standings.snapshot"] = "standings.snapshot"
    tournament_id: TournamentId
    division_id: Ident
    division_name: str = ""
    rules: str = "alliance-cup-2020"
    version: int = Field(
        ge=0,
        description=(
            "Grows with every change to the division: by one, or by more across a restart,"
            " never back."
        ),
    )
    groups: list[GroupTable] = Field(default_factory=list)
    division_winners: list[Ident] = Field(default_factory=list)
    wild_cards: list[Ident] = Field(default_factory=list)
    seeds: list[Ident] = Field(
        default_factory=list,
        description=(
            "Seeding format: the qualifiers, best first. Winners format with seeded seats"
            " ('Seed 1 v Wild card 1'): the division winners, best first."
        ),
    )
    unresolved: list[list[Ident]] = Field(
        default_factory=list,
        description="Ties across the division (wild cards, seeds) that only a decision can break.",
    )
    bracket: list[BracketGame] = Field(default_factory=list)
