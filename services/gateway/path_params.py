"""The path parameters every route shares, validated with the events' own id patterns
(`schemas.base`), so an address can never name a tournament or team an event could not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Path as PathParam

from schemas.base import IDENT_PATTERN, TOURNAMENT_ID_PATTERN

TournamentId = Annotated[str, PathParam(pattern=TOURNAMENT_ID_PATTERN)]
#: A team, field, division or venue id.
Ident = Annotated[str, PathParam(pattern=IDENT_PATTERN)]


@dataclass(frozen=True)
class InTournament:
    """What a path of a tournament and one of its things (a team, a referee, a field) names,
    as a dependency that checks both hands it to its handler."""

    tournament_id: str
    id: str
