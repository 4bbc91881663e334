"""What a service remembers of its inputs: a pure, order-free ledger.

A ledger holds the latest definition of every division, the latest schedule entry of every
game, and the set of events a service cares about, each once. Applying the same input twice,
or inputs in any order, gives the same ledger: every choice between two versions of a thing is
made by `schemas.base.recency`, never by arrival order. Standings keep one ledger per
division; discipline keeps one per tournament (a person's record spans teams and divisions).

Workers persist a ledger as chunks, never whole: a chunk holds the inputs one batch added and
the ledger's version after them, and one record carries the chunks of several ledgers.
Because the ledger is order-free, every chunk of a key read in any order rebuilds it
(`rebuild`). A record is as small as its batch, so none outgrows the broker's message limit
(a big tournament's whole ledger is several megabytes), and a batch costs what it adds, not
what the ledger already holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any

from pydantic import BaseModel, Field, TypeAdapter

from schemas.base import recency
from schemas.codec import InboundEvent
from schemas.match import GameEvent, ScoreReported
from schemas.schedule import DivisionDefined, GameCancelled, GameScheduled, GameSlot

ScheduleEntry = GameScheduled | GameCancelled


class Applied(Enum):
    """What applying one input did to the ledger."""

    CHANGED = "changed"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    UNKNOWN_GAME = "unknown game"


class Ledger(BaseModel):
    """The inputs a service folds into its state."""

    divisions: dict[str, DivisionDefined] = Field(default_factory=dict)
    schedule: dict[str, ScheduleEntry] = Field(default_factory=dict)
    events: dict[str, InboundEvent] = Field(
        default_factory=dict, description="By identity: each producer's ids are its own."
    )
    version: int = 0

    @property
    def games(self) -> dict[str, GameSlot]:
        """The current slot of every game still on the schedule."""
        return {
            game_id: entry.game
            for game_id, entry in self.schedule.items()
            if isinstance(entry, GameScheduled)
        }


def division_id_of(item: Any) -> str | None:
    """The division a schedule or match event is about (None for events about a person
    rather than a division, such as a committee's expulsion)."""
    if isinstance(item, GameScheduled):
        return item.game.division_id
    return getattr(item, "division_id", None)


def is_live_score(event: Any) -> bool:
    """A live score changes no table and serves no suspension: only final results count.
    Both workers leave live scores out of their ledgers (most of a match day's traffic)."""
    return isinstance(event, ScoreReported) and event.status == "live"


def newer(candidate: Any, current: Any) -> bool:
    """Whether a definition or schedule entry replaces the current one (None: there is none)."""
    if current is None:
        return True
    return recency(candidate) > recency(current)


def apply(ledger: Ledger, item: Any, wanted: Callable[[Any], bool] = lambda _: True) -> Applied:
    """Add an input to the ledger in place and say what that did.

    Events for which `wanted` is false are ignored. A game event naming a game the schedule
    does not have is kept (it counts as soon as the game is scheduled) and answered
    UNKNOWN_GAME so the caller can report it.
    """
    if isinstance(item, DivisionDefined):
        changed = newer(item, ledger.divisions.get(item.division_id))
        if changed:
            ledger.divisions[item.division_id] = item
    elif isinstance(item, GameScheduled | GameCancelled):
        game_id = item.game.game_id if isinstance(item, GameScheduled) else item.game_id
        changed = newer(item, ledger.schedule.get(game_id))
        if changed:
            ledger.schedule[game_id] = item
    elif not wanted(item):
        return Applied.IGNORED
    else:
        changed = item.identity not in ledger.events
        if changed:
            ledger.events[item.identity] = item
    if not changed:
        return Applied.DUPLICATE
    ledger.version += 1
    if isinstance(item, GameEvent) and item.game_id not in ledger.schedule:
        return Applied.UNKNOWN_GAME
    return Applied.CHANGED


#: Why an accepted input has no effect on a service's state (None when it has one).
Explain = Callable[[Ledger, Any], str | None]


def fold_in(
    ledger: Ledger,
    item: Any,
    wanted: Callable[[Any], bool] = lambda _: True,
    explain: Explain = lambda ledger, item: None,
) -> tuple[Applied, str | None]:
    """`apply`, and why the input is to be reported: it names a game not (yet) scheduled,
    or it changed the ledger but, as the ledger stands, cannot count (`explain`). Such inputs
    are kept, so a later schedule change can still make them count."""
    applied = apply(ledger, item, wanted)
    if applied is Applied.UNKNOWN_GAME:
        return applied, f"game_id: unknown game {item.game_id!r}; kept, counts once scheduled"
    if applied is Applied.CHANGED and (why := explain(ledger, item)):
        return applied, f"{why}; kept, but it changes nothing"
    return applied, None


class Chunk(BaseModel):
    """What one batch added to a ledger, and the ledger's version after it."""

    version: int
    inputs: list[InboundEvent]


_CHUNKS = TypeAdapter(dict[str, Chunk])


def encode_chunks(chunks: Mapping[str, tuple[int, list[bytes]]]) -> bytes:
    """One record holding chunks of several ledgers: ledger key -> (version, the inputs'
    own encoded bytes, which are not re-serialised)."""
    return b"{%s}" % b",".join(
        b'%s:{"version":%d,"inputs":[%s]}' % (json.dumps(key).encode(), version, b",".join(inputs))
        for key, (version, inputs) in chunks.items()
    )


def rebuild(records: Iterable[bytes]) -> dict[str, Ledger]:
    """Every ledger the records hold chunks of, whatever order the records come in.

    A ledger's version is its newest chunk's: re-applying inputs in another order than they
    arrived can count fewer changes (an older schedule entry after a newer one is none).
    """
    ledgers: dict[str, Ledger] = {}
    versions: dict[str, int] = {}
    for raw in records:
        for key, chunk in _CHUNKS.validate_json(raw).items():
            ledger = ledgers.setdefault(key, Ledger())
            for item in chunk.inputs:
                apply(ledger, item)
            versions[key] = max(versions.get(key, 0), chunk.version)
    for key, ledger in ledgers.items():
        ledger.version = versions[key]
    return ledgers
