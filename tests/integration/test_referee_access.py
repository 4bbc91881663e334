"""A referee's own schedule through the gateway on the real broker: their token reads their
page and calendar, no one else's; crews are posted by the director's tools only."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
import yaml
from fastapi.testclient import TestClient

from schemas.referees import CrewMember, RefereesAssigned
from services.gateway.app import GatewayConfig, create_app
from services.gateway.auth import Role, TokenStore, entry_for
from touchline.broker import EmbeddedBroker
from workloads import factories

CUP = factories.TOURNAMENT
TOKENS = {
    "ann": (Role.REFEREE, [CUP], "ann"),
    "bob": (Role.REFEREE, [CUP], "bob"),
    "elsewhere": (Role.REFEREE, ["another-cup"], "ann"),
    "field": (Role.FIELD, [CUP], None),
    "admin": (Role.ADMIN, ["*"], None),
}
GAMES = factories.round_robin(factories.division())


def crew(game_id: str, *referees: str, at: int = 0) -> RefereesAssigned:
    """A crew for a game: the first referee the centre, the next the first assistant."""
    members = [
        CrewMember(position=p, referee_id=r, referee_name=r.title())
        for p, r in zip(("center", "ar1"), referees, strict=False)
    ]
    return RefereesAssigned(
        **factories.envelope(
            event_id=uuid.uuid4(), occurred_at=factories.KICKOFF.replace(minute=at)
        ),
        division_id=GAMES[game_id].division_id,
        game_id=game_id,
        crew=members,
    )


def auth(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {name}-secret"}


@pytest.fixture(scope="module")
def client(
    broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    entries = [
        entry_for(n, f"{n}-secret", r, ts, referee=ref) for n, (r, ts, ref) in TOKENS.items()
    ]
    store = TokenStore.parse(yaml.safe_dump({"tokens": entries}), "test")
    path: Path = tmp_path_factory.mktemp("referees") / "journal.sqlite3"
    with TestClient(create_app(GatewayConfig(broker.bootstrap, path, store))) as running:
        events = [
            factories.division(),
            *map(factories.scheduled, GAMES.values()),
            crew("A1", "ann", "bob"),
            crew("A2", "bob"),
            crew("A3", "bob", at=1),
            crew("A3", "ann", at=2),  # a replan gave A3 to ann: the latest crew wins
        ]
        answers = running.post(
            "/v1/events:batch",
            headers=auth("admin"),
            json=[e.model_dump(mode="json") for e in events],
        ).json()
        assert {a["status"] for a in answers} == {"accepted"}
        for _ in range(200):
            if len(calendar(running, "ann", "ann").walk("VEVENT")) == 2:
                break
            time.sleep(0.05)
        yield running


def calendar(client: TestClient, referee: str, token: str) -> icalendar.Calendar:
    answer = client.get(
        f"/v1/tournaments/{CUP}/referees/{referee}/schedule.ics", headers=auth(token)
    )
    assert answer.status_code == 200, answer.text
    return icalendar.Calendar.from_ical(answer.content)


def test_a_referees_calendar_and_page_hold_their_own_games(client: TestClient) -> None:
    """Issue 17: "the gateway serves each referee's own schedule (HTML and .ics) through a
    referee token": ann has A1 (centre) and A3 (replanned to her), not A2."""
    ann = calendar(client, "ann", "ann")
    assert sorted(str(e["summary"]) for e in ann.walk("VEVENT")) == [
        f"Referee: A1 ({GAMES['A1'].division_id})",
        f"Referee: A3 ({GAMES['A3'].division_id})",
    ]
    page = client.get(f"/referee/{CUP}/ann?token=ann-secret")
    assert page.status_code == 200
    assert 'data-game="A1"' in page.text and 'data-game="A3"' in page.text
    assert 'data-game="A2"' not in page.text and "Assistant 1: Bob" in page.text
    assert "Content-Security-Policy" in page.headers


@pytest.mark.parametrize(
    ("token", "status"),
    [(None, 401), ("bob", 403), ("elsewhere", 403), ("field", 403), ("admin", 200), ("ann", 200)],
)
def test_only_the_referees_own_token_or_an_admin_reads_their_schedule(
    client: TestClient, token: str | None, status: int
) -> None:
    """A referee token reads its own referee's schedule only, in its own tournament."""
    query = f"?token={token}-secret" if token else ""
    assert client.get(f"/referee/{CUP}/ann{query}").status_code == status
    headers = auth(token) if token else {}
    ics = client.get(f"/v1/tournaments/{CUP}/referees/ann/schedule.ics", headers=headers)
    assert ics.status_code == status


def test_a_referee_token_posts_nothing_and_only_an_admin_posts_crews(client: TestClient) -> None:
    """Crews are the director's: a referee or field token cannot post one (or anything)."""
    event = crew("A4", "ann").model_dump(mode="json")
    for who in ("ann", "field"):
        assert client.post("/v1/events", json=event, headers=auth(who)).status_code == 403
    score = factories.score(GAMES["A4"], 1, 0).model_dump(mode="json")
    assert client.post("/v1/events", json=score, headers=auth("ann")).status_code == 403
    assert client.post("/v1/events", json=event, headers=auth("admin")).status_code == 202


def test_a_referee_token_must_name_its_referee() -> None:
    entry = entry_for("x", "x-secret", Role.REFEREE, [CUP])
    with pytest.raises(ValueError, match="names its referee"):
        TokenStore.parse(yaml.safe_dump({"tokens": [entry]}), "test")
