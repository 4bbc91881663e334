"""The discipline committee's desk (committee or admin token).

GET  /console/{t}/discipline                   the live queue (?division=&status=), open count
GET  /console/{t}/discipline/stream            SSE: `changed` when the queue may have changed
GET  /console/{t}/discipline/actions/{action}  the confirmation step of one action
POST /console/{t}/discipline/rulings           post it (as POST /v1/events would)
GET  /console/{t}/discipline/rulings/{id}      what it has done, once folded
GET  /console/{t}/discipline/people/{p}        a person's record
GET  /console/{t}/discipline/teams/{team}      a team's record
GET  /console/{t}/discipline/report            the card report: preview, countdown
GET  /console/{t}/discipline/report/{file}     cards.csv, open-suspensions.csv, card-report.html

Handlers gather what the gateway holds (the discipline views, the notices and standings
feeds), hand it to the views (`committee_views`, `record_views`) and build events with
`rulings`; a ruling goes through the gateway's intake (`Gateway.intake`: admission, the
journal, the broker), as an event posted to POST /v1/events:batch does, with the
signed-in token as its poster.
"""

# No `from __future__ import annotations`: FastAPI must see the real dependency objects.
import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sse_starlette.sse import EventSourceResponse

from schemas import codec
from schemas.base import recency
from schemas.match import LineupSubmitted
from services.discipline.report import (
    CARD_NAMES,
    CardReport,
    NoGamesToReport,
    card_report,
    card_report_html,
    cards_csv,
    suspensions_csv,
)
from services.gateway.auth import Principal, Role
from services.gateway.console.action_form import form_fields
from services.gateway.console.committee_views import (
    STATUS_FILTERS,
    DeskNames,
    filtered,
    people_of,
    queue,
)
from services.gateway.console.record_views import (
    countdown,
    effect,
    find_ruling,
    person_record,
    team_record,
)
from services.gateway.console.render import console_page
from services.gateway.console.rulings import (
    ACTIONS,
    RulingRefused,
    UnknownAction,
    action_named,
    build,
)
from services.gateway.console.session import ConsoleForm, console_access
from services.gateway.discipline_views import Evaluation
from services.gateway.pages import PAGE_HEADERS
from services.gateway.path_params import Ident, TournamentId
from services.gateway.revocation import still_admitted
from services.gateway.routes.events import throttle
from services.gateway.state import Gateway

DESK = "/console/{tournament_id}/discipline"
router = APIRouter(prefix=DESK, include_in_schema=False)
Committee = Annotated[Principal, Depends(console_access(Role.COMMITTEE))]
#: How often a quiet stream says it is still there (and notices a gone client).
STREAM_PING = 15
REPORT_FILES = {
    "cards.csv": ("text/csv", cards_csv),
    "open-suspensions.csv": ("text/csv", suspensions_csv),
    "card-report.html": ("text/html", card_report_html),
}


@dataclass(frozen=True)
class Gathered:
    """What one request of the desk works from, gathered from the gateway."""

    evaluation: Evaluation
    names: DeskNames
    notices: list[Any]
    lineups: dict[tuple[str, str], LineupSubmitted]
    snapshots: dict[str, dict[str, Any]]

    def queue(self) -> list[Any]:
        return queue(self.names, self.notices, self.lineups, self.snapshots.values())


def gather(request: Request, tournament_id: str) -> Gathered:
    """The tournament's discipline evaluation, notices, latest lineups and tables."""
    gateway: Gateway = request.app.state.gateway
    evaluation = gateway.discipline.evaluation(tournament_id)
    lineups: dict[tuple[str, str], LineupSubmitted] = {}
    for event in sorted(evaluation.ledger.events.values(), key=recency):
        if isinstance(event, LineupSubmitted):
            lineups[(event.game_id, event.team_id)] = event
    names = DeskNames(
        evaluation.context,
        evaluation.view,
        DESK.format(tournament_id=tournament_id),
        people_of(evaluation.context, lineups.values()),
    )
    return Gathered(
        evaluation,
        names,
        gateway.notices.current(tournament_id),
        lineups,
        {s["division_id"]: s for s in gateway.standings.current_json(tournament_id)},
    )


