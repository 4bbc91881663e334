"""The gateway against the real embedded broker: who may post what, what a bad request is
told, and that an accepted event is journaled and on its topic before the answer."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiokafka import AIOKafkaConsumer
from fastapi.testclient import TestClient

from schemas import codec
from services.discipline.ids import derived_id
from services.gateway.app import MAX_EVENT_BYTES, GatewayConfig, create_app
from services.gateway.auth import Role, TokenStore, entry_for
from services.gateway.journal import Journal
from touchline.broker import EmbeddedBroker
from workloads import factories

TOKENS = {
    "field": ("field-secret", Role.FIELD, [factories.TOURNAMENT]),
    "committee": ("committee-secret", Role.COMMITTEE, [factories.TOURNAMENT]),
    "other": ("other-secret", Role.FIELD, ["another-cup"]),
    "admin": ("admin-secret", Role.ADMIN, ["*"]),
}


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite3"


def gateway(broker: EmbeddedBroker, journal_path: Path, **settings: Any) -> TestClient:
    """A gateway on the test broker with the TOKENS (started when entered)."""
    entries = [entry_for(name, token, role, ts) for name, (token, role, ts) in TOKENS.items()]
    store = TokenStore.parse(yaml.safe_dump({"tokens": entries}), "test")
    config = GatewayConfig(broker.bootstrap, journal_path, store, batch_limit=5, **settings)
    return TestClient(create_app(config))


@pytest.fixture
def client(broker: EmbeddedBroker, journal_path: Path) -> Iterator[TestClient]:
    with gateway(broker, journal_path) as running:
        yield running


def auth(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[name][0]}"}


def a_score(**overrides: Any) -> dict[str, Any]:
    game = factories.round_robin(factories.division())["A1"]
    return factories.score(game, 2, 1, **overrides).model_dump(mode="json")


def test_an_accepted_score_is_journaled_and_on_match_events_before_the_answer(
    client: TestClient, broker: EmbeddedBroker, journal_path: Path
) -> None:
    body = a_score()
    answer = client.post("/v1/events", json=body, headers=auth("field"))
    assert answer.status_code == 202
    assert answer.json() == {"event_id": body["event_id"], "status": "accepted", "published": True}
    stored = Journal(journal_path).events()
    assert [entry.event_id for entry in stored] == [body["event_id"]]
    assert stored[0].key == f"{factories.TOURNAMENT}/U12B".encode()
    published = asyncio.run(messages_on(broker.bootstrap, "match-events"))
    assert [
        codec.decode(codec.INBOUND_EVENT, value).model_dump(mode="json")
        for value in published
        if body["event_id"].encode() in value
    ] == [body | {"producer": "field"}]


def test_what_the_broker_acknowledged_is_marked_published_by_the_time_the_gateway_stops(
    broker: EmbeddedBroker, journal_path: Path
) -> None:
    """Marks are written in batches, off the answer's path; a stop writes the last batch, so
    a restart republishes nothing that was acknowledged."""
    with gateway(broker, journal_path) as running:
        for _ in range(3):
            answer = running.post("/v1/events", json=a_score(), headers=auth("field"))
            assert answer.json()["published"] is True
    journal = Journal(journal_path)
    assert len(journal.events()) == 3
    assert journal.unpublished(journal.last_seq()) == []


async def messages_on(bootstrap: str, topic: str) -> list[bytes]:
    """Every message on a topic (other tests share the broker; some put poison there)."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        batches = await consumer.getmany(timeout_ms=2000, max_records=100_000)
        return [m.value or b"" for messages in batches.values() for m in messages]
    finally:
        await consumer.stop()


def test_posting_the_same_event_again_is_answered_as_a_duplicate(client: TestClient) -> None:
    body = a_score()
    assert client.post("/v1/events", json=body, headers=auth("field")).status_code == 202
    again = client.post("/v1/events", json=body, headers=auth("field"))
    assert (again.status_code, again.json()["status"]) == (200, "duplicate")


def test_reusing_an_event_id_for_another_event_is_a_conflict(client: TestClient) -> None:
    body = a_score()
    client.post("/v1/events", json=body, headers=auth("field"))
    other = client.post("/v1/events", json=body | {"home_goals": 7}, headers=auth("field"))
    assert other.status_code == 409
    assert other.json()["errors"][0]["field"] == "event_id"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"home_goals": "two"}, "home_goals"),
        ({"game_id": ""}, "game_id"),
        ({"type": "score.guessed"}, "type"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"status": "halftime"}, "status"),
    ],
)
def test_a_malformed_event_is_refused_naming_the_field(
    client: TestClient, change: dict[str, Any], field: str
) -> None:
    answer = client.post("/v1/events", json=a_score() | change, headers=auth("field"))
    assert answer.status_code == 422
    assert [error["field"] for error in answer.json()["errors"]] == [field]


def test_a_body_that_is_not_json_is_refused(client: TestClient) -> None:
    answer = client.post("/v1/events", content=b"{nope", headers=auth("field"))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "body"


