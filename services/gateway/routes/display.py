"""The big-screen display page and the files its script and style are."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from services.gateway.dependencies import DisplayTournament
from services.gateway.pages import asset, page

router = APIRouter()


@router.get("/display/{tournament_id}", response_class=HTMLResponse)
async def display(
    tournament_id: DisplayTournament,
    request: Request,
    token: Annotated[str | None, Query()] = None,
) -> HTMLResponse:
    """The big-screen page: live tables and bracket, no reload needed. Its tournament
    and token reach the script as HTML-escaped attributes, never as code."""
    return page(request, "display.html", tournament=tournament_id, token=token or "")


@router.get("/display/assets/{name}", include_in_schema=False)
async def display_asset(name: str) -> Response:
    """The display page's script and style."""
    found = asset(name)
    if found is None:
        raise HTTPException(404, f"no display asset {name!r}")
    return found
