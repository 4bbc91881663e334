"""Pages for people: Jinja2 templates (`templates/`, rendered by `templating`) and the files
their scripts and styles are (`static/`, and its `console/` folder for the consoles).

Every page and asset is sent with `PAGE_HEADERS`: the page runs only the gateway's own
script and style and reads only from it, so a token or tournament that got into a page could
not run as code or send anything out. Pages therefore hold no inline code; what a script
needs from the page travels in HTML-escaped `data-` attributes.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse, Response

from services.gateway.templating import render

STATIC = Path(__file__).with_name("static")
MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css"}


def _assets(folder: Path) -> dict[str, str]:
    return {p.name: MEDIA_TYPES[p.suffix] for p in folder.iterdir() if p.suffix in MEDIA_TYPES}


#: The files that are served, by folder under `static/` ("" for its top) and name, with
#: their media type.
ASSETS = {folder: _assets(STATIC / folder) for folder in ("", "console", "public")}

PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",  # a page's address may hold a token
    "X-Content-Type-Options": "nosniff",
}
#: The same, for pages whose forms post back to the gateway (the consoles): a form may
#: send only to the gateway itself.
FORM_HEADERS = PAGE_HEADERS | {
    "Content-Security-Policy": PAGE_HEADERS["Content-Security-Policy"].replace(
        "form-action 'none'", "form-action 'self'"
    )
}


def page(
    template: str,
    *,
    status: int = 200,
    headers: Mapping[str, str] = PAGE_HEADERS,
    **context: Any,
) -> HTMLResponse:
    """`template` rendered with `context` (`templating`), sent with the pages' headers (or
    `headers`)."""
    return HTMLResponse(render(template, **context), status, headers)


def asset(name: str, folder: str = "") -> Response | None:
    """A static file by name (in `folder` of `static/`), or None if there is no such asset."""
    served = ASSETS.get(folder, {})
    if name not in served:
        return None
    body = (STATIC / folder / name).read_bytes()
    return Response(body, media_type=served[name], headers=PAGE_HEADERS)
