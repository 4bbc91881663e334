"""GET /healthz: up, caught up, and how many events are quarantined."""

# No `from __future__ import annotations`: FastAPI reads these signatures' `Depends(...)`.
import asyncio

from fastapi import APIRouter

from services.gateway.dependencies import GatewayDep

router = APIRouter()


@router.get("/healthz")
async def health(gateway: GatewayDep) -> dict[str, bool | int]:
    """Up; caught up: the feeds have read the broker and every division's table folds
    all the journal holds for it (`behind`: how many do not yet, as after a restart);
    and how many events are quarantined (the admin lists them at /v1/admin/quarantine)."""
    quarantined = await asyncio.to_thread(gateway.journal.count_quarantined)
    return {
        "ok": True,
        "caught_up": gateway.caught_up,
        "behind": gateway.catchup.behind,
        "quarantined": quarantined,
    }
