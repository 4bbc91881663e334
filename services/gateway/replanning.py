"""Replans computed in the background for the director's console, then published.

The solver runs in a process of its own (one worker, at idle CPU priority), so requests of
a running tournament never wait on it, not even for the GIL; jobs queue for that one worker.
A job is queued, then solving (with its elapsed time), then done with its proposal (a diff
of the published schedule) or failed with the scheduler's explanation. Publishing posts the
moved games' new `game.scheduled` events through the same intake as POST /v1/events:batch,
as the director who confirmed it.

Jobs live in the gateway's memory: a restart forgets proposals not yet published (what is
published is in the journal like any event), and each gateway replica has its own.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
import uuid
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum, auto

from schemas import codec
from schemas.schedule import DivisionDefined, GameScheduled, GameSlot
from services.gateway.admission import Answer
from services.gateway.auth import Principal
from services.gateway.replan_diff import ReplanDiff, diff, newest_after, stale
from services.gateway.replan_input import ClosureForm, closures, published_schedule
from services.gateway.tournament_files import TournamentFiles
from services.input_problem import InputError
from services.scheduler.events import schedule_events
from services.scheduler.explain import ScheduleInfeasible
from services.scheduler.placement import Schedule
from services.scheduler.replan import replan
from services.scheduler.slots import Closure
from services.scheduler.tournament import Tournament, clock
from services.streaming.process import yield_cpu

log = logging.getLogger(__name__)

#: Ids of published replan entries: the job and the scheduler's own id of the entry, so a
#: second click publishes the same events (duplicates) and two replans never share an id.
NAMESPACE = uuid.UUID("5d0f7d64-6a53-4c0a-9a3e-61a3c1f2b9e4")
#: How many finished jobs are kept to be looked at.
KEPT = 20


class JobState(StrEnum):
    QUEUED = auto()
    SOLVING = auto()
    DONE = auto()
    FAILED = auto()


class PublishRefused(Exception):
    """The proposal cannot be published as it stands: the message says why."""


@dataclass(frozen=True)
class Proposed:
    """What the solver's process sends back: the moved games' new entries."""

    entries: list[GameScheduled]


@dataclass(frozen=True)
class Failed:
    """Why there is no replan, in the scheduler's words."""

    reasons: list[str]


@dataclass
class ReplanJob:
    """One replan asked for on the console, from the request to its publication."""

    id: str
    tournament_id: str
    closed: tuple[str, ...]  # "Field 1 sat 12:00-13:00", as the director chose them
    kept_before: datetime  # games that kicked off by then stay put
    requested_by: str
    submitted: float  # time.monotonic()
    before: dict[str, GameSlot]  # the published schedule the director saw
    divisions: list[DivisionDefined]
    state: JobState = JobState.QUEUED
    started: float | None = None
    finished: float | None = None
    reasons: list[str] = field(default_factory=list)
    proposal: ReplanDiff | None = None
    entries: list[GameScheduled] = field(default_factory=list)
    published: list[GameScheduled] | None = None  # what was posted, once confirmed
    answers: list[Answer] = field(default_factory=list)

    def elapsed(self, now: float) -> float:
        """Seconds solving so far, or in all once finished (0 while queued)."""
        if self.started is None:
            return 0.0
        return (self.finished or now) - self.started


def propose(
    tournament: Tournament, schedule: Schedule, closed: list[Closure], now: datetime, limit: float
) -> Proposed | Failed:
    """Runs in the solver's process: the replan's moved games as schedule entries."""
    try:
        result = replan(tournament, schedule, closed, now, time_limit=limit)
    except ScheduleInfeasible as infeasible:
        return Failed(list(infeasible.reasons))
    except InputError as problem:
        return Failed([str(p) for p in problem.problems])
    moved = {move.game for move in result.moves}
    events = schedule_events(tournament, result.schedule, tournament_id=tournament.id)
    return Proposed([e for e in events if isinstance(e, GameScheduled) and e.game.game_id in moved])


Intake = Callable[[Principal, list[bytes]], Awaitable[list[Answer]]]


