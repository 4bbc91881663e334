"""POST /v1/events and /v1/events:batch: what field apps, the committee and the director
send. The handlers read the body within its limit and rate-limit the token; whether each
event may enter is `admission`'s, what becomes of it `acceptance`'s."""

from __future__ import annotations

import time

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.requests import ClientDisconnect

from schemas import codec
from services.gateway.acceptance import STATUS
from services.gateway.admission import (
    MAX_EVENT_BYTES,
    Answer,
    Refused,
    TooManyEvents,
    admit,
    batch_events,
)
from services.gateway.auth import Principal
from services.gateway.dependencies import Caller, GatewayDep
from services.gateway.state import Gateway

router = APIRouter()
EVENT_SCHEMA = codec.INBOUND_EVENT.json_schema()


@router.post(
    "/v1/events",
    status_code=202,
    response_model=Answer,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": EVENT_SCHEMA}},
        }
    },
    responses={
        200: {"model": Answer},
        409: {"model": Answer},
        422: {"model": Answer},
        403: {"model": Answer},
        413: {},
        429: {},
    },
)
async def post_event(request: Request, principal: Caller, gateway: GatewayDep) -> JSONResponse:
    """Accept one event: journaled, then published with acks=all, before the answer."""
    throttle(gateway, principal, 1)
    started = time.perf_counter()
    try:
        body = await read_body(request, MAX_EVENT_BYTES)
        row = admit(principal, body, "the event", gateway.field_of, gateway.lock_of)
    except Refused as refused:
        return respond(refused.answer, refused.status)
    timing: dict[str, float] = {}
    [answer] = await gateway.acceptance.accept([row], timing)
    response = respond(answer, STATUS[answer.status])
    timing["accept"] = (time.perf_counter() - started) * 1000
    response.headers["Server-Timing"] = ", ".join(
        f"{step};dur={ms:.1f}" for step, ms in timing.items()
    )
    return response


@router.post(
    "/v1/events:batch",
    response_model=list[Answer],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "array", "items": EVENT_SCHEMA}}},
        }
    },
    responses={413: {}, 422: {"model": Answer}, 429: {}},
)
async def post_batch(request: Request, principal: Caller, gateway: GatewayDep) -> JSONResponse:
    """A backlog of events, each accepted or refused on its own (never the whole batch)."""
    throttle(gateway, principal, 1)  # before the body is read; the rest once it is counted
    limit = gateway.config.batch_limit
    try:
        items = batch_events(await read_body(request, gateway.config.batch_bytes), limit)
    except Refused as refused:
        return respond(refused.answer, refused.status)
    except TooManyEvents as exc:
        raise HTTPException(413, str(exc)) from exc
    if len(items) > 1:
        throttle(gateway, principal, len(items) - 1)
    answers = await gateway.intake(principal, items)
    return JSONResponse([answer.model_dump(exclude_none=True) for answer in answers], 200)


def respond(answer: Answer, status: int) -> JSONResponse:
    return JSONResponse(answer.model_dump(exclude_none=True), status)


def throttle(gateway: Gateway, principal: Principal, cost: int) -> None:
    """429 with Retry-After when the token's bucket holds less than `cost` events."""
    wait = gateway.limiter.take(principal.key, cost)
    if wait:
        raise HTTPException(
            429,
            f"too many events from {principal.name!r}; slow down",
            {"Retry-After": str(max(1, round(wait)))},
        )


async def read_body(request: Request, limit: int) -> bytes:
    """The request's body, refused with 413 as soon as it is known to be over `limit`: from
    its Content-Length before any of it is read, or while it arrives. Never more than
    `limit` bytes (and uvicorn's 64 KiB read buffer) are held for a request."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise _too_large(limit)
    except ClientDisconnect as exc:
        raise HTTPException(408, "the body stopped arriving (too slow, or gone)") from exc
    return bytes(body)


def _too_large(limit: int) -> HTTPException:
    """413, closing the connection so that the client stops sending the rest."""
    return HTTPException(413, f"the body may be at most {limit:,} bytes", {"Connection": "close"})
