"""What happens to admitted events: journaled, the new ones counted and published, and each
answered. Plain code: the journal's writer, the publisher and the catch-up count are passed
in, so the answers are tested without HTTP.

An event is on disk before it is answered (the journal is the outbox). A new one is counted
for the standings' catch-up before it is published, so no snapshot can hold an event the
gateway has not counted (`catchup`). Duplicates and conflicts are not published again.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable

from services.gateway.admission import Answer, problem
from services.gateway.journal import Entry, Incoming, Recorded, Stored
from services.gateway.outbox import Delivery, Fate

#: The HTTP status of an answer to one event posted alone.
STATUS = {"accepted": 202, "duplicate": 200, "conflict": 409, "failed": 422}


class Acceptance:
    """Journals admitted events, publishes the new ones and answers each."""

    def __init__(
        self,
        record: Callable[[list[Incoming]], Awaitable[list[Stored]]],
        journaled: Callable[[Iterable[Entry]], None],
        publish: Callable[[list[Entry]], Awaitable[list[Delivery]]],
    ) -> None:
        self._record = record
        self._journaled = journaled
        self._publish = publish

    async def accept(
        self, rows: list[Incoming], timing: dict[str, float] | None = None
    ) -> list[Answer]:
        """Journal, publish the new ones, and answer each; `timing` gets each step's ms."""
        started = time.perf_counter()
        stored = await self._record(rows)
        journaled = time.perf_counter()
        fresh = {
            s.seq: row.entry(s.seq)
            for row, s in zip(rows, stored, strict=True)
            if s.recorded is Recorded.NEW
        }
        self._journaled(fresh.values())
        fates = dict(zip(fresh, await self._publish(list(fresh.values())), strict=True))
        if timing is not None:
            timing["journal"] = (journaled - started) * 1000
            timing["publish"] = (time.perf_counter() - journaled) * 1000
        answers = []
        for row, result in zip(rows, stored, strict=True):
            answer = answer_for(result, fates.get(result.seq))
            answer.event_id = row.event_id
            answers.append(answer)
        return answers


def answer_for(stored: Stored, delivery: Delivery | None) -> Answer:
    """The answer for one journaled event: `delivery` is the fate of a new one."""
    reason = delivery.reason if delivery is not None else stored.quarantined
    if stored.recorded is Recorded.CONFLICT:
        detail = "this event id was already used for a different event"
        return problem("conflict", "event_id", detail)
    if reason:
        detail = f"the broker refused it for good ({reason}); kept in the journal, quarantined"
        return problem("failed", "body", detail)
    if delivery is None:
        return Answer(status=stored.recorded.value)
    return Answer(status=stored.recorded.value, published=delivery.fate is Fate.PUBLISHED)
