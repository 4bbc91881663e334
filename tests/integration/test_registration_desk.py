"""The registration desk over the real broker: the committee posts applications, decisions
and check-ins through `POST /v1/events:batch`, reads the report back, and a locked roster
refuses what would change it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.test_access_control import PRIVATE, auth, build, wait_for_schedule
from touchline.broker import EmbeddedBroker
from workloads import factories
from workloads import registration as r

pytestmark = pytest.mark.broker
GAME = factories.round_robin(factories.division())["A1"]


def post(client: TestClient, who: str, *events: Any) -> list[dict[str, Any]]:
    answer = client.post(
        "/v1/events:batch",
        headers=auth(who),
        json=[e.model_dump(mode="json") for e in events],
    )
    assert answer.status_code == 200
    answers: list[dict[str, Any]] = answer.json()
    return answers


def registration(client: TestClient, **query: str) -> dict[str, Any]:
    answer = client.get(
        f"/v1/tournaments/{PRIVATE}/registration", headers=auth("committee"), params=query
    )
    assert answer.status_code == 200
    report: dict[str, Any] = answer.json()
    return report


def wait_until_locked(client: TestClient, team: str) -> dict[str, Any]:
    for _ in range(100):
        report = registration(client, on="2020-11-21")
        rows = {row["team_id"]: row for row in report["applications"]}
        if team in rows and rows[team]["locked_at"]:
            return report
        time.sleep(0.05)
    raise AssertionError("the gateway never read the lock back")


@pytest.fixture(scope="module")
def desk(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with build(broker, tmp_path_factory.mktemp("desk") / "journal.sqlite3") as client:
        schedule = [
            factories.division(),
            *map(factories.scheduled, factories.round_robin(factories.division()).values()),
        ]
        post(client, "admin", *schedule)
        wait_for_schedule(client)
        answers = post(
            client,
            "committee",
            r.terms(),
            r.application("T1"),
            r.accepted("T1"),
            r.application("T2"),
            r.not_accepted("T2", date(2020, 9, 10)),
            r.checked_in("T1", "P1"),
            r.locked("T1"),
        )
        assert {a["status"] for a in answers} == {"accepted"}
        yield client


def test_the_committee_reads_back_states_check_ins_and_refunds(desk: TestClient) -> None:
    """Seed 003: a team not accepted is refunded "within five (5) days after notification";
    a competitive player's pass verifies them at check-in."""
    report = wait_until_locked(desk, "T1")
    rows = {row["team_id"]: row for row in report["applications"]}
    assert rows["T2"]["status"] == "not_accepted"
    assert [(p["person_id"], p["state"]) for p in rows["T1"]["check_in"]] == [
        ("T1-P1", "verified"),
        ("T1-P2", "not checked in"),
    ]
    [refund] = report["refunds"]
    assert (refund["refund"]["team_id"], refund["status"], refund["refund"]["due_by"]) == (
        "T2",
        "overdue",
        "2020-09-15",
    )
    assert registration(desk, on="2020-09-12")["refunds"][0]["status"] == "due"


def test_a_locked_roster_refuses_unverified_players_on_a_lineup(desk: TestClient) -> None:
    """Seed 003: players who do not present valid player passes "will not play", and the
    same players stay on the roster "for the entirety of the tournament"."""
    wait_until_locked(desk, "T1")
    [fine] = post(desk, "field", factories.lineup(GAME, "T1", ["T1-P1"], staff=["T1-C1"]))
    assert fine["status"] == "accepted"
    answer = desk.post(
        "/v1/events",
        headers=auth("field"),
        json=factories.lineup(GAME, "T1", ["T1-P1", "T1-P2"]).model_dump(mode="json"),
    )
    assert answer.status_code == 409
    [error] = answer.json()["errors"]
    assert error["field"] == "team_id"
    assert error["problem"].startswith("T1-P2 not verified at check-in for team T1")


def test_a_locked_roster_refuses_a_new_roster_or_application(desk: TestClient) -> None:
    """Seed 003: "the same players must be on the maximum tournament roster for the entirety
    of the tournament": the director's roster and a new application are refused alike."""
    wait_until_locked(desk, "T1")
    [roster] = post(desk, "admin", factories.roster("T1", ["T1-P1", "T1-P7"]))
    [application] = post(desk, "committee", r.application("T1", players=["P1", "P7"]))
    for answer in (roster, application):
        assert answer["status"] == "locked"
        assert "locked for the tournament" in answer["errors"][0]["problem"]
    [other] = post(desk, "admin", factories.roster("T2", ["T2-P1"]))
    assert other["status"] == "accepted"


def test_a_bad_registration_event_names_its_field(desk: TestClient) -> None:
    """A registration event with a bad field is refused by the intake with the field named,
    never a 500."""
    bad = r.application("T3").model_dump(mode="json") | {"entry_fee_cents": -5}
    answer = desk.post("/v1/events", headers=auth("committee"), json=bad)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "entry_fee_cents"
