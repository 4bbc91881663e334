"""The schedule: every game as scheduled now, and one team's games for calendar apps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import Response

from schemas.schedule import DivisionDefined, GameScheduled
from services.gateway.calendar import team_calendar
from services.gateway.dependencies import (
    GatewayDep,
    ReadableTournament,
    TournamentId,
    Viewer,
    check_readable,
    feeds_caught_up,
)
from services.gateway.path_params import Ident, InTournament

router = APIRouter()

TeamId = Ident


async def viewable_team(
    tournament_id: TournamentId, team_id: TeamId, principal: Viewer, gateway: GatewayDep
) -> InTournament:
    """A team of a tournament the viewer may read, the feeds caught up: `ViewableTournament`
    with the team's id in the same dependency, so a malformed one is a 422 before the
    tournament is checked or waited for."""
    check_readable(gateway, principal, tournament_id)
    await feeds_caught_up(gateway)
    return InTournament(tournament_id, team_id)


@router.get("/v1/tournaments/{tournament_id}/schedule")
async def get_schedule(tournament_id: ReadableTournament, gateway: GatewayDep) -> dict[str, object]:
    """Every game as scheduled now, in start order (public tournaments: anyone)."""
    entries = gateway.schedule.current(tournament_id)
    games = [e.game for e in entries if isinstance(e, GameScheduled)]
    games.sort(key=lambda g: (g.start, g.field_id, g.game_id))
    return {"tournament_id": tournament_id, "games": [g.model_dump(mode="json") for g in games]}


@router.get(
    "/v1/tournaments/{tournament_id}/teams/{team_id}/schedule.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
async def team_ics(
    team: Annotated[InTournament, Depends(viewable_team)], gateway: GatewayDep
) -> Response:
    """One team's games as an iCalendar feed, for phones' calendar apps."""
    entries = gateway.schedule.current(team.tournament_id)
    names = {
        entry.team_id: entry.name
        for definition in entries
        if isinstance(definition, DivisionDefined)
        for entry in definition.teams
    }
    if team.id not in names:
        raise HTTPException(404, f"no team {team.id!r} in {team.tournament_id!r}")
    games = [e.game for e in entries if isinstance(e, GameScheduled)]
    stamp = max((e.occurred_at for e in entries), default=datetime.now(UTC))
    body = team_calendar(team.tournament_id, team.id, names[team.id], games, names, stamp)
    return Response(body, media_type="text/calendar")
