"""What a handler declares it needs, as `Annotated` FastAPI dependencies: who calls, and a
tournament that caller may read, checked (and the feeds caught up) before the handler runs.

    Caller               the authenticated principal (Authorization header; 401 without)
    OptionalCaller       the principal, or None for an anonymous caller
    Viewer               the same, but the token may come in the address (`?token=`)
    Admin                a caller with the admin role
    ReadableTournament   a tournament the (optional) caller may read; the feeds caught up
    ViewableTournament   the same for a viewer (display feeds, calendar apps)
    DisplayTournament    a tournament the viewer may read, nothing waited for (a page whose
                         script then connects to a stream)
    CommitteeTournament  a tournament the caller holds a committee (or admin) token for;
                         the feeds caught up
    GatewayDep           the app's `Gateway` (journal, publisher, feeds, limiter)

A token in the address ends up in logs and browser histories, so only `Viewer` takes one:
anywhere else `?token=` is refused with 401 rather than ignored. Dependencies are coroutines
so FastAPI runs them inline; plain functions would each take a round trip through its thread
pool on every request.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.gateway.auth import Principal, Role
from services.gateway.path_params import TournamentId
from services.gateway.state import Gateway

#: A tournament id in a path.

#: How long a read waits for the feeds to have read the broker (after a start) before 503.
CATCH_UP_WAIT = 5.0

_bearer = HTTPBearer(auto_error=False)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def the_gateway(request: Request) -> Gateway:
    gateway: Gateway = request.app.state.gateway
    return gateway


GatewayDep = Annotated[Gateway, Depends(the_gateway)]


def _authenticate(gateway: Gateway, presented: str | None) -> Principal | None:
    if presented is None:
        return None
    principal = gateway.tokens.authenticate(presented)
    if principal is None:
        raise HTTPException(401, "unknown token", {"WWW-Authenticate": "Bearer"})
    return principal


async def optional_caller(
    request: Request, gateway: GatewayDep, credentials: Credentials
) -> Principal | None:
    """The caller by its Authorization header; a token in the address is refused."""
    if "token" in request.query_params:
        raise HTTPException(
            401,
            "send the token in an 'Authorization: Bearer' header; only display pages "
            "take it in the address (?token=)",
            {"WWW-Authenticate": "Bearer"},
        )
    return _authenticate(gateway, credentials.credentials if credentials is not None else None)


async def optional_viewer(
    gateway: GatewayDep,
    credentials: Credentials,
    token: Annotated[
        str | None,
        Query(description="For display pages and calendar apps, which cannot send headers."),
    ] = None,
) -> Principal | None:
    """The caller of a read-only page, which may bring its token in the address."""
    return _authenticate(gateway, credentials.credentials if credentials is not None else token)


OptionalCaller = Annotated[Principal | None, Depends(optional_caller)]
Viewer = Annotated[Principal | None, Depends(optional_viewer)]


async def caller(principal: OptionalCaller) -> Principal:
    if principal is None:
        raise HTTPException(401, "missing bearer token", {"WWW-Authenticate": "Bearer"})
    return principal


Caller = Annotated[Principal, Depends(caller)]


async def admin(principal: Caller) -> Principal:
    if principal.role is not Role.ADMIN:
        raise HTTPException(403, f"this needs the admin role, not {principal.role.value}")
    return principal


Admin = Annotated[Principal, Depends(admin)]


def require(principal: Principal, tournament_id: str, *roles: Role) -> None:
    """403 unless the token is for the tournament and (if `roles`) has one of them or admin."""
    if not principal.covers(tournament_id):
        raise HTTPException(403, f"token {principal.name!r} is not for {tournament_id!r}")
    if roles and principal.role not in (*roles, Role.ADMIN):
        wanted = " or ".join(role.value for role in roles)
        raise HTTPException(403, f"this needs the {wanted} role, not {principal.role.value}")


def check_readable(gateway: Gateway, principal: Principal | None, tournament_id: str) -> None:
    """401 for an anonymous caller of a private tournament, 403 for a token not for it."""
    if not gateway.tokens.may_read(principal, tournament_id):
        if principal is None:
            raise HTTPException(401, f"{tournament_id!r} is not public: send a token")
        raise HTTPException(403, f"token {principal.name!r} is not for {tournament_id!r}")


async def feeds_caught_up(gateway: Gateway) -> None:
    """Wait (briefly) until the feeds have read their topics, so a first read is complete."""
    try:
        await asyncio.wait_for(gateway.feeds_read.wait(), CATCH_UP_WAIT)
    except TimeoutError as exc:
        raise HTTPException(503, "the gateway is still reading the broker; try again") from exc


async def readable_tournament(
    tournament_id: TournamentId, principal: OptionalCaller, gateway: GatewayDep
) -> str:
    check_readable(gateway, principal, tournament_id)
    await feeds_caught_up(gateway)
    return tournament_id


async def display_tournament(
    tournament_id: TournamentId, principal: Viewer, gateway: GatewayDep
) -> str:
    check_readable(gateway, principal, tournament_id)
    return tournament_id


async def viewable_tournament(
    tournament_id: Annotated[str, Depends(display_tournament)], gateway: GatewayDep
) -> str:
    await feeds_caught_up(gateway)
    return tournament_id


async def committee_tournament(
    tournament_id: TournamentId, principal: Caller, gateway: GatewayDep
) -> str:
    require(principal, tournament_id, Role.COMMITTEE)
    await feeds_caught_up(gateway)
    return tournament_id


ReadableTournament = Annotated[str, Depends(readable_tournament)]
DisplayTournament = Annotated[str, Depends(display_tournament)]
ViewableTournament = Annotated[str, Depends(viewable_tournament)]
CommitteeTournament = Annotated[str, Depends(committee_tournament)]
