"""The admin's view of the journal: events the broker refused for good (quarantined), and
the admin's decision about each: release it to be published again, or discard it."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, HTTPException

from services.gateway.dependencies import Admin, GatewayDep
from services.gateway.quarantine import Decided, Decision, NotQuarantined, decide

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


@router.post("/v1/admin/quarantine/{seq}:{decision}")
async def decide_quarantined(
    seq: int, decision: Decision, why: Decided, principal: Admin, gateway: GatewayDep
) -> dict[str, object]:
    """Release a quarantined event to be published again, or discard it for good; the
    reason and the admin's name are kept in the journal (admin only)."""
    try:
        return await decide(
            gateway.journal,
            gateway.publisher,
            seq,
            decision,
            why,
            principal.name,
            released=lambda entry: gateway.catchup.journaled([entry]),
            may_decide=lambda entry: principal.covers(entry.tournament_id),
        )
    except NotQuarantined:
        raise HTTPException(404, f"no event {seq} is in quarantine") from None
