"""The admin's view of the journal: events the broker refused for good (quarantined)."""

# No `from __future__ import annotations`: FastAPI reads these signatures' `Depends(...)`.
import asyncio

from fastapi import APIRouter

from services.gateway.dependencies import Admin, GatewayDep

router = APIRouter()


@router.get("/v1/admin/quarantine")
async def quarantine(principal: Admin, gateway: GatewayDep) -> dict[str, object]:
    """Accepted events the broker refused for good: kept in the journal, never published,
    with the broker's reason (admin only; the tournaments of the token)."""
    entries = await asyncio.to_thread(gateway.journal.quarantined)
    listed = [
        {
            "seq": entry.seq,
            "event_id": entry.event_id,
            "producer": entry.producer,
            "tournament_id": entry.tournament_id,
            "topic": entry.topic,
            "bytes": len(entry.raw),
            "reason": entry.quarantined,
        }
        for entry in entries
        if principal.covers(entry.tournament_id)
    ]
    return {"quarantined": listed}