@router.get("", response_class=HTMLResponse)
async def desk(
    tournament_id: TournamentId,
    request: Request,
    principal: Committee,
    division: Annotated[str, Query(max_length=64)] = "",
    status: Annotated[str, Query(pattern="^(all|open|closed)$")] = "all",
) -> HTMLResponse:
    """The live queue, newest first, with its filters and the count of open items."""
    found = gather(request, tournament_id)
    items = found.queue()
    divisions = sorted(found.evaluation.context.divisions.values(), key=lambda d: d.name)
    return _desk_page(
        request,
        "desk.html",
        principal,
        tournament_id,
        found,
        items=filtered(items, division, status),
        open_count=sum(i.open for i in items),
        divisions=divisions,
        division=division,
        status_filter=status,
        statuses=STATUS_FILTERS,
        other_actions=[ACTIONS[a] for a in ("expel", "disqualify", "correct")],
    )


@router.get("/stream")
async def stream(tournament_id: TournamentId, request: Request, _: Committee) -> Response:
    """`changed` whenever a notice arrives or the discipline inputs change (the page then
    reloads its queue); a ping every 15 s."""
    gateway: Gateway = request.app.state.gateway

    async def changes() -> AsyncIterator[dict[str, str]]:
        async with gateway.discipline.watch(tournament_id) as changed:
            yield {"event": "hello", "data": "{}"}
            while still_admitted(request):
                try:
                    async with asyncio.timeout(STREAM_PING):
                        await changed.get()
                except TimeoutError:
                    continue  # asks again whether the token still holds
                await asyncio.sleep(0.2)  # a burst of notices is one reload
                yield {"event": "changed", "data": "{}"}

    return EventSourceResponse(changes(), ping=STREAM_PING)


@router.get("/actions/{action}", response_class=HTMLResponse)
async def confirm_step(
    tournament_id: TournamentId, action: str, request: Request, principal: Committee
) -> HTMLResponse:
    """The confirmation step: what the action will post, asked once more."""
    given = {k: request.query_params.getlist(k) for k in request.query_params}
    return _action_page(request, tournament_id, principal, action, given)


@router.post("/rulings")
async def post_ruling(
    tournament_id: TournamentId, request: Request, principal: Committee, form: ConsoleForm
) -> Response:
    """Build the action's event from the form and hand it to the intake (admission, the
    journal, the broker), as POST /v1/events:batch does."""
    gateway: Gateway = request.app.state.gateway
    sent = {key: [str(v) for v in form.getlist(key)] for key in form}
    name = str(form.get("action", ""))
    try:
        event = build(
            action_named(name),
            sent,
            tournament_id=tournament_id,
            source=f"console:{principal.name}",
            now=datetime.now(UTC),
        )
    except (UnknownAction, RulingRefused) as refused:
        return _action_page(request, tournament_id, principal, name, sent, _problems(refused))
    throttle(gateway, principal, 1)
    [answer] = await gateway.intake(principal, [codec.encode(event)])
    if answer.status not in ("accepted", "duplicate"):
        problems = [(e["field"], e["problem"]) for e in answer.errors or ()]
        return _action_page(request, tournament_id, principal, name, sent, problems)
    division = getattr(event, "division_id", "")
    table = gateway.standings.get(tournament_id, division) if division else None
    after = table.version if table is not None else 0
    return RedirectResponse(
        f"{DESK.format(tournament_id=tournament_id)}/rulings/{answer.event_id}?after={after}", 303
    )


