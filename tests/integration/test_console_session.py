"""Signing in to the consoles, their form tokens, refusals and revoked tokens, on the real
broker and gateway (the routes of each console are in the role matrix of
test_access_control)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Annotated

import pytest
from fastapi import Depends
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient
from httpx import Response

from services.gateway.auth import Principal, Role, TokenEntry, TokenStore, entry_for
from services.gateway.console.session import COOKIE, console_access
from tests.integration.test_access_control import PRIVATE, TOKENS, build
from touchline.broker import EmbeddedBroker

COMMITTEE_ONLY = console_access(Role.COMMITTEE)


@pytest.fixture
def client(
    broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """A gateway with one extra page behind `console_access(COMMITTEE)`, as a desk's are."""
    running = build(broker, tmp_path_factory.mktemp("console") / "journal.sqlite3")

    @running.app.get("/console/{tournament_id}/probe")  # type: ignore[attr-defined]
    async def probe(principal: Annotated[Principal, Depends(COMMITTEE_ONLY)]) -> PlainTextResponse:
        return PlainTextResponse(f"desk of {principal.name}")

    with running:
        yield running


def sign_in(client: TestClient, who: str, back: str = "") -> Response:
    return client.post(
        "/console/sign-in",
        data={"token": f"{who}-secret", "next": back},
        follow_redirects=False,
    )


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert found, "the page has no form token"
    return found.group(1)


def test_a_visitor_is_sent_to_sign_in_and_back_to_the_page_afterwards(client: TestClient) -> None:
    page = f"/console/{PRIVATE}/probe"
    answer = client.get(page, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/console/sign-in?next=%2Fconsole%2F{PRIVATE}%2Fprobe"
    form = client.get(answer.headers["location"])
    assert form.status_code == 200 and f'value="{page}"' in form.text
    assert "form-action 'self'" in form.headers["Content-Security-Policy"]
    signed = sign_in(client, "committee", page)
    assert (signed.status_code, signed.headers["location"]) == (303, page)
    assert client.get(page).text == "desk of committee"


def test_the_session_cookie_is_httponly_strict_and_only_for_the_consoles(
    client: TestClient,
) -> None:
    cookie = sign_in(client, "committee").headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=committee-secret;")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/console" in cookie
    assert "Secure" not in cookie  # plain http: a Secure cookie would never come back
    https = TestClient(client.app, base_url="https://testserver")
    assert "Secure" in sign_in(https, "committee").headers["set-cookie"]


def test_an_unknown_token_is_not_signed_in_and_is_told_so(client: TestClient) -> None:
    answer = sign_in(client, "nobody")
    assert answer.status_code == 401 and "set-cookie" not in answer.headers
    assert "That token is not known (or was revoked)." in answer.text


def test_a_sign_in_from_another_site_is_refused(client: TestClient) -> None:
    answer = client.post(
        "/console/sign-in",
        data={"token": "committee-secret"},
        headers={"Sec-Fetch-Site": "cross-site"},
        follow_redirects=False,
    )
    assert answer.status_code == 403 and "set-cookie" not in answer.headers


def test_a_wrong_role_or_tournament_gets_the_refusal_page(client: TestClient) -> None:
    for who, why in [
        ("field", "needs a committee or admin token; 'field' is a field token"),
        ("other-committee", f"'other-committee' is not for '{PRIVATE}'"),
    ]:
        sign_in(client, who)
        answer = client.get(f"/console/{PRIVATE}/probe")
        assert answer.status_code == 403 and why in html.unescape(answer.text)
        assert answer.headers["content-type"].startswith("text/html")
    sign_in(client, "admin")
    assert client.get(f"/console/{PRIVATE}/probe").status_code == 200


def test_a_form_without_the_sessions_token_is_refused(client: TestClient) -> None:
    sign_in(client, "committee")
    csrf = csrf_of(client.get("/console").text)
    for sent in ({}, {"csrf": "0" * 64}, {"csrf": csrf[:-1]}):
        answer = client.post("/console/sign-out", data=sent, follow_redirects=False)
        assert answer.status_code == 403 and "did not come from your console" in answer.text
    not_a_form = client.post("/console/sign-out", json={"csrf": csrf}, follow_redirects=False)
    assert not_a_form.status_code == 415
    assert client.get("/console", follow_redirects=False).status_code == 200  # still in
    sign_in(client, "admin")  # another session: the committee's form token is not its
    answer = client.post("/console/sign-out", data={"csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 403


def test_signing_out_clears_the_session(client: TestClient) -> None:
    sign_in(client, "committee")
    csrf = csrf_of(client.get("/console").text)
    answer = client.post("/console/sign-out", data={"csrf": csrf}, follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/console/sign-in")
    assert f'{COOKIE}=""' in answer.headers["set-cookie"]
    assert client.get("/console", follow_redirects=False).status_code == 303


def test_a_revoked_token_stops_working_on_its_next_request(client: TestClient) -> None:
    """The cookie holds the token, not the principal: each request asks the token store."""
    sign_in(client, "committee")
    assert client.get(f"/console/{PRIVATE}/probe").status_code == 200
    kept = [
        TokenEntry.model_validate(entry_for(name, f"{name}-secret", role, tournaments, fields))
        for name, (role, tournaments, fields) in TOKENS.items()
        if name != "committee"
    ]
    client.app.state.gateway.tokens = TokenStore(kept)  # type: ignore[attr-defined]
    answer = client.get(f"/console/{PRIVATE}/probe", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/console/sign-in")
    assert f'{COOKIE}=""' in answer.headers["set-cookie"]


def test_the_consoles_style_and_script_are_served_by_the_gateway(client: TestClient) -> None:
    page = client.get("/console/sign-in")
    assert "<script>" not in page.text and "<style>" not in page.text
    for asset in ("/console/assets/console.css", "/console/assets/console.js"):
        assert f'"{asset}"' in page.text
        served = client.get(asset)
        assert served.status_code == 200
        assert served.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert client.get("/console/assets/nothing.js").status_code == 404
