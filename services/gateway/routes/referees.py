"""A referee's own schedule, as a page and as a calendar feed, for their referee token.

A referee token reads its own referee's games only; an admin token reads anyone's. The token
may come in the address (`?token=`), as calendar apps and phones opening a link need.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import HTMLResponse, Response

from services.gateway.auth import Role
from services.gateway.calendar import referee_calendar
from services.gateway.dependencies import GatewayDep, Viewer, feeds_caught_up, require
from services.gateway.pages import page
from services.gateway.path_params import Ident, InTournament, TournamentId
from services.gateway.referee_schedule import duties, referee_name

router = APIRouter()


async def own_referee(
    tournament_id: TournamentId, referee_id: Ident, principal: Viewer, gateway: GatewayDep
) -> InTournament:
    """401 without a token; 403 unless it is this referee's token (or an admin's) for the
    tournament; then the feeds caught up."""
    if principal is None:
        raise HTTPException(
            401, "a referee's schedule needs their token", {"WWW-Authenticate": "Bearer"}
        )
    require(principal, tournament_id, Role.REFEREE)
    if principal.role is Role.REFEREE and principal.referee != referee_id:
        raise HTTPException(403, f"token {principal.name!r} reads only its own referee's schedule")
    await feeds_caught_up(gateway)
    return InTournament(tournament_id, referee_id)


OwnReferee = Annotated[InTournament, Depends(own_referee)]


@router.get(
    "/v1/tournaments/{tournament_id}/referees/{referee_id}/schedule.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
async def referee_ics(referee: OwnReferee, gateway: GatewayDep) -> Response:
    """One referee's games as an iCalendar feed."""
    entries = gateway.schedule.current(referee.tournament_id)
    listed = duties(entries, referee.id)
    stamp = max((e.occurred_at for e in entries), default=datetime.now(UTC))
    name = referee_name(listed, referee.id)
    body = referee_calendar(referee.tournament_id, referee.id, name, listed, stamp)
    return Response(body, media_type="text/calendar")


@router.get("/referee/{tournament_id}/{referee_id}", response_class=HTMLResponse)
async def referee_page(
    referee: OwnReferee, gateway: GatewayDep, token: str | None = None
) -> HTMLResponse:
    """One referee's games: when, where, which position, with whom."""
    listed = duties(gateway.schedule.current(referee.tournament_id), referee.id)
    query = f"?token={token}" if token else ""
    return page(
        "referee.html",
        tournament=referee.tournament_id,
        referee_id=referee.id,
        name=referee_name(listed, referee.id),
        duties=listed,
        calendar=(
            f"/v1/tournaments/{referee.tournament_id}/referees/{referee.id}/schedule.ics" + query
        ),
    )
