"""Who may do what, endpoint by endpoint and role by role, on the real broker."""

from __future__ import annotations

import time
import uuid
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import icalendar
import pytest
import yaml
from fastapi.testclient import TestClient

from services.gateway.app import GatewayConfig, create_app
from services.gateway.auth import Role, TokenEntry, TokenStore, digest, entry_for
from services.gateway.console.session import COOKIE, csrf_token
from touchline.broker import EmbeddedBroker
from workloads import factories, registration

PRIVATE = factories.TOURNAMENT
PUBLIC = "open-cup"
TOKENS = {
    "field": (Role.FIELD, [PRIVATE], None),
    "committee": (Role.COMMITTEE, [PRIVATE], None),
    "admin": (Role.ADMIN, ["*"], None),
    "display": (Role.DISPLAY, [PRIVATE], None),
    "other-committee": (Role.COMMITTEE, ["another-cup"], None),
    "field-f2": (Role.FIELD, [PRIVATE], ["F2"]),
}
#: A display token made to break out of the page it is handed to.
HOSTILE = '"></main><script>alert(1)</script>'


def build(broker: EmbeddedBroker, path: Path, **limits: float) -> TestClient:
    entries = [entry_for(n, f"{n}-secret", r, ts, fs) for n, (r, ts, fs) in TOKENS.items()]
    entries.append(entry_for("hostile", HOSTILE, Role.DISPLAY, [PRIVATE]))
    store = TokenStore.parse(yaml.safe_dump({"tokens": entries, "public": [PUBLIC]}), "test")
    return TestClient(create_app(GatewayConfig(broker.bootstrap, path, store, **limits)))


@contextmanager
def published(broker: EmbeddedBroker, folder: Path, events: Sequence[Any]) -> Iterator[TestClient]:
    """A gateway of TOKENS with its journal in `folder`, once an admin has posted `events`."""
    with build(broker, folder / "journal.sqlite3") as running:
        answers = running.post(
            "/v1/events:batch",
            headers=auth("admin"),
            json=[e.model_dump(mode="json") for e in events],
        ).json()
        assert {a["status"] for a in answers} <= {"accepted", "duplicate"}
        yield running


