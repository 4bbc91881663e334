"""Coach and helper certification compliance: each rule of seeds 001 and 002, the region's
variants, badges, the expiring report, and compliance monotone in certifications held.

The seeds cited are the source documents: 000 the AYSO Alliance program FAQ, 001 AYSO
Region 60's coach requirements, 002 AYSO Region 92's coach page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.region.coaches.compliance import Kind, badges, check, expiring_report
from services.region.coaches.rules import CERTIFICATIONS, DIVISIONS, RegionRules, VolunteerRole
from services.region.coaches.volunteers import HeldCertification, Volunteer

ON = date(2026, 9, 1)
CALIFORNIA = RegionRules()
#: What every coach needs whatever the division, each completed a year before ON.
BASICS = (
    "volunteer_application", "safe_haven", "concussion", "sudden_cardiac_arrest", "safesport",
    "background_check", "live_scan", "regional_referee",
)  # fmt: skip
RECENT = ON - timedelta(days=200)


def coach(
    division: str, *courses: str, role: VolunteerRole = VolunteerRole.COACH, **dates: date
) -> Volunteer:
    """A coach holding the basics (completed on RECENT unless `dates` says) and `courses`."""
    held = [HeldCertification(name, dates.get(name, RECENT)) for name in (*BASICS, *courses)]
    return Volunteer("v1", "Ana", role, (division,), tuple(held))


def unmet(volunteer: Volunteer, rules: RegionRules = CALIFORNIA, on: date = ON) -> set[str]:
    return {f.requirement.name for f in check(volunteer, on, rules).unmet}


def test_every_coach_needs_the_basics_whatever_the_division() -> None:
    """Seed 001: "All Coaches require the following regardless of the division or age of the
    players they want to coach": Safe Haven, Concussion, Sudden Cardiac Arrest, Safe Sport,
    Background Check, Live Scan, Regional Referee, "Coach Certification for the specific
    division"; seed 002 adds the volunteer application."""
    nothing = Volunteer("v1", "Ana", VolunteerRole.COACH, ("10U",))
    assert unmet(nothing) == {*BASICS, "10u_course"}
    assert unmet(coach("10U", "10u_coach")) == set()
    for name in BASICS:
        held = tuple(h for h in coach("10U", "10u_coach").held if h.name != name)
        assert unmet(Volunteer("v1", "Ana", VolunteerRole.COACH, ("10U",), held)) == {name}


def test_safesport_is_renewed_every_three_years() -> None:
    """Seed 001: "Safe Sport Training Certification (Every 3 years)"."""
    done = date(2023, 9, 2)
    assert unmet(coach("10U", "10u_coach", safesport=done)) == set()
    verdict = check(coach("10U", "10u_coach", safesport=date(2023, 9, 1)), ON, CALIFORNIA)
    assert [(f.requirement.name, f.kind, f.when) for f in verdict.unmet] == [
        ("safesport", Kind.EXPIRED, date(2026, 9, 1))
    ]


def test_the_background_check_is_annual() -> None:
    """Seed 001: "Background Check (annually)"."""
    assert unmet(coach("10U", "10u_coach", background_check=date(2025, 9, 2))) == set()
    lapsed = coach("10U", "10u_coach", background_check=date(2025, 8, 31))
    assert unmet(lapsed) == {"background_check"}
    assert "Background check expired on 2026-08-31" in str(check(lapsed, ON, CALIFORNIA).unmet[0])


def test_one_time_certifications_never_expire() -> None:
    """Seed 001: Safe Haven, Concussion, Sudden Cardiac Arrest, Live Scan, Regional Referee
    and the coach course are "(1-time)"."""
    old = date(2005, 1, 1)
    once = ("safe_haven", "concussion", "sudden_cardiac_arrest", "live_scan", "regional_referee")
    assert unmet(coach("10U", "10u_coach", **dict.fromkeys(once, old))) == set()
    assert unmet(coach("10U", "10u_coach"), on=date(2060, 1, 1)) == {
        "safesport",
        "background_check",
    }


def test_a_higher_course_does_not_satisfy_a_younger_division() -> None:
    """Seed 001: "Higher level courses will not satisfy the requirement to be certified in a
    younger division"; seed 002: "coaches must be certified in the age appropriate
    division". The verdict says which course is held and which would count."""
    verdict = check(coach("10U", "12u_coach"), ON, CALIFORNIA)
    assert [f.requirement.name for f in verdict.unmet] == ["10u_course"]
    assert "holds 12U coach course; for 10U only 10U coach course" in str(verdict.unmet[0])
    assert unmet(coach("12U", "10u_coach")) == {"12u_course"}
    assert unmet(coach("6U", "8u_coach")) == {"6u_course"}


