"""The director's console on the real broker and gateway, by HTTP as a browser without its
script would use it: the schedule grid, tokens that take effect without a restart, the QR
sheet, the replan from closures to publication, and the health page. (The same in Chromium,
through to the public pages, is tests/e2e/test_director_console.py; who may open each page
is in the role matrix of test_access_control.)"""

from __future__ import annotations

import html
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from schemas.schedule import GameScheduled
from services.gateway.app import GatewayConfig, create_app
from services.gateway.auth import Role, TokenStore
from services.scheduler.events import schedule_events
from services.scheduler.loader import load_tournament
from services.scheduler.solve import Options, solve
from services.scheduler.tournament import clock
from touchline.broker import EmbeddedBroker
from touchline.cli import add_token
from touchline.demo import EXAMPLE
from workloads import factories

#: The demo's tournament under an id of its own: other tests publish the demo's schedule on
#: the session's broker, and the gateway reads every schedule entry ever published.
CUP = f"director-{uuid.uuid4().hex[:8]}"


@dataclass
class Console:
    client: TestClient
    tokens_file: Path
    games: list[GameScheduled]

    def page(self, path: str = "") -> Response:
        return self.client.get(f"/console/{CUP}{path}", follow_redirects=False)

    def post(self, path: str, **data: object) -> Response:
        form = self.client.get(f"/console/{CUP}/tokens").text
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', form)
        assert csrf, "no form token on the page"
        return self.client.post(
            f"/console/{CUP}{path}", data={"csrf": csrf.group(1), **data}, follow_redirects=False
        )


def gateway(broker: EmbeddedBroker, home: Path) -> TestClient:
    tokens = home / "tokens.yaml"
    config = GatewayConfig(
        broker.bootstrap,
        home / "journal.sqlite3",
        TokenStore.parse(tokens.read_text(), str(tokens)),
        tokens_file=tokens,
        tournament_files=(home / "cup.yaml",),
        clock="events",  # the match day is "now": its latest report's time
    )
    return TestClient(create_app(config))


