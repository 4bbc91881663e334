"""The gateway's HTTP API (FastAPI): thin handlers around the journal, publisher and feeds.

POST /v1/events           one event from a field app, the committee or the director
POST /v1/events:batch     an offline field app's backlog, answered event by event
GET  /v1/tournaments/{t}/standings          current tables and brackets
GET  /v1/tournaments/{t}/standings/stream   Server-Sent Events: current, then every change
GET  /v1/tournaments/{t}/schedule           every game as scheduled now
GET  /v1/tournaments/{t}/teams/{team}/schedule.ics   one team's games (iCalendar)
GET  /v1/tournaments/{t}/notices            discipline notices (committee)
GET  /v1/tournaments/{t}/notices/stream     SSE of notices (committee)
GET  /display/{t}                           the live standings page
GET  /v1/admin/quarantine                   events the broker refused for good (admin)
"""

# No `from __future__ import annotations` here: FastAPI must see the real `Depends(...)`
# objects in the route signatures, which refer to closures inside `create_app`.
import asyncio
import html
import json
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, TypeAdapter
from sse_starlette.sse import EventSourceResponse
from starlette.requests import ClientDisconnect

from schemas import codec
from schemas.match import GameEvent
from schemas.schedule import DivisionDefined, GameScheduled
from services.gateway.auth import Principal, Role, TokenStore
from services.gateway.calendar import team_calendar
from services.gateway.catchup import CatchUp
from services.gateway.feeds import Feed, SnapshotHead, by_time, by_version, follow
from services.gateway.field_app import FieldViews, field_router
from services.gateway.group_commit import GroupCommit
from services.gateway.journal import Entry, Incoming, Journal, Recorded, Stored
from services.gateway.outbox import Delivery, Fate
from services.gateway.publisher import MAX_MESSAGE_BYTES, Publisher
from services.gateway.ratelimit import RateLimiter
from services.gateway.routing import route
from services.standings.progress import HEADER, decode_held
from services.streaming import topics
from services.streaming.process import settle_memory

