"""Playing time on the field app (phone-sized headless Chromium, the whole running system):
each quarter's players ticked from the lineup, the warning while a shortfall can still be
fixed, and the quarter lineups on the broker exactly once.

Seed 002 is AYSO Region 92's coach page: "all players, regardless of practice attendance,
are still required to play ¾ of every game they attend"."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from playwright.sync_api import Browser, Locator, Page, expect

from services.region.playing_time.quarters import QUARTERS, quarters_needed, standings
from services.streaming import topics
from tests.e2e import test_field_app
from tests.e2e.test_field_app import SHOTS, FieldSystem, check_in
from touchline.broker import EmbeddedBroker

pytestmark = pytest.mark.browser
#: The field app's running system (a fixture of the field app's tests), for this module too.
fields = test_field_app.fields


def record(page: Page, team: str, quarter: int, players: list[int]) -> None:
    """Tick exactly these players (by number) of the team for the quarter and record it."""
    section = page.locator(f'section[data-playing-time="{team}"]')
    section.locator(f'[data-quarter="{team}:{quarter}"]').click()
    for box in section.locator("input[data-quarter-player]").all():
        number = int(str(box.get_attribute("data-quarter-player")).rsplit("P", 1)[1])
        box.set_checked(number in players)
    section.locator("[data-record-quarter]").click()
    expect(section.locator(f'[data-quarter="{team}:{quarter}"]')).to_contain_text("✓")


def shot_of(part: Locator, name: str) -> None:
    """The phone's screen scrolled to one part of it, just below the sticky header."""
    if SHOTS:
        part.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 60)")
        part.page.screenshot(path=str(Path(SHOTS) / f"field-{name}.png"))


def warning(page: Page, team: str, player: str) -> Locator:
    return page.locator(f'section[data-playing-time="{team}"] [data-warning="{team}-{player}"]')


def on_the_broker(bootstrap: str, tournament: str, wanted: int) -> list[dict[str, Any]]:
    """The quarter lineups of the tournament on the team-sheets topic, read to its end once
    at least `wanted` are there (the gateway publishes shortly after it accepts)."""

    async def read() -> list[dict[str, Any]]:
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
        await consumer.start()
        try:
            await consumer.topics()  # the metadata that names the topic's partitions
            partitions = [
                TopicPartition(topics.TEAM_SHEETS.name, n)
                for n in sorted(consumer.partitions_for_topic(topics.TEAM_SHEETS.name) or ())
            ]
            consumer.assign(partitions)
            deadline = time.monotonic() + 20
            while True:
                await consumer.seek_to_beginning(*partitions)
                ends = await consumer.end_offsets(partitions)
                found = []
                while not all([await consumer.position(p) >= ends[p] for p in partitions]):
                    for messages in (await consumer.getmany(timeout_ms=200)).values():
                        for message in messages:
                            event = json.loads(message.value)  # type: ignore[arg-type]
                            if event["tournament_id"] == tournament and (
                                event["type"] == "quarter.lineup"
                            ):
                                found.append(event)
                if len(found) >= wanted or time.monotonic() > deadline:
                    return found
                await asyncio.sleep(0.2)
        finally:
            await consumer.stop()

    with ThreadPoolExecutor(1) as thread:  # Playwright's loop runs in this one
        return thread.submit(asyncio.run, read()).result()


def test_a_warning_appears_while_it_can_be_fixed_and_clears_once_fixed(
    fields: FieldSystem, browser: Browser, broker: EmbeddedBroker
) -> None:
    """Seed 002: every player plays "¾ of every game they attend". After two quarters a
    player who has played one must play both left (warned); one who has played none can no
    longer make it (flagged); once the last quarters are given the warning clears. Two
    quarters are recorded offline and survive a reload; every quarter lineup reaches the
    broker exactly once."""
    tournament, _ = fields.tournament("minutes")
    with fields.phone(browser, tournament) as page:
        page.locator('[data-game="A1"]').click()
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        check_in(page, "T1")
        check_in(page, "T2")
        page.locator("#kickoff").click()

        record(page, "T1", 1, [1, 2, 3, 4, 5, 6])
        record(page, "T1", 2, [2, 3, 4, 5, 6, 7])
        for player in ("P1", "P7"):
            expect(warning(page, "T1", player)).to_contain_text("must play all 2 quarters left")
        expect(warning(page, "T1", "P2")).to_have_count(0)  # two played, one to spare
        record(page, "T2", 1, [1, 2, 3, 4, 5, 6])
        record(page, "T2", 2, [1, 2, 3, 4, 5, 6])
        short = page.locator('section[data-playing-time="T2"] [data-short="T2-P7"]')
        expect(short).to_contain_text("can no longer reach 3/4 (played 0 of 4)")
        shot_of(page.locator('section[data-playing-time="T1"]'), "playing-time")

        page.context.set_offline(True)
        record(page, "T1", 3, [1, 3, 4, 5, 6, 7])
        expect(warning(page, "T1", "P2")).to_contain_text("must play the last quarter")
        record(page, "T1", 4, [1, 2, 3, 4, 5, 7])
        page.reload()
        page.locator('[data-game="A1"]').click()
        t1 = page.locator('section[data-playing-time="T1"]')
        expect(t1.locator('[data-warnings-clear="T1"]')).to_have_text(
            "Every player has played 3/4."
        )
        expect(t1.locator("[data-warning]")).to_have_count(0)
        page.context.set_offline(False)
        expect(page.locator("#sync")).to_contain_text("all sent", timeout=15_000)

        posted = [e for e in fields.posted(tournament) if e["type"] == "quarter.lineup"]
        assert sorted((e["team_id"], e["quarter"]) for e in posted) == [
            ("T1", 1), ("T1", 2), ("T1", 3), ("T1", 4), ("T2", 1), ("T2", 2),
        ]  # fmt: skip
        rules = fields.sheet(tournament)["games"][0]["rules"]
        assert {e["game_minutes"] for e in posted} == {2 * rules["half_minutes"]}
        seen = Counter(e["event_id"] for e in on_the_broker(broker.bootstrap, tournament, 6))
        assert seen == Counter(e["event_id"] for e in posted)


def test_the_page_and_the_rule_agree_on_every_case(fields: FieldSystem, browser: Browser) -> None:
    """The page's whole-quarters arithmetic (`playingTime` in app.js) gives what the minutes
    rule gives (`playing_time.quarters.standings`) for every recorded state of four
    quarters and every share a region uses (seed 002's ¾, "some regions say half")."""
    tournament, _ = fields.tournament("agree")
    with fields.phone(browser, tournament) as page:
        expect(page.locator('[data-game="A1"]')).to_be_visible()
        cases, expected = [], []
        for share in (Fraction(1, 2), Fraction(2, 3), Fraction(3, 4), Fraction(1)):
            for states in itertools.product(("open", "on", "off"), repeat=4):
                recorded = {
                    n: ["p" if s == "on" else "q"]
                    for n, s in zip(QUARTERS, states, strict=True)
                    if s != "open"
                }
                (p,) = (s for s in standings(["p"], recorded, 50, share) if s.player == "p")
                cases.append([quarters_needed(share), states.count("on"), states.count("open")])
                expected.append({"status": p.status, "needs": p.needs})
        answers = page.evaluate("cases => cases.map(([n, p, l]) => playingTime(n, p, l))", cases)
        assert answers == expected
        assert len({a["status"] for a in answers}) == 4  # every status occurs
