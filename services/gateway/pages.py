"""Pages for people: Jinja2 templates (`templates/`, autoescaped, so what a page shows of a
request can never become markup) and the files their scripts and styles are (`static/`).

Every page and asset is sent with `PAGE_HEADERS`: the page runs only the gateway's own
script and style and reads only from it, so a token or tournament that got into a page could
not run as code or send anything out. Pages therefore hold no inline code; what a script
needs from the page travels in HTML-escaped `data-` attributes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.requests import Request

STATIC = Path(__file__).with_name("static")
MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css"}
#: The files under `static/` that are served, by name, with their media type.
ASSETS = {
    path.name: MEDIA_TYPES[path.suffix] for path in STATIC.iterdir() if path.suffix in MEDIA_TYPES
}

PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",  # a page's address may hold a token
    "X-Content-Type-Options": "nosniff",
}

TEMPLATES = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.PackageLoader("services.gateway"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
)


def page(request: Request, template: str, **context: Any) -> HTMLResponse:
    """`template` rendered with `context`, sent with the pages' headers."""
    return TEMPLATES.TemplateResponse(request, template, context, headers=PAGE_HEADERS)


def asset(name: str) -> Response | None:
    """A static file by name, or None if there is no such asset."""
    if name not in ASSETS:
        return None
    body = (STATIC / name).read_bytes()
    return Response(body, media_type=ASSETS[name], headers=PAGE_HEADERS)
