"""Spectators' pages and the venue screen in headless Chromium, live over the real broker.

One system (on the events' clock, as the demo runs) and one browser for every test; each
test publishes the demo's schedule as a tournament of its own.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from aiokafka import AIOKafkaConsumer
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError

from schemas.match import ScoreReported, ShootoutResult
from schemas.schedule import GameSlot
from services.scheduler.events import schedule_events
from services.scheduler.loader import load_tournament
from services.scheduler.placement import Schedule
from services.scheduler.solve import Options, solve
from services.streaming import topics
from tests.conftest import Running, start_system
from touchline.broker import EmbeddedBroker
from touchline.demo import EXAMPLE

pytestmark = pytest.mark.browser
#: Where the README's screenshots go when asked for (TOUCHLINE_SCREENSHOTS=docs/screenshots).
SHOTS = os.environ.get("TOUCHLINE_SCREENSHOTS")
PHONE = {"width": 360, "height": 640}
TV = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def spectating(
    broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Running]:
    """The gateway and workers, the gateway on the events' clock (field time is now)."""
    home = tmp_path_factory.mktemp("spectators")
    running = start_system(home, broker.bootstrap, {"TOUCHLINE_CLOCK": "events"})
    try:
        yield running
    finally:
        running.stack.stop()


@pytest.fixture(scope="module")
def solved() -> tuple[Any, Schedule]:
    """The demo's tournament, solved once."""
    tournament = load_tournament(EXAMPLE)
    return tournament, solve(tournament, Options(time_limit=5)).schedule


class Cup:
    """One tournament of the demo's schedule, published, and a field app posting to it."""

    def __init__(self, system: Running, solved: tuple[Any, Schedule]) -> None:
        self.system = system
        self.id = f"live-{uuid.uuid4().hex[:8]}"
        events = schedule_events(*solved, tournament_id=self.id)
        answers = system.admin.post_batch(list(events))
        assert {a["status"] for a in answers} == {"accepted"}
        self.names = {t.team_id: t.name for t in events[0].teams}  # type: ignore[union-attr]
        self.games = sorted(
            (e.game for e in events[1:]),  # type: ignore[union-attr]
            key=lambda g: (g.start, g.field_id),
        )
        self.sequence = 0

    def game(self, start: int, field: str) -> GameSlot:
        """The game of the `start`-th kick-off time on a field (Saturday 08:00 is 0)."""
        starts = sorted({g.start for g in self.games})
        return next(g for g in self.games if g.start == starts[start] and g.field_id == field)

    def url(self, path: str) -> str:
        return f"{self.system.stack.gateway_url}{path.format(t=self.id)}"

    def post(self, game: GameSlot, home: int, away: int, at: datetime, **fields: Any) -> None:
        self.sequence += 1
        event = ScoreReported(
            event_id=uuid.uuid4(),
            tournament_id=self.id,
            occurred_at=at,
            source="field-app",
            division_id=game.division_id,
            game_id=game.game_id,
            home_goals=home,
            away_goals=away,
            sequence=self.sequence,
            **fields,
        )
        self.system.field.post(event)

    def kick_off(self, game: GameSlot, at: datetime) -> None:
        self.post(game, 0, 0, at, status="live", minute=0, period="first_half")

    def final(self, game: GameSlot, home: int, away: int) -> None:
        self.post(game, home, away, game.end)


def watch(
    browser: Browser, url: str, viewport: dict[str, int] = PHONE, fake_clock: bool = False
) -> tuple[Page, list[str]]:
    """A page at `url`, once live; what its Content-Security-Policy refused, or failed.
    `fake_clock`: the page's clock is Playwright's, to be moved on by the test."""
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    if fake_clock:
        page.clock.install()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(url)
    expect(page.locator("#live-status")).to_contain_text("live", timeout=10_000)
    page.evaluate("window.loadedOnce = true")
    return page, problems


def shoot(page: Page, name: str, fallback: Path) -> None:
    """A screenshot of what the page shows. Chromium now and then answers "Unable to capture
    screenshot" while a live page repaints under a loaded machine: the picture is taken
    again once (what the tests assert never depends on it)."""
    path = str(Path(SHOTS or fallback) / f"{name}.png")
    try:
        page.screenshot(path=path, full_page=False)
    except PlaywrightError as error:
        if "Unable to capture screenshot" not in str(error):
            raise
        page.wait_for_timeout(500)
        page.screenshot(path=path, full_page=False)


