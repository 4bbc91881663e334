"""Rulings posted from the committee's console, on the real broker: what is refused and why,
and a form sent twice being one ruling."""

from __future__ import annotations

import html
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from services.gateway.console.session import COOKIE, csrf_token
from tests.integration.test_access_control import PRIVATE, build
from touchline.broker import EmbeddedBroker

RULINGS = f"/console/{PRIVATE}/discipline/rulings"
SIGNED_IN = {"Cookie": f"{COOKIE}=committee-secret"}


@pytest.fixture(scope="module")
def client(
    broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    with build(broker, tmp_path_factory.mktemp("rulings") / "journal.sqlite3") as running:
        yield running


def post(client: TestClient, **fields: str) -> object:
    form = {
        "csrf": csrf_token("committee-secret"),
        "event_id": str(uuid.uuid4()),
        "occurred_at": datetime.now(UTC).isoformat(),
    } | fields
    return client.post(RULINGS, data=form, headers=SIGNED_IN, follow_redirects=False)


def journaled(client: TestClient) -> int:
    return len(client.app.state.gateway.journal.events(PRIVATE))  # type: ignore[attr-defined]


def test_a_ruling_with_a_wrong_field_is_refused_with_the_field_named_and_not_journaled(
    client: TestClient,
) -> None:
    """STYLE: bad input gets a clear, specific error (what field, what was wrong), never a
    500; the form comes back with what was typed."""
    before = journaled(client)
    answer = post(client, action="extend", person_id="C1", game_id="A1", extra_games="0")
    assert answer.status_code == 422  # type: ignore[attr-defined]
    page = html.unescape(answer.text)  # type: ignore[attr-defined]
    assert "extra_games" in page and "greater than or equal to 1" in page
    assert 'value="0"' in page  # what was typed is kept
    missing = post(client, action="expel", person_id="")
    assert "person_id" in missing.text and "this is needed" in missing.text  # type: ignore[attr-defined]
    assert journaled(client) == before


def test_an_unknown_action_is_a_404_naming_the_actions(client: TestClient) -> None:
    answer = post(client, action="pardon", person_id="C1")
    assert answer.status_code == 404  # type: ignore[attr-defined]
    assert "no action 'pardon'" in answer.text  # type: ignore[attr-defined]


def test_a_form_sent_twice_is_one_ruling(client: TestClient) -> None:
    """DESIGN: posting twice must be harmless: the form carries the ruling's id."""
    before = journaled(client)
    form = {
        "action": "expel",
        "person_id": "P7",
        "reason": "violence",
        "event_id": str(uuid.uuid4()),
        "occurred_at": datetime.now(UTC).isoformat(),
    }
    first, again = post(client, **form), post(client, **form)
    assert first.status_code == again.status_code == 303  # type: ignore[attr-defined]
    assert first.headers["location"] == again.headers["location"]  # type: ignore[attr-defined]
    assert journaled(client) == before + 1


def test_a_ruling_enters_through_the_gateways_intake_as_a_posted_batch_does(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 16: actions "post them through the same intake path as the API": the ruling is
    handed to `Gateway.intake` (every admission check, the roster lock included, then the
    journal and the broker) as the committee's own event, and is journaled once."""
    gateway = client.app.state.gateway  # type: ignore[attr-defined]
    real_intake = gateway.intake
    handed: list[tuple[str, int]] = []

    async def intake(principal: object, items: list[bytes]) -> object:
        handed.append((principal.name, len(items)))  # type: ignore[attr-defined]
        return await real_intake(principal, items)

    monkeypatch.setattr(gateway, "intake", intake)
    before = journaled(client)
    answer = post(client, action="expel", person_id="P8", reason="violence")
    assert answer.status_code == 303  # type: ignore[attr-defined]
    assert handed == [("committee", 1)]
    assert journaled(client) == before + 1
