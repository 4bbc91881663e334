"""An admin's decision about an event the broker refused for good (`outbox`): release it to
be published again (once the cause is fixed, say the broker's message limit was raised), or
discard it for good. Either is kept in the journal with the admin's reason and name; neither
removes the event, so the journal still holds everything that was accepted.

A released event is published at once and the answer says how that went: refused again, it
is back in quarantine with the broker's new reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from enum import Enum

from pydantic import BaseModel, Field

from services.gateway.journal import Entry, Journal
from services.gateway.outbox import Fate
from services.gateway.publisher import Publisher


class Decision(Enum):
    RELEASE = "release"
    DISCARD = "discard"


class Decided(BaseModel):
    """Why the admin decided so: kept with the decision."""

    reason: str = Field(min_length=1, max_length=1000, description="Why, for the record.")


class NotQuarantined(LookupError):
    """No event under that sequence number is in quarantine (or it was discarded)."""


async def decide(
    journal: Journal,
    publisher: Publisher,
    seq: int,
    decision: Decision,
    why: Decided,
    admin: str,
    released: Callable[[Entry], None],
    may_decide: Callable[[Entry], bool],
) -> dict[str, object]:
    """Record the decision and, for a release, publish the event; what became of it.
    `may_decide` says whether the admin's token covers the event's tournament (checked
    before anything is recorded); `released` is told of an event that is back in the fold."""
    listed = {entry.seq: entry for entry in await asyncio.to_thread(journal.quarantined)}
    if seq not in listed or not may_decide(listed[seq]):
        raise NotQuarantined(seq)
    entry = await asyncio.to_thread(journal.decide, seq, decision.value, why.reason, admin)
    if entry is None:  # decided by someone else meanwhile
        raise NotQuarantined(seq)
    answer: dict[str, object] = {"seq": seq, "event_id": entry.event_id, "decision": decision.value}
    if decision is Decision.RELEASE:
        released(entry)
        [delivery] = await publisher.publish([entry])
        answer["status"] = delivery.fate.value
        if delivery.fate is Fate.QUARANTINED:
            answer["reason"] = delivery.reason
    else:
        answer["status"] = "discarded"
    return answer
