"""The gateway's long-lived parts, built once per app: the journal and the publisher that
empties it, the feeds of the output topics, the standings' catch-up, the rate limiter, and
the acceptance of admitted events. The registrations are a feed too: a roster locked at
check-in refuses later changes (`lock_of`). The app factory holds one `Gateway` in
`app.state`; handlers reach it through the `GatewayDep` dependency.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter

from schemas import codec
from schemas.referees import RefereesAssigned
from schemas.registration import RosterLocked
from schemas.schedule import GameScheduled
from services.discipline.config import DisciplineConfig
from services.gateway.acceptance import Acceptance
from services.gateway.admission import Answer, Refused, admit
from services.gateway.auth import Principal, TokenStore
from services.gateway.catchup import CatchUp
from services.gateway.discipline_views import DisciplineViews
from services.gateway.feeds import (
    Feed,
    SnapshotHead,
    by_revision,
    by_version,
    follow,
    not_withdrawn,
    notice_identity,
)
from services.gateway.field_app import FieldViews
from services.gateway.group_commit import GroupCommit
from services.gateway.journal import Entry, Journal
from services.gateway.live_board import LiveBoard
from services.gateway.publisher import MAX_MESSAGE_BYTES, Publisher
from services.gateway.ratelimit import RateLimiter
from services.gateway.replanning import Replanner
from services.gateway.token_admin import TokenAdmin
from services.gateway.tournament_files import TournamentFiles
from services.region.playing_time.minutes import THREE_QUARTERS
from services.registration import checkin
from services.registration import state as registration_state
from services.registration.state import Registration
from services.standings.progress import HEADER, decode_held
from services.streaming import topics
from services.streaming.process import settle_memory

SNAPSHOT_HEAD = TypeAdapter(SnapshotHead)


@dataclass(frozen=True)
class GatewayConfig:
    """Everything the gateway needs to run."""

    bootstrap_servers: str
    journal_path: Path
    tokens: TokenStore
    tokens_file: Path | None = None  # where `tokens` came from: watched, and changed by admins
    batch_limit: int = 500
    batch_bytes: int = 4 * 1024 * 1024
    rate_per_token: float = 200.0
    burst_per_token: float = 1000.0
    rebuild: bool = False
    max_message_bytes: int = MAX_MESSAGE_BYTES  # the broker's message limit
    clock: Literal["wall", "events"] = "wall"  # spectators' clock: "events" for a simulation
    late_minutes: int = 10  # a field is running late past this delay
    late_tick: float = 15.0  # seconds between two estimates of the fields' delays
    tournament_files: tuple[Path, ...] = ()  # the rules a replan needs (files or directories)
    replan_seconds: float = 10.0  # the solver's time limit for each of a replan's models
    discipline: DisciplineConfig = field(default_factory=DisciplineConfig)  # the worker's
    playing_time_share: Fraction = THREE_QUARTERS  # of each game an attending player plays
    #: each worker and its consumer group, for the console's health page
    worker_groups: tuple[tuple[str, str], ...] = (
        ("standings", "touchline-standings"),
        ("discipline", "touchline-discipline"),
    )


class Gateway:
    """One gateway's journal, publisher, feeds, catch-up and rate limiter."""

    def __init__(self, config: GatewayConfig) -> None:
        self.config = config
        self.tokens = config.tokens
        self.token_admin = TokenAdmin(config.tokens, config.tokens_file)
        self.journal = Journal(config.journal_path)
        self.catchup = CatchUp(self.journal, rebuilt=config.rebuild)
        self.standings = Feed(
            topics.STANDINGS.name,
            SNAPSHOT_HEAD,
            lambda snapshot: snapshot.division_id,
            by_version,
            self._serve_snapshot,
        )
        self.notices = Feed(
            topics.NOTICES.name,
            codec.NOTICE,
            notice_identity,
            by_revision,
            shown=not_withdrawn,
        )
        self.schedule = Feed(topics.SCHEDULE.name, codec.SCHEDULE_EVENT, _schedule_identity)
        self.registration = Feed(
            topics.REGISTRATION.name, codec.REGISTRATION_EVENT, lambda event: event.identity
        )
        self.publisher = Publisher(
            config.bootstrap_servers,
            self.journal,
            max_message_bytes=config.max_message_bytes,
            on_quarantine=self._quarantined,
        )
        self.limiter = RateLimiter(config.rate_per_token, config.burst_per_token)
        self.acceptance = Acceptance(
            GroupCommit(self.journal.record_many).submit,
            self.catchup.journaled,
            self.publisher.publish,
        )
        self.field_views = FieldViews()  # the field app's rosters, lineups and rulings
        #: the discipline worker's inputs and what its rules make of them (the consoles)
        self.discipline = DisciplineViews(config.discipline, self.notices)
        self.board = LiveBoard(
            self.schedule, self.standings, config.clock, config.late_minutes, config.late_tick
        )  # the spectators' live view of every game
        self.replanner = Replanner(
            TournamentFiles(config.tournament_files), self.intake, config.replan_seconds
        )  # the director's replans, solved in a process of their own
        self.feeds_read = asyncio.Event()  # set once the feeds have read their topics
        self._follower: asyncio.Task[None] | None = None
        self._token_watch: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Count what the standings must fold before they are served (before anything is
        published or read, so every snapshot is judged against the whole journal), then
        publish the journal's backlog and follow the output topics."""
        if self.config.rebuild:
            self.journal.forget_publication()
        await asyncio.to_thread(lambda: self.catchup.journaled(self.journal.events()))
        await self.publisher.start()
        await self.board.start(self.config.bootstrap_servers)
        feeds = [
            self.standings,
            self.notices,
            self.schedule,
            self.registration,
            *self.board.feeds,
            *self.field_views.feeds,
            *self.discipline.feeds,
        ]
        self._follower = asyncio.create_task(
            follow(self.config.bootstrap_servers, feeds, self.feeds_read)
        )
        self._token_watch = asyncio.create_task(self.token_admin.watch())
        settle_memory()

    async def stop(self) -> None:
        tasks = [task for task in (self._follower, self._token_watch) if task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.replanner.stop()
        await self.board.stop()
        await self.publisher.stop()
        self.journal.close()

    @property
    def caught_up(self) -> bool:
        """The feeds have read the broker and every division's table folds all the journal
        holds for it."""
        return self.feeds_read.is_set() and self.catchup.caught_up

    async def intake(self, principal: Principal, items: list[bytes]) -> list[Answer]:
        """Admit each event as `principal` posted it and accept those admitted, answering
        each on its own: what POST /v1/events:batch does, and the consoles' actions too."""
        answers: list[Answer | None] = []
        rows = []
        for place, item in enumerate(items):
            try:
                which = f"event {place} of this batch"
                rows.append(admit(principal, item, which, self.field_of, self.lock_of))
                answers.append(None)
            except Refused as refused:
                answers.append(refused.answer)
        accepted = iter(await self.acceptance.accept(rows))
        return [answer or next(accepted) for answer in answers]

    def field_of(self, tournament_id: str, game_id: str) -> str | None:
        """The field a game is scheduled on now (None: unknown, or cancelled)."""
        entry = self.schedule.get(tournament_id, game_id)
        return entry.game.field_id if isinstance(entry, GameScheduled) else None

    def registrations(self, tournament_id: str) -> Registration:
        """The tournament's registrations, folded from the registration topic."""
        return registration_state.fold(tournament_id, self.registration.current(tournament_id))

    def lock_of(self, event: Any) -> str | None:
        """Why a locked roster refuses `event` (folded only for a team with a lock)."""
        if not isinstance(event, checkin.LOCKABLE):
            return None
        team_id = event.team_id
        posted = self.registration.current(event.tournament_id)
        if not any(isinstance(e, RosterLocked) and e.team_id == team_id for e in posted):
            return None
        return checkin.refusal(self.registrations(event.tournament_id), event)

    def _serve_snapshot(
        self, head: SnapshotHead, raw: bytes, headers: Mapping[str, bytes]
    ) -> bytes | None:
        key = topics.division_key(head.tournament_id, head.division_id)
        return self.catchup.serve(key, head.version, raw, decode_held(headers.get(HEADER)))

    def _quarantined(self, entry: Entry) -> None:
        self.catchup.quarantined(entry)
        self.standings.reoffer()


def _schedule_identity(event: Any) -> str:
    if isinstance(event, GameScheduled):
        return event.game.game_id
    if isinstance(event, RefereesAssigned):
        return f"referees:{event.game_id}"  # beside its game, not in its place
    return getattr(event, "game_id", None) or f"division:{event.division_id}"
