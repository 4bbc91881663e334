"""Acceptance, without HTTP: admitted events are journaled, the new ones counted and then
published, and each gets its answer. The journal is the real one (SQLite); the fates the
publisher reports are given here (the publisher itself is tested over the embedded broker,
tests/integration/test_gateway.py)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from services.gateway.acceptance import STATUS, Acceptance, answer_for
from services.gateway.admission import admit
from services.gateway.auth import Principal, Role
from services.gateway.group_commit import GroupCommit
from services.gateway.journal import Entry, Incoming, Journal, Recorded, Stored
from services.gateway.outbox import PENDING, PUBLISHED, Delivery, Fate
from workloads import factories

GAME = factories.round_robin(factories.division())["A1"]
FIELD = Principal("field-hash", "field-1", Role.FIELD, frozenset({factories.TOURNAMENT}))
REFUSED = Delivery(Fate.QUARANTINED, "MessageSizeTooLargeError: too big")


def a_score(home: int = 2, **changes: object) -> Incoming:
    body = json.dumps(factories.score(GAME, home, 1).model_dump(mode="json") | changes)
    return admit(FIELD, body.encode(), "the event", lambda t, g: None)


class AcceptanceRig:
    """Acceptance over a real journal; the publisher's fates given per event id."""

    def __init__(self, path: Path) -> None:
        self.journal = Journal(path)
        self.counted: list[str] = []
        self.published: list[list[str]] = []
        self.fates: dict[str, Delivery] = {}
        self.acceptance = Acceptance(
            GroupCommit(self.journal.record_many).submit, self.count, self.publish
        )

    def count(self, entries: Iterable[Entry]) -> None:
        self.counted.extend(entry.event_id for entry in entries)

    async def publish(self, entries: list[Entry]) -> list[Delivery]:
        assert all(entry.event_id in self.counted for entry in entries), "count, then publish"
        self.published.append([entry.event_id for entry in entries])
        return [self.fates.get(entry.event_id, PUBLISHED) for entry in entries]

    async def answers(self, *rows: Incoming) -> list[dict[str, object]]:
        answered = await self.acceptance.accept(list(rows))
        return [answer.model_dump(exclude_none=True) for answer in answered]


@pytest.fixture
def rig(tmp_path: Path) -> AcceptanceRig:
    return AcceptanceRig(tmp_path / "journal.sqlite3")


async def test_a_new_event_is_journaled_counted_then_published_and_answered(
    rig: AcceptanceRig,
) -> None:
    """The catch-up count comes before the publication, so no standings snapshot can fold
    an event the gateway has not counted (docs/NOTES.md, "After a restart")."""
    row = a_score()
    assert await rig.answers(row) == [
        {"event_id": row.event_id, "status": "accepted", "published": True}
    ]
    assert [entry.event_id for entry in rig.journal.events()] == [row.event_id]
    assert rig.counted == [row.event_id]
    assert rig.published == [[row.event_id]]


async def test_an_event_the_broker_has_not_acknowledged_is_accepted_and_unpublished(
    rig: AcceptanceRig,
) -> None:
    row = a_score()
    rig.fates[row.event_id] = PENDING
    [answer] = await rig.answers(row)
    assert (answer["status"], answer["published"]) == ("accepted", False)


async def test_a_repeat_is_a_duplicate_never_counted_or_published_again(rig: AcceptanceRig) -> None:
    row = a_score()
    await rig.answers(row)
    assert await rig.answers(row) == [{"event_id": row.event_id, "status": "duplicate"}]
    assert rig.counted == [row.event_id]
    assert rig.published == [[row.event_id], []]


async def test_an_event_id_used_again_for_another_event_is_a_conflict(rig: AcceptanceRig) -> None:
    first = a_score()
    await rig.answers(first)
    other = a_score(home=7, event_id=first.event_id)
    [answer] = await rig.answers(other)
    assert answer["status"] == "conflict"
    assert answer["errors"] == [
        {"field": "event_id", "problem": "this event id was already used for a different event"}
    ]


async def test_an_event_the_broker_refuses_for_good_fails_now_and_when_posted_again(
    rig: AcceptanceRig,
) -> None:
    """Quarantined: kept in the journal with the broker's reason, answered `failed` (a 422,
    so clients do not retry it), also to a retry of the same event."""
    row = a_score()
    rig.fates[row.event_id] = REFUSED
    [first] = await rig.answers(row)
    [entry] = rig.journal.events()
    rig.journal.quarantine(entry.seq, REFUSED.reason)  # as the publisher does
    [again] = await rig.answers(row)
    for answer in (first, again):
        assert answer["status"] == "failed"
        assert REFUSED.reason in str(answer["errors"])
    assert STATUS["failed"] == 422


async def test_a_batch_is_answered_event_by_event_in_order(rig: AcceptanceRig) -> None:
    seen, refused = a_score(), a_score()
    await rig.answers(seen)
    fresh = a_score()
    rig.fates[refused.event_id] = REFUSED
    answers = await rig.answers(fresh, seen, refused)
    assert [(a["event_id"], a["status"]) for a in answers] == [
        (fresh.event_id, "accepted"),
        (seen.event_id, "duplicate"),
        (refused.event_id, "failed"),
    ]
    assert rig.published[-1] == [fresh.event_id, refused.event_id]


async def test_the_time_of_each_step_is_reported_when_asked(rig: AcceptanceRig) -> None:
    timing: dict[str, float] = {}
    await rig.acceptance.accept([a_score()], timing)
    assert set(timing) == {"journal", "publish"}
    assert all(ms >= 0 for ms in timing.values())


def test_an_answer_says_what_recording_did_and_whether_the_broker_has_it() -> None:
    assert answer_for(Stored(Recorded.NEW, 1), PUBLISHED).published is True
    assert answer_for(Stored(Recorded.NEW, 1), PENDING).published is False
    assert answer_for(Stored(Recorded.DUPLICATE, 1), None).published is None
    assert answer_for(Stored(Recorded.DUPLICATE, 1, "refused"), None).status == "failed"
    assert answer_for(Stored(Recorded.CONFLICT, 1, "refused"), None).status == "conflict"
