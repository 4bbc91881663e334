"""Who may read a field's sheet and eligibility: a field token for that field (or an admin),
and only about the teams that play there. On the real broker, through the gateway."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.test_access_control import PRIVATE, auth, published
from touchline.broker import EmbeddedBroker
from workloads import factories

pytestmark = pytest.mark.broker


@pytest.fixture(scope="module")
def client(
    broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """The standard division with A6 (T3 v T4) moved to F2, rosters, and T3-P2 expelled."""
    games = factories.round_robin(factories.division())
    games["A6"] = games["A6"].model_copy(update={"field_id": "F2"})
    events: list[Any] = [factories.division(), *map(factories.scheduled, games.values())]
    # the move is a newer schedule entry than the standard one other tests publish
    events[-1] = events[-1].model_copy(
        update={"occurred_at": events[-1].occurred_at + timedelta(minutes=1)}
    )
    events += [factories.roster(t, factories.squad(t, 3)) for t in ("T1", "T2", "T3", "T4")]
    events.append(factories.expulsion("T3-P2"))
    with published(broker, tmp_path_factory.mktemp("field-acl"), events) as running:
        wait_for(running, lambda e: e["flags"]["T3"] != [])
        yield running


def wait_for(client: TestClient, seen: Any) -> None:
    for _ in range(200):
        answer = client.get(
            f"/v1/tournaments/{PRIVATE}/fields/F2/eligibility", headers=auth("admin")
        )
        if answer.status_code == 200 and seen(answer.json()):
            return
        time.sleep(0.05)
    raise AssertionError("the gateway never saw the rosters and the expulsion")


@pytest.mark.parametrize("what", ["sheet", "eligibility"])
@pytest.mark.parametrize(
    ("token", "field", "status"),
    [
        ("field-f2", "F2", 200),
        ("field-f2", "F1", 403),
        ("field", "F1", 200),  # a field token without fields covers every field
        ("admin", "F1", 200),
        ("committee", "F2", 403),
        ("display", "F2", 403),
        ("other-committee", "F2", 403),
        (None, "F2", 401),
    ],
)
def test_only_a_token_for_the_field_reads_it(
    client: TestClient, what: str, token: str | None, field: str, status: int
) -> None:
    answer = client.get(f"/v1/tournaments/{PRIVATE}/fields/{field}/{what}", headers=auth(token))
    assert answer.status_code == status, answer.text


def test_a_token_for_one_field_is_told_which_it_is_for(client: TestClient) -> None:
    answer = client.get(f"/v1/tournaments/{PRIVATE}/fields/F1/sheet", headers=auth("field-f2"))
    assert answer.json()["detail"] == "token 'field-f2' is for field F2, not F1"


def test_a_token_in_the_address_is_refused(client: TestClient) -> None:
    """Only display pages and calendars take `?token=`; the app sends a bearer header."""
    answer = client.get(f"/v1/tournaments/{PRIVATE}/fields/F2/sheet?token=field-f2-secret")
    assert answer.status_code == 401


def test_a_field_reads_only_its_own_teams(client: TestClient) -> None:
    """F2 hosts only A6 (T3 v T4): its sheet and eligibility name no other team."""
    sheet = client.get(f"/v1/tournaments/{PRIVATE}/fields/F2/sheet", headers=auth("field-f2"))
    body = sheet.json()
    assert [g["game_id"] for g in body["games"]] == ["A6"]
    assert set(body["teams"]) == {"T3", "T4"}
    assert [p["person_id"] for p in body["teams"]["T3"]["players"]] == factories.squad("T3", 3)
    flags = client.get(
        f"/v1/tournaments/{PRIVATE}/fields/F2/eligibility", headers=auth("field-f2")
    ).json()["flags"]
    assert flags == {
        "T3": [
            {"person_id": "T3-P2", "reason": "expelled", "detail": "expelled from the tournament"}
        ],
        "T4": [],
    }


def test_the_app_page_holds_no_data_and_runs_no_inline_code(client: TestClient) -> None:
    """The shell is served without a token (it is cached for offline use); everything in it
    comes from the gateway under a CSP without 'unsafe-inline'."""
    page = client.get(f"/field/{PRIVATE}/F2")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "<script>" not in page.text and "T3" not in page.text
    assert client.get("/field/static/app.js").status_code == 200
    assert client.get("/field/static/nothing.js").status_code == 404
    assert client.get("/field/sw.js").headers["content-type"].startswith("text/javascript")


def test_the_app_shell_is_under_150_kb(client: TestClient) -> None:
    """Phone-first: the whole shell (page, script, style, worker, icon) is small enough for
    a weak signal; nothing is fetched from anywhere else."""
    paths = [f"/field/{PRIVATE}/F2", "/field/sw.js"]
    paths += [f"/field/static/{name}" for name in ("app.js", "app.css", "icon.svg")]
    sizes = [len(client.get(path).content) for path in paths]
    assert sum(sizes) < 150_000, sizes
