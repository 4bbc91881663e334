"""The director's replans in the background: queued, solved in a process of their own while
the event loop keeps answering, then done with a diff or failed with the reason, and
published once through the intake it is given."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from schemas import codec
from schemas.schedule import DivisionDefined, GameScheduled
from services.gateway.admission import Answer
from services.gateway.auth import Principal, Role
from services.gateway.replan_input import ClosureForm, ReplanInputError
from services.gateway.replanning import JobState, PublishRefused, ReplanJob, Replanner
from services.gateway.tournament_files import NoTournamentFile, TournamentFiles
from services.scheduler.events import schedule_events
from services.scheduler.loader import load_tournament
from services.scheduler.solve import Options, solve
from services.scheduler.tournament import clock
from touchline.demo import EXAMPLE

DIRECTOR = Principal("k", "director", Role.ADMIN, frozenset({"*"}))


class Recorder:
    """Stands in for the gateway's intake: what was posted, answered as accepted."""

    def __init__(self) -> None:
        self.posted: list[bytes] = []

    async def __call__(self, principal: Principal, items: list[bytes]) -> list[Answer]:
        self.posted += items
        return [Answer(status="accepted") for _ in items]


Published = tuple[list[GameScheduled], list[DivisionDefined]]


@pytest.fixture(scope="module")
def published() -> Published:
    tournament = load_tournament(EXAMPLE)
    events = schedule_events(
        tournament, solve(tournament, Options(time_limit=5)).schedule, tournament_id=tournament.id
    )
    games = [e for e in events if isinstance(e, GameScheduled)]
    return games, [e for e in events if isinstance(e, DivisionDefined)]


@pytest.fixture
def intake() -> Recorder:
    return Recorder()


@pytest.fixture
async def replanner(intake: Recorder) -> AsyncIterator[Replanner]:
    """The demo's replanner, posting to `intake`; its solver's process stopped afterwards."""
    replanner = Replanner(TournamentFiles([EXAMPLE]), intake)
    try:
        yield replanner
    finally:
        await replanner.stop()


def last_hour_closed(games: list[GameScheduled]) -> ClosureForm:
    """Both fields closed around Saturday's last kick-off: its games must move."""
    saturday = min(g.game.start.date() for g in games)
    last = max(g.game.start for g in games if g.game.start.date() == saturday)
    minute = last.hour * 60 + last.minute
    return ClosureForm(("C1", "C2"), "sat", clock(minute - 20), clock(minute + 40))


async def submitted(replanner: Replanner, published: Published, closure: ClosureForm) -> ReplanJob:
    """The demo's replan for `closure`, asked for at the first kick-off."""
    games, divisions = published
    first = min(g.game.start for g in games)
    slots = [g.game for g in games]
    return await replanner.submit("alliance-cup-demo", closure, first, slots, divisions, DIRECTOR)


async def until_finished(replanner: Replanner, job_id: str, lags: list[float]) -> None:
    """Wait for the job, measuring how late the event loop wakes up meanwhile."""
    job = replanner.jobs[job_id]
    while job.state in (JobState.QUEUED, JobState.SOLVING):
        asked = time.monotonic()
        await asyncio.sleep(0.02)
        lags.append(time.monotonic() - asked - 0.02)


async def test_a_replan_solves_in_the_background_and_publishes_its_moves_once(
    published: Published, intake: Recorder, replanner: Replanner
) -> None:
    games = published[0]
    job = await submitted(replanner, published, last_hour_closed(games))
    assert job.state is JobState.QUEUED
    assert [label.split(" sat ")[0] for label in job.closed] == ["Field 1", "Field 2"]
    lags: list[float] = []
    await until_finished(replanner, job.id, lags)
    assert job.state is JobState.DONE, job.reasons
    assert job.elapsed(time.monotonic()) > 0
    assert max(lags) < 0.25, "the event loop waited on the solver"
    assert job.proposal is not None and job.proposal.moves
    moved = {m.game_id for m in job.proposal.moves}
    assert {e.game.game_id for e in job.entries} == moved

    now = datetime.now(UTC)
    answers = await replanner.publish(job, games, now, DIRECTOR)
    assert [a.status for a in answers] == ["accepted"] * len(moved)
    posted = [codec.decode(codec.INBOUND_EVENT, raw) for raw in intake.posted]
    assert {e.game.game_id for e in posted} == moved  # type: ignore[attr-defined]
    assert all(e.occurred_at == now and e.source == "console" for e in posted)
    assert not {e.event_id for e in posted} & {e.event_id for e in games}

    again = await replanner.publish(job, games, now, DIRECTOR)
    assert again == answers and len(intake.posted) == len(moved)  # posted once


async def test_a_replan_that_cannot_place_the_games_fails_with_the_schedulers_reason(
    published: Published, replanner: Replanner
) -> None:
    whole_day = ClosureForm(("C1", "C2"), "sat", "07:00", "15:00")
    job = await submitted(replanner, published, whole_day)
    await until_finished(replanner, job.id, [])
    assert job.state is JobState.FAILED
    assert "find no allowed slot" in job.reasons[0]
    with pytest.raises(PublishRefused, match="the replan is failed"):
        await replanner.publish(job, published[0], datetime.now(UTC), DIRECTOR)


async def test_a_stale_proposal_is_not_published(
    published: Published, intake: Recorder, replanner: Replanner
) -> None:
    games = published[0]
    job = await submitted(replanner, published, last_hour_closed(games))
    await until_finished(replanner, job.id, [])
    assert job.proposal is not None
    elsewhere = {m.game_id: m.becomes for m in job.proposal.moves}
    changed = [
        g.model_copy(update={"game": elsewhere[g.game.game_id]})
        if g.game.game_id in elsewhere
        else g
        for g in games
    ]
    with pytest.raises(PublishRefused, match="the schedule changed since"):
        await replanner.publish(job, changed, datetime.now(UTC), DIRECTOR)
    assert intake.posted == []


async def test_a_form_or_file_problem_is_said_before_anything_is_queued(
    published: Published, tmp_path: Path
) -> None:
    games = published[0]
    replanner = Replanner(TournamentFiles([tmp_path]), Recorder())
    slots = [g.game for g in games]
    now = min(g.game.start for g in games)
    with pytest.raises(NoTournamentFile, match="no tournament file has the id 'alliance-cup-demo'"):
        await replanner.submit(
            "alliance-cup-demo", last_hour_closed(games), now, slots, [], DIRECTOR
        )
    replanner.files = TournamentFiles([EXAMPLE])
    with pytest.raises(ReplanInputError, match="fields: choose at least one field"):
        await replanner.submit(
            "alliance-cup-demo", ClosureForm((), "sat", "09:00", "10:00"), now, slots, [], DIRECTOR
        )
    assert replanner.jobs == {}
