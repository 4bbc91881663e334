"""The one Jinja2 environment of every page the gateway serves and of the printed field
sheet: one loader over `templates/` (its `console/`, `field/` and `public/` folders),
autoescaped, so what a page shows of a request or an event can never become markup, and
strict, so a name a template uses but its renderer did not give fails instead of showing
as nothing. No web framework here: the sheet is also printed by the command line.
"""

from __future__ import annotations

from typing import Any

import jinja2

ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("services.gateway"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def render(template: str, **context: Any) -> str:
    """`template` (a path under `templates/`) rendered with `context`."""
    return ENVIRONMENT.get_template(template).render(context)
