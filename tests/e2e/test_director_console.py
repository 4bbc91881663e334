"""The director's console in headless Chromium against the real stack (gateway and workers
as processes, the embedded broker): closing two fields, previewing and publishing the
replan, and the public schedule showing the moved games; a field token refused on every
director page. Screenshots go to docs/console when TOUCHLINE_SCREENSHOTS=docs/console.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from schemas.schedule import GameScheduled, GameSlot
from services.gateway.auth import Role
from services.gateway.console.session import COOKIE
from services.scheduler.events import schedule_events
from services.scheduler.loader import load_tournament
from services.scheduler.solve import Options, solve
from services.scheduler.tournament import clock
from tests.conftest import Running, start_system
from tests.e2e.test_spectators import shoot
from touchline.broker import EmbeddedBroker
from touchline.demo import EXAMPLE
from workloads import factories

pytestmark = pytest.mark.browser
CUP = "director-cup"
DESKTOP = {"width": 1280, "height": 900}
DIRECTOR_PAGES = ["", "/closures", "/tokens", "/health", "/replans/0123456789ab"]


class Cup:
    """The demo's tournament under an id of its own, its file given to the gateway, its
    schedule published and its first game kicked off (the events' clock is then 08:00)."""

    def __init__(self, system: Running, tournament_file: Path) -> None:
        self.system = system
        tournament = load_tournament(tournament_file)
        events = schedule_events(
            tournament, solve(tournament, Options(time_limit=5)).schedule, tournament_id=CUP
        )
        assert {a["status"] for a in system.admin.post_batch(list(events))} == {"accepted"}
        self.games = sorted(
            (e.game for e in events if isinstance(e, GameScheduled)),
            key=lambda g: (g.start, g.field_id),
        )
        self.report_live(0, 0, sequence=1, period="first_half")

    def report_live(self, home_goals: int, minute: int, **fields: Any) -> None:
        """A field app's live score of the first game (home goals to none), `minute` minutes
        after its kick-off."""
        first = self.games[0]
        score = factories.score(
            first,
            home_goals,
            0,
            tournament_id=CUP,
            source="field-app",
            occurred_at=first.start + timedelta(minutes=minute),
            status="live",
            minute=minute,
            **fields,
        )
        self.system.field.post(score)

    def url(self, path: str) -> str:
        return f"{self.system.stack.gateway_url}{path}"

    def saturdays_last(self) -> list[GameSlot]:
        saturday = [g for g in self.games if g.start.date() == self.games[0].start.date()]
        last = max(g.start for g in saturday)
        return [g for g in saturday if g.start == last]


@pytest.fixture(scope="module")
def cup(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cup]:
    home = tmp_path_factory.mktemp("director-console")
    tournament_file = home / "director-cup.yaml"
    tournament_file.write_text(
        re.sub(r"^id: .*$", f"id: {CUP}", EXAMPLE.read_text(), count=1, flags=re.M)
    )
    system = start_system(
        home,
        broker.bootstrap,
        {"TOUCHLINE_CLOCK": "events", "TOUCHLINE_TOURNAMENT_FILES": str(tournament_file)},
    )
    try:
        yield Cup(system, tournament_file)
    finally:
        system.stack.stop()


def signed_in(browser: Browser, cup: Cup, role: Role, address: str) -> Page:
    """A page at `address`, signed in to the consoles with the role's token (the session
    cookie the sign-in form sets; signing in itself is test_console_session's)."""
    page = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    token = cup.system.tokens[role]
    page.context.add_cookies([{"name": COOKIE, "value": token, "url": cup.url("/console")}])
    page.goto(cup.url(address))
    return page


def test_a_director_closes_two_fields_previews_and_publishes_the_replan(
    cup: Cup, browser: Browser
) -> None:
    page = signed_in(browser, cup, Role.ADMIN, f"/console/{CUP}")
    first = cup.games[0]
    expect(page.locator(f'td[data-game="{first.game_id}"] .status')).to_have_text("live 0'")
    expect(page.locator("#live-status")).to_contain_text("Live: updated")
    for game in cup.games:
        expect(page.locator(f'td[data-game="{game.game_id}"]')).to_have_count(1)
    page.fill("#team", "Weston")
    page.click("form.search button")
    expect(page.locator("td.game.match")).to_have_count(3)
    page.fill("#team", "")
    page.click("form.search button")
    shoot(page, "director-grid", cup.system.stack.home)

    moving = cup.saturdays_last()
    minute = moving[0].start.hour * 60 + moving[0].start.minute
    page.click("text=Weather & closures")
    page.check('input[name=fields][value="C1"]')
    page.check('input[name=fields][value="C2"]')
    page.select_option("#day", "sat")
    page.fill("#start", clock(minute - 20))
    page.fill("#end", clock(minute + 40))
    shoot(page, "director-closures", cup.system.stack.home)
    page.click("text=Compute the replan")

    expect(page.locator("#progress")).to_have_attribute("data-state", "done", timeout=60_000)
    rows = page.locator("tr[data-move]")
    expect(rows).to_have_count(len(moving))
    moved_ids = sorted(g.game_id for g in moving)
    assert sorted(rows.evaluate_all("rows => rows.map(r => r.dataset.move)")) == moved_ids
    expect(page.locator("table.affected tr[data-team]")).to_have_count(4)  # the whole round
    new_times = {
        r.get_attribute("data-move"): re.search(r"(\d\d:\d\d)-", r.locator("ins").inner_text())
        for r in rows.all()
    }
    shoot(page, "director-replan", cup.system.stack.home)

    page.click("text=Publish this replan")
    expect(page.locator("h1")).to_have_text("Publish the replan?")
    page.click("text=Yes, publish these moves")
    expect(page.locator("#published")).to_contain_text(
        f"{len(moving)} of {len(moving)} schedule entries accepted"
    )

    public = browser.new_page(viewport=DESKTOP)  # type: ignore[arg-type]
    public.goto(cup.url(f"/t/{CUP}?day={moving[0].start.date()}"))
    for game_id, found in new_times.items():
        assert found is not None
        row = public.locator(f'tr[data-game="{game_id}"] .c-time')
        expect(row).to_have_text(found.group(1), timeout=15_000)
        assert found.group(1) != f"{moving[0].start:%H:%M}"
    expect(page.locator("#published")).to_be_visible()


def test_the_director_makes_and_revokes_a_token_and_reads_the_health(
    cup: Cup, browser: Browser
) -> None:
    page = signed_in(browser, cup, Role.ADMIN, f"/console/{CUP}/tokens")
    page.select_option("#role", "field")
    page.fill("#name", "phone-c1")
    page.check('form[action$="/tokens"] input[name=fields][value="C1"]')
    page.click('form[action$="/tokens"] button[type=submit]')
    code = page.locator("#new-token").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    expect(page.locator("#created svg")).to_have_count(1)
    shoot(page, "director-tokens", cup.system.stack.home)
    page.click('button[aria-label="Revoke phone-c1"]')
    expect(page.locator("[role=status]")).to_contain_text("Revoked phone-c1")
    expect(page.locator('tr[data-token="phone-c1"]')).to_have_count(0)

    page.click("nav.sections >> text=Health")
    expect(page.locator('tr[data-level] th:has-text("Broker") + td')).to_have_text("OK")
    workers = page.locator('tr:has(th:text-matches("worker$")) td:last-child')
    expect(workers).to_have_text(["Running (1 replica).", "Running (1 replica)."])
    shoot(page, "director-health", cup.system.stack.home)


def test_a_field_token_gets_403_on_every_director_page(cup: Cup, browser: Browser) -> None:
    page = signed_in(browser, cup, Role.FIELD, f"/console/{CUP}")
    for path in DIRECTOR_PAGES:
        answer = page.goto(cup.url(f"/console/{CUP}{path}"))
        assert answer is not None and answer.status == 403, path
        expect(page.locator("[role=alert]")).to_contain_text("needs an admin token")


def test_the_game_cells_change_live_without_a_reload(cup: Cup, browser: Browser) -> None:
    page = signed_in(browser, cup, Role.ADMIN, f"/console/{CUP}")
    expect(page.locator("#live-status")).to_contain_text("Live: updated")
    page.evaluate("window.loadedOnce = true")
    first = cup.games[0]
    cup.report_live(1, 12, sequence=2)
    cell = page.locator(f'td[data-game="{first.game_id}"]')
    expect(cell.locator(".score")).to_have_text("1 - 0")
    expect(cell.locator(".status")).to_have_text("live 12'")
    assert page.evaluate("window.loadedOnce") is True  # patched in place, not reloaded


def test_the_grid_marks_a_field_running_late_as_the_spectators_see_it(
    cup: Cup, browser: Browser
) -> None:
    """Issue 16: the director's grid shows the fields running late, live, from the same
    stream and script (late_fields.js) as the spectators' pages."""
    first = cup.games[0]
    late = next(g for g in cup.games if g.field_id == first.field_id and g.start > first.start)
    page = signed_in(browser, cup, Role.ADMIN, f"/console/{CUP}")
    expect(page.locator("#live-status")).to_contain_text("Live: updated")
    header = page.locator(f'th[data-field="{first.field_id}"]').first
    expect(header.locator(".late-badge")).to_be_hidden()

    def report(game: GameSlot, at: datetime, sequence: int, **live: Any) -> None:
        cup.system.field.post(
            factories.score(
                game,
                1,
                0,
                tournament_id=CUP,
                source="field-app",
                occurred_at=at,
                sequence=sequence,
                **live,
            )
        )

    report(first, first.end, 3)  # final
    report(late, late.start + timedelta(minutes=15), 1, status="live", minute=0)
    expect(header.locator(".late-badge")).to_have_text("running 15 min late", timeout=10_000)
    expect(header).to_have_class(re.compile(r"\blate\b"))
    expect(page.locator("#late")).to_contain_text("running 15 min late")