class Replanner:
    """The console's replan jobs and the solver's process they queue for."""

    def __init__(
        self,
        files: TournamentFiles,
        intake: Intake,
        time_limit: float = 10.0,
    ) -> None:
        self.files = files
        self.intake = intake
        self.time_limit = time_limit
        self.jobs: dict[str, ReplanJob] = {}
        self._finished: deque[str] = deque()
        self._turn = asyncio.Lock()  # one job solves at a time, in the one process
        self._pool: ProcessPoolExecutor | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def tournament(self, tournament_id: str) -> Tournament:
        """The tournament's rules from its file (NoTournamentFile, TournamentFileError)."""
        return await asyncio.to_thread(self.files.load, tournament_id)

    async def submit(
        self,
        tournament_id: str,
        form: ClosureForm,
        now: datetime,
        published: Sequence[GameSlot],
        divisions: Sequence[DivisionDefined],
        by: Principal,
    ) -> ReplanJob:
        """Check the form against the file and the published schedule (ReplanInputError,
        NoTournamentFile, TournamentFileError), then queue the solve; the job at once."""
        tournament = await self.tournament(tournament_id)
        closed = closures(tournament, form)
        schedule = published_schedule(tournament, published)
        job = ReplanJob(
            id=uuid.uuid4().hex[:12],
            tournament_id=tournament_id,
            closed=tuple(_closure_label(tournament, c) for c in closed),
            kept_before=now,
            requested_by=by.name,
            submitted=time.monotonic(),
            before={slot.game_id: slot for slot in published},
            divisions=list(divisions),
        )
        self.jobs[job.id] = job
        task = asyncio.create_task(self._run(job, tournament, schedule, closed))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        log.info("replan %s of %s queued by %r: %s", job.id, tournament_id, by.name, job.closed)
        return job

    def queued_ahead(self, job: ReplanJob) -> int:
        """How many jobs will solve before this queued one."""
        return sum(
            1
            for other in self.jobs.values()
            if other.state in (JobState.QUEUED, JobState.SOLVING)
            and other.submitted < job.submitted
        )

    async def _run(
        self, job: ReplanJob, tournament: Tournament, schedule: Schedule, closed: list[Closure]
    ) -> None:
        async with self._turn:
            job.state, job.started = JobState.SOLVING, time.monotonic()
            try:
                outcome = await asyncio.get_running_loop().run_in_executor(
                    self._solver(), propose, tournament, schedule, closed, job.kept_before,
                    self.time_limit,
                )  # fmt: skip
            except BrokenProcessPool:
                self._pool = None  # the next job starts a fresh process
                outcome = Failed(["the solver's process stopped (out of memory?); try again"])
            except Exception as problem:  # never a stuck "solving": say what happened
                log.exception("replan %s failed", job.id)
                outcome = Failed([f"the replan failed unexpectedly: {problem}"])
        job.finished = time.monotonic()
        if isinstance(outcome, Failed):
            job.state, job.reasons = JobState.FAILED, outcome.reasons
        else:
            job.entries = outcome.entries
            job.proposal = diff(
                job.before, {e.game.game_id: e.game for e in outcome.entries}, job.divisions
            )
            job.state = JobState.DONE
        log.info("replan %s %s in %.1f s", job.id, job.state.value, job.elapsed(job.finished))
        self._forget_old(job.id)

    async def publish(
        self, job: ReplanJob, current: Sequence[GameScheduled], now: datetime, by: Principal
    ) -> list[Answer]:
        """Post the proposal's entries (once: a second confirmation gets the first answers),
        newer than every entry of the published schedule so each replaces its game's."""
        if job.published is not None:
            return job.answers
        if job.state is not JobState.DONE or job.proposal is None:
            raise PublishRefused(f"the replan is {job.state.value}; only a proposal publishes")
        changed = stale(job.proposal, {e.game.game_id: e.game for e in current})
        if changed:
            raise PublishRefused(
                f"the schedule changed since this replan was computed ({', '.join(changed)}): "
                "compute it again"
            )
        at = newest_after(now, current)
        job.published = [
            e.model_copy(
                update={
                    "event_id": uuid.uuid5(NAMESPACE, f"{job.id}/{e.event_id}"),
                    "occurred_at": at,
                    "source": "console",
                }
            )
            for e in job.entries
        ]
        job.answers = await self.intake(by, [codec.encode(e) for e in job.published])
        log.info("replan %s published by %r: %d entries", job.id, by.name, len(job.published))
        return job.answers

    def _solver(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),  # no fork of a running loop
                initializer=yield_cpu,
            )
        return self._pool

    def _forget_old(self, finished: str) -> None:
        self._finished.append(finished)
        while len(self._finished) > KEPT:
            self.jobs.pop(self._finished.popleft(), None)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


def _closure_label(tournament: Tournament, closure: Closure) -> str:
    name = tournament.field[closure.field].label
    return f"{name} {closure.day} {clock(closure.window.start)}-{clock(closure.window.end)}"
