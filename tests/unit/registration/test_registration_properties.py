"""Invariants of the registration fold and the refund clock, over random histories."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from services.registration.refunds import refund_lines
from services.registration.report import report
from services.registration.state import fold
from workloads import registration as r
from workloads.factories import TOURNAMENT

FIRST_DAY = date(2020, 8, 15)
TEAMS = ("T1", "T2", "T3")
BUILD = {
    "apply": lambda team, day: r.application(team, day, age_group=_age_group(team)),
    "accept": r.accepted,
    "reject": r.not_accepted,
    "withdraw": r.withdrawn,
    "play_up": r.play_up,
    "pay": lambda team, day: r.paid(team, 20_000, day),
    "check_in": lambda team, day: r.checked_in(team, "P1", day=day),
    "lock": r.locked,
    "not_offered": lambda team, day: r.not_offered(_age_group(team), day),
    "cancel": lambda team, day: r.cancelled(day),
}


def _age_group(team: str) -> str:
    return "U11" if team == "T3" else "U12"


steps = st.lists(
    st.tuples(st.sampled_from(sorted(BUILD)), st.sampled_from(TEAMS), st.integers(0, 110)),
    max_size=25,
)


def history(chosen: list[tuple[str, str, int]]) -> list[Any]:
    events = [r.terms()]
    for action, team, offset in chosen:
        events.append(BUILD[action](team, FIRST_DAY + timedelta(days=offset)))
    return events


ON = date(2020, 12, 31)


@settings(max_examples=150, deadline=None)
@given(steps, st.randoms(use_true_random=False))
def test_the_report_depends_on_the_set_of_events_not_their_order_or_repeats(
    chosen: list[tuple[str, str, int]], shuffle: random.Random
) -> None:
    """Field apps and registrars resend: a registration is a fold of the set of events (seed
    003's steps have dates, and the dates, not the arrival, order them)."""
    events = history(chosen)
    again = events + shuffle.sample(events, k=len(events) // 2)
    shuffle.shuffle(again)
    assert report(TOURNAMENT, again, ON) == report(TOURNAMENT, events, ON)


@settings(max_examples=150, deadline=None)
@given(steps)
def test_a_refund_is_never_owed_twice_nor_more_than_the_fee(
    chosen: list[tuple[str, str, int]],
) -> None:
    """Seed 003's refund rules each return "all entry fees", once: whatever a team's history,
    it has at most one refund, of its fee, falling due 5 or 10 days after its notice."""
    registration = fold(TOURNAMENT, history(chosen))
    lines = refund_lines(registration, ON)
    assert len({line.refund.team_id for line in lines}) == len(lines)
    for line in lines:
        refund = line.refund
        assert refund.amount_cents == r.FEE_CENTS
        assert (refund.due_by - refund.noticed_on).days in (5, 10)


@settings(max_examples=150, deadline=None)
@given(steps)
def test_a_team_pulling_out_after_the_deadline_is_never_refunded_for_it(
    chosen: list[tuple[str, str, int]],
) -> None:
    """Seed 003: "Teams that cancel participation or pullout of the tournament following the
    registration deadline ... will not be granted a refund": a withdrawal refund noticed
    after the deadline exists only when the team's age group was not offered."""
    registration = fold(TOURNAMENT, history(chosen))
    for line in refund_lines(registration, ON):
        refund = line.refund
        if refund.why.startswith("withdrawn") and refund.noticed_on > r.DEADLINE:
            assert "not offered" in refund.why


@settings(max_examples=150, deadline=None)
@given(steps)
def test_a_cancellation_once_under_way_never_refunds(chosen: list[tuple[str, str, int]]) -> None:
    """Seed 003: no entry fee is returned when "the tournament or any game(s) is cancelled in
    whole or part": a cancellation refund is always noticed before the first day."""
    registration = fold(TOURNAMENT, history(chosen))
    for line in refund_lines(registration, ON):
        if line.refund.why == "tournament cancelled":
            assert line.refund.noticed_on < r.STARTS_ON
