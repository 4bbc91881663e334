"""A team's tournament roster, registered before play: who may appear on its lineups.

The schema only insists on well-formed entries. Whether the roster is *acceptable* (ages,
roster size, guest players, a player on two rosters) is the discipline rules' job, because the
committee wants every problem listed at once, not the first one a validator trips over.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from schemas.base import AgeGroup, Envelope, Ident, Model


class RosterPlayer(Model):
    """A player on a tournament roster."""

    person_id: Ident = Field(description="The player's id, the same on every lineup and card.")
    name: str = Field(min_length=1, max_length=100, examples=["Sam Rivera"])
    birth_date: date = Field(
        description="Date of birth: the birth year decides the age group.",
        examples=["2014-05-17"],
    )
    shirt_number: int | None = Field(
        default=None,
        ge=0,
        le=99,
        description="Shirt number (must match the uniform).",
        examples=[7],
    )
    guest: bool = Field(default=False, description="A loan/guest player from another club.")
    home_club: str = Field(
        default="",
        max_length=100,
        description="The player's own club, if not the team's (guest players); empty means the "
        "team's club. The card report groups cards by it.",
    )


class RosterStaff(Model):
    """A coach or team official on a tournament roster."""

    person_id: Ident = Field(description="The person's id, the same on every lineup and card.")
    name: str = Field(min_length=1, max_length=100, examples=["Alex Moreno"])
    role: Literal["coach", "official"] = Field(default="coach", description="Coach or official.")


class RosterSubmitted(Envelope):
    """A team's registered tournament roster; a later one for the same team replaces it."""

    type: Literal["roster.submitted"] = "roster.submitted"
    division_id: Ident = Field(description="The division the team entered.")
    team_id: Ident
    team_name: str = Field(default="", max_length=100, examples=["Coral Springs United"])
    age_group: AgeGroup = Field(
        description="The division's age group, e.g. U12: players may be that age or younger.",
        examples=["U12"],
    )
    club: str = Field(default="", max_length=100, description="The team's club.")
    state_association: str = Field(default="", max_length=100, examples=["FYSA"])
    players: list[RosterPlayer] = Field(
        default_factory=list, max_length=99, description="Every player, guests included."
    )
    staff: list[RosterStaff] = Field(
        default_factory=list, max_length=20, description="Coaches and team officials."
    )