def test_a_live_score_appears_on_the_home_and_venue_pages_without_reload(
    spectating: Running, browser: Browser, solved: tuple[Any, Schedule]
) -> None:
    cup = Cup(spectating, solved)
    game = cup.game(0, "C1")
    home, home_problems = watch(browser, cup.url(f"/t/{{t}}?day={game.start.date()}"))
    venue, venue_problems = watch(browser, cup.url(f"/t/{{t}}/venues/{game.venue_id}"))
    row = home.locator(f'tr[data-game="{game.game_id}"]')
    expect(row.locator(".status")).to_have_text("scheduled")

    cup.kick_off(game, game.start)
    cup.post(game, 1, 0, game.start + timedelta(minutes=12), status="live", minute=12)

    for page in (home, venue):
        live = page.locator(f'[data-game="{game.game_id}"]').first
        expect(live.locator(".score")).to_have_text("1 - 0", timeout=10_000)
        expect(live.locator(".status")).to_have_text("live 12'")
        assert page.evaluate("window.loadedOnce") is True, "the page was reloaded"
    expect(venue.locator(f'section[data-field="{game.field_id}"] .when').first).to_contain_text(
        "Now"
    )

    cup.post(
        game, 1, 1, game.start + timedelta(minutes=25), status="live", minute=25, period="half_time"
    )
    expect(row.locator(".status")).to_have_text("half-time", timeout=10_000)
    expect(row.locator(".score")).to_have_text("1 - 1")
    assert home_problems == [] and venue_problems == []
    shoot(home, "home-phone", spectating.stack.home)
    shoot(venue, "venue-phone", spectating.stack.home)


def test_a_live_games_minute_runs_on_between_reports_to_the_end_of_its_half(
    spectating: Running, browser: Browser, solved: tuple[Any, Schedule]
) -> None:
    """The field app reports at kick-off, goals and the break: between them the page's
    minute runs on by itself, stops at the half's end, and a page loaded later (here on
    the events' clock, moved on by another field's report) starts from the minute run on."""
    cup = Cup(spectating, solved)
    game = cup.game(0, "C1")
    half = next(d.half_minutes for d in solved[0].divisions if d.id == game.division_id)
    page, problems = watch(browser, cup.url(f"/t/{{t}}?day={game.start.date()}"), fake_clock=True)
    status = page.locator(f'tr[data-game="{game.game_id}"] .status')
    cup.kick_off(game, game.start)
    cup.post(game, 1, 0, game.start + timedelta(minutes=5), status="live", minute=5)
    expect(status).to_have_text("live 5'", timeout=10_000)
    page.clock.fast_forward(3 * 60_000)
    expect(status).to_have_text("live 8'")
    page.clock.fast_forward(90 * 60_000)
    expect(status).to_have_text(f"live {half}'")

    other = next(g for g in cup.games if g.start == game.start and g.field_id != game.field_id)
    cup.kick_off(other, game.start + timedelta(minutes=9))  # the tournament's clock: 9'
    fresh, fresh_problems = watch(browser, cup.url(f"/t/{{t}}?day={game.start.date()}"))
    expect(fresh.locator(f'tr[data-game="{game.game_id}"] .status')).to_have_text("live 9'")
    assert problems == [] and fresh_problems == []


def test_the_bracket_shows_names_and_a_shootout(
    spectating: Running, browser: Browser, solved: tuple[Any, Schedule]
) -> None:
    cup = Cup(spectating, solved)
    group = [g for g in cup.games if g.stage == "group"]
    for number, game in enumerate(group):  # every game won by the team first in the list
        ranked = ["coral-springs", "weston-fc", "boca-united", "jupiter-sc"]
        first = min(game.home_team_id, game.away_team_id, key=ranked.index)  # type: ignore[arg-type]
        cup.final(
            game, *((number % 3 + 1, 0) if first == game.home_team_id else (0, number % 3 + 1))
        )
    page, problems = watch(browser, cup.url("/t/{t}/divisions/U12B"))
    semi = page.locator('[data-bracket-game="U12B-SF1"]')
    expect(semi).to_contain_text(cup.names["coral-springs"], timeout=15_000)
    expect(semi).to_contain_text(cup.names["jupiter-sc"])  # first v fourth

    sf1 = next(g for g in cup.games if g.game_id == "U12B-SF1")
    cup.final(sf1, 2, 2)
    expect(semi).to_contain_text("awaiting shoot-out", timeout=15_000)
    spectating.field.post(
        ShootoutResult(
            event_id=uuid.uuid4(),
            tournament_id=cup.id,
            occurred_at=sf1.end + timedelta(minutes=8),
            source="field-app",
            division_id="U12B",
            game_id="U12B-SF1",
            home_kicks=4,
            away_kicks=3,
        )
    )
    expect(semi.locator(".side.winner")).to_contain_text("(4 pens)", timeout=15_000)
    final = page.locator('[data-bracket-game="U12B-F"]')
    expect(final).to_contain_text(cup.names["coral-springs"])  # the winner on kicks goes on
    assert page.locator(".table tr[data-team] .why").first.inner_text() != ""  # decided_by
    assert problems == []
    shoot(page, "division-phone", spectating.stack.home)


