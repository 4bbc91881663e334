"""Server-Sent Events from a feed: what it holds for a tournament on connect, then every
change, until the client goes away or its token is revoked."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from sse_starlette.sse import EventSourceResponse
from starlette.requests import Request

from services.gateway.feeds import Feed
from services.gateway.revocation import still_admitted

#: How often a quiet stream checks that its client is still there.
IDLE_CHECK = 15.0


def event_stream(
    feed: Feed, tournament_id: str, name: str, request: Request
) -> EventSourceResponse:
    """An SSE response of `feed`'s documents for the tournament, each as a `name` event."""
    return EventSourceResponse(_events(feed, tournament_id, name, request))


async def _events(
    feed: Feed, tournament_id: str, name: str, request: Request
) -> AsyncIterator[dict[str, str]]:
    async with feed.subscribe(tournament_id) as queue:
        while not await request.is_disconnected() and still_admitted(request):
            try:
                raw = await asyncio.wait_for(queue.get(), IDLE_CHECK)
            except TimeoutError:
                continue
            yield {"event": name, "data": raw.decode()}
