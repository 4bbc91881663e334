"""Tokens on the director's console: create and revoke field, committee and display tokens,
and print the fields' QR sheet (admin). Every change is written to the token file and in
force from the next request on (`token_admin`); a new token is shown once.

GET  /console/{t}/tokens                 the tournament's tokens, the forms
POST /console/{t}/tokens                 a new token, shown once on the answer
POST /console/{t}/tokens/{name}/revoke   refused from the next request on -> the list (303)
POST /console/{t}/field-sheet            a new field token per chosen field, as the sheet
"""

# No `from __future__ import annotations`: FastAPI must see the real dependency objects.
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from services.gateway import field_sheet
from services.gateway.auth import Principal
from services.gateway.console.director import Director, director_page, gateway_of
from services.gateway.console.session import ConsoleForm
from services.gateway.path_params import Ident, TournamentId
from services.gateway.public_views import field_name
from services.gateway.token_admin import (
    CONSOLE_ROLES,
    Created,
    TokenChangeRefused,
    why_not_revocable,
)

router = APIRouter(include_in_schema=False)
#: The printed sheet keeps its own inline print style; nothing else may load or run.
SHEET_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def _fields(request: Request, tournament_id: str) -> dict[str, dict[str, str]]:
    """The fields the schedule puts games on, by id: what a field token can be for."""
    games = gateway_of(request).board.games(tournament_id)
    ordered = sorted(games, key=lambda g: (g.venue_name or g.venue_id, field_name(g)))
    return {
        g.field_id: {"id": g.field_id, "name": field_name(g), "venue": g.venue_name or g.venue_id}
        for g in ordered
    }


def _tokens_page(
    request: Request, principal: Principal, tournament_id: str, status: int = 200, **context: Any
) -> HTMLResponse:
    admin = gateway_of(request).token_admin
    listed = [
        {
            "name": p.name,
            "role": p.role.value,
            "scope": "every tournament"
            if "*" in p.tournaments
            else ", ".join(sorted(p.tournaments)),
            "fields": ", ".join(sorted(p.fields)) if p.fields else "all",
            "revocable": not why_not_revocable(p, principal),
            "yours": p.key == principal.key,
        }
        for p in admin.tokens_for(tournament_id)
    ]
    answer = director_page(
        request,
        "tokens.html",
        principal,
        tournament_id,
        tokens=listed,
        roles=[role.value for role in CONSOLE_ROLES],
        fields=list(_fields(request, tournament_id).values()),
        managed=admin.file is not None,
        **{"problem": None, "created": None, "revoked": ""} | context,
    )
    answer.status_code = status
    return answer


@router.get("/console/{tournament_id}/tokens", response_class=HTMLResponse)
async def tokens(
    tournament_id: TournamentId, request: Request, principal: Director, revoked: str = ""
) -> HTMLResponse:
    return _tokens_page(request, principal, tournament_id, revoked=revoked[:64])


def _shown(request: Request, tournament_id: str, created: Created) -> dict[str, Any]:
    """What the page shows of a new token, once: the token and, for a field token, the
    app's address per field with its QR code."""
    apps = []
    for field_id in created.fields:
        url = field_sheet.app_url(str(request.base_url), tournament_id, field_id, created.token)
        apps.append({"field": field_id, "url": url, "qr": field_sheet.qr_svg(url, field_id)})
    code = field_sheet.grouped(created.token) if created.fields else created.token
    return {"name": created.name, "role": created.role.value, "token": code, "apps": apps}


@router.post("/console/{tournament_id}/tokens", response_class=HTMLResponse)
async def create_token(
    tournament_id: TournamentId, request: Request, principal: Director, form: ConsoleForm
) -> HTMLResponse:
    admin = gateway_of(request).token_admin
    try:
        created = await admin.create(
            tournament_id,
            str(form.get("role", "")),
            str(form.get("name", "")),
            [str(f) for f in form.getlist("fields")],
            _fields(request, tournament_id),
        )
    except TokenChangeRefused as refused:
        problem = {"field": refused.field, "text": refused.problem}
        return _tokens_page(request, principal, tournament_id, 422, problem=problem)
    shown = _shown(request, tournament_id, created)
    return _tokens_page(request, principal, tournament_id, created=shown)


@router.post("/console/{tournament_id}/tokens/{name}/revoke")
async def revoke_token(
    tournament_id: TournamentId, name: Ident, request: Request, principal: Director, _: ConsoleForm
) -> Response:
    try:
        await gateway_of(request).token_admin.revoke(tournament_id, name, principal)
    except TokenChangeRefused as refused:
        problem = {"field": refused.field, "text": refused.problem}
        return _tokens_page(request, principal, tournament_id, 422, problem=problem)
    return RedirectResponse(f"/console/{tournament_id}/tokens?revoked={quote(name)}", 303)


@router.post("/console/{tournament_id}/field-sheet")
async def print_field_sheet(
    tournament_id: TournamentId, request: Request, principal: Director, form: ConsoleForm
) -> Response:
    """A new field token per chosen field (every field by default), as the printable sheet:
    the same sheet as `touchline field-sheet`."""
    admin = gateway_of(request).token_admin
    known = _fields(request, tournament_id)
    chosen = [str(f) for f in form.getlist("fields")] or list(known)
    cards = []
    try:
        for field_id in chosen:
            taken = {p.name for p in admin.store.principals()}
            name = f"field-{field_id}" if f"field-{field_id}" not in taken else ""
            created = await admin.create(tournament_id, "field", name, [field_id], known)
            url = field_sheet.app_url(str(request.base_url), tournament_id, field_id, created.token)
            place = known[field_id]
            cards.append(
                field_sheet.FieldCard(
                    tournament_id, field_id, place["name"], place["venue"], url, created.token
                )
            )
    except TokenChangeRefused as refused:
        problem = {"field": refused.field, "text": refused.problem}
        return _tokens_page(request, principal, tournament_id, 422, problem=problem)
    sheet = field_sheet.render_sheet(tournament_id, cards)
    return HTMLResponse(sheet, headers=SHEET_HEADERS)
