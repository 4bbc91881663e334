"""The registrar's report on one date: every application's state, what it lacks, its
check-in, the refunds due and overdue, and every problem, as data (the API's answer) and as
text (the command line's).

The report on a date is the fold of the events that occurred on or before that date, so a
report for a past date reads as it would have then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from services.discipline.config import DisciplineConfig
from services.discipline.eligibility import check_rosters
from services.registration.checkin import PlayerCheckIn, check_in_sheet, roster_of
from services.registration.documents import Missing, missing
from services.registration.refunds import (
    RefundLine,
    late_announcements,
    refund_lines,
    unowed_payments,
)
from services.registration.state import Application, Registration, fold


@dataclass(frozen=True)
class ApplicationRow:
    """One application as the report shows it."""

    team_id: str
    team_name: str
    division_id: str
    age_group: str
    status: str
    missing: list[Missing]
    check_in: list[PlayerCheckIn]
    locked_at: str | None
    may_withdraw_for_refund: bool


@dataclass(frozen=True)
class RegistrationReport:
    tournament_id: str
    on: date
    applications: list[ApplicationRow]
    refunds: list[RefundLine]
    problems: list[str]

    def as_json(self) -> dict[str, Any]:
        """The report as JSON values (dates as ISO strings)."""
        data = asdict(self)
        data["on"] = self.on.isoformat()
        for line, refund in zip(data["refunds"], self.refunds, strict=True):
            line["outstanding_cents"] = refund.outstanding_cents
            for name in ("noticed_on", "due_by"):
                line["refund"][name] = line["refund"][name].isoformat()
        return data


def report(tournament_id: str, events: Iterable[Any], on: date) -> RegistrationReport:
    """The tournament's registrations as they stood at the end of `on`."""
    registration = fold(tournament_id, (e for e in events if e.occurred_at.date() <= on))
    season = registration.terms.season_year if registration.terms else None
    return RegistrationReport(
        tournament_id=tournament_id,
        on=on,
        applications=[
            _row(registration, registration.applications[team], season)
            for team in sorted(registration.applications)
        ],
        refunds=refund_lines(registration, on),
        problems=_problems(registration, season),
    )


def _row(
    registration: Registration, application: Application, season: int | None
) -> ApplicationRow:
    submitted = application.submitted
    still_open = application.status in ("applied", "accepted")
    return ApplicationRow(
        team_id=application.team_id,
        team_name=submitted.team_name,
        division_id=submitted.division_id,
        age_group=submitted.age_group,
        status=application.status,
        missing=missing(application) if still_open else [],
        check_in=check_in_sheet(application, season) if application.status == "accepted" else [],
        locked_at=application.locked_at.isoformat() if application.locked_at else None,
        may_withdraw_for_refund=still_open and submitted.age_group in registration.not_offered,
    )


def _problems(registration: Registration, season: int | None) -> list[str]:
    found = []
    if registration.terms is None:
        found.append(
            "the registration terms (start, registration deadline, season year) are not set: "
            "the deadline, cancellation and age rules cannot be applied"
        )
    found.extend(str(problem) for problem in registration.problems)
    found.extend(late_announcements(registration))
    found.extend(unowed_payments(registration))
    if season is not None:
        entered = [
            roster_of(a.submitted)
            for a in registration.applications.values()
            if a.status in ("applied", "accepted")
        ]
        found.extend(str(p) for p in check_rosters(entered, DisciplineConfig(season_year=season)))
    return found


def text(result: RegistrationReport) -> list[str]:
    """The report as lines of text."""
    lines = [f"Registration of {result.tournament_id} on {result.on.isoformat()}", ""]
    lines.append(f"Applications ({len(result.applications)})")
    for row in result.applications:
        name = f" {row.team_name}" if row.team_name else ""
        locked = f", roster locked {row.locked_at}" if row.locked_at else ""
        status = row.status.replace("_", " ")
        lines.append(
            f"  {row.team_id}{name} ({row.division_id}, {row.age_group}): {status}{locked}"
        )
        lines.extend(f"    missing: {item.what}" for item in row.missing)
        if row.may_withdraw_for_refund:
            lines.append(f"    {row.age_group} is not offered: may withdraw for a full refund")
        for player in row.check_in:
            why = f": {'; '.join(player.reasons)}" if player.reasons else ""
            lines.append(f"    {player.person_id} {player.name}: {player.state}{why}")
    lines += ["", "Refunds"]
    for line in result.refunds:
        refund = line.refund
        lines.append(
            f"  {refund.team_id}: {line.status}, {_money(line.outstanding_cents)} of "
            f"{_money(refund.amount_cents)} outstanding, {refund.why} on "
            f"{refund.noticed_on.isoformat()}, due by {refund.due_by.isoformat()}"
        )
    if not result.refunds:
        lines.append("  none")
    lines += ["", f"Problems ({len(result.problems)})"]
    lines.extend(f"  {problem}" for problem in result.problems)
    return lines


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"
