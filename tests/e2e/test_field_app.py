"""The field app on a phone-sized headless Chromium, against the whole running system.

One system and one browser for the module: each test owns a tournament of its own (the
standard division, games A1-A5 on field C1 and A6 on C2, rosters of seven players and a
coach per team) and signs in with a token for field C1.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from services.gateway.auth import Role, new_token
from services.gateway.client import GatewayClient
from services.gateway.field_sheet import grouped, new_code
from services.gateway.journal import Journal
from tests.conftest import Running, retarget, start_system
from tests.e2e.conftest import CHROMIUM, LAUNCH_FLAGS
from tests.sse import SseRecorder
from touchline.broker import EmbeddedBroker
from touchline.cli import add_token
from workloads import factories

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 640}
#: Where the screenshots go: docs/ when the README's pictures are being renewed.
SHOTS = os.environ.get("TOUCHLINE_SCREENSHOTS")


class FieldSystem:
    """The running system, a token for field C1 and one for C2."""

    def __init__(self, running: Running, c1: str, c2: str) -> None:
        self.running = running
        self.url = running.stack.gateway_url
        self.c1 = c1
        self.c2 = c2

    def tournament(self, prefix: str, final: bool = False) -> tuple[str, dict[str, Any]]:
        """A fresh tournament: schedule (A6 on C2, the rest on C1, and with `final` a playoff
        game F1 of T1 v T2 on C1 after them) and rosters, published."""
        tournament = f"{prefix}-{uuid.uuid4().hex[:8]}"
        definition = retarget(factories.division(), tournament)
        # Kick-offs a minute apart from a minute ago: lineups sent now are in time (a lineup
        # after kick-off and grace is a forfeit for too few players), and all are today.
        now = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
        games = {
            gid: g.model_copy(
                update={
                    "field_id": "C2" if gid == "A6" else "C1",
                    "start": now + timedelta(minutes=n),
                    "end": now + timedelta(minutes=n + 60),
                }
            )
            for n, (gid, g) in enumerate(factories.round_robin(definition).items())
        }
        if final:
            start = now + timedelta(minutes=len(games))
            games["F1"] = factories.playoff("F1", "T1", "T2", round="final").model_copy(
                update={"field_id": "C1", "start": start, "end": start + timedelta(minutes=60)}
            )
        events: list[Any] = [definition]
        events += [retarget(factories.scheduled(g), tournament) for g in games.values()]
        events += [
            retarget(factories.roster(t, factories.squad(t, 7), staff=[f"{t}-C"]), tournament)
            for t in ("T1", "T2", "T3", "T4")
        ]
        answers = self.running.admin.post_batch(events)
        assert {a["status"] for a in answers} == {"accepted"}
        on_c1 = sum(g.field_id == "C1" for g in games.values())
        self.wait(lambda: len(self.sheet(tournament)["games"]) == on_c1, "the field's games")
        self.wait(lambda: len(self.sheet(tournament)["teams"]["T1"]["players"]) == 7, "rosters")
        return tournament, games

    def sheet(self, tournament: str, field: str = "C1", what: str = "sheet") -> Any:
        answer = httpx.get(
            f"{self.url}/v1/tournaments/{tournament}/fields/{field}/{what}",
            headers={"Authorization": f"Bearer {self.c1}"},
        )
        answer.raise_for_status()
        return answer.json()

    def rows(self, tournament: str) -> dict[str, tuple[int, ...]]:
        """Each team's played, won, drawn, lost, for, against, points on the live feed."""
        feed = SseRecorder(f"{self.url}/v1/tournaments/{tournament}/standings/stream")
        try:
            snapshot = feed.wait_for(lambda s: any(r["played"] for r in s["groups"][0]["rows"]))
        finally:
            feed.close()
        keys = ("played", "won", "drawn", "lost", "goals_for", "goals_against", "points")
        return {r["team_id"]: tuple(r[k] for k in keys) for r in snapshot["groups"][0]["rows"]}

    def posted(self, tournament: str) -> list[dict[str, Any]]:
        """Every event the gateway journaled for the tournament, as stamped and published."""
        journal = Journal(self.running.stack.home / "journal.sqlite3")
        try:
            return [json.loads(entry.body) for entry in journal.events(tournament)]
        finally:
            journal.close()

    def open(
        self, context: BrowserContext, tournament: str, field: str = "C1", token: str | None = None
    ) -> Page:
        """The field app of `field` in a new page of `context`, signed in with `token` (C1's
        unless told)."""
        page = context.new_page()
        page.goto(f"{self.url}/field/{tournament}/{field}#token={token or self.c1}")
        return page

    @contextmanager
    def phone(self, browser: Browser, tournament: str, field: str = "C1") -> Iterator[Page]:
        """The field app of `field` on a fresh phone (`on_phone`), signed in with C1's token."""
        with on_phone(browser) as context:
            yield self.open(context, tournament, field)

    @staticmethod
    def wait(check: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if check():
                    return
            except (httpx.HTTPError, KeyError):
                pass
            time.sleep(0.1)
        raise AssertionError(f"never saw {what}")


@pytest.fixture(scope="module")
def fields(
    broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FieldSystem]:
    home = tmp_path_factory.mktemp("field-app")
    c1, c2 = new_code(), new_token()
    add_token(home / "tokens.yaml", "field-c1", c1, Role.FIELD, ["*"], ["C1"])
    add_token(home / "tokens.yaml", "field-c2", c2, Role.FIELD, ["*"], ["C2"])
    running = start_system(home, broker.bootstrap)
    try:
        yield FieldSystem(running, c1, c2)
    finally:
        running.stack.stop()


@contextmanager
def on_phone(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh phone-sized context, closed on leaving; its pages must have shown no error and
    no CSP report by then."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, has_touch=True)
    problems = watch(context)
    try:
        yield context
        assert problems == []
    finally:
        context.close()


def watch(context: BrowserContext) -> list[str]:
    problems: list[str] = []

    def on_page(page: Page) -> None:
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "console",
            lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
        )

    context.on("page", on_page)
    return problems


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(Path(SHOTS) / f"field-{name}.png"))


