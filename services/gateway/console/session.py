"""Who is at a console, from the sign-in cookie, and the checks its pages and forms need.

The cookie holds the token itself (HttpOnly, SameSite=Strict, Path=/console): every request
looks it up again in the gateway's `TokenStore`, so a token taken out of the store stops
working on its next request; nothing about the principal is kept in the cookie.

A form that changes anything carries `csrf`, an HMAC of the session's token: a page of
another site can neither read it nor work it out, and it needs no server-side state.

    ConsoleCaller        the signed-in principal (any role); a visitor is sent to sign in
    console_access(...)  a dependency for `/console/{tournament_id}/...`: the token is for
                         the tournament and has one of the roles (or admin), else a 403
                         page; the feeds are caught up
    ConsoleForm          a POSTed form whose `csrf` matches the session, else a 403 page
"""

# No `from __future__ import annotations`: FastAPI must see the real dependency objects.
import hashlib
import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, HTTPException, Request
from starlette.datastructures import FormData

from services.gateway.auth import CONSOLE_COOKIE, Principal, Role
from services.gateway.dependencies import feeds_caught_up
from services.gateway.path_params import TournamentId
from services.gateway.routes.events import read_body

COOKIE = CONSOLE_COOKIE
CSRF_FIELD = "csrf"
HOME = "/console"  # also the cookie's path
SIGN_IN = "/console/sign-in"
#: A console form holds a few short fields; anything larger is not one of ours.
FORM_BYTES = 64 * 1024
FORM_FIELDS = 100


class SignInNeeded(Exception):
    """No (or no longer a known) token in the cookie: the visitor signs in, then comes back
    to `back` (a console address, or None)."""

    def __init__(self, back: str | None) -> None:
        super().__init__("sign in to use the console")
        self.back = back


class ConsoleRefused(Exception):
    """The signed-in caller may not do this; `reason` says why, in words for the page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def csrf_token(session: str) -> str:
    """The form token of a session: keyed by the session's own secret token."""
    return hmac.new(session.encode(), b"touchline console form", hashlib.sha256).hexdigest()


def safe_back(address: str | None) -> str | None:
    """`address` if it is a console page of this gateway (a path, not another site)."""
    if not address or not address.startswith("/console") or address.startswith("//"):
        return None
    if "\\" in address or any(ord(c) < 0x21 for c in address):
        return None
    return address


def sign_in_address(back: str | None) -> str:
    return f"{SIGN_IN}?{urlencode({'next': back})}" if back else SIGN_IN


async def console_caller(request: Request) -> Principal:
    """The principal of the cookie's token, looked up afresh; else off to sign in."""
    token = request.cookies.get(COOKIE)
    principal = request.app.state.gateway.tokens.authenticate(token) if token else None
    if principal is None:
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInNeeded(safe_back(back) if request.method == "GET" else None)
    return principal


ConsoleCaller = Annotated[Principal, Depends(console_caller)]


def console_access(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency: the caller's token is for the path's tournament and has one of
    `roles` (an admin may do anything; no roles: admin only)."""

    async def access(
        tournament_id: TournamentId, principal: ConsoleCaller, request: Request
    ) -> Principal:
        if not principal.covers(tournament_id):
            raise ConsoleRefused(f"The token {principal.name!r} is not for {tournament_id!r}.")
        if principal.role not in (*roles, Role.ADMIN):
            wanted = " or ".join(role.value for role in (*roles, Role.ADMIN))
            article = "an" if wanted.startswith("admin") else "a"
            raise ConsoleRefused(
                f"This page needs {article} {wanted} token; {principal.name!r} is a "
                f"{principal.role.value} token."
            )
        await feeds_caught_up(request.app.state.gateway)
        return principal

    return access


async def read_form(request: Request) -> FormData:
    """A POSTed form, URL-encoded as the console's forms send it, within `FORM_BYTES`."""
    body = await read_body(request, FORM_BYTES)
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if body and kind != "application/x-www-form-urlencoded":
        raise HTTPException(415, "a console form is sent as application/x-www-form-urlencoded")
    try:
        fields = parse_qsl(body.decode(), keep_blank_values=True, max_num_fields=FORM_FIELDS)
    except (UnicodeDecodeError, ValueError) as exc:
        raise HTTPException(400, f"the form could not be read: {exc}") from exc
    return FormData(fields)


async def checked_form(request: Request, _: ConsoleCaller) -> FormData:
    """The POSTed form of a signed-in caller, once its `csrf` field is the session's."""
    form = await read_form(request)
    sent = form.get(CSRF_FIELD)
    expected = csrf_token(request.cookies[COOKIE])
    if not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise ConsoleRefused(
            "This form did not come from your console session (or the session has changed "
            "since it was shown): open the page again and resend it."
        )
    return form


ConsoleForm = Annotated[FormData, Depends(checked_form)]