@pytest.fixture(scope="module")
def client(
    broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    games = factories.round_robin(factories.division())
    schedule = [
        factories.division(),
        *map(factories.scheduled, games.values()),
        factories.card(games["A1"], "T1", "T1-P1", "yellow"),  # a person with a record
    ]
    with published(broker, tmp_path_factory.mktemp("acl"), schedule) as running:
        wait_for_schedule(running)
        yield running


def wait_for_schedule(client: TestClient) -> None:
    for _ in range(100):
        games = client.get(f"/v1/tournaments/{PRIVATE}/schedule", headers=auth("admin")).json()
        if len(games["games"]) == 6:
            return
        time.sleep(0.05)
    raise AssertionError("the gateway never saw the schedule")


def auth(name: str | None) -> dict[str, str]:
    return {} if name is None else {"Authorization": f"Bearer {name}-secret"}


def body(kind: str) -> dict[str, Any]:
    game = factories.round_robin(factories.division())["A1"]
    event: Any = {
        "score": factories.score(game, 1, 0),
        "quarter": factories.quarter_lineup(game, "T1", 1, factories.squad("T1", 7)),
        "ruling": factories.expulsion("P1"),
        "schedule": factories.scheduled(game),
        "correction": factories.corrected(game, 1, 1),
        "registration": registration.application("T1"),
    }[kind]
    return event.model_dump(mode="json")


POSTING = {  # event kind -> who may post it; a visitor gets 401, anyone else 403
    "score": {"field", "admin"},
    "quarter": {"field", "admin"},  # playing time: a field app's, like its scores
    "ruling": {"committee", "admin"},
    "schedule": {"admin"},
    "correction": {"committee", "admin"},
    "registration": {"committee", "admin"},
}
CALLERS = [None, "field", "committee", "admin", "display", "other-committee"]


def status_for(who: str | None, allowed: Collection[str], ok: int) -> int:
    """What `who` is answered: `ok` when allowed, 401 without a token, else 403."""
    return ok if who in allowed else 401 if who is None else 403


@pytest.mark.parametrize(("kind", "who"), [(k, w) for k in POSTING for w in CALLERS])
def test_who_may_post_which_event(client: TestClient, kind: str, who: str | None) -> None:
    answer = client.post("/v1/events", json=body(kind), headers=auth(who))
    assert answer.status_code == status_for(who, POSTING[kind], 202)


@pytest.mark.parametrize(("kind", "who"), [(k, w) for k in POSTING for w in CALLERS if w])
def test_a_batch_answers_each_event_as_its_own_post_would(
    client: TestClient, kind: str, who: str
) -> None:
    answer = client.post("/v1/events:batch", json=[body(kind)], headers=auth(who))
    assert answer.status_code == 200
    expected = "accepted" if who in POSTING[kind] else "forbidden"
    assert [a["status"] for a in answer.json()] == [expected]


SPECTATORS = [  # the public pages, the venue screen and their live feed
    "/t/{t}",
    "/t/{t}/divisions/U12B",
    "/t/{t}/teams/T1",
    "/t/{t}/teams/T1/calendar.svg",
    "/t/{t}/venues/V1",
    "/display/{t}?venue=V1",
    "/v1/tournaments/{t}/live",
]
READING = {  # path (tournament filled in) -> who may read a private tournament
    "/v1/tournaments/{t}/standings": {"field", "committee", "admin", "display"},
    "/v1/tournaments/{t}/schedule": {"field", "committee", "admin", "display"},
    "/v1/tournaments/{t}/teams/T1/schedule.ics": {"field", "committee", "admin", "display"},
    "/display/{t}": {"field", "committee", "admin", "display"},
    "/v1/tournaments/{t}/notices": {"committee", "admin"},
    "/v1/tournaments/{t}/registration": {"committee", "admin"},
    **dict.fromkeys(SPECTATORS, frozenset({"field", "committee", "admin", "display"})),
}


@pytest.mark.parametrize(("path", "who"), [(p, w) for p in READING for w in CALLERS])
def test_who_may_read_a_private_tournament(client: TestClient, path: str, who: str | None) -> None:
    answer = client.get(path.format(t=PRIVATE), headers=auth(who))
    assert answer.status_code == status_for(who, READING[path], 200)


@pytest.mark.parametrize(
    "path",
    [
        "/v1/tournaments/{t}/standings",
        "/display/{t}",
        "/v1/tournaments/{t}/schedule",
        "/t/{t}",
        "/v1/tournaments/{t}/live",
    ],
)
def test_a_public_tournament_is_readable_without_a_token(client: TestClient, path: str) -> None:
    assert client.get(path.format(t=PUBLIC)).status_code == 200


@pytest.mark.parametrize("document", ["notices", "registration"])
def test_committee_documents_stay_private_even_for_a_public_tournament(
    client: TestClient, document: str
) -> None:
    assert client.get(f"/v1/tournaments/{PUBLIC}/{document}").status_code == 401


def test_the_display_page_may_carry_its_token_in_the_address(client: TestClient) -> None:
    answer = client.get(f"/display/{PRIVATE}?token=display-secret")
    assert answer.status_code == 200
    assert 'data-token="display-secret"' in answer.text  # handed on to the SSE stream


@pytest.mark.parametrize(
    "path",
    [
        "/display/{t}",
        "/v1/tournaments/{t}/teams/T1/schedule.ics",
        "/t/{t}",
        "/t/{t}/teams/T1",
        "/t/{t}/teams/T1/calendar.svg",
        "/t/{t}/venues/V1",
        "/v1/tournaments/{t}/live",
    ],
)
def test_pages_that_cannot_send_headers_take_the_token_in_the_address(
    client: TestClient, path: str
) -> None:
    assert client.get(path.format(t=PRIVATE) + "?token=display-secret").status_code == 200
    other = client.get(path.format(t=PRIVATE) + "?token=other-committee-secret")
    assert other.status_code == 403


def test_the_stream_of_a_display_page_takes_the_token_in_the_address(client: TestClient) -> None:
    path = f"/v1/tournaments/{PRIVATE}/standings/stream?token=other-committee-secret"
    assert client.get(path).status_code == 403  # read, and refused for its tournament


@pytest.mark.parametrize(
    ("method", "path", "who"),
    [
        ("POST", "/v1/events", "field"),
        ("POST", "/v1/events:batch", "field"),
        ("GET", "/v1/tournaments/{t}/notices", "committee"),
        ("GET", "/v1/tournaments/{t}/notices/stream", "committee"),
        ("GET", "/v1/tournaments/{t}/standings", "display"),
    ],
)
def test_a_token_in_the_address_is_refused_everywhere_but_on_display_pages(
    client: TestClient, method: str, path: str, who: str
) -> None:
    """A token in an address ends up in logs and browser histories: only the pages that
    cannot send a header take it there."""
    payload = [body("score")] if path.endswith("batch") else body("score")
    answer = client.request(
        method,
        path.format(t=PRIVATE) + f"?token={who}-secret",
        json=payload if method == "POST" else None,
    )
    assert answer.status_code == 401
    assert "Authorization" in answer.json()["detail"]


def test_a_token_in_the_display_page_cannot_break_out_of_it(client: TestClient) -> None:
    answer = client.get(f"/display/{PRIVATE}", params={"token": HOSTILE})
    assert answer.status_code == 200
    assert HOSTILE not in answer.text and "<script>alert" not in answer.text
    policy = answer.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert answer.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/t/{t}", "/t/{t}/teams/T1", "/display/{t}?venue=V1"])
def test_spectator_pages_keep_the_display_pages_policy(client: TestClient, path: str) -> None:
    """No inline code, and a hostile token in the address is escaped, never run."""
    joiner = "&" if "?" in path else "?"
    answer = client.get(path.format(t=PRIVATE) + joiner + urlencode({"token": HOSTILE}))
    assert answer.status_code == 200
    assert "<script>alert" not in answer.text and "<script>" not in answer.text
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")
    for asset in (
        "/public/assets/late_fields.js",
        "/public/assets/public.js",
        "/public/assets/public.css",
    ):
        assert f'"{asset}"' in answer.text
        assert client.get(asset).status_code == 200


def test_the_display_page_script_and_style_are_served_by_the_gateway(client: TestClient) -> None:
    page = client.get(f"/display/{PUBLIC}").text
    for asset in ("/display/assets/display.js", "/display/assets/display.css"):
        assert f'"{asset}"' in page
        assert client.get(asset).status_code == 200
    assert "<script>" not in page and "<style>" not in page


def test_each_token_has_its_own_rate_bucket(broker: EmbeddedBroker, tmp_path: Path) -> None:
    """Keyed by the token itself: two tokens that share a name do not share a bucket."""
    entries = [
        TokenEntry(name="tablet", sha256=digest(s), role=Role.FIELD, tournaments=[PRIVATE])
        for s in ("tablet-one", "tablet-two")
    ]
    config = GatewayConfig(
        broker.bootstrap,
        tmp_path / "j.sqlite3",
        TokenStore(entries),
        rate_per_token=0.01,
        burst_per_token=1,
    )
    with TestClient(create_app(config)) as limited:

        def post(token: str) -> int:
            headers = {"Authorization": f"Bearer {token}"}
            return limited.post("/v1/events", json=body("score"), headers=headers).status_code

        assert [post("tablet-one"), post("tablet-one"), post("tablet-two")] == [202, 429, 202]


@pytest.mark.parametrize(
    ("path", "who", "status"),
    [
        ("/v1/tournaments/{t}/standings/stream", None, 401),
        ("/v1/tournaments/{t}/standings/stream", "other-committee", 403),
        ("/v1/tournaments/{t}/notices/stream", "field", 403),
        ("/v1/tournaments/{t}/notices/stream", "display", 403),
        ("/v1/tournaments/{t}/live/stream", None, 401),
        ("/v1/tournaments/{t}/live/stream", "other-committee", 403),
        ("/v1/tournaments/{t}/live/stream?token=nobody", None, 401),
    ],
)
def test_streams_refuse_whom_their_documents_refuse(
    client: TestClient, path: str, who: str | None, status: int
) -> None:
    assert client.get(path.format(t=PRIVATE), headers=auth(who)).status_code == status


@pytest.mark.parametrize("kind", ["score", "quarter"])
def test_a_field_token_scoped_to_a_field_posts_only_for_games_there(
    client: TestClient, kind: str
) -> None:
    """A quarter lineup is admitted as scores are: only for a game on the token's field."""
    game = factories.round_robin(factories.division())["A2"]  # every game is on field F1
    event = {
        "score": factories.score(game, 1, 1),
        "quarter": factories.quarter_lineup(game, "T3", 2, ["T3-P1"]),
    }[kind]
    on_f1 = event.model_dump(mode="json")
    answer = client.post("/v1/events", json=on_f1, headers=auth("field-f2"))
    assert answer.status_code == 403
    assert answer.json()["errors"][0]["field"] == "game_id"
    assert client.post("/v1/events", json=on_f1, headers=auth("field")).status_code == 202


def test_a_malformed_tournament_in_the_address_is_refused(client: TestClient) -> None:
    assert client.get("/display/<script>").status_code in (404, 422)
    assert client.get("/v1/tournaments/Bad Cup/standings").status_code == 422


def test_a_flood_from_one_token_is_slowed_with_429(broker: EmbeddedBroker, tmp_path: Path) -> None:
    with build(broker, tmp_path / "j.sqlite3", rate_per_token=1, burst_per_token=3) as limited:
        statuses = [
            limited.post("/v1/events", json=body("score"), headers=auth("field")).status_code
            for _ in range(4)
        ]
        assert statuses == [202, 202, 202, 429]
        refused = limited.post("/v1/events", json=body("score"), headers=auth("field"))
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        other = limited.post("/v1/events", json=body("ruling"), headers=auth("committee"))
        assert other.status_code == 202  # one token's flood does not stop the others


def test_a_team_calendar_lists_its_games_with_stable_ids(client: TestClient) -> None:
    answer = client.get(f"/v1/tournaments/{PRIVATE}/teams/T1/schedule.ics", headers=auth("display"))
    assert answer.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(answer.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert [str(e["uid"]) for e in events] == [f"A{n}@{PRIVATE}" for n in (1, 2, 3)]
    assert str(events[0]["summary"]) == "Team T1 vs Team T2 (group)"
    unknown = client.get(f"/v1/tournaments/{PRIVATE}/teams/T9/schedule.ics", headers=auth("admin"))
    assert unknown.status_code == 404


CONSOLE_PAGES = {  # path -> who may open it (signed in with their token)
    "/console": {"field", "committee", "admin", "display", "other-committee", "field-f2"},
    **dict.fromkeys(
        [
            "/console/{t}/discipline",
            "/console/{t}/discipline?status=open&division=U12B",
            "/console/{t}/discipline/actions/confirm?game_id=A1&team_id=T1&person_id=T1-P1",
            "/console/{t}/discipline/rulings/6f1c2a4e-8d1b-4c51-9f0e-2b7a3c4d5e6f",
            "/console/{t}/discipline/people/T1-P1",
            "/console/{t}/discipline/teams/T1",
            "/console/{t}/discipline/report",
            "/console/{t}/discipline/report/cards.csv",
            "/console/{t}/discipline/report/open-suspensions.csv",
            "/console/{t}/discipline/report/card-report.html",
        ],
        frozenset({"committee", "admin"}),
    ),
}


def signed_in(who: str | None) -> dict[str, str]:
    """The console's session cookie of `who` (what signing in with its token sets)."""
    return {} if who is None else {"Cookie": f"{COOKIE}={who}-secret"}


@pytest.fixture(scope="module")
def console(client: TestClient) -> TestClient:
    """The module's gateway once its discipline views hold the card of T1-P1."""
    page = f"/console/{PRIVATE}/discipline/people/T1-P1"
    for _ in range(100):
        if client.get(page, headers=signed_in("admin")).status_code == 200:
            return client
        time.sleep(0.05)
    raise AssertionError("the gateway's discipline views never saw the card")


@pytest.mark.parametrize(
    ("path", "who"), [(p, w) for p in CONSOLE_PAGES for w in [*CALLERS, "field-f2"]]
)
def test_who_may_open_each_console_page(console: TestClient, path: str, who: str | None) -> None:
    """Issue 16: "the same access-control matrix extended to every new route": a visitor is
    sent to sign in, a token of the wrong role or tournament gets the refusal page."""
    answer = console.get(path.format(t=PRIVATE), headers=signed_in(who), follow_redirects=False)
    if who is None:
        assert answer.status_code == 303 and answer.headers["location"].startswith(
            "/console/sign-in"
        )
    else:
        assert answer.status_code == (200 if who in CONSOLE_PAGES[path] else 403)


@pytest.mark.parametrize("who", ["field", "display", "other-committee", "field-f2"])
def test_the_committees_stream_refuses_whom_its_page_refuses(console: TestClient, who: str) -> None:
    path = f"/console/{PRIVATE}/discipline/stream"
    assert console.get(path, headers=signed_in(who)).status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 303),
        ("field", 403),
        ("display", 403),
        ("other-committee", 403),
        ("committee", 303),
        ("admin", 303),
    ],
)
def test_who_may_post_a_ruling_from_the_console(
    console: TestClient, who: str | None, status: int
) -> None:
    """A ruling from the console is refused as the same event posted to the API would be."""
    form = {
        "csrf": csrf_token(f"{who}-secret"),
        "action": "expel",
        "event_id": str(uuid.uuid4()),
        "occurred_at": datetime.now(UTC).isoformat(),
        "person_id": "Z9",
        "reason": "access test",
    }
    answer = console.post(
        f"/console/{PRIVATE}/discipline/rulings",
        data=form,
        headers=signed_in(who),
        follow_redirects=False,
    )
    assert answer.status_code == status
    if status == 303 and who is not None:
        assert f"/rulings/{form['event_id']}" in answer.headers["location"]