def check_in(page: Page, team: str) -> None:
    section = page.locator(f'section[data-team="{team}"]')
    for box in section.locator('input[type="checkbox"]').all():
        if not box.is_disabled():
            box.check()
    section.locator("[data-send-lineup]").click()


def play(page: Page, game: str, goals: list[str]) -> None:
    """Open a game, check both teams in, play it with these goals ('home', 'away',
    'home:<scorer>', 'undo-<side>', 'half' for half-time), and blow the final whistle."""
    page.locator(f'[data-game="{game}"]').click()
    home, away = page.locator("section[data-team]").evaluate_all(
        "sections => sections.map(s => s.dataset.team)"
    )
    check_in(page, home)
    check_in(page, away)
    page.locator("#kickoff").click()
    for goal in goals:
        if goal == "half":
            page.locator("#halftime").click()
            page.locator("#second-half").click()
        elif goal.startswith("undo-"):
            page.locator(f'[data-undo="{goal[5:]}"]').click()
        else:
            side, _, scorer = goal.partition(":")
            if scorer:
                page.locator(f'[data-scorer="{side}"]').select_option(scorer)
            page.locator(f'[data-goal="{side}"]').click()
    page.locator("#final").click()
    page.locator("#confirm-yes").click()


def test_a_game_entered_on_the_phone_gives_the_exact_table(
    fields: FieldSystem, browser: Browser
) -> None:
    tournament, _ = fields.tournament("whole")
    with fields.phone(browser, tournament) as page:
        expect(page.locator('[data-game="A1"]')).to_contain_text("Team T1 v Team T2")
        expect(page.locator("[data-game]")).to_have_count(5)
        shot(page, "games")
        page.locator('[data-game="A1"]').click()
        expect(page.locator("#heading")).to_contain_text("Heading allowed (U12)")
        shot(page, "check-in")
        page.locator("#back").click()

        play(page, "A1", ["home:T1-P2", "away", "home", "half", "away", "undo-away", "home"])
        expect(page.locator("#score")).to_have_text("3 \N{EN DASH} 1")
        # Two lineups, kick-off, six goal taps (one an undo), half-time, 2nd half, final whistle.
        expect(page.locator('[data-state="sent"]')).to_have_count(12)
        expect(page.locator("#sync")).to_contain_text("all sent")
        shot(page, "final")

        assert fields.rows(tournament) == {
            "T1": (1, 1, 0, 0, 3, 1, 3),
            "T2": (1, 0, 0, 1, 1, 3, 0),
            "T3": (0, 0, 0, 0, 0, 0, 0),
            "T4": (0, 0, 0, 0, 0, 0, 0),
        }
        assert page.locator('[data-state="refused"]').count() == 0
        scorers = [e.get("scorer_person_id") for e in fields.posted(tournament) if "sequence" in e]
        assert scorers.count("T1-P2") == 1


