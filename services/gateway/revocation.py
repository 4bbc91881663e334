"""Whether a long-lived stream's caller still holds the token it connected with.

Tokens are looked up on every request, so a revoked one is refused from its next request
on; a stream is one request that lasts for hours. Each stream asks this between messages
(its heartbeats make sure it asks at least every few seconds) and ends once the token it
came with is gone, so a revoked display or committee token stops receiving at once. A
caller that came without a token (a public tournament) is never cut off here.
"""

from __future__ import annotations

from collections.abc import Iterator

from starlette.requests import Request

from services.gateway.auth import CONSOLE_COOKIE


def still_admitted(request: Request) -> bool:
    """False once a token the request presented is no longer in the gateway's store."""
    tokens = request.app.state.gateway.tokens
    return all(tokens.authenticate(token) is not None for token in _presented(request))


def _presented(request: Request) -> Iterator[str]:
    """The tokens a request came with: its bearer header, `?token=`, the console's cookie."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        yield credentials.strip()
    if request.query_params.get("token"):
        yield request.query_params["token"]
    if request.cookies.get(CONSOLE_COOKIE):
        yield request.cookies[CONSOLE_COOKIE]
