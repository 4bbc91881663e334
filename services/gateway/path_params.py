"""The path parameters every route shares, validated with the events' own id patterns
(`schemas.base`), so an address can never name a tournament or team an event could not."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path as PathParam

from schemas.base import IDENT_PATTERN, TOURNAMENT_ID_PATTERN

TournamentId = Annotated[str, PathParam(pattern=TOURNAMENT_ID_PATTERN)]
#: A team, field, division or venue id.
Ident = Annotated[str, PathParam(pattern=IDENT_PATTERN)]