def test_a_game_entered_offline_reaches_the_standings_exactly_once_after_reload_and_reopen(
    fields: FieldSystem, playwright: Playwright, tmp_path: Path
) -> None:
    tournament, _ = fields.tournament("offline")

    def reopen() -> BrowserContext:
        return playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            args=LAUNCH_FLAGS,
            viewport=PHONE,
        )

    context = reopen()
    problems = watch(context)
    page = fields.open(context, tournament)
    expect(page.locator('[data-game="A2"]')).to_be_visible()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)

    play(page, "A2", ["away", "half", "home", "away"])
    expect(page.locator("#sync")).to_contain_text("waiting to send")
    waiting = page.locator('[data-state="waiting"]').count()
    assert waiting == 9  # 2 lineups, kick-off, 3 goals, half-time, 2nd half, final
    shot(page, "offline")

    page.reload()
    expect(page.locator("#sync")).to_contain_text(f"{waiting} waiting to send")
    context.close()

    context = reopen()
    problems += watch(context)
    context.set_offline(True)
    page = context.new_page()
    page.goto(f"{fields.url}/field/{tournament}/C1")
    expect(page.locator("#sync")).to_contain_text(f"{waiting} waiting to send")
    expect(page.locator('[data-game="A2"]')).to_contain_text("Full time 1-2")

    context.set_offline(False)
    expect(page.locator("#sync")).to_contain_text("all sent", timeout=15_000)
    assert page.locator('[data-state="sent"]').count() == waiting
    rows = fields.rows(tournament)
    assert rows["T1"] == (1, 0, 0, 1, 1, 2, 0)
    assert rows["T3"] == (1, 1, 0, 0, 2, 1, 3)
    assert problems == []
    context.close()


def test_a_suspended_player_is_flagged_and_a_head_injured_one_cannot_return(
    fields: FieldSystem, browser: Browser
) -> None:
    tournament, games = fields.tournament("flags")
    red = retarget(factories.card(games["A1"], "T1", "T1-P3", "red"), tournament)
    expelled = retarget(factories.expulsion("T3-P2"), tournament)
    assert fields.running.field.post(red)["status"] == "accepted"
    assert fields.running.committee.post(expelled)["status"] == "accepted"

    def flagged() -> bool:
        flags = fields.sheet(tournament, what="eligibility")["flags"]
        return {f["reason"] for team in ("T1", "T3") for f in flags[team]} == {
            "suspended",
            "expelled",
        }

    fields.wait(flagged, "the suspension and the expulsion in the eligibility read")
    with fields.phone(browser, tournament) as page:
        page.locator('[data-game="A2"]').click()
        t1 = page.locator('section[data-team="T1"]')
        expect(t1.locator('[data-flag="suspended"]')).to_contain_text("1 game still to sit out")
        expect(page.locator('section[data-team="T3"] [data-flag="expelled"]')).to_be_visible()
        shot(page, "flagged")

        check_in(page, "T1")
        check_in(page, "T3")
        page.locator("#kickoff").click()
        page.locator("#injury-person").select_option("T1|T1-P4")
        page.locator("#remove-injured").click()
        expect(page.locator('[data-blocked="T1-P4"]')).to_contain_text("may not return")
        expect(t1.locator('input[data-person="T1-P4"]')).to_be_disabled()
        assert page.locator('#injury-person option[value="T1|T1-P4"]').count() == 0
        page.locator('section[data-team="T1"] [data-send-lineup]').click()
        # Two lineups, kick-off, the removal and T1's lineup again: all sent.
        expect(page.locator('[data-state="sent"]')).to_have_count(5)
        t1_lineups = [
            e
            for e in fields.posted(tournament)
            if e["type"] == "lineup.submitted" and e["team_id"] == "T1"
        ]
        assert len(t1_lineups) == 2
        assert "T1-P4" not in {m["person_id"] for m in t1_lineups[-1]["members"]}
        shot(page, "live")


