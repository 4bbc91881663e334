"""The committee's registration desk: every application's state, what it lacks, its
check-in and the refunds due and overdue, as `touchline registration report` shows them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from services.gateway.dependencies import CommitteeTournament, GatewayDep
from services.registration.report import report

router = APIRouter()


@router.get("/v1/tournaments/{tournament_id}/registration")
async def get_registration(
    tournament_id: CommitteeTournament,
    gateway: GatewayDep,
    on: Annotated[
        date | None, Query(description="The day to report on (YYYY-MM-DD); today by default.")
    ] = None,
) -> dict[str, Any]:
    """The registration report on a day (committee only)."""
    day = on or datetime.now(UTC).date()
    posted = gateway.registration.current(tournament_id)
    return report(tournament_id, posted, day).as_json()
