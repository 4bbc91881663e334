"""The director's console: the schedule grid, its live stream, and the health page (admin).

GET /console/{t}          every day's grid of fields x kick-off times, live status, late
                          fields, `?team=` picks out a team's games
GET /console/{t}/live     SSE: the spectators' live messages (every game, late fields,
                          `changed` when the schedule or a table changed)
GET /console/{t}/health   broker, workers, journal backlog, quarantine, in plain words

The replan (`director_replan`) and the tokens (`director_tokens`) have modules of their own.
The page works without its script; the script patches statuses and late fields in place
from the stream and reloads the grid when the schedule changes.
"""

# No `from __future__ import annotations`: FastAPI must see the real dependency objects.
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from schemas.schedule import DivisionDefined, GameSlot
from services.gateway.auth import Principal
from services.gateway.console.grid import grids, searched
from services.gateway.console.render import console_page
from services.gateway.console.session import console_access
from services.gateway.health_probe import probe
from services.gateway.health_words import in_words, overall
from services.gateway.path_params import TournamentId
from services.gateway.public_pages import STREAM_HEADERS, live_messages
from services.gateway.public_views import PublicNames, fill_seats, late_view
from services.gateway.state import Gateway

router = APIRouter(include_in_schema=False)
#: Admin only: console_access with no other role.
Director = Annotated[Principal, Depends(console_access())]


def gateway_of(request: Request) -> Gateway:
    gateway: Gateway = request.app.state.gateway
    return gateway


def names_of(gateway: Gateway, tournament_id: str) -> PublicNames:
    return PublicNames(divisions_of(gateway, tournament_id))


def divisions_of(gateway: Gateway, tournament_id: str) -> list[DivisionDefined]:
    entries = gateway.schedule.current(tournament_id)
    return [e for e in entries if isinstance(e, DivisionDefined)]


def games_of(gateway: Gateway, tournament_id: str) -> list[GameSlot]:
    """The games as scheduled now, playoff seats filled as the standings know them."""
    snapshots = gateway.standings.current_json(tournament_id)
    return fill_seats(gateway.board.games(tournament_id), snapshots)


def director_page(
    request: Request, template: str, principal: Principal, tournament_id: str, **context: Any
) -> HTMLResponse:
    """A director's page: the tournament and the console's sections for the navigation."""
    answer = console_page(
        request, template, principal, tournament=tournament_id, section=template, **context
    )
    answer.headers["Cache-Control"] = "no-store"  # tokens, proposals: never from a cache
    return answer


@router.get("/console/{tournament_id}", response_class=HTMLResponse)
async def schedule_grid(
    tournament_id: TournamentId,
    request: Request,
    principal: Director,
    team: Annotated[str, Query(max_length=100)] = "",
) -> HTMLResponse:
    gateway = gateway_of(request)
    board = gateway.board
    games = games_of(gateway, tournament_id)
    states = {g.game_id: board.state(tournament_id, g) for g in games}
    delays = board.delays(tournament_id)
    days = grids(games, states, delays, names_of(gateway, tournament_id), team)
    return director_page(
        request,
        "director.html",
        principal,
        tournament_id,
        days=days,
        team=team,
        found=searched(days) if team.strip() else [],
        late=late_view(delays, games),
        now=board.now(tournament_id),
    )


@router.get("/console/{tournament_id}/live")
async def live(tournament_id: TournamentId, request: Request, _: Director) -> StreamingResponse:
    return StreamingResponse(
        live_messages(gateway_of(request).board, tournament_id, request),
        media_type="text/event-stream",
        headers=STREAM_HEADERS,
    )


@router.get("/console/{tournament_id}/health", response_class=HTMLResponse)
async def health(
    tournament_id: TournamentId, request: Request, principal: Director
) -> HTMLResponse:
    lines = in_words(await probe(gateway_of(request)))
    return director_page(
        request, "health.html", principal, tournament_id, lines=lines, overall=overall(lines)
    )