def test_a_field_token_for_c1_cannot_open_or_post_for_c2(
    fields: FieldSystem, browser: Browser
) -> None:
    tournament, games = fields.tournament("scope")
    with fields.phone(browser, tournament, field="C2") as page:
        expect(page.locator("#problem")).to_contain_text("is for field C1, not C2")
        expect(page.locator("[data-game]")).to_have_count(0)
        score = retarget(factories.score(games["A6"], 1, 0), tournament)
        answer = httpx.post(
            f"{fields.url}/v1/events:batch",
            content=b"[" + score.model_dump_json().encode() + b"]",
            headers={"Authorization": f"Bearer {fields.c1}", "Content-Type": "application/json"},
        )
        assert answer.json()[0]["status"] == "forbidden"
        mine = fields.open(page.context, tournament, field="C2", token=fields.c2)
        expect(mine.locator('[data-game="A6"]')).to_be_visible()


def test_a_phone_without_a_camera_signs_in_with_the_printed_code(
    fields: FieldSystem, browser: Browser
) -> None:
    """The sheet prints the code in groups; case, dashes and spaces do not matter."""
    tournament, _ = fields.tournament("code")
    with on_phone(browser) as context:
        page = context.new_page()
        page.goto(f"{fields.url}/field/{tournament}/C1")
        page.locator("#code").fill(" " + grouped(fields.c1).lower().replace("-", " - ") + " ")
        shot(page, "sign-in")
        page.locator("#sign-in").click()
        expect(page.locator('[data-game="A1"]')).to_be_visible()


def test_mercy_is_offered_after_half_time_and_a_drawn_final_goes_to_kicks(
    fields: FieldSystem, browser: Browser
) -> None:
    """Rules 2020: "a mercy rule of an 8-goal differential at any time after the completion
    of the first half"; "The best of five penalty kicks ... will determine the winner"."""
    tournament, _ = fields.tournament("mercy", final=True)
    with fields.phone(browser, tournament) as page:
        page.locator('[data-game="A1"]').click()
        page.locator("#kickoff").click()
        for _ in range(4):  # two quick taps are two goals
            page.locator('[data-goal="home"]').dblclick()
        expect(page.locator("#score")).to_have_text("8 \N{EN DASH} 0")
        expect(page.locator("#mercy-offer")).to_have_count(0)
        page.locator("#halftime").click()
        page.locator("#second-half").click()
        expect(page.locator("#mercy-offer")).to_contain_text("margin is 8 after half-time")
        page.locator("#mercy").click()
        page.locator("#confirm-yes").click()
        expect(page.locator("#phase")).to_contain_text("Ended: mercy rule 8-0")

        page.locator("#back").click()
        play(page, "F1", ["home", "half", "away"])
        for _ in range(3):
            page.locator('[data-kick="scored"]').click()  # home
            page.locator('[data-kick="missed"]').click()  # away
        shot(page, "shoot-out")
        page.locator("#send-shootout").click()
        expect(page.locator("#phase")).to_contain_text("3-0 on kicks")
        # A1: kick-off, 8 goals, half-time, 2nd half, mercy; F1: 2 lineups, 6 taps, the kicks.
        expect(page.locator('[data-state="sent"]')).to_have_count(21)
        posted = {e["type"]: e for e in fields.posted(tournament)}
        ended, kicks = posted["game.terminated"], posted["shootout.result"]
        assert (ended["reason"], ended["home_goals"], ended["away_goals"]) == ("mercy", 8, 0)
        assert (kicks["game_id"], kicks["home_kicks"], kicks["away_kicks"]) == ("F1", 3, 0)
        assert fields.rows(tournament)["T1"] == (1, 1, 0, 0, 8, 0, 3)


