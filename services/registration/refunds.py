"""The refund clock: which applications are owed their entry fee back, and by when.

The Alliance Cup's refund rules (seed 003), as applied here:

1. "Within five (5) days after notification that the team is not accepted": due five days
   after the not-accepted notice.
2. "Within five (5) days upon cancellation of the tournament": every application still open
   (applied or accepted) when the tournament is cancelled, due five days after. A cancellation
   on or after the first day is the tournament "cancelled in whole or part, due to any factor
   including inclement weather", for which the committee is "not responsible for any expenses
   (including tournament entry fee)": no refund.
3. "Within ten (10) days of withdrawal request of the application by a team prior to
   acceptance of that application": due ten days after the request, unless it came after the
   registration deadline ("Teams that cancel participation or pullout of the tournament
   following the registration deadline ... will not be granted a refund"). A withdrawal after
   acceptance is not refunded.
4. "Any team that will not be permitted to play in the contracted age group shall have the
   option to withdraw and receive a full refund": a team of an age group announced as not
   offered that withdraws is refunded in full, whenever it withdraws (the committee's change,
   not the team's pull-out), ten days after the request as in rule 3. The announcement must
   come "not less than fifteen (15) days prior to the beginning of the tournament": a later
   one is reported (`late_announcements`).

One application has at most one refund: the earliest entitlement it earned. The amount is the
entry fee of its latest application; payments count against it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from schemas.registration import AgeGroupNotOffered, ApplicationNotAccepted, ApplicationWithdrawn
from services.registration.state import Application, Registration

NOT_ACCEPTED_DAYS = 5
CANCELLED_DAYS = 5
WITHDRAWN_DAYS = 10
ANNOUNCE_DAYS_BEFORE_START = 15

RefundStatus = Literal["due", "overdue", "paid"]


@dataclass(frozen=True)
class Refund:
    """A refund an application is owed: why, from which notice, by when, how much."""

    team_id: str
    why: str
    noticed_on: date
    due_by: date
    amount_cents: int


@dataclass(frozen=True)
class RefundLine:
    """A refund on a date: what is still outstanding of it, and whether it is late."""

    refund: Refund
    paid_cents: int
    status: RefundStatus

    @property
    def outstanding_cents(self) -> int:
        return max(0, self.refund.amount_cents - self.paid_cents)


def refund_of(registration: Registration, application: Application) -> Refund | None:
    """The refund `application` is owed, if any: the earliest of its entitlements."""
    found = sorted(_entitlements(registration, application), key=lambda r: r.noticed_on)
    return found[0] if found else None


def _entitlements(registration: Registration, application: Application) -> Iterator[Refund]:
    closed = application.closed_by
    fee = application.submitted.entry_fee_cents

    def refund(why: str, noticed: date, days: int) -> Refund:
        return Refund(application.team_id, why, noticed, noticed + timedelta(days=days), fee)

    if isinstance(closed, ApplicationNotAccepted):
        yield refund("not accepted", closed.occurred_at.date(), NOT_ACCEPTED_DAYS)
    if isinstance(closed, ApplicationWithdrawn):
        requested = closed.occurred_at.date()
        dropped = registration.not_offered.get(application.submitted.age_group)
        if dropped is not None and dropped.occurred_at <= closed.occurred_at:
            yield refund(
                f"withdrawn: age group {dropped.age_group} not offered", requested, WITHDRAWN_DAYS
            )
        elif application.withdrawn_before_acceptance and not _after_deadline(
            registration, requested
        ):
            yield refund("withdrawn before acceptance", requested, WITHDRAWN_DAYS)
    cancelled = registration.cancelled
    if cancelled is not None and (closed is None or closed.occurred_at > cancelled.occurred_at):
        on = cancelled.occurred_at.date()
        terms = registration.terms
        if terms is None or on < terms.starts_on:
            yield refund("tournament cancelled", on, CANCELLED_DAYS)


def _after_deadline(registration: Registration, requested: date) -> bool:
    """Whether a request falls after the registration deadline (without terms, a deadline
    cannot be judged: the refund is listed, and `report` says the terms are missing)."""
    terms = registration.terms
    return terms is not None and requested > terms.registration_deadline


def refund_lines(registration: Registration, on: date) -> list[RefundLine]:
    """Every refund of the tournament, as it stands on `on`: paid, due (not yet late) or
    overdue (unpaid after its last day)."""
    lines = []
    for team_id in sorted(registration.applications):
        application = registration.applications[team_id]
        refund = refund_of(registration, application)
        if refund is None:
            continue
        paid = application.paid_cents
        status: RefundStatus = (
            "paid" if paid >= refund.amount_cents else "overdue" if on > refund.due_by else "due"
        )
        lines.append(RefundLine(refund, paid, status))
    return lines


def unowed_payments(registration: Registration) -> list[str]:
    """Teams paid a refund they are not owed (or paid more than their fee)."""
    found = []
    for team_id in sorted(registration.applications):
        application = registration.applications[team_id]
        owed = refund_of(registration, application)
        limit = owed.amount_cents if owed else 0
        if application.paid_cents > limit:
            found.append(
                f"team {team_id}: refunds paid {application.paid_cents} cents; "
                f"{limit} cents are owed"
            )
    return found


def late_announcements(registration: Registration) -> list[str]:
    """Age groups announced as not offered fewer than 15 days before the start."""
    terms = registration.terms
    if terms is None:
        return []
    return [
        _late(terms.starts_on, announced)
        for announced in sorted(registration.not_offered.values(), key=lambda a: a.age_group)
        if (terms.starts_on - announced.occurred_at.date()).days < ANNOUNCE_DAYS_BEFORE_START
    ]


def _late(starts_on: date, announced: AgeGroupNotOffered) -> str:
    days = (starts_on - announced.occurred_at.date()).days
    return (
        f"age group {announced.age_group} was announced as not offered {days} day(s) before "
        f"the start on {starts_on.isoformat()}; the committee must notify not less than "
        f"{ANNOUNCE_DAYS_BEFORE_START} days prior"
    )
