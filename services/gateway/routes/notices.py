"""Discipline notices, for the committee: every one so far, and a stream of new ones."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sse_starlette.sse import EventSourceResponse

from services.gateway.dependencies import CommitteeTournament, GatewayDep
from services.gateway.sse import event_stream

router = APIRouter()


@router.get("/v1/tournaments/{tournament_id}/notices")
async def get_notices(tournament_id: CommitteeTournament, gateway: GatewayDep) -> dict[str, object]:
    """Every discipline notice so far (committee only)."""
    found = gateway.notices.current_json(tournament_id)
    found.sort(key=lambda notice: (notice["occurred_at"], notice["event_id"]))
    return {"tournament_id": tournament_id, "notices": found}


@router.get("/v1/tournaments/{tournament_id}/notices/stream")
async def stream_notices(
    tournament_id: CommitteeTournament, request: Request, gateway: GatewayDep
) -> EventSourceResponse:
    """SSE of discipline notices: every notice so far, then each new one (committee)."""
    return event_stream(gateway.notices, tournament_id, "notice", request)