@router.get("/rulings/{event_id}", response_class=HTMLResponse)
async def ruling_effect(
    tournament_id: TournamentId,
    event_id: uuid.UUID,
    request: Request,
    principal: Committee,
    after: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    """The ruling as posted, and its effect once discipline and the standings show it."""
    found = gather(request, tournament_id)
    ruling = find_ruling(found.evaluation.ledger, str(event_id))
    shown = (
        None
        if ruling is None
        else effect(
            found.names, ruling, found.evaluation.ledger, found.notices, found.snapshots, after
        )
    )
    return _desk_page(
        request,
        "effect.html",
        principal,
        tournament_id,
        found,
        ruling=ruling,
        effect=shown,
        table=found.snapshots.get(shown.division_id) if shown and shown.division_id else None,
    )


@router.get("/people/{person_id}", response_class=HTMLResponse)
async def person(
    tournament_id: TournamentId, person_id: Ident, request: Request, principal: Committee
) -> HTMLResponse:
    found = gather(request, tournament_id)
    if person_id not in found.names.people and person_id not in found.names.view.records:
        raise HTTPException(404, f"no person {person_id!r} in {tournament_id!r}")
    record = person_record(found.names, person_id, found.lineups.values(), found.queue())
    return _desk_page(
        request, "record.html", principal, tournament_id, found, record=record, kind="person"
    )


@router.get("/teams/{team_id}", response_class=HTMLResponse)
async def team(
    tournament_id: TournamentId, team_id: Ident, request: Request, principal: Committee
) -> HTMLResponse:
    found = gather(request, tournament_id)
    if team_id not in found.evaluation.context.teams:
        raise HTTPException(404, f"no team {team_id!r} in {tournament_id!r}")
    record = team_record(found.names, team_id, found.queue())
    return _desk_page(
        request, "record.html", principal, tournament_id, found, record=record, kind="team"
    )


@router.get("/report", response_class=HTMLResponse)
async def report(
    tournament_id: TournamentId, request: Request, principal: Committee
) -> HTMLResponse:
    """The card report as it stands, the files to send, and the time left to send them."""
    found = gather(request, tournament_id)
    built = _report(found)
    return _desk_page(
        request,
        "report.html",
        principal,
        tournament_id,
        found,
        report=built,
        left=countdown(built.deadline, datetime.now(UTC)),
        files=list(REPORT_FILES),
        card_names=CARD_NAMES,
    )


@router.get("/report/{name}")
async def report_file(
    tournament_id: TournamentId, name: str, request: Request, _: Committee
) -> Response:
    if name not in REPORT_FILES:
        raise HTTPException(404, f"no report file {name!r} (one of {', '.join(REPORT_FILES)})")
    media, write = REPORT_FILES[name]
    body = write(_report(gather(request, tournament_id)))
    disposition = f'attachment; filename="{tournament_id}-{name}"'
    headers = PAGE_HEADERS | {"Content-Disposition": disposition}
    return Response(body, media_type=media, headers=headers)


def _report(found: Gathered) -> CardReport:
    try:
        return card_report(found.evaluation.context, found.evaluation.view)
    except NoGamesToReport as exc:
        raise HTTPException(404, str(exc)) from exc


def _desk_page(
    request: Request,
    template: str,
    principal: Principal,
    tournament_id: str,
    found: Gathered,
    *,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A page of the desk (`discipline/{template}`), with its tournament and address."""
    return console_page(
        request,
        f"discipline/{template}",
        principal,
        status=status,
        tournament=tournament_id,
        desk=found.names.desk,
        **context,
    )


def _action_page(
    request: Request,
    tournament_id: str,
    principal: Principal,
    name: str,
    given: dict[str, list[str]],
    problems: list[tuple[str, str]] | None = None,
) -> HTMLResponse:
    """The confirmation step, with a moment of its own and a ruling id: the form's again
    when it comes back refused (it was not accepted), unless the id or moment was wrong."""
    try:
        action = action_named(name)
    except UnknownAction as exc:
        raise HTTPException(404, str(exc)) from exc
    found = gather(request, tournament_id)
    stale = any(field in ("occurred_at", "event_id") for field, _ in problems or ())
    return _desk_page(
        request,
        "action.html",
        principal,
        tournament_id,
        found,
        status=422 if problems else 200,
        action=action,
        problems=problems or [],
        fields=form_fields(found.names, action, given),
        event_id=kept if (kept := _first(given, "event_id")) and not stale else str(uuid.uuid4()),
        occurred_at=datetime.now(UTC).isoformat(),
    )


def _first(given: dict[str, list[str]], name: str) -> str:
    return next(iter(given.get(name, ())), "")


def _problems(refused: Exception) -> list[tuple[str, str]]:
    if isinstance(refused, RulingRefused):
        return refused.problems
    return [("action", str(refused))]
