"""The certification rules as data, from seeds 001 (Region 60) and 002 (Region 92).

A *certification* is a record a volunteer holds, completed on a date, renewed every N years
or held for good. A *requirement* is satisfied by any one of its certifications, still valid
on the day checked; it applies to some roles, and maybe only in some states (California's
Sudden Cardiac Arrest training) or divisions. A region's variants change this table through
`RegionRules`; nothing in the checker knows a certification by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class VolunteerRole(StrEnum):
    COACH = "coach"
    ASSISTANT_COACH = "assistant_coach"
    HELPER = "helper"


COACHES = frozenset({VolunteerRole.COACH, VolunteerRole.ASSISTANT_COACH})
EVERYONE = frozenset(VolunteerRole)


@dataclass(frozen=True)
class Certification:
    title: str
    renew_years: int | None = None  # None: one time, never expires


#: Every certification a volunteer export may list, by the name its CSV uses.
CERTIFICATIONS: dict[str, Certification] = {
    "volunteer_application": Certification("Volunteer application"),
    "safe_haven": Certification("Safe Haven"),
    "concussion": Certification("Concussion Awareness"),
    "sudden_cardiac_arrest": Certification("Sudden Cardiac Arrest"),
    "safesport": Certification("SafeSport", renew_years=3),
    "background_check": Certification("Background check", renew_years=1),
    "live_scan": Certification("Live Scan"),
    "regional_referee": Certification("Regional Referee"),
    "schoolyard_coach": Certification("Schoolyard coach course"),
    "6u_coach": Certification("6U coach course"),
    "8u_coach": Certification("8U coach course"),
    "10u_coach": Certification("10U coach course"),
    "12u_coach": Certification("12U coach course"),
    "intermediate_coach": Certification("Intermediate coach"),
    "advanced_coach": Certification("Advanced coach"),
    "national_coach": Certification("National coach"),
    "ussf_youth_modules": Certification("USSF Youth Modules"),
    "ussf_e": Certification("USSF 'E' license"),
    "ussf_d": Certification("USSF 'D' license"),
    "ussf_c": Certification("USSF 'C' license"),
    "ussf_b": Certification("USSF 'B' license"),
    "ussf_a": Certification("USSF 'A' license"),
}

#: Upper-level courses build on each other; USSF 'E' cross-certifies to Intermediate, 'D'
#: or higher to Advanced.
ADVANCED_OR_HIGHER = ("advanced_coach", "national_coach", "ussf_d", "ussf_c", "ussf_b", "ussf_a")
INTERMEDIATE_OR_HIGHER = ("intermediate_coach", "ussf_e", *ADVANCED_OR_HIGHER)
#: USSF Youth Modules cross-certify to every age-specific course from 6U to 12U.
YOUTH = ("ussf_youth_modules",)

#: The coach course each division needs: age-specific up to 12U (no other age's course
#: counts, higher or lower; the 8U course covers 7U), Intermediate for 14U, Advanced above.
DIVISION_COURSE: dict[str, tuple[str, ...]] = {
    "Schoolyard": ("schoolyard_coach",),
    "6U": ("6u_coach", *YOUTH),
    "7U": ("8u_coach", *YOUTH),
    "8U": ("8u_coach", *YOUTH),
    "10U": ("10u_coach", *YOUTH),
    "12U": ("12u_coach", *YOUTH),
    "14U": INTERMEDIATE_OR_HIGHER,
    "16U": ADVANCED_OR_HIGHER,
    "19U": ADVANCED_OR_HIGHER,
}
DIVISIONS = tuple(DIVISION_COURSE)


@dataclass(frozen=True)
class Requirement:
    name: str
    title: str
    any_of: tuple[str, ...]
    roles: frozenset[VolunteerRole]
    states: frozenset[str] | None = None  # None: in every state
    division: str | None = None  # None: whatever the division


def _one(
    name: str, roles: frozenset[VolunteerRole], states: frozenset[str] | None = None
) -> Requirement:
    """A requirement met by one certification, named and titled after it."""
    return Requirement(name, CERTIFICATIONS[name].title, (name,), roles, states)


#: Seed 001: "All Coaches require the following regardless of the division"; seed 002: the
#: volunteer application first, Sudden Cardiac Arrest "in California", and helpers "must
#: also complete the volunteer application and the Safe Haven training".
REQUIREMENTS: tuple[Requirement, ...] = (
    _one("volunteer_application", EVERYONE),
    _one("safe_haven", EVERYONE),
    _one("concussion", COACHES),
    _one("sudden_cardiac_arrest", COACHES, states=frozenset({"CA"})),
    _one("safesport", COACHES),
    _one("background_check", COACHES),
    _one("live_scan", COACHES),
    _one("regional_referee", COACHES),
    *(
        Requirement(
            f"{division.lower()}_course",
            f"{division} coach certification",
            courses,
            COACHES,
            division=division,
        )
        for division, courses in DIVISION_COURSE.items()
    ),
)


@dataclass(frozen=True)
class RegionRules:
    """One region's rules: its state (for state-only requirements), how far ahead the
    expiring report looks, and its changes to the table: renewal periods, requirements it
    does not have."""

    state: str = "CA"
    expiring_within_days: int = 30
    renew_years: dict[str, int | None] = field(default_factory=dict)
    not_required: frozenset[str] = frozenset()

    def certification(self, name: str) -> Certification:
        base = CERTIFICATIONS[name]
        if name in self.renew_years:
            return replace(base, renew_years=self.renew_years[name])
        return base

    def requirements(self, role: VolunteerRole, divisions: tuple[str, ...]) -> list[Requirement]:
        """What a volunteer in `role` coaching `divisions` must hold here."""
        return [
            r
            for r in REQUIREMENTS
            if role in r.roles
            and r.name not in self.not_required
            and (r.states is None or self.state in r.states)
            and (r.division is None or r.division in divisions)
        ]
