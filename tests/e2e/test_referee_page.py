"""A referee opens their own schedule on a phone: the games the published crews give them,
their position and crew, and a calendar that downloads and parses."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
from playwright.sync_api import Browser, expect

from services.gateway.auth import Role, new_token
from services.referees.duties import AssignmentProblem
from services.referees.events import assignment_events
from services.referees.inputs import load_pool
from services.referees.solve import AssignmentOptions, assign
from services.scheduler.events import schedule_events
from services.scheduler.games import tournament_games
from services.scheduler.loader import load_tournament
from services.scheduler.solve import Options, solve
from tests.conftest import Running, start_system
from tests.e2e.test_spectators import PHONE, shoot
from touchline.broker import EmbeddedBroker
from touchline.cli import add_token

pytestmark = pytest.mark.browser
EXAMPLES = Path(__file__).parents[2] / "examples"
REFEREE = "ref-adams"


@pytest.fixture(scope="module")
def refereed(
    broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Running, str, str, list[Any]]]:
    """The example cup scheduled, its referees assigned and both published; the stack
    started with a referee token for ref-adams (tokens are read at the gateway's start)."""
    home = tmp_path_factory.mktemp("referees")
    token = new_token()
    add_token(home / "tokens.yaml", "referee-adams", token, Role.REFEREE, ["*"], None, REFEREE)
    running = start_system(home, broker.bootstrap)
    try:
        tournament = load_tournament(EXAMPLES / "spring-classic.yaml")
        games = tournament_games(tournament)
        schedule = solve(tournament, Options(time_limit=5)).schedule
        pool = load_pool(EXAMPLES / "spring-classic-referees.yaml", tournament)
        problem = AssignmentProblem.of(tournament, games, schedule, pool)
        assignment = assign(problem, AssignmentOptions(time_limit=5)).assignment
        cup = f"spring-{uuid.uuid4().hex[:8]}"
        events = schedule_events(tournament, schedule, tournament_id=cup)
        crews = [
            e.model_copy(update={"tournament_id": cup})
            for e in assignment_events(problem, assignment, datetime.now(UTC))
        ]
        answers = running.admin.post_batch([*events, *crews])
        assert {a["status"] for a in answers} == {"accepted"}
        mine = [e for e in crews if any(m.referee_id == REFEREE for m in e.crew)]
        yield running, token, cup, mine
    finally:
        running.stack.stop()


def test_a_referee_sees_their_games_and_downloads_their_calendar(
    refereed: tuple[Running, str, str, list[Any]], browser: Browser
) -> None:
    """Issue 17: "the gateway serves each referee's own schedule (HTML and .ics) through a
    referee token"."""
    running, token, cup, mine = refereed
    assert mine, "the example gives ref-adams games"
    page = browser.new_page(viewport=PHONE)  # type: ignore[arg-type]
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{running.stack.gateway_url}/referee/{cup}/{REFEREE}?token={token}")
    expect(page.locator("h1")).to_have_text("Dana Adams")
    rows = page.locator("#duties tbody tr")
    expect(rows).to_have_count(len(mine), timeout=10_000)
    assert sorted(rows.evaluate_all("rows => rows.map(r => r.dataset.game)")) == sorted(
        e.game_id for e in mine
    )
    with page.expect_download() as download:
        page.locator("#ics").click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    uids = sorted(str(e["uid"]) for e in calendar.walk("VEVENT"))
    assert uids == sorted(f"{e.game_id}-{REFEREE}@{cup}" for e in mine)
    assert problems == []
    shoot(page, "referee-phone", running.stack.home)
    other = browser.new_page()
    answer = other.goto(f"{running.stack.gateway_url}/referee/{cup}/ref-baker?token={token}")
    assert answer is not None and answer.status == 403
