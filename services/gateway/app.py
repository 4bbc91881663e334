"""The gateway's HTTP API (FastAPI): thin handlers around the journal, publisher and feeds.

POST /v1/events           one event from a field app or the committee (202 / 200 duplicate)
POST /v1/events:batch     a field app's offline backlog, answered per event
GET  /v1/tournaments/{t}/standings          current tables and brackets
GET  /v1/tournaments/{t}/standings/stream   Server-Sent Events: current, then every change
GET  /v1/tournaments/{t}/notices            discipline notices (committee)
GET  /v1/tournaments/{t}/notices/stream     SSE of notices (committee)
GET  /display/{t}                           the live standings page
"""

# No `from __future__ import annotations` here: FastAPI must see the real `Depends(...)`
# objects in the route signatures, which refer to closures inside `create_app`.
import asyncio
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sse_starlette.sse import EventSourceResponse

from schemas import codec
from services.gateway.auth import Principal, Role, TokenStore
from services.gateway.feeds import Feed, follow
from services.gateway.journal import Entry, Journal, Recorded
from services.gateway.publisher import Publisher
from services.gateway.routing import route
from touchline import topics

DISPLAY_PAGE = Path(__file__).with_name("display.html")
MAX_BODY_BYTES = 64 * 1024


@dataclass(frozen=True)
class GatewayConfig:
    """Everything the gateway needs to run."""

    bootstrap_servers: str
    journal_path: Path
    tokens: TokenStore
    batch_limit: int = 500
    rebuild: bool = False

    @classmethod
    def from_env(cls) -> "GatewayConfig":
        return cls(
            bootstrap_servers=os.environ["KAFKA_BOOTSTRAP_SERVERS"],
            journal_path=Path(os.environ.get("TOUCHLINE_JOURNAL", "var/journal.sqlite3")),
            tokens=TokenStore.from_env(),
            batch_limit=int(os.environ.get("TOUCHLINE_BATCH_LIMIT", "500")),
            rebuild=os.environ.get("TOUCHLINE_REBUILD") == "1",
        )


class Answer(BaseModel):
    """The gateway's answer to one posted event."""

    event_id: str | None = None
    status: str
    published: bool | None = None
    errors: list[dict[str, str]] | None = None


def _errors(problems: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"field": where, "problem": what} for where, what in problems]


