"""The consoles: server-rendered pages for the discipline committee and the director, on
the same tokens, events and feeds as the API.

A person signs in once with their token (`sign_in`); `session` resolves the cookie to the
token's principal on every request and checks roles and form tokens; `render` fills the
shared base template. `install` adds the consoles' routes and their two answers (sign in
first; a refusal page) to the gateway's app.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import RedirectResponse, Response
from starlette.requests import Request

from services.gateway.console import (
    director,
    director_replan,
    director_tokens,
    discipline,
    sign_in,
)
from services.gateway.console.render import console_page
from services.gateway.console.session import (
    COOKIE,
    HOME,
    ConsoleRefused,
    SignInNeeded,
    sign_in_address,
)

#: Sign-in first: `/console/sign-in` is also the shape of a director's `/console/{t}`.
ROUTERS = (
    sign_in.router,
    discipline.router,
    director.router,
    director_replan.router,
    director_tokens.router,
)


async def _to_sign_in(_: Request, exc: SignInNeeded) -> Response:
    """To the sign-in form (and back afterwards); a cookie no longer known is cleared."""
    answer = RedirectResponse(sign_in_address(exc.back), 303)
    answer.delete_cookie(COOKIE, path=HOME, httponly=True, samesite="strict")
    return answer


async def _refused(request: Request, exc: ConsoleRefused) -> Response:
    """The refusal page, in the console's frame (403)."""
    token = request.cookies.get(COOKIE)
    principal = request.app.state.gateway.tokens.authenticate(token) if token else None
    return console_page(request, "refused.html", principal, status=403, reason=exc.reason)


def install(app: FastAPI) -> None:
    """The consoles' routes, and their answers to a visitor and to a refused caller."""
    app.add_exception_handler(SignInNeeded, _to_sign_in)
    app.add_exception_handler(ConsoleRefused, _refused)
    for router in ROUTERS:
        app.include_router(router)