def test_no_token_or_an_unknown_token_is_unauthorised(client: TestClient) -> None:
    assert client.post("/v1/events", json=a_score()).status_code == 401
    bad = {"Authorization": "Bearer not-a-token"}
    assert client.post("/v1/events", json=a_score(), headers=bad).status_code == 401


def test_a_token_for_another_tournament_is_forbidden(client: TestClient) -> None:
    answer = client.post("/v1/events", json=a_score(), headers=auth("other"))
    assert answer.status_code == 403
    [error] = answer.json()["errors"]
    assert error["field"] == "tournament_id" and factories.TOURNAMENT in error["problem"]


def test_a_field_token_cannot_post_a_ruling_nor_a_committee_token_a_score(
    client: TestClient,
) -> None:
    ruling = {**factories.envelope(), "type": "ruling.person_expelled", "person_id": "P1"}
    ruling = {k: str(v) if k in ("event_id", "occurred_at") else v for k, v in ruling.items()}
    assert client.post("/v1/events", json=ruling, headers=auth("field")).status_code == 403
    assert client.post("/v1/events", json=ruling, headers=auth("committee")).status_code == 202
    assert client.post("/v1/events", json=a_score(), headers=auth("committee")).status_code == 403


def test_only_an_admin_posts_the_schedule(client: TestClient) -> None:
    division = factories.division().model_dump(mode="json")
    assert client.post("/v1/events", json=division, headers=auth("field")).status_code == 403
    assert client.post("/v1/events", json=division, headers=auth("admin")).status_code == 202


def test_a_batch_is_answered_event_by_event(client: TestClient) -> None:
    good, repeated = a_score(), a_score()
    client.post("/v1/events", json=repeated, headers=auth("field"))
    bad = a_score() | {"away_goals": -1}
    answer = client.post("/v1/events:batch", json=[good, bad, repeated], headers=auth("field"))
    assert answer.status_code == 200
    statuses = [item["status"] for item in answer.json()]
    assert statuses == ["accepted", "invalid", "duplicate"]
    assert answer.json()[1]["errors"][0]["field"] == "away_goals"


def test_a_batch_over_the_limit_is_refused_whole(client: TestClient) -> None:
    answer = client.post(
        "/v1/events:batch", json=[a_score() for _ in range(6)], headers=auth("field")
    )
    assert answer.status_code == 413


def test_committee_notices_are_not_for_field_tokens(client: TestClient) -> None:
    path = f"/v1/tournaments/{factories.TOURNAMENT}/notices"
    assert client.get(path, headers=auth("field")).status_code == 403
    assert client.get(path, headers=auth("committee")).status_code == 200


def raw_score() -> bytes:
    return json.dumps(a_score()).encode()


CRASHERS = {  # bodies that made a JSON parser fail with something other than a decode error
    "nested 1,000 deep": (b"[" * 1000 + b"]" * 1000, "nested deeper than"),
    "a 5,000-digit integer": (raw_score()[:-1] + b', "minute": ' + b"9" * 5000 + b"}", "digits"),
}


@pytest.mark.parametrize("name", CRASHERS)
def test_a_body_that_crashed_the_json_parser_is_refused_naming_the_problem(
    client: TestClient, name: str
) -> None:
    raw, problem = CRASHERS[name]
    alone = client.post("/v1/events", content=raw, headers=auth("field"))
    assert alone.status_code == 422
    [error] = alone.json()["errors"]
    assert error["field"] == "body" and problem in error["problem"]
    batch = client.post(
        "/v1/events:batch", content=b"[" + raw_score() + b"," + raw + b"]", headers=auth("field")
    )
    assert batch.status_code == 200
    accepted, refused = batch.json()
    assert (accepted["status"], refused["status"]) == ("accepted", "invalid")
    assert problem in refused["errors"][0]["problem"]


def test_an_oversized_event_in_a_batch_is_refused_alone_naming_its_place_and_the_limit(
    client: TestClient, journal_path: Path
) -> None:
    """The same limit as for one event posted alone (64 KiB), and the events around it are
    accepted."""
    before, after = a_score(), a_score()
    teams = [f"team-{n:04d}-of-a-very-large-division" for n in range(1000)]
    division = factories.division("U12X", {"A": teams}).model_dump(mode="json")
    assert len(json.dumps(division)) > MAX_EVENT_BYTES  # valid, but too large to be one event
    answer = client.post("/v1/events:batch", json=[before, division, after], headers=auth("admin"))
    assert answer.status_code == 200
    assert [item["status"] for item in answer.json()] == ["accepted", "too_large", "accepted"]
    [error] = answer.json()[1]["errors"]
    assert "event 1 " in error["problem"] and f"{MAX_EVENT_BYTES:,}" in error["problem"]
    alone = client.post("/v1/events", json=division, headers=auth("admin"))
    assert alone.status_code == 413
    journaled = {entry.event_id for entry in Journal(journal_path).events()}
    assert journaled == {before["event_id"], after["event_id"]}