def test_the_8u_course_covers_7u_and_8u() -> None:
    """Seed 002: "The 8U course is required for coaching at both the 7U and 8U level."""
    assert unmet(coach("7U", "8u_coach")) == unmet(coach("8U", "8u_coach")) == set()
    assert unmet(coach("7U", "6u_coach")) == {"7u_course"}


def test_upper_level_courses_do_not_grant_an_age_specific_course() -> None:
    """Seed 001: Intermediate, Advanced and National "do not grant the age-specific
    certification needed to coach 6U-12U"."""
    for course in ("intermediate_coach", "advanced_coach", "national_coach"):
        assert unmet(coach("10U", course)) == {"10u_course"}


def test_14u_needs_intermediate_or_higher() -> None:
    """Seed 001: "14U coaches must have at least the Intermediate Coach certification" and
    "a coach with the Advanced Coach certification may also coach teams needing only the
    Intermediate"."""
    for course in ("intermediate_coach", "advanced_coach", "national_coach"):
        assert unmet(coach("14U", course)) == set()
    assert unmet(coach("14U", "12u_coach")) == {"14u_course"}


def test_16u_and_19u_need_advanced() -> None:
    """Seed 001: "16U and 19U coaches must have the Advanced Coach certification"."""
    for division in ("16U", "19U"):
        assert unmet(coach(division, "advanced_coach")) == set()
        assert unmet(coach(division, "intermediate_coach")) == {f"{division.lower()}_course"}


def test_ussf_licenses_cross_certify() -> None:
    """Seed 001: "Coaches with the USSF Youth Modules may apply for U6-U12 certification.
    Those holding a USSF 'E' license may apply for the Intermediate certificate, and those
    holding a USSF 'D' license or higher may apply for the Advanced certificate."""
    for division in ("6U", "7U", "8U", "10U", "12U"):
        assert unmet(coach(division, "ussf_youth_modules")) == set()
    assert unmet(coach("14U", "ussf_youth_modules")) == {"14u_course"}
    assert unmet(coach("14U", "ussf_e")) == set()
    assert unmet(coach("16U", "ussf_e")) == {"16u_course"}
    for license_ in ("ussf_d", "ussf_c", "ussf_b", "ussf_a"):
        assert unmet(coach("19U", license_)) == set()


def test_helpers_need_the_application_and_safe_haven() -> None:
    """Seed 002: "any parent or helper that participates in practices must also complete the
    volunteer application and the Safe Haven training"."""
    helper = Volunteer("h1", "Fay", VolunteerRole.HELPER, ())
    assert unmet(helper) == {"volunteer_application", "safe_haven"}
    done = (
        HeldCertification("volunteer_application", RECENT),
        HeldCertification("safe_haven", RECENT),
    )
    assert unmet(Volunteer("h1", "Fay", VolunteerRole.HELPER, (), done)) == set()


def test_assistant_coaches_need_what_coaches_need() -> None:
    """Seed 002: "If you are interested in coaching an AYSO Region 92 team (Head Coach or
    Assistant Coach) there are three elements that must be completed"."""
    assistant = coach("16U", "intermediate_coach", role=VolunteerRole.ASSISTANT_COACH)
    assert unmet(assistant) == {"16u_course"}


def test_sudden_cardiac_arrest_is_required_in_california() -> None:
    """Seed 002: Sudden Cardiac Arrest training is "required by California State Law"; a
    region elsewhere is configured by its state."""
    held = tuple(h for h in coach("10U", "10u_coach").held if h.name != "sudden_cardiac_arrest")
    without = Volunteer("v1", "Ana", VolunteerRole.COACH, ("10U",), held)
    assert unmet(without, RegionRules(state="CA")) == {"sudden_cardiac_arrest"}
    assert unmet(without, RegionRules(state="NV")) == set()


