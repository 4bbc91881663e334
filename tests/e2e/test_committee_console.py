"""The discipline committee's console in headless Chromium, against the whole running system
(the embedded broker, the gateway, the discipline and standings workers).

Each test owns a tournament: the standard division (A1-A6 on Saturday from 09:00), in which
coach C1 of T1 is ejected in A1 and then stands on T2's lineup in A4, which T2 wins 2-1: one
ineligible-participation alert, and C1's suspension still to serve (T1 has not played again).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.conftest import Running, retarget
from tests.e2e.test_spectators import PHONE, shoot
from workloads import factories

pytestmark = pytest.mark.browser
#: How long the workers may take to fold what a test posted, in ms: these tests take 5-6 s
#: when the machine is quiet; the discipline worker runs at idle CPU priority.
FOLDED = 60_000


class Case:
    """A tournament with one alert and one suspension, and the committee's token."""

    def __init__(self, system: Running) -> None:
        self.system = system
        self.id, games = system.publish_division("committee")
        self.games = games
        self.a4 = games["A4"]

    def post(self) -> None:
        """The field app's events of the day: the ejection, the lineups, the result."""
        events: list[Any] = [
            factories.card(self.games["A1"], "T1", "C1", "ejection", role="coach"),
            factories.lineup(self.a4, "T2", factories.squad("T2", 7), staff=["C1"]),
            factories.lineup(self.a4, "T3", factories.squad("T3", 7)),
            factories.score(self.a4, 0, 0, status="live", sequence=1, occurred_at=self.a4.start),
            factories.score(self.a4, 1, 2, sequence=2, occurred_at=self.a4.end),
        ]
        answers = self.system.field.post_batch([retarget(e, self.id) for e in events])
        assert {a["status"] for a in answers} == {"accepted"}

    def url(self, path: str) -> str:
        return self.system.stack.gateway_url + path.format(t=self.id)

    def row(self, team: str) -> dict[str, Any]:
        """The team's row in the standings the API serves (empty before they have one)."""
        groups = self.system.groups(self.id) or []
        return next((r for g in groups for r in g["rows"] if r["team_id"] == team), {})


@pytest.fixture
def case(system: Running) -> Case:
    posted = Case(system)
    posted.post()
    return posted


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    opened = browser.new_page(viewport=PHONE)  # type: ignore[arg-type]
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(str(error)))
    opened.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield opened
    opened.close()
    assert problems == [], "the console's pages broke their policy or threw"


def sign_in(page: Page, case: Case, token: str, back: str = "", shot: Path | None = None) -> None:
    page.goto(case.url("/console/sign-in" + (f"?next={back}" if back else "")))
    page.get_by_label("Token").fill(token)
    if shot is not None:
        shoot(page, "console-sign-in", shot)
    page.get_by_role("button", name="Sign in").click()