@pytest.fixture(scope="module")
def console(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    home = tmp_path_factory.mktemp("director")
    (home / "cup.yaml").write_text(
        re.sub(r"^id: .*$", f"id: {CUP}", EXAMPLE.read_text(), count=1, flags=re.M)
    )
    add_token(home / "tokens.yaml", "director", "director-secret", Role.ADMIN, [CUP])
    add_token(home / "tokens.yaml", "committee", "committee-secret", Role.COMMITTEE, [CUP])
    tournament = load_tournament(home / "cup.yaml")
    events = schedule_events(
        tournament, solve(tournament, Options(time_limit=5)).schedule, tournament_id=CUP
    )
    with gateway(broker, home) as client:
        admin = {"Authorization": "Bearer director-secret"}
        answers = client.post(
            "/v1/events:batch", headers=admin, json=[e.model_dump(mode="json") for e in events]
        ).json()
        assert {a["status"] for a in answers} <= {"accepted", "duplicate"}
        for _ in range(600):  # the feed reads the schedule back from the broker
            if (
                len(client.get(f"/v1/tournaments/{CUP}/schedule", headers=admin).json()["games"])
                == 9
            ):
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the gateway never saw the whole schedule")
        first = min((e for e in events if isinstance(e, GameScheduled)), key=lambda e: e.game.start)
        kick_off = factories.score(
            first.game, 0, 0, status="live", minute=0, tournament_id=CUP,
            occurred_at=first.game.start,
        )  # fmt: skip
        assert (
            client.post(
                "/v1/events", headers=admin, json=kick_off.model_dump(mode="json")
            ).status_code
            == 202
        )
        signed = client.post("/console/sign-in", data={"token": "director-secret"})
        assert signed.status_code == 200
        yield Console(
            client, home / "tokens.yaml", [e for e in events if isinstance(e, GameScheduled)]
        )


def text(answer: Response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", answer.text)))


def test_the_grid_shows_every_game_by_field_and_kick_off_and_finds_a_team(console: Console) -> None:
    answer = console.page()
    assert answer.status_code == 200
    for entry in console.games:
        cell = re.search(rf'<td id="cell-{entry.game.game_id}"[^>]*data-field="(\w+)"', answer.text)
        assert cell and cell.group(1) == entry.game.field_id
    assert "Sat 21 Nov" in answer.text and "Sun 22 Nov" in answer.text
    found = console.page("?team=weston")
    weston = [e for e in console.games if "weston-fc" in (e.game.home_team_id, e.game.away_team_id)]
    assert f"{len(weston)} games for “weston”" in text(found)
    assert found.text.count('class="game match') == len(weston)


def test_a_token_made_on_the_console_works_at_once_and_a_revoked_one_is_refused_next(
    console: Console, broker: EmbeddedBroker
) -> None:
    made = console.post("/tokens", role="display", name="screen-hall")
    assert made.status_code == 200
    token = re.search(r'<code class="token" id="new-token">([^<]+)</code>', made.text)
    assert token, "the new token is shown"
    assert token.group(1) not in console.tokens_file.read_text()  # only its hash is kept
    standings = f"/v1/tournaments/{CUP}/standings"
    bearer = {"Authorization": f"Bearer {token.group(1)}"}
    assert console.client.get(standings, headers=bearer).status_code == 200

    revoked = console.post("/tokens/screen-hall/revoke")
    assert (revoked.status_code, revoked.headers["location"]) == (
        303,
        f"/console/{CUP}/tokens?revoked=screen-hall",
    )
    assert console.client.get(standings, headers=bearer).status_code == 401
    restarted = TokenStore.parse(console.tokens_file.read_text(), "tokens.yaml")
    assert restarted.authenticate(token.group(1)) is None


def test_a_token_that_cannot_be_made_is_said_next_to_the_form(console: Console) -> None:
    answer = console.post("/tokens", role="admin")
    assert answer.status_code == 422
    assert "role: 'admin' is not one of field, committee, display" in text(answer)
    assert console.post("/tokens/director/revoke").status_code == 422  # admin tokens stay


def test_the_qr_sheet_makes_a_field_token_per_field(console: Console) -> None:
    sheet = console.post("/field-sheet", fields="C2")
    assert sheet.status_code == 200 and "<svg" in sheet.text
    assert f"/field/{CUP}/C2" in sheet.text and f"/field/{CUP}/C1" not in sheet.text
    printed = re.search(r'<div class="code">([0-9A-Z-]{19})</div>', sheet.text)
    assert printed
    code = printed.group(1).replace("-", "")
    principal = TokenStore.parse(console.tokens_file.read_text(), "t").authenticate(code)
    assert principal is not None and principal.fields == frozenset({"C2"})
    running = console.client.app.state.gateway.tokens  # type: ignore[attr-defined]
    assert running.authenticate(code) is not None


def until_done(console: Console, address: str) -> Response:
    for _ in range(1200):  # two shared cores: a solve may wait for a core
        page = console.client.get(address)
        state = re.search(r'id="progress"[^>]*data-state="(\w+)"', page.text)
        assert state, page.text
        if state.group(1) in ("done", "failed"):
            return page
        assert page.headers["Refresh"] == "1"  # the page follows the job without a script
        time.sleep(0.1)
    raise AssertionError("the replan never finished")


def test_closing_two_fields_proposes_a_diff_and_publishing_moves_the_games(
    console: Console,
) -> None:
    saturday = [e.game for e in console.games if e.game.start.strftime("%a") == "Sat"]
    last = max(g.start for g in saturday)
    minute = last.hour * 60 + last.minute
    asked = console.post(
        "/closures",
        fields=["C1", "C2"],
        day="sat",
        start=clock(minute - 20),
        end=clock(minute + 40),
    )
    assert asked.status_code == 303
    page = until_done(console, asked.headers["location"])
    moved = sorted(g.game_id for g in saturday if g.start == last)
    assert re.findall(r'data-move="([\w-]+)"', page.text) == moved, text(page)
    assert "Publish this replan" in page.text
    confirm = console.client.get(asked.headers["location"] + "/confirm")
    assert "Yes, publish these moves" in confirm.text

    job = asked.headers["location"].removeprefix(f"/console/{CUP}")
    published = console.post(f"{job}/publish")
    assert published.status_code == 303
    assert f"{len(moved)} of {len(moved)} schedule entries accepted" in text(
        console.client.get(published.headers["location"])
    )
    admin = {"Authorization": "Bearer director-secret"}
    for _ in range(600):
        games = console.client.get(f"/v1/tournaments/{CUP}/schedule", headers=admin).json()["games"]
        starts = {g["game_id"]: g["start"] for g in games}
        if all(starts[g] != last.isoformat() for g in moved):
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the schedule feed never showed the moves")
    again = console.post(f"{job}/publish")  # a second confirmation posts nothing new
    assert again.status_code == 303


def test_a_closure_form_with_mistakes_names_each_field(console: Console) -> None:
    answer = console.post("/closures", day="mon", start="9", end="08:00")
    assert answer.status_code == 422
    said = text(answer)
    assert "choose at least one field to close" in said
    assert "'mon' is not a day of the tournament (sat, sun)" in said
    assert "'9' is not a time of day (HH:MM)" in said


def test_the_health_page_says_in_words_that_the_broker_answers(console: Console) -> None:
    said = text(console.page("/health"))
    assert "Reachable: 1 broker answered in" in said
    assert "Standings worker" in said and "Quarantine No event is quarantined." in said.replace(
        " OK ", " "
    )


def test_a_revoked_display_token_loses_the_live_stream_it_holds(console: Console) -> None:
    """Issue 16: "revoking takes effect without a restart": a screen's stream, one request
    that lasts all day, ends at its next heartbeat once its token is revoked, and the screen
    cannot reconnect with it."""
    made = console.post("/tokens", role="display", name="screen-lobby")
    token = re.search(r'<code class="token" id="new-token">([^<]+)</code>', made.text)
    assert token, "the new token is shown"
    address = f"/v1/tournaments/{CUP}/live/stream?token={token.group(1)}"
    started = time.monotonic()
    with console.client.stream("GET", address) as stream:
        assert stream.status_code == 200
        lines = stream.iter_lines()
        assert next(line for line in lines if line.startswith("event:")) == "event: hello"
        assert console.post("/tokens/screen-lobby/revoke").status_code == 303
        after = [line for line in lines if line.startswith("event:")]  # until the stream ends
    assert after in ([], ["event: heartbeat"]), after  # at most the heartbeat under way
    assert time.monotonic() - started < 30
    assert console.client.get(address).status_code == 401