def field_notices(bootstrap: str, tournament_id: str, field_id: str, wanted: int) -> list[str]:
    """The types of the first `wanted` notices about a tournament's field on the topic."""

    async def read() -> list[str]:
        consumer = AIOKafkaConsumer(
            topics.FIELD_NOTICES.name, bootstrap_servers=bootstrap, auto_offset_reset="earliest"
        )
        await consumer.start()
        found: list[tuple[str, str]] = []
        try:
            async with asyncio.timeout(20):
                while len(found) < wanted:
                    batches = await consumer.getmany(timeout_ms=200)
                    for messages in batches.values():
                        for m in messages:
                            if m.key == f"{tournament_id}/{field_id}".encode():
                                found.append((m.timestamp, m.value.decode()))  # type: ignore[arg-type, union-attr]
        finally:
            await consumer.stop()
        return [value.split('"type":"')[1].split('"')[0] for _, value in sorted(found)]

    with ThreadPoolExecutor(1) as thread:  # Playwright's loop runs in this one
        return thread.submit(asyncio.run, read()).result()


def test_a_running_late_badge_appears_and_clears(
    spectating: Running, browser: Browser, solved: tuple[Any, Schedule]
) -> None:
    cup = Cup(spectating, solved)
    first, late, after = cup.game(0, "C1"), cup.game(1, "C1"), cup.game(2, "C1")
    cup.final(first, 1, 0)
    page, problems = watch(browser, cup.url(f"/t/{{t}}/venues/{late.venue_id}"))
    badge = page.locator('section[data-field="C1"] .late-badge')
    expect(badge).to_be_hidden()

    cup.kick_off(late, late.start + timedelta(minutes=15))  # 15 minutes late

    expect(badge).to_have_text("Field 1 running 15 min late", timeout=10_000)
    expect(page.locator("#late")).to_contain_text("Field 1 running 15 min late")
    cup.final(late, 0, 0)
    cup.kick_off(after, after.start)  # the break before it absorbed the delay
    expect(badge).to_be_hidden(timeout=10_000)
    expect(page.locator("#late")).to_be_hidden()
    assert field_notices(spectating.stack.bootstrap or "", cup.id, "C1", 2) == [
        "field.running_late",
        "field.on_time",
    ]
    assert problems == []


def test_the_team_page_calendar_link_downloads_a_valid_calendar(
    spectating: Running, browser: Browser, solved: tuple[Any, Schedule]
) -> None:
    cup = Cup(spectating, solved)
    page, problems = watch(browser, cup.url("/t/{t}/teams/weston-fc"))
    expect(page.locator(".next")).to_contain_text("Central Park, Field")
    assert (
        page.locator(".next a.button")
        .get_attribute("href", timeout=1000)
        .startswith(  # type: ignore[union-attr]
            "https://www.openstreetmap.org/?mlat=26.27120&mlon=-80.27060"
        )
    )
    assert page.locator("img.qr").evaluate("img => img.complete && img.naturalWidth > 0")
    with page.expect_download() as download:
        page.locator("#ics").click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    events = list(calendar.walk("VEVENT"))
    mine = [g for g in cup.games if "weston-fc" in (g.home_team_id, g.away_team_id)]
    assert sorted(str(e["uid"]) for e in events) == sorted(f"{g.game_id}@{cup.id}" for g in mine)
    assert all("Weston FC" in str(e["summary"]) for e in events)
    assert problems == []
    shoot(page, "team-phone", spectating.stack.home)


def test_the_venue_screen_is_live_says_how_stale_it_is_and_recovers_by_itself(
    spectating: Running, browser: Browser, solved: tuple[Any, Schedule]
) -> None:
    cup = Cup(spectating, solved)
    for game in [g for g in cup.games if g.stage == "group"][:4]:
        cup.final(game, 2, 1)
    playing = cup.game(2, "C1")
    screen, problems = watch(browser, cup.url(f"/display/{{t}}?venue={playing.venue_id}"), TV)
    cup.kick_off(playing, playing.start)
    cup.post(playing, 2, 0, playing.start + timedelta(minutes=33), status="live", minute=33)
    now = screen.locator(f'section[data-field="C1"] [data-game="{playing.game_id}"]')
    expect(now.locator(".score")).to_have_text("2 - 0", timeout=10_000)
    expect(screen.locator(".rotating .panel:not([hidden])")).to_have_count(1)
    expect(screen.locator(".rotating .panel").first).to_contain_text(cup.names["weston-fc"])
    shoot(screen, "screen-tv", spectating.stack.home)

    status = screen.locator("#live-status")
    spectating.stack.stop_process("gateway")  # the screen's network drops
    expect(status).to_contain_text("connection lost: showing what was known at", timeout=15_000)
    expect(now.locator(".score")).to_have_text("2 - 0")  # still shown, marked stale
    spectating.stack.start_gateway()
    spectating.stack.wait_ready()
    cup.post(playing, 3, 0, playing.start + timedelta(minutes=40), status="live", minute=40)
    expect(status).to_contain_text("live · updated", timeout=20_000)
    expect(now.locator(".score")).to_have_text("3 - 0", timeout=10_000)
    assert screen.evaluate("window.loadedOnce") is True, "the screen was reloaded"
    assert problems == []
