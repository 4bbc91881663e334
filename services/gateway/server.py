"""The gateway's HTTP server: uvicorn, with the limits on slow and surplus clients it lacks.

uvicorn (0.54) times out only idle keep-alive connections. A client that connects and sends
nothing, or sends its headers or its body a byte at a time, holds its connection for ever;
and `limit_concurrency` answers 503 only once a request's headers are complete, so those
clients are never refused and can take every file descriptor. `GuardedProtocol` is uvicorn's
httptools protocol (which `uvicorn.run(http=...)` accepts) with a deadline for the headers,
one for the body, and caps on open connections, refused as they open: one for the gateway
and one per client address, so that one client cannot take them all.
"""

from __future__ import annotations

import asyncio
from asyncio import TimerHandle
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


@dataclass(frozen=True)
class EdgeLimits:
    """How long a client may take to send a request, and how many may be connected."""

    header_timeout: float = 10.0  # from opening (or a request's first byte) to its last header
    body_timeout: float = 30.0  # from the last header to the end of the body
    max_connections: int = 1000  # open at once, display streams included
    #: Open at once from one address. A venue's phones and screens often share one public
    #: address (its Wi-Fi's NAT), so this is a share of the whole, not a handful; behind a
    #: reverse proxy every client has the proxy's address: set it to `max_connections`.
    max_connections_per_client: int = 250


def plain_answer(status: int, reason: str, text: str) -> bytes:
    """A whole HTTP answer that closes the connection, for when no application answers."""
    body = text.encode()
    return (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    ).encode() + body


TOO_SLOW = plain_answer(408, "Request Timeout", "the request did not arrive in time")
LINGER_SECONDS = 1.0  # reading and dropping a refused client's bytes before closing
FULL = plain_answer(503, "Service Unavailable", "too many connections; try again shortly")
CLIENT_FULL = plain_answer(
    503, "Service Unavailable", "too many connections from your address; close some first"
)


class GuardedProtocol(HttpToolsProtocol):
    """One connection, closed when its client is too slow; refused when the gateway is full.

    A connection must start a request within `header_timeout` and finish its headers within
    `header_timeout` of starting it; the body must follow within `body_timeout`. A deadline
    missed mid-request is answered 408 (unless an answer has begun) and the connection
    closed; an idle connection is closed silently, as uvicorn's keep-alive timeout does.
    """

    limits: ClassVar[EdgeLimits] = EdgeLimits()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: TimerHandle | None = None
        self._refused = False
        self._lingering = False
        self.address: str | None = None  # the client's, once connected

    def _arm(self, seconds: float, on_expiry: Callable[[], None]) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, on_expiry)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _close_idle(self) -> None:
        self._deadline = None
        self.transport.close()

    def _refuse_slow(self) -> None:
        self._deadline = None
        if self.flow.read_paused:  # we stopped reading (pipelining, a full buffer), not them
            self._arm(self.limits.body_timeout, self._refuse_slow)
            return
        cycle = self.cycle
        if cycle is None or not cycle.response_started or cycle.response_complete:
            self.transport.write(TOO_SLOW)
        self._linger()

    def _linger(self) -> None:
        """Send what is written, then close after a moment of dropping what still arrives.

        Closing a socket with unread bytes from a client that is still sending makes the
        kernel reset the connection, and a reset can destroy the 408 before it is read
        (seen under load). Half-closing first and draining briefly delivers it.
        """
        self._lingering = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def data_received(self, data: bytes) -> None:
        if not self._lingering:
            super().data_received(data)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        peer = transport.get_extra_info("peername")
        self.address = peer[0] if peer else None
        if len(self.connections) >= self.limits.max_connections:
            self._refuse(transport, FULL)
            return
        if self._from_here() >= self.limits.max_connections_per_client:
            self._refuse(transport, CLIENT_FULL)
            return
        super().connection_made(transport)
        self._arm(self.limits.header_timeout, self._close_idle)

    def _from_here(self) -> int:
        """How many open connections come from this client's address (a count over at most
        `max_connections`, when one opens: nothing to keep in step as they close)."""
        return sum(getattr(other, "address", None) == self.address for other in self.connections)

    def _refuse(self, transport: asyncio.Transport, answer: bytes) -> None:
        self._refused = True
        transport.write(answer)
        transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if not self._refused:
            super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm(self.limits.header_timeout, self._refuse_slow)

    def on_headers_complete(self) -> None:
        self._arm(self.limits.body_timeout, self._refuse_slow)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()


def serve(app: Any, host: str, port: int, limits: EdgeLimits, access_log: bool) -> None:
    """Run `app` under uvicorn with these limits until stopped."""
    protocol = type("GatewayProtocol", (GuardedProtocol,), {"limits": limits})
    uvicorn.run(
        app,
        host=host,
        port=port,
        http=protocol,
        log_level="info",
        access_log=access_log,
        # Streams to screens never end by themselves: a stop closes them after this long
        # instead of waiting for them until the supervisor's kill.
        timeout_graceful_shutdown=2,
    )