def create_app(config: GatewayConfig) -> FastAPI:
    """A gateway wired to its journal, the broker and the output feeds."""
    journal = Journal(config.journal_path)
    publisher = Publisher(config.bootstrap_servers, journal)
    standings = Feed(topics.STANDINGS.name, codec.SNAPSHOT, identity="division_id")
    notices = Feed(topics.NOTICES.name, codec.NOTICE, identity="event_id")
    caught_up = asyncio.Event()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if config.rebuild:
            journal.forget_publication()
        await publisher.start()
        follower = asyncio.create_task(
            follow(config.bootstrap_servers, [standings, notices], caught_up)
        )
        try:
            yield
        finally:
            follower.cancel()
            await asyncio.gather(follower, return_exceptions=True)
            await publisher.stop()
            journal.close()

    app = FastAPI(title="Touchline gateway", version="1", lifespan=lifespan)
    bearer = HTTPBearer(auto_error=False)

    def caller(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        if credentials is None:
            raise HTTPException(401, "missing bearer token", {"WWW-Authenticate": "Bearer"})
        principal = config.tokens.authenticate(credentials.credentials)
        if principal is None:
            raise HTTPException(401, "unknown token", {"WWW-Authenticate": "Bearer"})
        return principal

    def require(principal: Principal, tournament_id: str, *roles: Role) -> None:
        if not principal.covers(tournament_id):
            raise HTTPException(403, f"token {principal.name!r} is not for {tournament_id!r}")
        if roles and principal.role not in (*roles, Role.ADMIN):
            wanted = " or ".join(role.value for role in roles)
            raise HTTPException(403, f"this needs the {wanted} role, not {principal.role.value}")

    async def read_body(request: Request) -> bytes:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES * (config.batch_limit if "batch" in request.url.path else 1):
            raise HTTPException(413, "request body too large")
        return body

    def admit(principal: Principal, data: object) -> tuple[Any, tuple[str, str, str, bytes, bytes]]:
        """Validate one event and check the caller may post it; raise with the reason."""
        event = codec.validate(codec.INBOUND_EVENT, data)
        require(principal, event.tournament_id)
        if not principal.may_post(event.type):
            raise HTTPException(403, f"a {principal.role.value} token may not post {event.type}")
        topic, key = route(event)
        row = (str(event.event_id), event.tournament_id, topic, key, codec.encode(event))
        return event, row

    event_body = {"content": {"application/json": {"schema": codec.INBOUND_EVENT.json_schema()}}}

    @app.post(
        "/v1/events",
        status_code=202,
        response_model=Answer,
        openapi_extra={"requestBody": {"required": True, **event_body}},
        responses={200: {"model": Answer}, 409: {"model": Answer}, 422: {"model": Answer}},
    )
    async def post_event(
        request: Request, principal: Annotated[Principal, Depends(caller)]
    ) -> JSONResponse:
        """Accept one event: journaled, then published with acks=all, before the answer."""
        try:
            _, row = admit(principal, _json(await read_body(request)))
        except codec.DecodeError as exc:
            answer = Answer(status="invalid", errors=_errors(exc.problems))
            return JSONResponse(answer.model_dump(exclude_none=True), 422)
        recorded = (await asyncio.to_thread(journal.record_many, [row]))[0]
        return JSONResponse(*await _answer(row, recorded))

    async def _answer(
        row: tuple[str, str, str, bytes, bytes], recorded: Recorded
    ) -> tuple[dict[str, object], int]:
        event_id = row[0]
        if recorded is Recorded.CONFLICT:
            detail = "this event id was already used for a different event"
            answer = Answer(
                event_id=event_id,
                status="conflict",
                errors=[{"field": "event_id", "problem": detail}],
            )
            return answer.model_dump(exclude_none=True), 409
        if recorded is Recorded.DUPLICATE:
            return Answer(event_id=event_id, status="duplicate").model_dump(exclude_none=True), 200
        published = await publisher.publish([Entry(0, *row)])
        answer = Answer(event_id=event_id, status="accepted", published=published)
        return answer.model_dump(exclude_none=True), 202

    @app.post(
        "/v1/events:batch",
        response_model=list[Answer],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"type": "array", "items": codec.INBOUND_EVENT.json_schema()}
                    }
                },
            }
        },
    )
    async def post_batch(
        request: Request, principal: Annotated[Principal, Depends(caller)]
    ) -> JSONResponse:
        """A backlog of events, each accepted or refused on its own (never the whole batch)."""
        items = _json(await read_body(request))
        if not isinstance(items, list):
            raise HTTPException(422, "the body must be a JSON array of events")
        if len(items) > config.batch_limit:
            raise HTTPException(413, f"at most {config.batch_limit} events per batch")
        answers: list[Answer | None] = [None] * len(items)
        rows, places = [], []
        for index, item in enumerate(items):
            try:
                _, row = admit(principal, item)
            except codec.DecodeError as exc:
                answers[index] = Answer(status="invalid", errors=_errors(exc.problems))
                continue
            except HTTPException as exc:
                answers[index] = Answer(
                    status="forbidden", errors=[{"field": "body", "problem": str(exc.detail)}]
                )
                continue
            rows.append(row)
            places.append(index)
        recorded = await asyncio.to_thread(journal.record_many, rows)
        fresh = [row for row, result in zip(rows, recorded, strict=True) if result is Recorded.NEW]
        published = await publisher.publish([Entry(0, *row) for row in fresh])
        for index, row, result in zip(places, rows, recorded, strict=True):
            status = {
                Recorded.NEW: "accepted",
                Recorded.DUPLICATE: "duplicate",
                Recorded.CONFLICT: "conflict",
            }[result]
            answers[index] = Answer(
                event_id=row[0],
                status=status,
                published=published if result is Recorded.NEW else None,
            )
        return JSONResponse([a.model_dump(exclude_none=True) for a in answers if a], 200)

    @app.get("/v1/tournaments/{tournament_id}/standings")
    async def get_standings(tournament_id: str) -> dict[str, object]:
        """Every division's current snapshot (public, read-only)."""
        await _caught_up(caught_up)
        divisions = [json.loads(codec.encode(s)) for s in standings.current(tournament_id)]
        return {"tournament_id": tournament_id, "divisions": divisions}

    @app.get("/v1/tournaments/{tournament_id}/standings/stream")
    async def stream_standings(tournament_id: str, request: Request) -> EventSourceResponse:
        """SSE: each division's current snapshot on connect, then every new version."""
        await _caught_up(caught_up)
        return EventSourceResponse(_sse(standings, tournament_id, "standings", request))

    @app.get("/v1/tournaments/{tournament_id}/notices")
    async def get_notices(
        tournament_id: str, principal: Annotated[Principal, Depends(caller)]
    ) -> dict[str, object]:
        """Every discipline notice so far (committee only)."""
        require(principal, tournament_id, Role.COMMITTEE)
        await _caught_up(caught_up)
        found = [json.loads(codec.encode(n)) for n in notices.current(tournament_id)]
        found.sort(key=lambda notice: (notice["occurred_at"], notice["event_id"]))
        return {"tournament_id": tournament_id, "notices": found}

    @app.get("/v1/tournaments/{tournament_id}/notices/stream")
    async def stream_notices(
        tournament_id: str, request: Request, principal: Annotated[Principal, Depends(caller)]
    ) -> EventSourceResponse:
        """SSE of discipline notices: every notice so far, then each new one (committee)."""
        require(principal, tournament_id, Role.COMMITTEE)
        await _caught_up(caught_up)
        return EventSourceResponse(_sse(notices, tournament_id, "notice", request))

    @app.get("/display/{tournament_id}", response_class=HTMLResponse)
    async def display(tournament_id: str) -> HTMLResponse:
        """The big-screen page: live tables and bracket, no reload needed."""
        return HTMLResponse(DISPLAY_PAGE.read_text().replace("{{tournament}}", tournament_id))

    @app.get("/healthz")
    async def health() -> dict[str, bool]:
        return {"ok": True, "caught_up": caught_up.is_set()}

    return app


def _json(body: bytes) -> object:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise codec.DecodeError([("body", f"not valid JSON ({exc})")]) from exc


async def _caught_up(event: asyncio.Event, timeout: float = 5.0) -> None:
    """Wait (briefly) until the feeds have read their topics, so a first read is complete."""
    try:
        await asyncio.wait_for(event.wait(), timeout)
    except TimeoutError as exc:
        raise HTTPException(503, "the gateway is still reading the broker; try again") from exc


async def _sse(
    feed: Feed, tournament_id: str, name: str, request: Request
) -> AsyncIterator[dict[str, str]]:
    async with feed.subscribe(tournament_id) as queue:
        while not await request.is_disconnected():
            try:
                document = await asyncio.wait_for(queue.get(), 15.0)
            except TimeoutError:
                continue
            yield {"event": name, "data": codec.encode(document).decode()}  # type: ignore[arg-type]
