"""Is a volunteer compliant on a day: every requirement of their role and divisions held and
still valid; what is missing or expired (with its date); what expires soon.

Only certifications completed on or before the day count, and of several completions of one
certification the one valid longest counts, so holding more never makes anyone less
compliant (a property test says so). Badges go only to compliant coaches (seed 002: "We will
not print badges for coaches whose certifications do not show up").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from services.region.coaches.rules import (
    CERTIFICATIONS,
    COACHES,
    DIVISION_COURSE,
    Certification,
    RegionRules,
    Requirement,
)
from services.region.coaches.volunteers import HeldCertification, Volunteer


class Kind(StrEnum):
    MISSING = "missing"
    EXPIRED = "expired"
    EXPIRING = "expiring"


@dataclass(frozen=True)
class Finding:
    """One requirement not met (missing, expired on `when`) or soon not met (expiring on
    `when`), with a note saying why a certification held does not count."""

    requirement: Requirement
    kind: Kind
    when: date | None = None
    note: str = ""

    def __str__(self) -> str:
        title = self.requirement.title
        text = {
            Kind.MISSING: f"{title} missing",
            Kind.EXPIRED: f"{title} expired on {self.when}",
            Kind.EXPIRING: f"{title} expires on {self.when}",
        }[self.kind]
        return f"{text} ({self.note})" if self.note else text


@dataclass(frozen=True)
class Verdict:
    volunteer: Volunteer
    unmet: tuple[Finding, ...]
    expiring: tuple[Finding, ...]

    @property
    def compliant(self) -> bool:
        return not self.unmet


def expires(held: HeldCertification, certification: Certification) -> date | None:
    """The day `held` stops counting (None: never). A renewal period of N years ends on the
    same day N years on (28 February for a 29 February completion)."""
    if certification.renew_years is None:
        return None
    done = held.completed
    year = done.year + certification.renew_years
    try:
        return done.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def check(volunteer: Volunteer, on: date, rules: RegionRules) -> Verdict:
    """The volunteer's verdict on day `on` under the region's rules."""
    unmet, expiring = [], []
    horizon = on + timedelta(days=rules.expiring_within_days)
    for requirement in rules.requirements(volunteer.role, volunteer.divisions):
        ends = [
            expires(held, rules.certification(held.name))
            for held in volunteer.held
            if held.name in requirement.any_of and held.completed <= on
        ]
        valid = [end for end in ends if end is None or on < end]
        if valid:
            if None not in valid and (last := max(valid)) <= horizon:  # type: ignore[type-var]
                expiring.append(Finding(requirement, Kind.EXPIRING, last))
        elif ends:
            unmet.append(Finding(requirement, Kind.EXPIRED, max(ends)))  # type: ignore[type-var]
        else:
            unmet.append(Finding(requirement, Kind.MISSING, note=_why_not(volunteer, requirement)))
    return Verdict(volunteer, tuple(unmet), tuple(expiring))


def _why_not(volunteer: Volunteer, requirement: Requirement) -> str:
    """For a missing coach course: the courses held, which do not count for this division."""
    if requirement.division is None:
        return ""
    courses = {name for names in DIVISION_COURSE.values() for name in names}
    held = sorted({h.name for h in volunteer.held if h.name in courses})
    if not held:
        return ""
    titles = " and ".join(CERTIFICATIONS[name].title for name in held)
    counting = ", ".join(CERTIFICATIONS[name].title for name in requirement.any_of)
    return f"holds {titles}; for {requirement.division} only {counting} count"


def badges(verdicts: Iterable[Verdict]) -> list[Volunteer]:
    """The coaches and assistant coaches who get a badge: the compliant ones."""
    return [v.volunteer for v in verdicts if v.compliant and v.volunteer.role in COACHES]


def expiring_report(verdicts: Iterable[Verdict]) -> list[tuple[Volunteer, Finding]]:
    """Every certification expiring within the region's horizon, soonest first."""
    found = [(v.volunteer, f) for v in verdicts for f in v.expiring]
    return sorted(found, key=lambda pair: (pair[1].when or date.max, pair[0].id))
