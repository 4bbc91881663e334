"""Running late: which fields are behind their schedule, by how much, and what to announce.

A field's *current* game is its first game (in kick-off order) that is not over. Its delay is
how late it kicked off, or, not kicked off yet, how long past its start it is; once it runs
past its scheduled end, at least that overrun (the next game cannot start before it is
over). A field is running late when the delay is more than the threshold (10 minutes by
default) and clears by itself as soon as its current game is on time again: a game that
kicks off within the threshold, or the slack before the next one absorbing the delay.
A game not reported at all long after its start, or never reported over long after its
end (STALE_AFTER), counts as a field that is not reporting, not as a delay of hours.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from schemas.field_notice import FieldOnTime, FieldRunningLate
from schemas.schedule import GameSlot
from services.spectators.games import GameState

THRESHOLD_MINUTES = 10
STALE_AFTER = timedelta(hours=3)
#: No estimate is longer than a day (a kick-off reported a day late is a mistake).
MOST = timedelta(hours=24)
#: A new running-late notice only when the estimate moved by this much since the last one.
RENOTIFY_MINUTES = 5
NAMESPACE = uuid.UUID("5b0f8e5e-2f4c-5d0e-9b7a-7c1f6a2d9e41")


@dataclass(frozen=True)
class FieldDelay:
    """A field running late: the game that is late (or overruns) and the estimate."""

    field_id: str
    venue_id: str
    game_id: str
    minutes: int


def current_games(
    games: Iterable[GameSlot], states: Mapping[str, GameState]
) -> dict[str, list[GameSlot]]:
    """Per field, its games not over yet, in kick-off order."""
    by_field: dict[str, list[GameSlot]] = {}
    for game in sorted(games, key=lambda g: (g.start, g.game_id)):
        state = states.get(game.game_id)
        if state is None or not state.over:
            by_field.setdefault(game.field_id, []).append(game)
    return by_field


def delay_of(game: GameSlot, state: GameState | None, now: datetime) -> timedelta:
    """How far behind its schedule a field's current game is at `now` (never negative)."""
    kicked_off = state.kicked_off_at if state is not None else None
    started = state is not None and state.started
    if kicked_off is None and not started:
        late = now - game.start
        return late if timedelta(0) < late <= STALE_AFTER else timedelta(0)
    late = (kicked_off - game.start) if kicked_off is not None else timedelta(0)
    overrun = now - game.end
    if overrun > STALE_AFTER:  # its final whistle was never reported
        overrun = timedelta(0)
    return min(max(late, overrun, timedelta(0)), MOST)


def field_delays(
    games: Iterable[GameSlot],
    states: Mapping[str, GameState],
    now: datetime,
    threshold: int = THRESHOLD_MINUTES,
) -> dict[str, FieldDelay]:
    """Every field running more than `threshold` minutes late at `now`, by field id."""
    found = {}
    for field_id, waiting in current_games(games, states).items():
        game = waiting[0]
        minutes = int(delay_of(game, states.get(game.game_id), now).total_seconds() // 60)
        if minutes > threshold:
            found[field_id] = FieldDelay(field_id, game.venue_id, game.game_id, minutes)
    return found


def announcements(
    tournament_id: str,
    announced: Mapping[str, FieldDelay],
    delays: Mapping[str, FieldDelay],
    now: datetime,
) -> list[FieldRunningLate | FieldOnTime]:
    """The notices that take what was announced to what is true now: a field that became
    late, whose late game changed, or whose estimate moved by RENOTIFY_MINUTES; a field no
    longer late. Ids are uuid5 of the content, so two gateways announcing the same thing
    send one notice."""
    found: list[FieldRunningLate | FieldOnTime] = []
    for field_id, delay in sorted(delays.items()):
        before = announced.get(field_id)
        if (
            before is not None
            and before.game_id == delay.game_id
            and (abs(before.minutes - delay.minutes) < RENOTIFY_MINUTES)
        ):
            continue
        subject = f"late/{delay.game_id}/{delay.minutes}"
        found.append(
            FieldRunningLate(
                **_about(tournament_id, delay, subject, now),
                game_id=delay.game_id,
                delay_minutes=delay.minutes,
            )
        )
    for field_id, before in sorted(announced.items()):
        if field_id not in delays:
            subject = f"on-time/{before.game_id}/{before.minutes}"
            found.append(FieldOnTime(**_about(tournament_id, before, subject, now)))
    return found


def after(
    announced: Mapping[str, FieldDelay], notices: Iterable[FieldRunningLate | FieldOnTime]
) -> dict[str, FieldDelay]:
    """What has been announced once `notices` are sent."""
    held = dict(announced)
    for notice in notices:
        if isinstance(notice, FieldRunningLate):
            held[notice.field_id] = FieldDelay(
                notice.field_id, notice.venue_id, notice.game_id, notice.delay_minutes
            )
        else:
            held.pop(notice.field_id, None)
    return held


def _about(tournament_id: str, delay: FieldDelay, subject: str, now: datetime) -> dict[str, Any]:
    """What every field notice says: which field, when, and an id that is uuid5 of the
    content (`subject`: what it says about the field)."""
    return {
        "event_id": uuid.uuid5(NAMESPACE, f"{tournament_id}/{delay.field_id}/{subject}"),
        "tournament_id": tournament_id,
        "occurred_at": now,
        "source": "gateway",
        "venue_id": delay.venue_id,
        "field_id": delay.field_id,
    }
