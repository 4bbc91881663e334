"""Signing in and out of the consoles, the signed-in home page and the consoles' assets.

GET  /console/sign-in        the form (`?next=`: the console page to return to)
POST /console/sign-in        a token -> the session cookie, then back (or home)
POST /console/sign-out       clears the cookie (a form with the session's `csrf`)
GET  /console                who is signed in and the consoles they may open
GET  /console/assets/{name}  the consoles' style and script
"""

# No `from __future__ import annotations`: FastAPI must see the real dependency objects.
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.gateway.console.render import console_page, has_a_desk
from services.gateway.console.session import (
    COOKIE,
    HOME,
    SIGN_IN,
    ConsoleCaller,
    ConsoleForm,
    read_form,
    safe_back,
)
from services.gateway.pages import asset

router = APIRouter(include_in_schema=False)


@router.get(SIGN_IN, response_class=HTMLResponse)
async def sign_in_form(
    request: Request, next: Annotated[str | None, Query(max_length=2000)] = None
) -> HTMLResponse:
    return console_page(request, "sign_in.html", None, back=safe_back(next) or "", problem="")


@router.post(SIGN_IN)
async def sign_in(request: Request) -> Response:
    """The token, checked against the gateway's tokens, becomes the session cookie."""
    # The pages send no referrer, so a browser's Origin is "null" even from our own form;
    # its Sec-Fetch-Site says whether the form was another site's.
    site = request.headers.get("sec-fetch-site", "same-origin")
    if site not in ("same-origin", "none"):
        raise HTTPException(403, f"a sign-in must come from this gateway's page, not {site}")
    form = await read_form(request)
    token = str(form.get("token", "")).strip()
    back = safe_back(str(form.get("next", ""))) or ""
    principal = request.app.state.gateway.tokens.authenticate(token) if token else None
    if principal is None:
        problem = "Enter a token." if not token else "That token is not known (or was revoked)."
        return console_page(request, "sign_in.html", None, status=401, back=back, problem=problem)
    answer = RedirectResponse(back or HOME, 303)
    answer.set_cookie(
        COOKIE,
        token,
        path=HOME,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return answer


@router.post("/console/sign-out")
async def sign_out(_: ConsoleForm) -> Response:
    answer = RedirectResponse(SIGN_IN, 303)
    answer.delete_cookie(COOKIE, path=HOME, httponly=True, samesite="strict")
    return answer


@router.get(HOME, response_class=HTMLResponse)
async def home(request: Request, principal: ConsoleCaller) -> HTMLResponse:
    """The consoles the caller may open (none, and says so, for a field or display token:
    each console page itself refuses them)."""
    return console_page(request, "home.html", principal, has_desk=has_a_desk(principal))


@router.get("/console/assets/{name}")
async def console_asset(name: str) -> Response:
    found = asset(name, "console")
    if found is None:
        raise HTTPException(404, f"no console asset {name!r}")
    return found
