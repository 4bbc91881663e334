"""The referee assignment as events: one `referees.assigned` per game, on the schedule topic.

The latest event for a game replaces the earlier ones (a replan republishes the games it
changed), so a referee's schedule is the games whose latest crew names them. A position no
referee could take is listed as unfilled, so the site director knows before the game.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from schemas.base import Envelope, Ident, Model

#: The centre referee, the two assistant referees, a fourth official.
Position = Literal["center", "ar1", "ar2", "fourth"]


class CrewMember(Model):
    """One position of a game's crew and who fills it."""

    position: Position
    referee_id: Ident
    referee_name: str = Field(default="", max_length=100, examples=["Dana Adams"])


class RefereesAssigned(Envelope):
    """A game's crew as assigned now (the latest event for a game id wins)."""

    type: Literal["referees.assigned"] = "referees.assigned"
    division_id: Ident
    game_id: Ident
    crew: list[CrewMember] = Field(default_factory=list, max_length=4)
    unfilled: list[Position] = Field(
        default_factory=list, max_length=4, description="Positions no referee could take."
    )

    @model_validator(mode="after")
    def _each_position_once(self) -> RefereesAssigned:
        positions = [member.position for member in self.crew] + list(self.unfilled)
        if len(set(positions)) != len(positions):
            raise ValueError("crew: each position is filled or unfilled, once")
        referees = [member.referee_id for member in self.crew]
        if len(set(referees)) != len(referees):
            raise ValueError("crew: a referee holds one position of a game")
        return self