DISPLAY_PAGE = Path(__file__).with_name("display.html")
#: The page's script and style, served by the gateway so the page needs no inline code.
DISPLAY_ASSETS = {"display.js": "text/javascript", "display.css": "text/css"}
#: The display page runs only the gateway's own script and style and reads only from it:
#: a token or tournament that got into the page could not run as code or send anything out.
DISPLAY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",  # its address may hold a token
    "X-Content-Type-Options": "nosniff",
}
MAX_EVENT_BYTES = 64 * 1024
SNAPSHOT_HEAD = TypeAdapter(SnapshotHead)
Tournament = Annotated[str, PathParam(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]


@dataclass(frozen=True)
class GatewayConfig:
    """Everything the gateway needs to run."""

    bootstrap_servers: str
    journal_path: Path
    tokens: TokenStore
    batch_limit: int = 500
    batch_bytes: int = 4 * 1024 * 1024
    rate_per_token: float = 200.0
    burst_per_token: float = 1000.0
    rebuild: bool = False
    max_message_bytes: int = MAX_MESSAGE_BYTES  # the broker's message limit


class Answer(BaseModel):
    """The gateway's answer to one posted event."""

    event_id: str | None = None
    status: str
    published: bool | None = None
    errors: list[dict[str, str]] | None = None


class Refused(Exception):
    """One event refused, with the HTTP status and the field-level reason."""

    def __init__(self, status: int, answer: Answer) -> None:
        self.status = status
        self.answer = answer


def _problem(status: str, field: str, problem: str) -> Answer:
    return Answer(status=status, errors=[{"field": field, "problem": problem}])


def create_app(config: GatewayConfig) -> FastAPI:
    """A gateway wired to its journal, the broker and the output feeds."""
    journal = Journal(config.journal_path)
    catchup = CatchUp(journal.served_above(), journal.reserve_served)

    def serve_snapshot(
        head: SnapshotHead, raw: bytes, headers: Mapping[str, bytes]
    ) -> bytes | None:
        key = topics.division_key(head.tournament_id, head.division_id)
        return catchup.serve(key, head.version, raw, decode_held(headers.get(HEADER)))

    standings = Feed(
        topics.STANDINGS.name, SNAPSHOT_HEAD, lambda s: s.division_id, by_version, serve_snapshot
    )

    def quarantined(entry: Entry) -> None:
        catchup.quarantined(entry)
        standings.reoffer()

    publisher = Publisher(
        config.bootstrap_servers,
        journal,
        max_message_bytes=config.max_message_bytes,
        on_quarantine=quarantined,
    )
    journal_writes: GroupCommit[Incoming, Stored] = GroupCommit(journal.record_many)
    limiter = RateLimiter(config.rate_per_token, config.burst_per_token)
    notices = Feed(topics.NOTICES.name, codec.NOTICE, lambda n: str(n.event_id), by_time)
    schedule = Feed(topics.SCHEDULE.name, codec.SCHEDULE_EVENT, _schedule_identity, by_time)
    caught_up = asyncio.Event()
    field_views = FieldViews()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if config.rebuild:
            journal.forget_publication()
        # What the standings must fold before they are served: counted before anything is
        # published or read, so every snapshot is judged against the whole journal.
        await asyncio.to_thread(lambda: catchup.journaled(journal.events()))
        await publisher.start()
        feeds = [standings, notices, schedule, *field_views.feeds]
        follower = asyncio.create_task(follow(config.bootstrap_servers, feeds, caught_up))
        settle_memory()
        try:
            yield
        finally:
            follower.cancel()
            await asyncio.gather(follower, return_exceptions=True)
            await publisher.stop()
            journal.close()

    app = FastAPI(title="Touchline gateway", version="1", lifespan=lifespan)
    bearer = HTTPBearer(auto_error=False)

    def authenticate(presented: str | None) -> Principal | None:
        if presented is None:
            return None
        principal = config.tokens.authenticate(presented)
        if principal is None:
            raise HTTPException(401, "unknown token", {"WWW-Authenticate": "Bearer"})
        return principal

    # Dependencies are coroutines so FastAPI runs them inline; plain functions would each take
    # a round trip through its thread pool on every request.
    async def optional_caller(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal | None:
        """The caller by its Authorization header. A token in the address ends up in logs
        and browser histories, so it is refused here rather than ignored."""
        if "token" in request.query_params:
            raise HTTPException(
                401,
                "send the token in an 'Authorization: Bearer' header; only display pages "
                "take it in the address (?token=)",
                {"WWW-Authenticate": "Bearer"},
            )
        return authenticate(credentials.credentials if credentials is not None else None)

    async def optional_viewer(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
        token: Annotated[
            str | None,
            Query(description="For display pages and calendar apps, which cannot send headers."),
        ] = None,
    ) -> Principal | None:
        """The caller of a read-only page, which may bring its token in the address."""
        return authenticate(credentials.credentials if credentials is not None else token)

    async def caller(
        principal: Annotated[Principal | None, Depends(optional_caller)],
    ) -> Principal:
        if principal is None:
            raise HTTPException(401, "missing bearer token", {"WWW-Authenticate": "Bearer"})
        return principal

    def require(principal: Principal, tournament_id: Tournament, *roles: Role) -> None:
        if not principal.covers(tournament_id):
            raise HTTPException(403, f"token {principal.name!r} is not for {tournament_id!r}")
        if roles and principal.role not in (*roles, Role.ADMIN):
            wanted = " or ".join(role.value for role in roles)
            raise HTTPException(403, f"this needs the {wanted} role, not {principal.role.value}")

    def readable(principal: Principal | None, tournament_id: str) -> None:
        if not config.tokens.may_read(principal, tournament_id):
            if principal is None:
                raise HTTPException(401, f"{tournament_id!r} is not public: send a token")
            raise HTTPException(403, f"token {principal.name!r} is not for {tournament_id!r}")

    def throttle(principal: Principal, cost: int) -> None:
        wait = limiter.take(principal.key, cost)
        if wait:
            raise HTTPException(
                429,
                f"too many events from {principal.name!r}; slow down",
                {"Retry-After": str(max(1, round(wait)))},
            )

    def admit(principal: Principal, raw: bytes, which: str) -> Incoming:
        """Check one event's size, parse it (bounded), validate it and check the caller may
        post it, or raise Refused: the same checks for an event posted alone (`which`: "the
        event") and for each event of a batch ("event 3 of this batch"), so no limit is
        missing on either path. The event is stamped with the caller's role as its
        producer (ids are unique per producer) and journaled with `raw`, its exact bytes."""
        if len(raw) > MAX_EVENT_BYTES:
            detail = f"{which} is {len(raw):,} bytes; one event may be at most {MAX_EVENT_BYTES:,}"
            raise Refused(413, _problem("too_large", "body", detail))
        try:
            event = codec.decode(codec.INBOUND_EVENT, raw)
        except codec.DecodeError as exc:
            errors = [{"field": where, "problem": what} for where, what in exc.problems]
            raise Refused(422, Answer(status="invalid", errors=errors)) from exc
        if event.producer is not None:
            detail = "set by the gateway from the token's role; leave it out"
            raise Refused(422, _problem("invalid", "producer", detail))
        if not principal.covers(event.tournament_id):
            detail = f"token {principal.name!r} is not for {event.tournament_id!r}"
            raise Refused(403, _problem("forbidden", "tournament_id", detail))
        if not principal.may_post(event.type):
            detail = f"a {principal.role.value} token may not post {event.type}"
            raise Refused(403, _problem("forbidden", "type", detail))
        if isinstance(event, GameEvent) and principal.fields is not None:
            game = schedule.get(event.tournament_id, event.game_id)
            field_id = game.game.field_id if isinstance(game, GameScheduled) else None
            if not principal.covers_field(field_id):
                detail = f"game {event.game_id!r} is not on a field of token {principal.name!r}"
                raise Refused(403, _problem("forbidden", "game_id", detail))
        event = event.model_copy(update={"producer": principal.role.value})
        topic, key = route(event)
        body = codec.encode(event)
        return Incoming(
            principal.role.value, str(event.event_id), event.tournament_id, topic, key, body, raw
        )

    async def accept(rows: list[Incoming], timing: dict[str, float] | None = None) -> list[Answer]:
        """Journal, publish the new ones, and answer each; `timing` gets each step's ms."""
        started = time.perf_counter()
        stored = await journal_writes.submit(rows)
        journaled = time.perf_counter()
        fresh = {
            s.seq: row.entry(s.seq)
            for row, s in zip(rows, stored, strict=True)
            if s.recorded is Recorded.NEW
        }
        catchup.journaled(fresh.values())
        fates = dict(zip(fresh, await publisher.publish(list(fresh.values())), strict=True))
        if timing is not None:
            timing["journal"] = (journaled - started) * 1000
            timing["publish"] = (time.perf_counter() - journaled) * 1000
        answers = []
        for row, result in zip(rows, stored, strict=True):
            answer = _answer(result, fates.get(result.seq))
            answer.event_id = row.event_id
            answers.append(answer)
        return answers

    def respond(answer: Answer, status: int) -> JSONResponse:
        return JSONResponse(answer.model_dump(exclude_none=True), status)

    event_schema = codec.INBOUND_EVENT.json_schema()

    @app.post(
        "/v1/events",
        status_code=202,
        response_model=Answer,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": event_schema}},
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
    async def post_event(
        request: Request, principal: Annotated[Principal, Depends(caller)]
    ) -> JSONResponse:
        """Accept one event: journaled, then published with acks=all, before the answer."""
        throttle(principal, 1)
        started = time.perf_counter()
        try:
            row = admit(principal, await read_body(request, MAX_EVENT_BYTES), "the event")
        except Refused as refused:
            return respond(refused.answer, refused.status)
        timing: dict[str, float] = {}
        [answer] = await accept([row], timing)
        status = {"accepted": 202, "duplicate": 200, "conflict": 409, "failed": 422}[answer.status]
        response = respond(answer, status)
        timing["accept"] = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = ", ".join(
            f"{step};dur={ms:.1f}" for step, ms in timing.items()
        )
        return response

    @app.post(
        "/v1/events:batch",
        response_model=list[Answer],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"type": "array", "items": event_schema}}
                },
            }
        },
        responses={413: {}, 422: {"model": Answer}, 429: {}},
    )
    async def post_batch(
        request: Request, principal: Annotated[Principal, Depends(caller)]
    ) -> JSONResponse:
        """A backlog of events, each accepted or refused on its own (never the whole batch)."""
        throttle(principal, 1)  # before the body is read; the rest once it is counted
        try:
            items = list(
                islice(
                    codec.array_items(await read_body(request, config.batch_bytes)),
                    config.batch_limit + 1,
                )
            )
        except codec.DecodeError as exc:
            errors = [{"field": where, "problem": what} for where, what in exc.problems]
            return respond(Answer(status="invalid", errors=errors), 422)
        if len(items) > config.batch_limit:
            raise HTTPException(413, f"at most {config.batch_limit} events per batch")
        if len(items) > 1:
            throttle(principal, len(items) - 1)
        answers: list[Answer | None] = []
        rows = []
        for place, item in enumerate(items):
            try:
                rows.append(admit(principal, item, f"event {place} of this batch"))
                answers.append(None)
            except Refused as refused:
                answers.append(refused.answer)
        accepted = iter(await accept(rows))
        return JSONResponse(
            [(a or next(accepted)).model_dump(exclude_none=True) for a in answers], 200
        )

    @app.get("/v1/tournaments/{tournament_id}/standings")
    async def get_standings(
        tournament_id: Tournament, principal: Annotated[Principal | None, Depends(optional_caller)]
    ) -> dict[str, object]:
        """Every division's current snapshot (public tournaments: anyone)."""
        readable(principal, tournament_id)
        await _caught_up(caught_up)
        divisions = [json.loads(raw) for raw in standings.current_raw(tournament_id)]
        return {"tournament_id": tournament_id, "divisions": divisions}

    @app.get("/v1/tournaments/{tournament_id}/standings/stream")
    async def stream_standings(
        tournament_id: Tournament,
        request: Request,
        principal: Annotated[Principal | None, Depends(optional_viewer)],
    ) -> EventSourceResponse:
        """SSE: each division's current snapshot on connect, then every new version."""
        readable(principal, tournament_id)
        await _caught_up(caught_up)
        return EventSourceResponse(_sse(standings, tournament_id, "standings", request))

    @app.get("/v1/tournaments/{tournament_id}/schedule")
    async def get_schedule(
        tournament_id: Tournament, principal: Annotated[Principal | None, Depends(optional_caller)]
    ) -> dict[str, object]:
        """Every game as scheduled now, in start order (public tournaments: anyone)."""
        readable(principal, tournament_id)
        await _caught_up(caught_up)
        games = [e.game for e in schedule.current(tournament_id) if isinstance(e, GameScheduled)]
        games.sort(key=lambda g: (g.start, g.field_id, g.game_id))
        return {"tournament_id": tournament_id, "games": [g.model_dump(mode="json") for g in games]}

    @app.get(
        "/v1/tournaments/{tournament_id}/teams/{team_id}/schedule.ics",
        response_class=Response,
        responses={200: {"content": {"text/calendar": {}}}},
    )
    async def team_ics(
        tournament_id: Tournament,
        team_id: Annotated[str, PathParam(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")],
        principal: Annotated[Principal | None, Depends(optional_viewer)],
    ) -> Response:
        """One team's games as an iCalendar feed, for phones' calendar apps."""
        readable(principal, tournament_id)
        await _caught_up(caught_up)
        entries = schedule.current(tournament_id)
        names = {
            team.team_id: team.name
            for entry in entries
            if isinstance(entry, DivisionDefined)
            for team in entry.teams
        }
        if team_id not in names:
            raise HTTPException(404, f"no team {team_id!r} in {tournament_id!r}")
        games = [e.game for e in entries if isinstance(e, GameScheduled)]
        stamp = max((e.occurred_at for e in entries), default=datetime.now(UTC))
        body = team_calendar(tournament_id, team_id, names[team_id], games, names, stamp)
        return Response(body, media_type="text/calendar")

    @app.get("/v1/tournaments/{tournament_id}/notices")
    async def get_notices(
        tournament_id: Tournament, principal: Annotated[Principal, Depends(caller)]
    ) -> dict[str, object]:
        """Every discipline notice so far (committee only)."""
        require(principal, tournament_id, Role.COMMITTEE)
        await _caught_up(caught_up)
        found = [json.loads(raw) for raw in notices.current_raw(tournament_id)]
        found.sort(key=lambda notice: (notice["occurred_at"], notice["event_id"]))
        return {"tournament_id": tournament_id, "notices": found}

    @app.get("/v1/tournaments/{tournament_id}/notices/stream")
    async def stream_notices(
        tournament_id: Tournament,
        request: Request,
        principal: Annotated[Principal, Depends(caller)],
    ) -> EventSourceResponse:
        """SSE of discipline notices: every notice so far, then each new one (committee)."""
        require(principal, tournament_id, Role.COMMITTEE)
        await _caught_up(caught_up)
        return EventSourceResponse(_sse(notices, tournament_id, "notice", request))

    @app.get("/display/{tournament_id}", response_class=HTMLResponse)
    async def display(
        tournament_id: Tournament,
        principal: Annotated[Principal | None, Depends(optional_viewer)],
        token: Annotated[str | None, Query()] = None,
    ) -> HTMLResponse:
        """The big-screen page: live tables and bracket, no reload needed. Its tournament
        and token reach the script as HTML-escaped attributes, never as code."""
        readable(principal, tournament_id)
        page = DISPLAY_PAGE.read_text().replace("{{tournament}}", html.escape(tournament_id))
        return HTMLResponse(
            page.replace("{{token}}", html.escape(token or "")), 200, DISPLAY_HEADERS
        )

    @app.get("/display/assets/{name}", include_in_schema=False)
    async def display_asset(name: str) -> Response:
        """The display page's script and style."""
        if name not in DISPLAY_ASSETS:
            raise HTTPException(404, f"no display asset {name!r}")
        body = DISPLAY_PAGE.with_name(name).read_bytes()
        return Response(body, media_type=DISPLAY_ASSETS[name], headers=DISPLAY_HEADERS)

    @app.get("/healthz")
    async def health() -> dict[str, bool | int]:
        """Up; caught up: the feeds have read the broker and every division's table folds
        all the journal holds for it (`behind`: how many do not yet, as after a restart);
        and how many events are quarantined (the admin lists them at /v1/admin/quarantine)."""
        quarantined = await asyncio.to_thread(journal.count_quarantined)
        return {
            "ok": True,
            "caught_up": caught_up.is_set() and catchup.caught_up,
            "behind": catchup.behind,
            "quarantined": quarantined,
        }

    @app.get("/v1/admin/quarantine")
    async def quarantine(principal: Annotated[Principal, Depends(caller)]) -> dict[str, object]:
        """Accepted events the broker refused for good: kept in the journal, never published,
        with the broker's reason (admin only; the tournaments of the token)."""
        if principal.role is not Role.ADMIN:
            raise HTTPException(403, f"this needs the admin role, not {principal.role.value}")
        entries = await asyncio.to_thread(journal.quarantined)
        listed = [
            {
                "seq": entry.seq,
                "event_id": entry.event_id,
                "producer": entry.producer,
                "tournament_id": entry.tournament_id,
                "topic": entry.topic,
                "bytes": len(entry.raw),
                "reason": entry.quarantined,
            }
            for entry in entries
            if principal.covers(entry.tournament_id)
        ]
        return {"quarantined": listed}

    app.include_router(field_router(caller, schedule, notices, field_views, caught_up))
    return app


def _answer(stored: Stored, delivery: Delivery | None) -> Answer:
    """The answer for one journaled event: `delivery` is the fate of a new one."""
    reason = delivery.reason if delivery is not None else stored.quarantined
    if stored.recorded is Recorded.CONFLICT:
        detail = "this event id was already used for a different event"
        return _problem("conflict", "event_id", detail)
    if reason:
        detail = f"the broker refused it for good ({reason}); kept in the journal, quarantined"
        return _problem("failed", "body", detail)
    if delivery is None:
        return Answer(status=stored.recorded.value)
    return Answer(status=stored.recorded.value, published=delivery.fate is Fate.PUBLISHED)


def _schedule_identity(event: Any) -> str:
    if isinstance(event, GameScheduled):
        return event.game.game_id
    return getattr(event, "game_id", None) or f"division:{event.division_id}"


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


async def _caught_up(event: asyncio.Event, timeout: float = 5.0) -> None:
    """Wait (briefly) until the feeds have read their topics, so a first read is complete."""
    try:
        await asyncio.wait_for(event.wait(), timeout)
    except TimeoutError as exc:
        raise HTTPException(503, "the gateway is still reading the broker; try again") from exc


async def _sse(
    feed: Feed, tournament_id: Tournament, name: str, request: Request
) -> AsyncIterator[dict[str, str]]:
    async with feed.subscribe(tournament_id) as queue:
        while not await request.is_disconnected():
            try:
                raw = await asyncio.wait_for(queue.get(), 15.0)
            except TimeoutError:
                continue
            yield {"event": name, "data": raw.decode()}