def test_a_region_changes_renewal_periods_and_drops_requirements() -> None:
    """Region variants are configuration: another renewal period, a requirement not had."""
    two_years = RegionRules(renew_years={"background_check": 2}, not_required=frozenset())
    old_check = coach("10U", "10u_coach", background_check=date(2025, 1, 1))
    assert unmet(old_check) == {"background_check"}
    assert unmet(old_check, two_years) == set()
    no_live_scan = RegionRules(not_required=frozenset({"live_scan"}))
    held = tuple(h for h in old_check.held if h.name != "live_scan")
    assert unmet(Volunteer("v1", "Ana", VolunteerRole.COACH, ("10U",), held), no_live_scan) == {
        "background_check"
    }


def test_badges_only_for_compliant_coaches() -> None:
    """Seed 002: "We will not print badges for coaches whose certifications do not show up in
    their Blue Sombrero account"; a helper gets no coach badge."""
    ready = coach("10U", "10u_coach")
    missing = Volunteer("v2", "Ben", VolunteerRole.COACH, ("10U",))
    helper = Volunteer(
        "h1",
        "Fay",
        VolunteerRole.HELPER,
        (),
        (
            HeldCertification("volunteer_application", RECENT),
            HeldCertification("safe_haven", RECENT),
        ),
    )
    verdicts = [check(v, ON, CALIFORNIA) for v in (ready, missing, helper)]
    assert [v.id for v in badges(verdicts)] == ["v1"]


def test_the_expiring_report_lists_what_lapses_within_n_days_soonest_first() -> None:
    """What expires within the region's horizon (inclusive), still compliant today."""
    soon = coach(
        "10U", "10u_coach", background_check=date(2025, 9, 30), safesport=date(2023, 9, 10)
    )
    later = coach("10U", "10u_coach", background_check=date(2025, 10, 2))
    rules = RegionRules(expiring_within_days=30)
    verdicts = [check(v, ON, rules) for v in (soon, later)]
    assert all(v.compliant for v in verdicts)
    assert [(f.requirement.name, f.when) for _, f in expiring_report(verdicts)] == [
        ("safesport", date(2026, 9, 10)),
        ("background_check", date(2026, 9, 30)),
    ]


def test_a_certification_completed_after_the_day_does_not_count() -> None:
    """Checked on a day, a course taken later is not yet held."""
    assert unmet(coach("10U", "10u_coach", **{"10u_coach": ON + timedelta(days=1)})) == {
        "10u_course"
    }


def test_a_29_february_completion_renews_on_28_february() -> None:
    """An annual check done on 29 February 2028 lapses on 28 February 2029."""
    verdict = check(
        coach("10U", "10u_coach", background_check=date(2028, 2, 29)), date(2029, 2, 28), CALIFORNIA
    )
    lapsed = {f.requirement.name: f.when for f in verdict.unmet}
    assert lapsed["background_check"] == date(2029, 2, 28)
    assert "background_check" not in unmet(
        coach("10U", "10u_coach", background_check=date(2028, 2, 29)), on=date(2029, 2, 27)
    )


held_sets = st.lists(
    st.builds(
        HeldCertification,
        st.sampled_from(sorted(CERTIFICATIONS)),
        st.dates(date(2018, 1, 1), date(2027, 1, 1)),
    ),
    max_size=12,
)


@settings(max_examples=300)
@given(
    st.sampled_from(list(VolunteerRole)),
    st.lists(st.sampled_from(DIVISIONS), min_size=1, max_size=2, unique=True),
    held_sets,
    held_sets,
    st.sampled_from([RegionRules(), RegionRules(state="NV", renew_years={"safesport": None})]),
)
def test_compliance_is_monotone_in_certifications_held(
    role: VolunteerRole,
    divisions: list[str],
    held: list[HeldCertification],
    more: list[HeldCertification],
    rules: RegionRules,
) -> None:
    """Issue 18's property: holding more certifications never makes a volunteer less
    compliant; every requirement unmet with more was unmet with fewer."""
    fewer = Volunteer("v1", "Ana", role, tuple(divisions), tuple(held))
    extra = Volunteer("v1", "Ana", role, tuple(divisions), tuple(held + more))
    assert unmet(extra, rules) <= unmet(fewer, rules)
    if check(fewer, ON, rules).compliant:
        assert check(extra, ON, rules).compliant


@pytest.mark.parametrize("division", DIVISIONS)
def test_every_division_has_exactly_one_course_requirement(division: str) -> None:
    """A coach in any division needs the basics and one course requirement for it."""
    requirements = CALIFORNIA.requirements(VolunteerRole.COACH, (division,))
    assert [r.division for r in requirements if r.division] == [division]
