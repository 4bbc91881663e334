"""Spectators' pages and the venue screen, served by the gateway (Jinja2 templates).

GET /t/{t}                       today's games by time and field, live
GET /t/{t}/divisions/{d}         the groups' tables and the bracket as a tree
GET /t/{t}/teams/{team}          a team's games, its next one, its calendar (and QR)
GET /t/{t}/teams/{team}/calendar.svg   the QR code of the team's calendar address
GET /t/{t}/venues/{v}            what is on each field now and next
GET /display/{t}?venue=V         the venue's big screen (1920x1080)
GET /v1/tournaments/{t}/live         every game's live state and the fields running late
GET /v1/tournaments/{t}/live/stream  SSE: the same, then every change
GET /public/assets/{name}        the pages' one script and style

Public tournaments are open to anyone; others need a token for the tournament, in the
Authorization header or (pages, their stream and calendars: what a browser or a calendar app
opens by address) as ?token=. Pages are whole without their script, which only keeps them
live: it patches live scores and the late-running notice in place and reloads the page's
main part when a table or the schedule changes.
"""

# No `from __future__ import annotations`: FastAPI must see the real dependency objects.
import asyncio
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

import segno
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from schemas.schedule import DivisionDefined, GameSlot
from services.gateway.auth import Principal, TokenStore
from services.gateway.feeds import Feed
from services.gateway.live_board import LiveBoard, frame
from services.gateway.pages import PAGE_HEADERS, asset, page
from services.gateway.path_params import Ident, TournamentId
from services.gateway.public_views import (
    PublicNames,
    bracket_view,
    fill_seats,
    game_row,
    game_view,
    late_view,
    map_link,
)
from services.gateway.revocation import still_admitted
from services.spectators.fields import day_of, field_lines

Tournament = TournamentId
HEARTBEAT_SECONDS = 10.0
HEARTBEAT = frame("heartbeat", {})
#: A plain streaming response, not sse-starlette's: the messages are SSE bytes already, and
#: its per-message cancel scope and encoding were most of the cost of a thousand viewers.
STREAM_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


@dataclass(frozen=True)
class PublicSite:
    """The spectators' routes, and the venue screen that /display/{t}?venue= serves."""

    router: APIRouter
    screen: Callable[[str, str, Request], Awaitable[HTMLResponse]]


