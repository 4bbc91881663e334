"""Weather and closures on the director's console: close fields for a window, watch the
replan solve, read it as a diff, confirm, publish (admin).

GET  /console/{t}/closures                    the form: fields, day, from, to
POST /console/{t}/closures                    queue the replan -> its page (303)
GET  /console/{t}/replans/{job}               progress (refreshes itself), then the diff
GET  /console/{t}/replans/{job}/confirm       what publishing will post, and to whom
POST /console/{t}/replans/{job}/publish       post the moved games' entries -> the job's page

Nothing here decides anything: the form is read by `replan_input`, the diff and its labels
are `replan_diff`'s, the job and its publication `replanning`'s; the entries go through the
gateway's intake as the director's own.
"""

# No `from __future__ import annotations`: FastAPI must see the real dependency objects.
import time
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from schemas.schedule import GameScheduled
from services.gateway.auth import Principal
from services.gateway.console.director import Director, director_page, divisions_of, gateway_of
from services.gateway.console.session import ConsoleForm
from services.gateway.path_params import TournamentId
from services.gateway.replan_input import ClosureForm, ReplanInputError
from services.gateway.replanning import JobState, PublishRefused, ReplanJob
from services.gateway.state import Gateway
from services.gateway.tournament_files import NoTournamentFile
from services.input_problem import InputError
from services.scheduler.tournament import Tournament

router = APIRouter(include_in_schema=False)
#: How often a job's page reloads itself while the job is queued or solving.
REFRESH_SECONDS = 1
#: The closures form's own fields; any other problem is about the published schedule.
FORM_FIELDS = ("fields", "day", "start", "end")


async def _rules(gateway: Gateway, tournament_id: str) -> tuple[Tournament | None, str]:
    """The tournament file's rules, or why there are none (said on the page)."""
    try:
        return await gateway.replanner.tournament(tournament_id), ""
    except (NoTournamentFile, InputError) as problem:
        return None, str(problem)


def _form_page(
    request: Request,
    principal: Principal,
    tournament_id: str,
    rules: Tournament | None,
    missing: str,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    gateway = gateway_of(request)
    fields = [] if rules is None else [
        {"id": f.id, "name": f.label, "venue": rules.venue[f.venue].name} for f in rules.fields
    ]  # fmt: skip
    days = [] if rules is None else [{"id": d.id, "date": f"{d.date:%a %d %b}"} for d in rules.days]
    answer = director_page(
        request,
        "closures.html",
        principal,
        tournament_id,
        fields=fields,
        days=days,
        missing=missing,
        now=gateway.board.now(tournament_id),
        jobs=[j for j in gateway.replanner.jobs.values() if j.tournament_id == tournament_id],
        **{"problems": {}, "chosen": {}} | context,
    )
    answer.status_code = status
    return answer


@router.get("/console/{tournament_id}/closures", response_class=HTMLResponse)
async def closures_form(
    tournament_id: TournamentId, request: Request, principal: Director
) -> HTMLResponse:
    rules, missing = await _rules(gateway_of(request), tournament_id)
    return _form_page(request, principal, tournament_id, rules, missing)


@router.post("/console/{tournament_id}/closures")
async def close_fields(
    tournament_id: TournamentId, request: Request, principal: Director, form: ConsoleForm
) -> Response:
    gateway = gateway_of(request)
    chosen = ClosureForm(
        tuple(str(f) for f in form.getlist("fields")),
        str(form.get("day", "")),
        str(form.get("start", "")),
        str(form.get("end", "")),
    )
    current = [e for e in gateway.schedule.current(tournament_id) if isinstance(e, GameScheduled)]
    try:
        job = await gateway.replanner.submit(
            tournament_id,
            chosen,
            gateway.board.now(tournament_id),
            [e.game for e in current],
            divisions_of(gateway, tournament_id),
            principal,
        )
    except ReplanInputError as refused:
        rules, missing = await _rules(gateway, tournament_id)
        problems: dict[str, list[str]] = {}
        for field, what in refused.problems:
            if field in FORM_FIELDS:
                problems.setdefault(field, []).append(what)
            else:  # the published schedule's games: said above the form
                problems.setdefault("schedule", []).append(f"{field}: {what}")
        return _form_page(
            request, principal, tournament_id, rules, missing, 422, problems=problems,
            chosen=asdict(chosen),
        )  # fmt: skip
    except (NoTournamentFile, InputError) as problem:
        return _form_page(request, principal, tournament_id, None, str(problem), 422)
    return RedirectResponse(f"/console/{tournament_id}/replans/{job.id}", 303)


def _job(request: Request, tournament_id: str, job_id: str) -> ReplanJob:
    job = gateway_of(request).replanner.jobs.get(job_id)
    if job is None or job.tournament_id != tournament_id:
        raise HTTPException(
            404, f"no replan {job_id!r} of {tournament_id!r} (a restart forgets them)"
        )
    return job


def _progress(gateway: Gateway, job: ReplanJob) -> str:
    """The job's state in words: queued (and behind how many), solving for how long..."""
    seconds = job.elapsed(time.monotonic())
    if job.state is JobState.QUEUED:
        ahead = gateway.replanner.queued_ahead(job)
        return f"Queued: {ahead} replan(s) ahead of it." if ahead else "Queued: starting."
    if job.state is JobState.SOLVING:
        return (
            f"Solving for {seconds:.0f} s (at most about {2 * gateway.replanner.time_limit:.0f} s)."
        )
    if job.state is JobState.FAILED:
        return f"Failed after {seconds:.1f} s: no replan is possible."
    return f"Done in {seconds:.1f} s."


def _job_page(
    request: Request,
    principal: Principal,
    tournament_id: str,
    job: ReplanJob,
    template: str,
    **context: Any,
) -> HTMLResponse:
    gateway = gateway_of(request)
    answer = director_page(
        request, template, principal, tournament_id, job=job, progress=_progress(gateway, job),
        kept_before=f"{job.kept_before:%a %d %b %H:%M}", **{"refused": ""} | context,
    )  # fmt: skip
    if job.state in (JobState.QUEUED, JobState.SOLVING):
        answer.headers["Refresh"] = str(REFRESH_SECONDS)  # no script needed to follow it
    return answer


@router.get("/console/{tournament_id}/replans/{job_id}", response_class=HTMLResponse)
async def replan_job(
    tournament_id: TournamentId, job_id: str, request: Request, principal: Director
) -> HTMLResponse:
    return _job_page(
        request, principal, tournament_id, _job(request, tournament_id, job_id), "replan.html"
    )


@router.get("/console/{tournament_id}/replans/{job_id}/confirm", response_class=HTMLResponse)
async def confirm_replan(
    tournament_id: TournamentId, job_id: str, request: Request, principal: Director
) -> HTMLResponse:
    job = _job(request, tournament_id, job_id)
    return _job_page(request, principal, tournament_id, job, "confirm.html")


@router.post("/console/{tournament_id}/replans/{job_id}/publish")
async def publish_replan(
    tournament_id: TournamentId, job_id: str, request: Request, principal: Director, _: ConsoleForm
) -> Response:
    gateway = gateway_of(request)
    job = _job(request, tournament_id, job_id)
    current = [e for e in gateway.schedule.current(tournament_id) if isinstance(e, GameScheduled)]
    try:
        await gateway.replanner.publish(job, current, datetime.now(UTC), principal)
    except PublishRefused as refused:
        answer = _job_page(
            request, principal, tournament_id, job, "replan.html", refused=str(refused)
        )
        answer.status_code = 409
        return answer
    return RedirectResponse(f"/console/{tournament_id}/replans/{job.id}", 303)
