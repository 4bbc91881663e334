"""The gateway's routers, one module per resource; `create_app` includes each of `ROUTERS`.

A new resource is a module here with its own `router = APIRouter()`, added to `ROUTERS`.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.gateway.routes import (
    admin,
    display,
    events,
    health,
    notices,
    referees,
    registration,
    schedule,
    standings,
)

ROUTERS: tuple[APIRouter, ...] = (
    events.router,
    standings.router,
    schedule.router,
    notices.router,
    registration.router,
    display.router,
    health.router,
    admin.router,
    referees.router,
)
