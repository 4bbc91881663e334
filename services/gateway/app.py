"""The gateway's HTTP API (FastAPI): the app factory. It builds one `Gateway` (journal,
publisher, feeds, catch-up, rate limiter), starts and stops it with the app, and includes
a router per resource (`routes/`):

POST /v1/events           one event from a field app, the committee or the director
POST /v1/events:batch     an offline field app's backlog, answered event by event
GET  /v1/tournaments/{t}/standings          current tables and brackets
GET  /v1/tournaments/{t}/standings/stream   Server-Sent Events: current, then every change
GET  /v1/tournaments/{t}/schedule           every game as scheduled now
GET  /v1/tournaments/{t}/teams/{team}/schedule.ics   one team's games (iCalendar)
GET  /v1/tournaments/{t}/notices            discipline notices (committee)
GET  /v1/tournaments/{t}/notices/stream     SSE of notices (committee)
GET  /display/{t}                           the live standings page (?venue=V: its screen)
GET  /t/{t}/...                             spectators' pages (public_pages)
GET  /console/...                           the committee's and director's consoles (console)
GET  /healthz                               up and caught up
GET  /v1/admin/quarantine                   events the broker refused for good (admin)
POST /v1/admin/quarantine/{seq}:release     publish one again, with a reason (admin)
POST /v1/admin/quarantine/{seq}:discard     keep one out for good, with a reason (admin)
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from services.gateway import console
from services.gateway.admission import MAX_EVENT_BYTES
from services.gateway.dependencies import caller, feeds_caught_up
from services.gateway.field_app import field_router
from services.gateway.public_pages import public_site
from services.gateway.routes import ROUTERS
from services.gateway.state import Gateway, GatewayConfig

__all__ = ["MAX_EVENT_BYTES", "GatewayConfig", "create_app"]


def create_app(config: GatewayConfig) -> FastAPI:
    """A gateway wired to its journal, the broker and the output feeds."""
    gateway = Gateway(config)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await gateway.start()
        try:
            yield
        finally:
            await gateway.stop()

    app = FastAPI(title="Touchline gateway", version="1", lifespan=lifespan)
    app.state.gateway = gateway
    for router in ROUTERS:
        app.include_router(router)
    site = public_site(
        gateway.tokens, gateway.schedule, gateway.standings, gateway.board,
        lambda: feeds_caught_up(gateway),
    )  # fmt: skip
    app.state.public_site = site  # /display/{t}?venue= is its screen
    app.include_router(site.router)
    app.include_router(
        field_router(
            caller,
            gateway.schedule,
            gateway.notices,
            gateway.field_views,
            gateway.feeds_read,
            share=config.playing_time_share,
        )
    )
    console.install(app)
    return app