def test_a_padded_event_counts_its_padding_in_a_batch_as_alone(client: TestClient) -> None:
    padded = raw_score()[:-1] + b" " * MAX_EVENT_BYTES + b"}"
    assert client.post("/v1/events", content=padded, headers=auth("field")).status_code == 413
    answer = client.post("/v1/events:batch", content=b"[" + padded + b"]", headers=auth("field"))
    assert [item["status"] for item in answer.json()] == ["too_large"]


def test_the_journal_keeps_each_event_as_sent_byte_for_byte_also_in_a_batch(
    client: TestClient, journal_path: Path
) -> None:
    def spelled(body: dict[str, Any]) -> bytes:
        """Valid JSON as no encoder writes it: keys reversed, odd spacing, escaped unicode."""
        text = json.dumps(dict(reversed(body.items())), indent="\t", separators=(" ,", " : "))
        return text.replace("Sam", "S\\u0061m").encode()

    single = a_score() | {"source": "Sam's phone"}
    batch = [a_score() | {"source": "Sam\u00e9"}, a_score()]
    raws = [spelled(body) for body in batch]
    answer = client.post("/v1/events", content=spelled(single), headers=auth("field"))
    assert answer.status_code == 202
    body = b" [ " + b" ,\n".join(raws) + b"\n] "
    answers = client.post("/v1/events:batch", content=body, headers=auth("field")).json()
    assert [a["status"] for a in answers] == ["accepted", "accepted"]
    stored = {entry.event_id: entry for entry in Journal(journal_path).events()}
    assert stored[single["event_id"]].raw == spelled(single)
    assert [stored[b["event_id"]].raw for b in batch] == raws
    assert json.loads(stored[batch[0]["event_id"]].body)["source"] == "Sam\u00e9"


def test_a_sender_cannot_claim_a_producer(client: TestClient) -> None:
    for claimed in ("discipline", "admin", "field"):
        answer = client.post(
            "/v1/events", json=a_score() | {"producer": claimed}, headers=auth("field")
        )
        assert answer.status_code == 422
        assert answer.json()["errors"][0]["field"] == "producer"
        batch = [a_score(), a_score() | {"producer": claimed}]
        answers = client.post("/v1/events:batch", json=batch, headers=auth("field")).json()
        assert [a["status"] for a in answers] == ["accepted", "invalid"]
        assert answers[1]["errors"][0]["field"] == "producer"


def test_a_field_token_cannot_pre_empt_an_id_the_directors_tools_will_use(
    client: TestClient, journal_path: Path
) -> None:
    """Roster ids are computed from the tournament and team, which anyone can know."""
    roster = factories.roster("T1", factories.squad("T1", 8)).model_copy(
        update={"event_id": derived_id(factories.TOURNAMENT, "roster.submitted", "T1")}
    )
    squat = a_score() | {"event_id": str(roster.event_id)}
    assert client.post("/v1/events", json=squat, headers=auth("field")).status_code == 202
    answer = client.post("/v1/events", content=codec.encode(roster), headers=auth("admin"))
    assert (answer.status_code, answer.json()["status"]) == (202, "accepted")
    assert {e.producer for e in Journal(journal_path).events()} == {"field", "admin"}


def test_an_event_the_broker_refuses_is_answered_failed_and_shown_to_the_admin(
    broker: EmbeddedBroker, journal_path: Path
) -> None:
    event = factories.lineup(
        factories.round_robin(factories.division())["A1"], "T1", factories.squad("T1", 30)
    )
    lineup = event.model_dump(mode="json")
    small, big = a_score(), a_score() | {"source": "x" * 100}
    limit = len(codec.encode(event))  # the lineup's message is this and the record's overhead
    with gateway(broker, journal_path, max_message_bytes=limit) as running:
        answer = running.post("/v1/events", json=lineup, headers=auth("field"))
        assert (answer.status_code, answer.json()["status"]) == (422, "failed")
        assert "MessageSizeTooLarge" in answer.json()["errors"][0]["problem"]
        again = running.post("/v1/events", json=lineup, headers=auth("field"))
        assert (again.status_code, again.json()["status"]) == (422, "failed")
        batch = running.post("/v1/events:batch", json=[small, lineup, big], headers=auth("field"))
        assert [a["status"] for a in batch.json()] == ["accepted", "failed", "accepted"]
        assert running.get("/healthz").json()["quarantined"] == 1
        assert running.get("/v1/admin/quarantine", headers=auth("field")).status_code == 403
        [listed] = running.get("/v1/admin/quarantine", headers=auth("admin")).json()["quarantined"]
        assert (listed["event_id"], listed["producer"]) == (lineup["event_id"], "field")
    journal = Journal(journal_path)
    assert journal.unpublished(journal.last_seq()) == []
    assert [e.event_id for e in journal.quarantined()] == [lineup["event_id"]]