# The director's console (admin only): every page and form, for every role. A visitor is
# sent to sign in; any other role, or a token of another tournament, gets the refusal page.
DIRECTOR_PAGES = [
    ("GET", ""),
    ("GET", "/live"),
    ("GET", "/closures"),
    ("GET", "/replans/0123456789ab"),
    ("GET", "/replans/0123456789ab/confirm"),
    ("GET", "/tokens"),
    ("GET", "/health"),
    ("POST", "/closures"),
    ("POST", "/replans/0123456789ab/publish"),
    ("POST", "/tokens"),
    ("POST", "/tokens/display/revoke"),
    ("POST", "/field-sheet"),
]


def console_answer(client: TestClient, who: str | None, method: str, path: str) -> int:
    """The status `who` (signed in to the console, or not) gets for a director's page."""
    address = f"/console/{PRIVATE}{path}"
    if method == "POST":
        form = {"csrf": csrf_token(f"{who}-secret") if who else ""}
        answer = client.post(address, data=form, headers=signed_in(who), follow_redirects=False)
        return answer.status_code
    with client.stream("GET", address, headers=signed_in(who), follow_redirects=False) as answer:
        return answer.status_code  # the live stream is closed as soon as it answers


@pytest.mark.parametrize(("method", "path"), DIRECTOR_PAGES)
def test_only_an_admin_of_the_tournament_opens_the_directors_console(
    client: TestClient, method: str, path: str
) -> None:
    statuses = {
        who: console_answer(client, who, method, path)
        for who in (None, "field", "field-f2", "committee", "display", "other-committee")
    }
    assert statuses == {
        None: 303,
        "field": 403,
        "field-f2": 403,
        "committee": 403,
        "display": 403,
        "other-committee": 403,
    }
    assert console_answer(client, "admin", method, path) not in (303, 401, 403)
