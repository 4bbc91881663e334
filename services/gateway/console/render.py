"""A console page: the template, the caller's desks and session form token, the headers.

Every console template extends `console/base.html`, which needs `caller` (the signed-in
principal, or None), `csrf` (its form token) and `desks` (the caller's consoles).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.responses import HTMLResponse
from starlette.requests import Request

from services.gateway.auth import Principal, Role
from services.gateway.console.session import COOKIE, csrf_token
from services.gateway.pages import FORM_HEADERS, page


@dataclass(frozen=True)
class Desk:
    """One console of a tournament: its name, its address (`{t}`: the tournament) and the
    roles that may open it (an admin opens every one)."""

    label: str
    address: str
    roles: frozenset[Role]

    def link(self, tournament_id: str) -> dict[str, str]:
        return {
            "tournament": tournament_id,
            "label": self.label,
            "href": self.address.format(t=tournament_id),
        }


#: The consoles, in the order the navigation lists them.
DESKS: tuple[Desk, ...] = (
    Desk("Discipline", "/console/{t}/discipline", frozenset({Role.COMMITTEE})),
    Desk("Director", "/console/{t}", frozenset()),
)


def has_a_desk(principal: Principal) -> bool:
    """Whether any console is for the principal's role (an admin's: every one)."""
    return principal.role is Role.ADMIN or any(principal.role in d.roles for d in DESKS)


def desks_of(principal: Principal | None) -> list[dict[str, str]]:
    """The consoles the principal may open, for each tournament its token names (a token
    for every tournament names none: its holder types the address)."""
    if principal is None:
        return []
    return [
        desk.link(tournament)
        for tournament in sorted(principal.tournaments - {"*"})
        for desk in DESKS
        if principal.role is Role.ADMIN or principal.role in desk.roles
    ]


def console_page(
    request: Request,
    template: str,
    principal: Principal | None,
    *,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """`console/{template}` for `principal`, with the consoles' headers."""
    session = request.cookies.get(COOKIE)
    return page(
        f"console/{template}",
        status=status,
        headers=FORM_HEADERS,
        caller=principal,
        csrf=csrf_token(session) if principal is not None and session else "",
        desks=desks_of(principal),
        **context,
    )
