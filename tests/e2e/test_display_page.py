"""The display page shows a new table without a reload (headless Chromium)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from services.gateway.auth import Role
from tests.conftest import Running, retarget
from workloads import factories

pytestmark = pytest.mark.browser


def test_display_shows_a_posted_score_without_reload(system: Running, browser: Browser) -> None:
    tournament, games = system.publish_division("display")
    page = browser.new_page()
    blocked: list[str] = []  # what the page's Content-Security-Policy refused, or failed
    page.on("pageerror", lambda error: blocked.append(str(error)))
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    token = system.tokens[Role.FIELD]  # handed on to the stream as the page got it
    page.goto(f"{system.stack.gateway_url}/display/{tournament}?token={token}")
    t1_points = page.locator('tr[data-team="T1"] td').nth(9)
    expect(page.locator("#status")).to_have_text(f"live: {tournament}")
    expect(t1_points).to_have_text("0")
    page.evaluate("window.loadedOnce = true")

    system.field.post(retarget(factories.score(games["A1"], 3, 0), tournament))

    expect(t1_points).to_have_text("3", timeout=10_000)
    expect(page.locator('tr[data-team="T1"] td').nth(6)).to_have_text("3")
    assert page.evaluate("window.loadedOnce") is True, "the page was reloaded"
    assert blocked == []
    page.screenshot(path=str(system.stack.home / "display.png"))