def wait_until(
    check: Any, what: str, seconds: float = FOLDED / 1000, page: Page | None = None
) -> Any:
    """Poll `check`. Playwright's sync API runs a page's handlers (a route's, say) only while
    the test is inside one of its calls, so a check that waits on a handler passes the page:
    the pause is then the page's, not a sleep that would keep the handler from ever running."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        if page is None:
            time.sleep(0.2)
        else:
            page.wait_for_timeout(200)
    raise AssertionError(f"never: {what}")


def test_a_committee_member_confirms_an_ineligibility_and_sees_the_forfeit_in_the_standings(
    case: Case, page: Page, tmp_path: Path
) -> None:
    """Issue 16 acceptance: confirm an ineligibility (confirming forfeits the game) and see
    the forfeit in the standings once they have folded it."""
    desk = f"/console/{case.id}/discipline"
    sign_in(page, case, case.system.tokens_by_name["committee"], desk, tmp_path)
    expect(page).to_have_url(case.url(desk))
    alert = page.locator('li.item[data-kind="alert"]')
    expect(alert).to_contain_text("Person C1", timeout=FOLDED)  # the notice arrives live
    expect(alert).to_contain_text("Open: awaiting a ruling")
    expect(alert).to_contain_text("A suspended person sits out")
    shoot(page, "console-discipline-queue", tmp_path)
    expect(page.locator("#open-count")).to_have_text("1")

    alert.get_by_role("link", name="Confirm (forfeit)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Confirm the ineligible participation"
    )
    expect(page.locator("form.stack")).to_contain_text("Person C1")
    page.get_by_label("Reason (goes into the journal and the report) (optional)").fill(
        "coach C1 was suspended"
    )
    shoot(page, "console-confirm-step", tmp_path)
    page.get_by_role("button", name="Confirm: the game becomes a forfeit").click()

    effect = page.locator("#effect")
    expect(effect).to_have_attribute("data-folded", "yes", timeout=FOLDED)
    expect(effect).to_contain_text("is a forfeit of Team T2")
    expect(page.locator('tr[data-team="T2"]')).to_contain_text("forfeited")
    shoot(page, "console-forfeit-folded", tmp_path)
    row = wait_until(lambda: (r := case.row("T2")).get("forfeited") and r, "the API's T2 forfeited")
    assert (row["won"], row["lost"], row["goals_against"]) == (0, 1, 4)

    page.goto(case.url(desk + "?status=open"))
    expect(page.locator("#open-count")).to_have_text("0")


def test_a_committee_member_extends_a_suspension_and_sees_it_in_the_persons_record(
    case: Case, page: Page, tmp_path: Path
) -> None:
    """Issue 16 acceptance: extend a suspension by N games and see it in the person's record
    (DESIGN: "The committee may extend a suspension")."""
    desk = f"/console/{case.id}/discipline"
    sign_in(page, case, case.system.tokens_by_name["committee"], desk)
    issued = page.locator('li.item[data-kind="suspension"]')
    expect(issued).to_contain_text("1 game(s) still to serve", timeout=FOLDED)
    issued.get_by_role("link", name="Extend").click()
    form = page.locator("form.stack")
    expect(form).to_contain_text("Person C1")
    expect(form).to_contain_text("A1: Team T1 v Team T2")  # the send-off it extends
    page.get_by_label("Extra games").fill("2")
    page.get_by_role("button", name="Extend the suspension").click()

    effect = page.locator("#effect")
    expect(effect).to_have_attribute("data-folded", "yes", timeout=FOLDED)
    expect(effect).to_contain_text("Person C1 now has 3 game(s) to serve")
    page.get_by_role("link", name="The person's record").click()
    suspensions = page.locator("#suspensions")
    expect(suspensions).to_contain_text("1 automatic + 2 by the committee")
    expect(page.locator("ul.facts")).to_contain_text("still to serve 3")
    expect(page.locator("#cards")).to_contain_text("Ejection (red)")
    shoot(page, "console-person-record", tmp_path)

    page.goto(case.url(desk + "/report"))
    expect(page.locator("#report-cards")).to_contain_text("Person C1")
    expect(page.locator("#countdown")).to_contain_text("overdue by")  # the demo day is past
    shoot(page, "console-card-report", tmp_path)


def test_a_notice_that_comes_before_the_desk_s_stream_connects_still_appears(
    system: Running, page: Page
) -> None:
    """The desk's page is rendered, then its stream connects: a notice folded in between
    sent its `changed` to nobody. Here the page is rendered before the day's events are
    posted, and its stream held back until the suspension is in the gateway's notices: the
    page fetches its queue once the stream watches (on `hello`), so the suspension appears
    without a reload by hand."""
    case = Case(system)
    held: list[Route] = []
    page.route("**/discipline/stream", lambda route: held.append(route))
    desk = f"/console/{case.id}/discipline"
    sign_in(page, case, case.system.tokens_by_name["committee"], desk)
    expect(page.locator("#open-count")).to_have_text("0")
    case.post()

    def issued() -> bool:
        notices = case.system.committee.notices(case.id)
        return any(n["type"] == "suspension.issued" for n in notices)

    wait_until(issued, "the suspension never reached the gateway")
    wait_until(lambda: held, "the page never opened its stream", page=page)
    held[0].continue_()
    expect(page.locator('li.item[data-kind="suspension"]')).to_contain_text(
        "1 game(s) still to serve", timeout=FOLDED
    )


COMMITTEE_PAGES = [
    "/console/{t}/discipline",
    "/console/{t}/discipline/stream",
    "/console/{t}/discipline/actions/confirm",
    "/console/{t}/discipline/rulings/" + str(uuid.UUID(int=1)),
    "/console/{t}/discipline/people/C1",
    "/console/{t}/discipline/teams/T1",
    "/console/{t}/discipline/report",
    "/console/{t}/discipline/report/cards.csv",
]


def test_a_field_token_gets_403_on_every_console_page(case: Case, page: Page) -> None:
    """Issue 16 acceptance: "a field token gets 403 on every console page"."""
    sign_in(page, case, case.system.tokens_by_name["field"])
    for path in COMMITTEE_PAGES:
        answer = page.request.get(case.url(path), max_redirects=0)
        assert (path, answer.status) == (path, 403)
    page.goto(case.url("/console/{t}/discipline"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.locator("[role=alert]")).to_contain_text("is a field token")
