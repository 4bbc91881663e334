"""The state of each game as a spectator sees it, folded from the field's events.

Live scores change no table (the standings never see them); here they are the whole point.
Each game keeps only the deciding report of each kind, chosen by a total order that does not
depend on arrival (live reports by sequence, everything else by occurred_at, ties by
identity), so any order or repetition of the same events gives the same state.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Literal

from schemas.match import (
    ForfeitDeclared,
    GameAbandoned,
    GameTerminated,
    ScoreCorrected,
    ScoreReported,
    ShootoutResult,
)

Status = Literal[
    "scheduled", "live", "half_time", "final", "forfeit", "abandoned", "awaiting_shootout"
]
#: Events that tell a spectator something about a game in progress or over.
FOLDED = (
    ScoreReported,
    ForfeitDeclared,
    GameAbandoned,
    GameTerminated,
    ShootoutResult,
    ScoreCorrected,
)
#: The states in which a game no longer holds its field.
OVER = frozenset({"final", "forfeit", "abandoned"})


def _rank(event: Any) -> tuple[float, str]:
    return (event.occurred_at.timestamp(), event.identity)


def _live_rank(event: ScoreReported) -> tuple[int, float, str]:
    return (event.sequence, *_rank(event))


@dataclass(frozen=True)
class GameFacts:
    """The deciding event of each kind for one game (None: none yet)."""

    live: ScoreReported | None = None
    final: ScoreReported | None = None
    kicked_off_at: datetime | None = None
    forfeit: ForfeitDeclared | None = None
    abandoned: GameAbandoned | None = None
    terminated: GameTerminated | None = None
    shootout: ShootoutResult | None = None
    corrected: ScoreCorrected | None = None

    def add(self, event: Any) -> GameFacts:
        """These facts with one more event (the same facts if it decides nothing)."""
        if isinstance(event, ScoreReported) and event.status == "live":
            best = _better(self.live, event, _live_rank)
            if event.period not in (None, "first_half"):  # the break is not in the minute
                return replace(self, live=best)
            kick_off = event.occurred_at - timedelta(minutes=event.minute or 0)
            earliest = min(filter(None, (self.kicked_off_at, kick_off)))
            return replace(self, live=best, kicked_off_at=earliest)
        slot = _SLOTS.get(type(event))
        if slot is None:
            return self
        return replace(self, **{slot: _better(getattr(self, slot), event, _rank)})


_SLOTS = {
    ScoreReported: "final",
    ForfeitDeclared: "forfeit",
    GameAbandoned: "abandoned",
    GameTerminated: "terminated",
    ShootoutResult: "shootout",
    ScoreCorrected: "corrected",
}


def _better(held: Any, candidate: Any, rank: Any) -> Any:
    return candidate if held is None or rank(candidate) > rank(held) else held


@dataclass(frozen=True)
class GameState:
    """What a page shows of a game: status, score, minute, kicks, when it kicked off."""

    game_id: str
    status: Status = "scheduled"
    home_goals: int | None = None
    away_goals: int | None = None
    minute: int | None = None
    home_kicks: int | None = None
    away_kicks: int | None = None
    note: str = ""
    kicked_off_at: datetime | None = None
    reported_at: datetime | None = None
    """When the live report that gave `minute` was made."""
    period: str | None = None
    """The half that report was in (None: the field app did not say)."""
    runs_to: int | None = None
    """The minute a page may run the game's clock on to (`playing_minute`); None: not."""

    @property
    def over(self) -> bool:
        return self.status in OVER

    @property
    def started(self) -> bool:
        return self.kicked_off_at is not None or self.status != "scheduled"


def game_state(game_id: str, facts: GameFacts, playoff: bool = False) -> GameState:
    """The game's state from its facts. A forfeit or abandonment ends it whatever else was
    posted; a committee correction gives the final score; a drawn playoff game waits for
    its shoot-out."""
    state = GameState(game_id, kicked_off_at=facts.kicked_off_at)
    if facts.live is not None:
        period = facts.live.period
        state = replace(
            state,
            status="half_time" if period == "half_time" else "live",
            home_goals=facts.live.home_goals,
            away_goals=facts.live.away_goals,
            minute=facts.live.minute,
            reported_at=facts.live.occurred_at,
            period=period,
        )
    if facts.forfeit is not None:
        note = "no show" if facts.forfeit.reason == "no_show" else "forfeit"
        return replace(state, status="forfeit", minute=None, period=None, note=note)
    if facts.abandoned is not None:
        ended = facts.abandoned
        return replace(
            state, status="abandoned", home_goals=ended.home_goals, away_goals=ended.away_goals
        )
    result: Any = facts.corrected or facts.terminated or facts.final
    if result is None:
        return state
    note = f"ended early ({facts.terminated.reason})" if result is facts.terminated else ""
    state = replace(
        state,
        status="final",
        minute=None,
        period=None,
        home_goals=result.home_goals,
        away_goals=result.away_goals,
        note=note,
    )
    if facts.shootout is not None:
        return replace(
            state, home_kicks=facts.shootout.home_kicks, away_kicks=facts.shootout.away_kicks
        )
    if playoff and result.home_goals == result.away_goals:
        return replace(state, status="awaiting_shootout")
    return state


@dataclass
class GameStates:
    """Every game's facts of one tournament, and their states (the fold's state)."""

    facts: dict[str, GameFacts] = field(default_factory=dict)
    latest: datetime | None = None  # the latest field time seen: the events' clock

    def add(self, event: Any) -> bool:
        """Fold one event in; True when it changed what the game's page shows."""
        if not isinstance(event, FOLDED):
            return False
        if self.latest is None or event.occurred_at > self.latest:
            self.latest = event.occurred_at
        held = self.facts.get(event.game_id, GameFacts())
        grown = held.add(event)
        self.facts[event.game_id] = grown
        return grown != held


def minute_cap(state: GameState, half_minutes: int | None) -> int | None:
    """The last minute of the half a live game is in: its clock stops there (stoppage time
    is the referee's, not ours to guess). None: not live, or its half length unknown."""
    if state.status != "live" or state.minute is None or half_minutes is None:
        return None
    first = state.period == "first_half" or (state.period is None and state.minute < half_minutes)
    return half_minutes if first else 2 * half_minutes


def playing_minute(state: GameState, now: datetime, half_minutes: int | None) -> GameState:
    """The state with its minute run on to `now`.

    A live report says the minute when it was sent, and the field app reports at kick-offs,
    goals and the break, so a page would show 12' for most of a half. The minute runs on in
    whole minutes from the report, up to the end of its half (`minute_cap`); it never runs
    at half-time, for a game not live, or where the half length is unknown, and never back
    (a report "from the future", a phone's clock ahead, leaves the minute as reported)."""
    cap = minute_cap(state, half_minutes)
    if cap is None or state.reported_at is None or state.minute is None:
        return state
    ran = max(0, int((now - state.reported_at).total_seconds() // 60))
    minute = max(state.minute, min(state.minute + ran, cap))
    return replace(state, minute=minute, runs_to=max(minute, cap))
