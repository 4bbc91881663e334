"""An admin releases a quarantined event (once the cause is fixed) or discards it, with a
reason kept in the journal (issue 12, item 1: quarantined events are "shown to the admin";
here the admin can also act on them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from schemas import codec
from services.gateway.journal import Journal
from tests.integration.test_gateway import auth, gateway
from touchline.broker import EmbeddedBroker
from workloads import factories


def lineups(count: int) -> list[Any]:
    game = factories.round_robin(factories.division())["A1"]
    return [factories.lineup(game, "T1", factories.squad("T1", 30)) for _ in range(count)]


def test_an_admin_releases_one_quarantined_event_and_discards_another_with_reasons(
    broker: EmbeddedBroker, tmp_path: Path
) -> None:
    journal_path = tmp_path / "journal.sqlite3"
    events = lineups(2)
    limit = len(codec.encode(events[0]))  # a lineup's message is this and the record's overhead
    with gateway(broker, journal_path, max_message_bytes=limit) as small:
        for event in events:
            answer = small.post("/v1/events", content=codec.encode(event), headers=auth("field"))
            assert answer.json()["status"] == "failed"
    first, second = (str(event.event_id) for event in events)
    seqs = {e.event_id: e.seq for e in Journal(journal_path).quarantined()}
    release = f"/v1/admin/quarantine/{seqs[first]}:release"
    discard = f"/v1/admin/quarantine/{seqs[second]}:discard"
    why = {"reason": "broker limit raised to 10 MB"}

    with gateway(broker, journal_path) as running:  # the limit was raised since
        assert running.post(release, json=why, headers=auth("field")).status_code == 403
        missing = running.post(release, json={}, headers=auth("admin"))
        assert missing.status_code == 422 and "reason" in missing.text
        released = running.post(release, json=why, headers=auth("admin"))
        assert released.status_code == 200, released.text
        assert released.json()["status"] == "published"
        [listed] = running.get("/v1/admin/quarantine", headers=auth("admin")).json()["quarantined"]
        assert listed["event_id"] == second

        junk = {"reason": "a test lineup posted by mistake"}
        discarded = running.post(discard, json=junk, headers=auth("admin"))
        assert discarded.json()["status"] == "discarded"
        assert running.get("/v1/admin/quarantine", headers=auth("admin")).json() == {
            "quarantined": []
        }
        assert running.get("/healthz").json()["quarantined"] == 0
        again = running.post(discard, json=junk, headers=auth("admin"))
        assert again.status_code == 404 and "is in quarantine" in again.text

    journal = Journal(journal_path)
    by_id = {e.event_id: e for e in journal.events()}
    assert by_id[first].quarantined is None
    assert journal.unpublished(journal.last_seq()) == []  # the released one was published
    assert by_id[second].quarantined is not None  # kept, never published
    assert journal.decisions(seqs[first]) == [("release", why["reason"], "admin")]
    assert journal.decisions(seqs[second]) == [("discard", junk["reason"], "admin")]
