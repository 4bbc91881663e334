"""The standings: every division's current snapshot, and a stream of every new version."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sse_starlette.sse import EventSourceResponse

from services.gateway.dependencies import GatewayDep, ReadableTournament, ViewableTournament
from services.gateway.sse import event_stream

router = APIRouter()


@router.get("/v1/tournaments/{tournament_id}/standings")
async def get_standings(
    tournament_id: ReadableTournament, gateway: GatewayDep
) -> dict[str, object]:
    """Every division's current snapshot (public tournaments: anyone)."""
    divisions = gateway.standings.current_json(tournament_id)
    return {"tournament_id": tournament_id, "divisions": divisions}


@router.get("/v1/tournaments/{tournament_id}/standings/stream")
async def stream_standings(
    tournament_id: ViewableTournament, request: Request, gateway: GatewayDep
) -> EventSourceResponse:
    """SSE: each division's current snapshot on connect, then every new version."""
    return event_stream(gateway.standings, tournament_id, "standings", request)
