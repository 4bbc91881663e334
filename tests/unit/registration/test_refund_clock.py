"""The refund clock of seed 003 (Alliance Cup Rules 2020), rule by rule."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.registration.refunds import late_announcements, refund_lines, unowed_payments
from services.registration.state import fold
from workloads import registration as r
from workloads.factories import TOURNAMENT


def lines(events: list[Any], on: date) -> dict[str, tuple[str, str, date]]:
    """team -> (status, why, due by) of every refund on `on`."""
    registration = fold(TOURNAMENT, events)
    return {
        line.refund.team_id: (line.status, line.refund.why, line.refund.due_by)
        for line in refund_lines(registration, on)
    }


def test_a_team_not_accepted_is_refunded_within_five_days_of_the_notice() -> None:
    """Seed 003: "Within five (5) days after notification that the team is not accepted by
    their application." Due up to the fifth day, overdue the day after."""
    events = [r.terms(), r.application("T1"), r.not_accepted("T1", date(2020, 9, 10))]
    assert lines(events, date(2020, 9, 15)) == {"T1": ("due", "not accepted", date(2020, 9, 15))}
    assert lines(events, date(2020, 9, 16))["T1"][0] == "overdue"


def test_a_paid_refund_is_neither_due_nor_overdue() -> None:
    """Seed 003's refund list is met once the entry fee is back: a part payment leaves the
    rest outstanding."""
    part = [r.terms(), r.application("T1"), r.not_accepted("T1"), r.paid("T1", 30_000)]
    registration = fold(TOURNAMENT, part)
    [line] = refund_lines(registration, date(2020, 12, 1))
    assert (line.status, line.outstanding_cents) == ("overdue", r.FEE_CENTS - 30_000)
    whole = [*part, r.paid("T1", r.FEE_CENTS - 30_000)]
    assert lines(whole, date(2020, 12, 1))["T1"][0] == "paid"


def test_a_cancelled_tournament_refunds_every_open_application_within_five_days() -> None:
    """Seed 003: "Within five (5) days upon cancellation of the tournament." Applied and
    accepted teams alike; a team already closed earlier keeps its own (one) refund or none."""
    events = [
        r.terms(),
        r.application("T1"),
        r.application("T2"),
        r.accepted("T2"),
        r.application("T3"),
        r.accepted("T3"),
        r.withdrawn("T3", date(2020, 9, 20)),  # after acceptance: no refund of its own
        r.cancelled(date(2020, 10, 20)),
    ]
    due = date(2020, 10, 25)
    assert lines(events, due) == {
        "T1": ("due", "tournament cancelled", due),
        "T2": ("due", "tournament cancelled", due),
    }


def test_a_tournament_cancelled_once_under_way_refunds_nothing() -> None:
    """Seed 003: the committee is not "responsible for any expenses (including tournament
    entry fee) ... This includes a situation where the tournament or any game(s) is cancelled
    in whole or part, due to any factor including inclement weather." A cancellation on or
    after the first day is that case; before it, the five-day rule applies."""
    events = [r.terms(), r.application("T1"), r.accepted("T1"), r.cancelled(r.STARTS_ON)]
    assert lines(events, date(2020, 12, 1)) == {}


def test_a_withdrawal_before_acceptance_is_refunded_within_ten_days() -> None:
    """Seed 003: "Within ten (10) days of withdrawal request of the application by a team
    prior to acceptance of that application by the tournament." After acceptance, no rule
    refunds a withdrawal."""
    before = [r.terms(), r.application("T1"), r.withdrawn("T1", date(2020, 9, 20))]
    assert lines(before, date(2020, 9, 30)) == {
        "T1": ("due", "withdrawn before acceptance", date(2020, 9, 30))
    }
    after = [r.terms(), r.application("T1"), r.accepted("T1"), r.withdrawn("T1")]
    assert lines(after, date(2020, 9, 30)) == {}


def test_no_refund_for_a_team_that_pulls_out_after_the_registration_deadline() -> None:
    """Seed 003: "Teams that cancel participation or pullout of the tournament following the
    registration deadline of October 04, 2020 will not be granted a refund." On the deadline
    itself the request is still in time."""
    on_deadline = [r.terms(), r.application("T1"), r.withdrawn("T1", r.DEADLINE)]
    assert "T1" in lines(on_deadline, date(2020, 12, 1))
    late = [r.terms(), r.application("T1"), r.withdrawn("T1", date(2020, 10, 5))]
    assert lines(late, date(2020, 12, 1)) == {}


def test_a_team_whose_age_group_is_not_offered_may_withdraw_for_a_full_refund() -> None:
    """Seed 003: "Any team that will not be permitted to play in the contracted age group
    shall have the option to withdraw and receive a full refund of all entry fees." Even
    accepted, even after the deadline: the committee's change, not the team's pull-out."""
    events = [
        r.terms(),
        r.application("T1"),
        r.accepted("T1"),
        r.application("T2", age_group="U11"),
        r.accepted("T2"),
        r.not_offered("U12", date(2020, 10, 1)),
        r.withdrawn("T1", date(2020, 10, 6)),
        r.withdrawn("T2", date(2020, 10, 6)),
    ]
    assert lines(events, date(2020, 10, 6)) == {
        "T1": ("due", "withdrawn: age group U12 not offered", date(2020, 10, 16))
    }
    [line] = refund_lines(fold(TOURNAMENT, events), date(2020, 10, 6))
    assert line.refund.amount_cents == r.FEE_CENTS


def test_an_age_group_dropped_fewer_than_fifteen_days_before_the_start_is_reported() -> None:
    """Seed 003: "The tournament committee shall notify any participant not less than
    fifteen (15) days prior to the beginning of the tournament if any age group advertised
    will not be offered." Fifteen days before is in time; fourteen is not."""
    in_time = fold(TOURNAMENT, [r.terms(), r.not_offered("U12", date(2020, 11, 6))])
    assert late_announcements(in_time) == []
    late = fold(TOURNAMENT, [r.terms(), r.not_offered("U12", date(2020, 11, 7))])
    [problem] = late_announcements(late)
    assert "U12" in problem and "14 day(s) before" in problem


def test_an_application_earns_one_refund_the_earliest() -> None:
    """Seed 003's refund rules each return the entry fee once: a team not accepted whose
    tournament is then cancelled is owed the not-accepted refund only, and paying more is
    reported."""
    events = [
        r.terms(),
        r.application("T1"),
        r.not_accepted("T1", date(2020, 9, 10)),
        r.cancelled(date(2020, 10, 20)),
        r.paid("T1", r.FEE_CENTS),
        r.paid("T1", 100),
    ]
    registration = fold(TOURNAMENT, events)
    [line] = refund_lines(registration, date(2020, 10, 25))
    assert line.refund.why == "not accepted"
    assert unowed_payments(registration) == [
        f"team T1: refunds paid {r.FEE_CENTS + 100} cents; {r.FEE_CENTS} cents are owed"
    ]
