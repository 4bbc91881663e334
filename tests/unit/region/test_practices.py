"""Practice slots: seed 002's allowances, the allocation's rules for any sign-up, and the
explanation given to each team short of its allowance.

The seeds cited are the source documents: 000 the AYSO Alliance program FAQ, 001 AYSO
Region 60's coach requirements, 002 AYSO Region 92's coach page."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.region.practices.allocation import Allocation, AllocationOptions, allocate
from services.region.practices.allowances import ALLOWANCES, age_group
from services.region.practices.explain import shortfalls
from services.region.practices.requests import Choice, PracticeWindow, SignUp

QUICK = AllocationOptions(time_limit=10.0)
EVENING = (17 * 60, 20 * 60)
FIELDS = ("Brett", "Richmond")
DAYS = ("Mon", "Tue", "Wed")


def windows() -> tuple[PracticeWindow, ...]:
    return tuple(PracticeWindow(f, d, *EVENING, frozenset()) for f in FIELDS for d in DAYS)


def choice(team: str, rank: int, field: str, day: str, start: str, **who: str) -> Choice:
    """A choice of `team` (coach c-<team> and the team's age group unless `who` says)."""
    division = who.get("division", team.split("-")[0])
    hours, minutes = map(int, start.split(":"))
    begin = hours * 60 + minutes
    end = begin + ALLOWANCES[age_group(division) or ""].minutes
    coach = who.get("coach", f"c-{team}")
    return Choice(coach, team, division, rank, field, day, begin, end, rank)


def sign_up(*choices: Choice) -> SignUp:
    return SignUp(windows(), choices)


def allocated(*choices: Choice) -> Allocation:
    return allocate(sign_up(*choices), QUICK)


def chosen(allocation: Allocation) -> list[tuple[str, int]]:
    """The team and rank of each choice given, sorted."""
    return sorted((c.team, c.rank) for c in allocation.chosen)


def test_6u_to_8u_teams_get_one_one_hour_practice() -> None:
    """Seed 002: "6U, 7U, and 8U teams are allowed one 1-hour practice per week"."""
    allocation = allocated(
        choice("8U-a", 1, "Brett", "Mon", "17:00"), choice("8U-a", 2, "Brett", "Tue", "17:00")
    )
    (session,) = allocation.chosen
    assert (session.rank, session.end - session.start) == (1, 60)
    assert [age_group(d) for d in ("6U", "7UB", "8UG")] == ["6U", "7U", "8U"]


def test_10u_and_12u_teams_get_two_one_hour_sessions() -> None:
    """Seed 002: "10U and 12U teams are allowed two 1-hour practice sessions per week"."""
    wanted = [choice("12U-a", n + 1, "Brett", day, "17:00") for n, day in enumerate(DAYS)]
    allocation = allocated(*wanted)
    assert [(c.rank, c.end - c.start) for c in allocation.sessions("12U-a")] == [(1, 60), (2, 60)]
    assert ALLOWANCES["10U"] == ALLOWANCES["12U"]


def test_14u_and_older_get_two_ninety_minute_practices() -> None:
    """Seed 002: "14U, 16U, and 19U teams are allowed two 1-1/2 hour practices per week"."""
    wanted = [choice("16U-a", n + 1, "Richmond", day, "18:00") for n, day in enumerate(DAYS)]
    allocation = allocated(*wanted)
    assert [c.end - c.start for c in allocation.sessions("16U-a")] == [90, 90]
    assert ALLOWANCES["14U"] == ALLOWANCES["19U"] == ALLOWANCES["16U"]


def test_a_teams_two_sessions_are_on_different_days() -> None:
    """Issue 18: sessions on different days; the second choice the same day is not given,
    and the explanation says why."""
    allocation = allocated(
        choice("10U-a", 1, "Brett", "Mon", "17:00"),
        choice("10U-a", 2, "Richmond", "Mon", "18:30"),
    )
    assert [c.rank for c in allocation.chosen] == [1]
    (short,) = shortfalls(allocation)
    assert short.reasons == (
        "choice 2, Richmond Mon 18:30-19:30: the team already practises on Mon (choice 1)",
    )
    assert short.free and all("Mon" not in free for free in short.free)


def test_a_coachs_two_teams_never_practise_at_once() -> None:
    """Issue 18: a coach's two teams never at the same time, even on two fields."""
    allocation = allocated(
        choice("10U-a", 1, "Brett", "Mon", "17:00", coach="c1"),
        choice("12U-b", 1, "Richmond", "Mon", "17:30", coach="c1"),
        choice("12U-b", 2, "Richmond", "Mon", "18:00", coach="c1"),
    )
    assert chosen(allocation) == [("10U-a", 1), ("12U-b", 2)]
    short = {s.team: s for s in shortfalls(allocation)}["12U-b"]
    assert "coach c1 has 10U-a then (Brett Mon 17:00-18:00)" in short.reasons[0]


def test_a_field_is_never_booked_twice_and_the_loser_is_told_who_has_it() -> None:
    """Issue 18: no field double-booked. Two teams want Brett on Monday at 17:00; one has
    another choice, so both get a practice, and nobody is short."""
    allocation = allocated(
        choice("8U-a", 1, "Brett", "Mon", "17:00"),
        choice("8U-b", 1, "Brett", "Mon", "17:30"),
        choice("8U-b", 2, "Brett", "Tue", "17:00"),
    )
    assert chosen(allocation) == [("8U-a", 1), ("8U-b", 2)]
    assert shortfalls(allocation) == []
    crowded = allocated(
        choice("8U-a", 1, "Brett", "Mon", "17:00"), choice("8U-b", 1, "Brett", "Mon", "17:30")
    )
    (short,) = shortfalls(crowded)
    assert "Brett is 8U-" in short.reasons[0] and "choice 1" in short.reasons[0]


def test_more_teams_get_a_practice_than_the_greedy_gives() -> None:
    """The greedy takes A's first choice, the only time B can come; the model gives A its
    second and B its only one."""
    allocation = allocated(
        choice("8U-a", 1, "Brett", "Mon", "17:00"),
        choice("8U-a", 2, "Brett", "Tue", "17:00"),
        choice("8U-b", 2, "Brett", "Mon", "17:00"),
    )
    assert len(allocation.greedy) == 1
    assert chosen(allocation) == [("8U-a", 2), ("8U-b", 2)]


STARTS = ("17:00", "17:30", "18:00", "18:30")


@st.composite
def sign_ups(draw: st.DrawFn) -> SignUp:
    """2-8 teams of 8U, 10U or 14U, some coaches with two teams, 1-4 ranked choices each
    on two fields over three evenings."""
    count = draw(st.integers(2, 8))
    choices = []
    for n in range(count):
        division = draw(st.sampled_from(("8U", "10U", "14U")))
        coach = f"c{draw(st.integers(0, count - 1))}"
        wanted = draw(
            st.lists(
                st.tuples(st.sampled_from(FIELDS), st.sampled_from(DAYS), st.sampled_from(STARTS)),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
        choices += [
            choice(f"{division}-{n}", rank, *place, coach=coach)
            for rank, place in enumerate(wanted, start=1)
        ]
    return sign_up(*choices)


@settings(max_examples=60, deadline=None)
@given(sign_ups())
def test_no_field_is_double_booked_and_every_rule_holds(signed: SignUp) -> None:
    """Issue 18's property: no field double-booked; also a coach's teams never at once, a
    team's sessions on different days and within its allowance, only choices given, and at
    least as many teams with a practice as the greedy gives."""
    allocation = allocate(signed, QUICK)
    for a, b in combinations(allocation.chosen, 2):
        if a.field == b.field:
            assert not a.overlaps(b)
        if a.coach == b.coach and a.team != b.team:
            assert not a.overlaps(b)
        if a.team == b.team:
            assert a.day != b.day
    for team in signed.teams:
        assert len(allocation.sessions(team)) <= signed.allowance(team).sessions
    assert set(allocation.chosen) <= set(signed.choices)
    assert len({c.team for c in allocation.chosen}) >= len({c.team for c in allocation.greedy})
    assert allocation.status == "optimal"
    for short in shortfalls(allocation):
        assert all("time limit" not in reason for reason in short.reasons)
