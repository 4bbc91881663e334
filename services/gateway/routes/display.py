"""The big-screen display page and the files its script and style are."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from services.gateway.dependencies import DisplayTournament, feeds_caught_up
from services.gateway.pages import asset, page

router = APIRouter()


@router.get("/display/{tournament_id}", response_class=HTMLResponse)
async def display(
    tournament_id: DisplayTournament,
    request: Request,
    token: Annotated[str | None, Query()] = None,
    venue: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")] = None,
) -> HTMLResponse:
    """The big-screen page: live tables and bracket, no reload needed; with `venue`, the
    venue's screen (public_pages). Its tournament and token reach the script as
    HTML-escaped attributes, never as code."""
    if venue is not None:
        await feeds_caught_up(request.app.state.gateway)
        return await request.app.state.public_site.screen(tournament_id, venue, request)
    return page("display.html", tournament=tournament_id, token=token or "")


@router.get("/display/assets/{name}", include_in_schema=False)
async def display_asset(name: str) -> Response:
    """The display page's script and style."""
    found = asset(name)
    if found is None:
        raise HTTPException(404, f"no display asset {name!r}")
    return found