def public_site(
    tokens: TokenStore,
    schedule: Feed,
    standings: Feed,
    board: LiveBoard,
    ready: Callable[[], Awaitable[None]],
) -> PublicSite:
    """The spectators' routes over the gateway's feeds; `ready` waits until they are read."""
    router = APIRouter()
    bearer = HTTPBearer(auto_error=False)

    async def viewer(
        tournament_id: Tournament,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
        token: Annotated[str | None, Query(description="For pages opened by address.")] = None,
    ) -> Principal | None:
        """Who may read this tournament: anyone when it is public, else a token for it."""
        presented = credentials.credentials if credentials is not None else token
        principal = tokens.authenticate(presented) if presented is not None else None
        if presented is not None and principal is None:
            raise HTTPException(401, "unknown token", {"WWW-Authenticate": "Bearer"})
        if not tokens.may_read(principal, tournament_id):
            if principal is None:
                raise HTTPException(401, f"{tournament_id!r} is not public: send a token")
            raise HTTPException(403, f"token {principal.name!r} is not for {tournament_id!r}")
        await ready()
        return principal

    Viewer = Annotated[Principal | None, Depends(viewer)]

    def names(tournament_id: str) -> PublicNames:
        entries = schedule.current(tournament_id)
        return PublicNames(e for e in entries if isinstance(e, DivisionDefined))

    def names_with_team(tournament_id: str, team_id: str) -> PublicNames:
        """The tournament's names, or 404 when it has no team `team_id`."""
        known = names(tournament_id)
        if team_id not in known.teams:
            raise HTTPException(404, f"no team {team_id!r} in {tournament_id!r}")
        return known

    def at_venue(tournament_id: str, venue_id: str, games: list[GameSlot]) -> list[GameSlot]:
        """The venue's games of `games`, or 404 when it has none."""
        found = [g for g in games if g.venue_id == venue_id]
        if not found:
            raise HTTPException(404, f"no games at venue {venue_id!r} in {tournament_id!r}")
        return found

    def games_of(tournament_id: str) -> list[GameSlot]:
        """The tournament's games, playoff seats filled as the standings know them."""
        return fill_seats(board.games(tournament_id), snapshots(tournament_id).values())

    def rows(tournament_id: str, games: list[GameSlot], known: PublicNames) -> list[dict[str, Any]]:
        return [game_row(g, board.state(tournament_id, g), known) for g in games]

    def snapshots(tournament_id: str) -> dict[str, dict[str, Any]]:
        return {s["division_id"]: s for s in standings.current_json(tournament_id)}

    def render(template: str, request: Request, tournament_id: str, **context: Any) -> HTMLResponse:
        token = request.query_params.get("token", "")
        games = board.games(tournament_id)
        known = context.setdefault("names", names(tournament_id))
        return page(
            f"public/{template}",
            tournament=tournament_id,
            token=token,
            query=f"?{urlencode({'token': token})}" if token else "",
            late=late_view(board.delays(tournament_id), games),
            divisions=sorted(known.divisions.values(), key=lambda d: d.name),
            venues=sorted({(g.venue_id, g.venue_name or g.venue_id) for g in games}),
            **context,
        )

    @router.get("/t/{tournament_id}", response_class=HTMLResponse)
    async def home(
        tournament_id: Tournament, request: Request, _: Viewer, day: str | None = None
    ) -> HTMLResponse:
        """Today's games (or `day`'s, YYYY-MM-DD) by kick-off time and field, live."""
        games = games_of(tournament_id)
        days = sorted({g.start.date().isoformat() for g in games})
        shown = (
            [g for g in games if g.start.date().isoformat() == day]
            if day in days
            else day_of(games, board.now(tournament_id))
        )
        shown.sort(key=lambda g: (g.start, g.field_name or g.field_id, g.game_id))
        known = names(tournament_id)
        return render(
            "home.html",
            request,
            tournament_id,
            names=known,
            games=rows(tournament_id, shown, known),
            days=days,
        )

    @router.get("/t/{tournament_id}/divisions/{division_id}", response_class=HTMLResponse)
    async def division(
        tournament_id: Tournament, division_id: Ident, request: Request, _: Viewer
    ) -> HTMLResponse:
        """The division's tables (with what decided each place) and its bracket as a tree."""
        known = names(tournament_id)
        if division_id not in known.divisions:
            raise HTTPException(404, f"no division {division_id!r} in {tournament_id!r}")
        snapshot = snapshots(tournament_id).get(division_id, {})
        slots = {g.game_id: g for g in games_of(tournament_id) if g.division_id == division_id}
        return render(
            "division.html",
            request,
            tournament_id,
            names=known,
            division=known.divisions[division_id],
            snapshot=snapshot,
            bracket=bracket_view(snapshot, slots, known),
            games=rows(tournament_id, sorted(slots.values(), key=lambda g: g.start), known),
        )

    @router.get("/t/{tournament_id}/teams/{team_id}", response_class=HTMLResponse)
    async def team(
        tournament_id: Tournament, team_id: Ident, request: Request, _: Viewer
    ) -> HTMLResponse:
        """The team's games with results, its next game and where, and its calendar."""
        known = names_with_team(tournament_id, team_id)
        games = sorted(
            (g for g in games_of(tournament_id) if team_id in (g.home_team_id, g.away_team_id)),
            key=lambda g: g.start,
        )
        coming = [g for g in games if not board.state(tournament_id, g).over]
        calendar = calendar_address(request, tournament_id, team_id)
        return render(
            "team.html",
            request,
            tournament_id,
            names=known,
            team_id=team_id,
            team_name=known.teams[team_id],
            division_id=known.team_division[team_id],
            games=rows(tournament_id, games, known),
            next_game=game_row(coming[0], board.state(tournament_id, coming[0]), known)
            if coming
            else None,
            map_link=map_link(coming[0]) if coming else None,
            calendar=calendar,
            webcal=calendar.replace("http://", "webcal://", 1).replace("https://", "webcal://", 1),
        )

    @router.get("/t/{tournament_id}/teams/{team_id}/calendar.svg", include_in_schema=False)
    async def calendar_qr(
        tournament_id: Tournament, team_id: Ident, request: Request, _: Viewer
    ) -> Response:
        """A QR code of the team's calendar address, for a parent's phone camera."""
        names_with_team(tournament_id, team_id)
        svg = io.BytesIO()
        segno.make(calendar_address(request, tournament_id, team_id), error="m").save(
            svg, kind="svg", scale=5, border=2, xmldecl=False, title="Team calendar"
        )
        return Response(svg.getvalue(), media_type="image/svg+xml", headers=PAGE_HEADERS)

    @router.get("/t/{tournament_id}/venues/{venue_id}", response_class=HTMLResponse)
    async def venue(
        tournament_id: Tournament, venue_id: Ident, request: Request, _: Viewer
    ) -> HTMLResponse:
        """What is on each field of the venue now, and next."""
        here = at_venue(tournament_id, venue_id, games_of(tournament_id))
        return render(
            "venue.html",
            request,
            tournament_id,
            venue_id=venue_id,
            venue_name=here[0].venue_name or venue_id,
            lines=field_view(tournament_id, here, names(tournament_id)),
        )

    def field_view(
        tournament_id: str, games: list[GameSlot], known: PublicNames
    ) -> list[dict[str, Any]]:
        states = {g.game_id: board.state(tournament_id, g) for g in games}
        late = {d["field_id"]: d for d in late_view(board.delays(tournament_id), games)}
        return [
            {
                "field_id": line.field_id,
                "name": line.field_name,
                "late": late.get(line.field_id),
                "playing": line.playing
                and game_row(line.playing, states[line.playing.game_id], known),
                "next_up": line.next_up
                and game_row(line.next_up, states[line.next_up.game_id], known),
            }
            for line in field_lines(games, states, board.delays(tournament_id))
        ]

    async def screen(tournament_id: str, venue_id: str, request: Request) -> HTMLResponse:
        """The venue's big screen: now playing and next up beside rotating tables and
        brackets of the divisions playing there."""
        games = games_of(tournament_id)
        here = at_venue(tournament_id, venue_id, games)
        known = names(tournament_id)
        tables = snapshots(tournament_id)
        shown = sorted({g.division_id for g in here})
        panels = [
            {
                "division": known.divisions.get(d),
                "name": known.division(d),
                "snapshot": tables.get(d, {}),
                "bracket": bracket_view(
                    tables.get(d, {}), {g.game_id: g for g in games if g.division_id == d}, known
                ),
            }
            for d in shown
        ]
        return render(
            "screen.html",
            request,
            tournament_id,
            names=known,
            venue_id=venue_id,
            venue_name=here[0].venue_name or venue_id,
            lines=field_view(tournament_id, here, known),
            panels=panels,
        )

    @router.get("/v1/tournaments/{tournament_id}/live")
    async def live(tournament_id: Tournament, _: Viewer) -> dict[str, Any]:
        """Every game's live state and the fields running late, now."""
        games = board.games(tournament_id)
        return {
            "tournament_id": tournament_id,
            "games": [game_view(g, board.state(tournament_id, g)) for g in games],
            "fields": late_view(board.delays(tournament_id), games),
        }

    @router.get("/v1/tournaments/{tournament_id}/live/stream")
    async def live_stream(
        tournament_id: Tournament, request: Request, _: Viewer
    ) -> StreamingResponse:
        """SSE: `hello` (every game and late field), then `game`, `fields` and `changed`
        (a table or the schedule: reload) as they happen, and a `heartbeat` every 10 s, so a
        screen knows how fresh it is."""
        return StreamingResponse(
            live_messages(board, tournament_id, request),
            media_type="text/event-stream",
            headers=STREAM_HEADERS,
        )

    @router.get("/public/assets/{name}", include_in_schema=False)
    async def public_asset(name: str) -> Response:
        found = asset(name, "public")
        if found is None:
            raise HTTPException(404, f"no asset {name!r}")
        return found

    return PublicSite(router, screen)


def calendar_address(request: Request, tournament_id: str, team_id: str) -> str:
    """The team's iCalendar address, with the page's token when it came with one."""
    base = str(request.base_url).rstrip("/")
    address = f"{base}/v1/tournaments/{tournament_id}/teams/{team_id}/schedule.ics"
    token = request.query_params.get("token")
    return f"{address}?{urlencode({'token': token})}" if token else address


async def live_messages(
    board: LiveBoard, tournament_id: str, request: Request
) -> AsyncIterator[bytes]:
    """A viewer's messages, as encoded once for all viewers; whatever queued up meanwhile
    goes out in one write. Starlette ends the stream when the viewer leaves; it ends here
    once the viewer's token is revoked (asked at least every heartbeat)."""
    async with board.watch(tournament_id) as queue:
        while still_admitted(request):
            try:
                async with asyncio.timeout(HEARTBEAT_SECONDS):
                    chunk = await queue.get()
            except TimeoutError:
                chunk = HEARTBEAT
            while not queue.empty():
                chunk += queue.get_nowait()
            yield chunk