def test_events_the_gateway_refuses_are_shown_in_plain_words_and_not_sent_again(
    fields: FieldSystem, browser: Browser
) -> None:
    """A conflict (an id already used for another event) and an invalid event are final
    answers: the phone shows them and stops sending them."""
    tournament, games = fields.tournament("refused")
    taken = retarget(factories.score(games["A1"], 1, 0, status="live"), tournament)
    client = GatewayClient(fields.url, fields.c1)
    assert client.post(taken)["status"] == "accepted"
    with fields.phone(browser, tournament) as page:
        expect(page.locator('[data-game="A1"]')).to_be_visible()
        posts: list[str] = []
        page.on("request", lambda r: posts.append(r.url) if r.url.endswith(":batch") else None)
        page.evaluate(
            """([taken]) => {
              const game = state.sheet.games.find((g) => g.game_id === "A1");
              const conflict = Object.assign(envelope(game, "score.reported"),
                { event_id: taken, home_goals: 2, away_goals: 0, status: "live", sequence: 1 });
              const invalid = Object.assign(envelope(game, "score.reported"),
                { home_goals: -1, away_goals: 0, status: "live", sequence: 2 });
              const records = [conflict, invalid].map((body, i) => ({ event_id: body.event_id,
                tournament: TOURNAMENT, field: FIELD, game_id: "A1", kind: "goal",
                label: `test ${i}`, at: Date.now() + i, body, state: "waiting", error: "" }));
              return saveTaps(records).then(() => { state.taps.push(...records); sync(); });
            }""",
            [str(taken.event_id)],
        )
        refused = page.locator('[data-state="refused"]')
        expect(refused).to_have_count(2)
        expect(refused.nth(1)).to_contain_text("already used for a different event")
        expect(refused.nth(0)).to_contain_text("home_goals")
        expect(page.locator("#sync")).to_contain_text("2 not accepted")
        page.wait_for_timeout(3000)
        assert len(posts) == 1, "a refused event was sent again"


def test_too_few_players_shows_the_grace_countdown_and_a_forfeit_and_cards_are_entered(
    fields: FieldSystem, browser: Browser
) -> None:
    """Rules 2020: "a ten (10) minute grace period after the scheduled kick-off time before
    the match is awarded to their opponent"; U11-U12 need six players. A second caution in a
    game is a send-off (`second_yellow`), and a player added by hand is not on the roster."""
    tournament, _ = fields.tournament("grace")
    with fields.phone(browser, tournament) as page:
        page.locator('[data-game="A2"]').click()
        t3 = page.locator('section[data-team="T3"]')
        for person in ("T3-P1", "T3-P2", "T3-P3"):
            t3.locator(f'input[data-person="{person}"]').check()
        t3.locator('[data-add="T3"]').fill("Sam Walk-in")
        t3.get_by_role("button", name="Add").click()
        expect(t3.locator('[data-flag="unrostered"]')).to_contain_text("not on the team's roster")
        expect(page.locator('[data-count="T3"]')).to_contain_text("4 players checked in")
        t3.locator("[data-send-lineup]").click()
        check_in(page, "T1")
        expect(page.locator("#grace")).to_contain_text("Too few players (Team T3)")
        expect(page.locator("#grace")).to_contain_text("left")
        shot(page, "grace")
        page.locator('[data-forfeit="T3"]').click()
        page.locator("#confirm-yes").click()
        expect(page.locator("#phase")).to_contain_text("Forfeit by Team T3")

        page.locator("#back").click()
        page.locator('[data-game="A1"]').click()
        check_in(page, "T1")
        check_in(page, "T2")
        page.locator("#kickoff").click()
        for colour in ("yellow", "yellow"):
            page.locator("#card-person").select_option("T2|T2-P5")
            page.locator(f'[data-card="{colour}"]').click()
        expect(page.locator('#card-person option[value="T2|T2-P5"]')).to_have_count(0)
        expect(page.locator('[data-state="sent"]')).to_have_count(8)
        posted = fields.posted(tournament)
        cards = [e["card"] for e in posted if e["type"] == "card.issued"]
        assert cards == ["yellow", "second_yellow"]
        [forfeit] = [e for e in posted if e["type"] == "forfeit.declared"]
        assert (forfeit["forfeiting_team_id"], forfeit["reason"]) == ("T3", "insufficient_players")
        lineup = next(e for e in posted if e["type"] == "lineup.submitted" and e["team_id"] == "T3")
        assert "Sam Walk-in" in {m["name"] for m in lineup["members"]}
