"""The committee's rulings on ineligible-participation alerts close them: confirmed (a
forfeit) or dismissed (none), and only another ruling changes that."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from schemas.discipline import IneligibilityConfirmed, IneligibilityDismissed
from services.discipline.config import DisciplineConfig
from services.discipline.evaluate import evaluate
from services.discipline.forfeits import implied_match_events
from services.discipline.problems import UnknownGame
from tests.unit.discipline.alerts import suspended_coach_on_t2, two_suspended_coaches_on_t2
from workloads import factories as f


def statuses(events: list[object], config: DisciplineConfig | None = None) -> list[str]:
    context, _ = f.discipline_context(config=config)
    return [alert.status for alert in evaluate(context, events).alerts]


def test_an_alert_no_one_has_ruled_on_is_open() -> None:
    """Issue 16: the committee's queue counts the open items."""
    _, games = f.discipline_context()
    assert statuses(suspended_coach_on_t2(games)) == ["open"]


def test_a_dismissed_alert_is_closed_and_forfeits_nothing() -> None:
    """Issue 16: the committee may "confirm or dismiss an ineligibility (confirming forfeits
    the game)": a dismissal closes the alert without a forfeit."""
    context, games = f.discipline_context()
    events = [*suspended_coach_on_t2(games), f.dismissal(games["A4"], "T2", "C1")]
    view = evaluate(context, events)
    assert [a.status for a in view.alerts] == ["dismissed"]
    assert implied_match_events(context, view) == []


def test_a_confirmation_after_a_dismissal_still_forfeits_the_game() -> None:
    """Issue 16: a ruling "can be reversed only by another ruling (nothing is edited in
    place)": the committee confirms what it had dismissed."""
    context, games = f.discipline_context()
    a4 = games["A4"]
    events = [
        *suspended_coach_on_t2(games),
        f.dismissal(a4, "T2", "C1", occurred_at=a4.end),
        f.confirmation(a4, "T2", "C1", occurred_at=a4.end + timedelta(hours=1)),
    ]
    view = evaluate(context, events)
    assert [a.status for a in view.alerts] == ["confirmed"]
    assert [e.game_id for e in implied_match_events(context, view)] == ["A4"]


@given(st.permutations(["dismiss", "confirm", "dismiss-again"]))
def test_a_confirmed_alert_stays_confirmed_whatever_order_the_rulings_come_in(
    order: list[str],
) -> None:
    """DESIGN: consumers are idempotent and order-free; a forfeit once implied is never
    withdrawn, so a dismissal cannot reopen a confirmed alert (a score correction undoes the
    result instead)."""
    context, games = f.discipline_context()
    a4 = games["A4"]
    rulings: dict[str, IneligibilityConfirmed | IneligibilityDismissed] = {
        "dismiss": f.dismissal(a4, "T2", "C1"),
        "confirm": f.confirmation(a4, "T2", "C1"),
        "dismiss-again": f.dismissal(a4, "T2", "C1", occurred_at=a4.end + timedelta(days=1)),
    }
    view = evaluate(context, [*suspended_coach_on_t2(games), *(rulings[k] for k in order)])
    assert [a.status for a in view.alerts] == ["confirmed"]
    assert len(implied_match_events(context, view)) == 1


def test_a_dismissal_closes_only_the_alert_it_names() -> None:
    """Issue 16: each alert is ruled on by (game, team, person)."""
    _, games = f.discipline_context()
    a4 = games["A4"]
    events = [
        *two_suspended_coaches_on_t2(games),
        f.dismissal(a4, "T2", "C2"),
    ]
    assert statuses(events) == ["open", "dismissed"]


def test_in_automatic_mode_an_alert_is_a_forfeit_a_dismissal_cannot_undo() -> None:
    """Issue: ineligible participation becomes a forfeit "automatically, if the tournament is
    configured so"; the forfeit is sent at once, so a later dismissal cannot withdraw it."""
    _, games = f.discipline_context()
    events = [*suspended_coach_on_t2(games), f.dismissal(games["A4"], "T2", "C1")]
    assert statuses(events, DisciplineConfig(auto_forfeit_ineligible=True)) == ["automatic"]


def test_a_dismissal_for_a_game_not_on_the_schedule_is_a_named_problem() -> None:
    """DESIGN: events the rules cannot place become named problems, never exceptions."""
    context, games = f.discipline_context()
    view = evaluate(context, [f.dismissal(games["A4"], "T2", "C1", game_id="Z1")])
    assert [type(p) for p in view.problems] == [UnknownGame]
