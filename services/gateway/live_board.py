"""The gateway's live view of every game: follows `live-scores` and `match-events`, keeps
each tournament's game states (`services.spectators`), watches for fields running late,
announces them on `field-notices`, and fans every change out to the spectators' streams.

One message per change is encoded once and put on every viewer's queue, so a thousand
viewers of one tournament cost a thousand queue puts per live score, not a thousand
encodings. The clock is the wall clock, or (`clock="events"`, for a simulated match day)
the latest field time the tournament's events carry.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any, Literal

from aiokafka import AIOKafkaProducer

from schemas import codec
from schemas.schedule import DivisionDefined, GameScheduled, GameSlot
from services import rulebook
from services.gateway.feeds import Feed, TopicReader
from services.gateway.public_views import game_view, late_view
from services.spectators.games import GameFacts, GameState, GameStates, game_state, playing_minute
from services.spectators.lateness import (
    THRESHOLD_MINUTES,
    FieldDelay,
    after,
    announcements,
    field_delays,
)
from services.streaming import topics

log = logging.getLogger(__name__)
Clock = Literal["wall", "events"]


def frame(name: str, data: Any) -> bytes:
    """One Server-Sent Events message, encoded once for every viewer."""
    return f"event: {name}\r\ndata: {json.dumps(data, separators=(',', ':'))}\r\n\r\n".encode()


#: Seconds a burst of folded events waits for the fields' delays to be estimated again.
RECHECK_AFTER = 0.2


class LiveBoard:
    """Every tournament's games as spectators see them, and who is watching."""

    def __init__(
        self,
        schedule: Feed,
        standings: Feed,
        clock: Clock = "wall",
        threshold: int = THRESHOLD_MINUTES,
        tick: float = 15.0,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.schedule = schedule
        self.standings = standings
        self.clock = clock
        self.threshold = threshold
        self.tick = tick
        self._wall = now
        self.feeds = [
            TopicReader(topics.LIVE_SCORES.name, self.offer),
            TopicReader(topics.MATCH_EVENTS.name, self.offer),
        ]
        self._boards: dict[str, GameStates] = defaultdict(GameStates)
        self._slots: dict[str, dict[str, GameSlot]] = {}  # cached; dropped when it changes
        self._halves: dict[str, dict[str, int]] = {}  # the same
        self._due: set[str] = set()  # tournaments whose delays are to be estimated again
        self._states: dict[str, dict[str, GameState]] = defaultdict(dict)
        self._delays: dict[str, dict[str, FieldDelay]] = {}
        self._announced: dict[str, dict[str, FieldDelay]] = {}
        self._viewers: dict[str, set[asyncio.Queue[bytes]]] = defaultdict(set)
        self._producer: AIOKafkaProducer | None = None
        self._watcher: asyncio.Task[None] | None = None
        schedule.listen(self._schedule_changed)
        standings.listen(self._standings_changed)

    # -- reading -------------------------------------------------------------------------
    def slots(self, tournament_id: str) -> dict[str, GameSlot]:
        """The tournament's games by id, as scheduled now."""
        if tournament_id not in self._slots:
            self._slots[tournament_id] = {
                e.game.game_id: e.game
                for e in self.schedule.current(tournament_id)
                if isinstance(e, GameScheduled)
            }
        return self._slots[tournament_id]

    def games(self, tournament_id: str) -> list[GameSlot]:
        return list(self.slots(tournament_id).values())

    def halves(self, tournament_id: str) -> dict[str, int]:
        """Each division's half length: the one its schedule used, else the rulebook's."""
        if tournament_id not in self._halves:
            self._halves[tournament_id] = {
                e.division_id: e.half_minutes or rulebook.half_minutes(e.age_group)
                for e in self.schedule.current(tournament_id)
                if isinstance(e, DivisionDefined)
            }
        return self._halves[tournament_id]

    def state(self, tournament_id: str, game: GameSlot) -> GameState:
        """The game as a page shows it now: its minute run on since the last report."""
        held = self._states[tournament_id]
        if game.game_id not in held:
            facts = self._boards[tournament_id].facts.get(game.game_id, GameFacts())
            held[game.game_id] = game_state(game.game_id, facts, game.stage == "playoff")
        half = self.halves(tournament_id).get(game.division_id)
        return playing_minute(held[game.game_id], self.now(tournament_id), half)

    def states(self, tournament_id: str) -> dict[str, GameState]:
        return {g.game_id: self.state(tournament_id, g) for g in self.games(tournament_id)}

    def now(self, tournament_id: str) -> datetime:
        """The tournament's clock."""
        latest = self._boards[tournament_id].latest
        if self.clock == "events" and latest is not None:
            return latest
        return self._wall()

    def delays(self, tournament_id: str) -> dict[str, FieldDelay]:
        if tournament_id not in self._delays:
            self._delays[tournament_id] = self._estimate(tournament_id)
        return self._delays[tournament_id]

    def _estimate(self, tournament_id: str) -> dict[str, FieldDelay]:
        games = self.games(tournament_id)
        states = {g.game_id: self.state(tournament_id, g) for g in games}
        return field_delays(games, states, self.now(tournament_id), self.threshold)

    # -- folding -------------------------------------------------------------------------
    def offer(self, raw: bytes) -> None:
        """Fold one message in. Nothing in it may stop the feeds: a message that cannot be
        decoded, or that a rule cannot take, is logged and skipped."""
        try:
            event = codec.decode(codec.MATCH_EVENT, raw)
        except codec.DecodeError as exc:
            log.warning("skipped an undecodable match event: %s", exc)
            return
        try:
            self._fold(event)
        except Exception:
            log.exception("could not fold %s into the live board", event.type)

    def _fold(self, event: Any) -> None:
        tournament = event.tournament_id
        if not self._boards[tournament].add(event):
            return
        self._states[tournament].pop(event.game_id, None)
        game = self.slots(tournament).get(event.game_id)
        if game is not None:
            self._send(tournament, "game", game_view(game, self.state(tournament, game)))
        self._recheck_soon(tournament)

    def _recheck_soon(self, tournament_id: str) -> None:
        """Estimate the fields' delays again once the burst this event came in is folded.
        An estimate reads every game of the tournament; once per event, a backlog synced at
        once (thousands of events) was quadratic and held the gateway's loop for minutes."""
        if tournament_id in self._due:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # folded outside the gateway's loop: at once
            self._recheck(tournament_id)
            return
        self._due.add(tournament_id)
        loop.call_later(RECHECK_AFTER, self._recheck_due, tournament_id)

    def _recheck_due(self, tournament_id: str) -> None:
        self._due.discard(tournament_id)
        try:
            self._recheck(tournament_id)
        except Exception:
            log.exception("could not estimate the fields' delays of %s", tournament_id)

    def _schedule_changed(self, tournament_id: str, _: bytes) -> None:
        self._slots.pop(tournament_id, None)
        self._halves.pop(tournament_id, None)
        self._states.pop(tournament_id, None)
        self._boards.setdefault(tournament_id, GameStates())  # watched from the next tick on
        self._send(tournament_id, "changed", {"what": "schedule"})

    def _standings_changed(self, tournament_id: str, raw: bytes) -> None:
        self._send(tournament_id, "changed", {"what": "standings"})

    def _recheck(self, tournament_id: str) -> None:
        """Estimate the fields' delays again; tell viewers and announce what changed."""
        if not self._viewers.get(tournament_id) and self._producer is None:
            self._delays.pop(tournament_id, None)  # estimated when someone asks
            return
        delays = self._estimate(tournament_id)
        if delays != self._delays.get(tournament_id):
            self._delays[tournament_id] = delays
            self._send(tournament_id, "fields", late_view(delays, self.games(tournament_id)))
        announced = self._announced.get(tournament_id, {})
        notices = announcements(tournament_id, announced, delays, self.now(tournament_id))
        if notices and self._producer is not None:
            self._announced[tournament_id] = after(announced, notices)
            asyncio.get_running_loop().create_task(self._publish(notices))

    async def _publish(self, notices: list[Any]) -> None:
        assert self._producer is not None
        for notice in notices:
            key = f"{notice.tournament_id}/{notice.field_id}".encode()
            try:
                await self._producer.send_and_wait(
                    topics.FIELD_NOTICES.name, codec.encode(notice), key
                )
            except Exception:  # the next change announces again; pages never wait on it
                log.exception("could not publish %s for field %s", notice.type, notice.field_id)

    # -- watching ------------------------------------------------------------------------
    def _send(self, tournament_id: str, name: str, data: Any) -> None:
        viewers = self._viewers.get(tournament_id)
        if not viewers:
            return
        message = frame(name, data)
        for queue in viewers:
            queue.put_nowait(message)

    @contextlib.asynccontextmanager
    async def watch(self, tournament_id: str) -> AsyncIterator[asyncio.Queue[bytes]]:
        """A viewer's queue of SSE messages: first every game and late field (`hello`),
        then every change."""
        queue: asyncio.Queue[bytes] = asyncio.Queue()
        games = self.games(tournament_id)
        hello = {
            "games": [game_view(g, self.state(tournament_id, g)) for g in games],
            "fields": late_view(self.delays(tournament_id), games),
        }
        queue.put_nowait(frame("hello", hello))
        self._viewers[tournament_id].add(queue)
        try:
            yield queue
        finally:
            self._viewers[tournament_id].discard(queue)

    async def start(self, bootstrap: str) -> None:
        """Publish notices from now on, and re-estimate delays every `tick` seconds (the
        wall clock moves without any event)."""
        self._producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
        await self._producer.start()
        self._watcher = asyncio.create_task(self._every_tick())

    async def _every_tick(self) -> None:
        while True:
            await asyncio.sleep(self.tick)
            for tournament_id in list(self._boards):
                try:
                    self._recheck(tournament_id)
                except Exception:
                    log.exception("could not estimate the fields' delays of %s", tournament_id)

    async def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
            await asyncio.gather(self._watcher, return_exceptions=True)
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None
