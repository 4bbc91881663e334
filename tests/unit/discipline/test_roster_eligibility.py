"""Roster checks at registration: age groups, playing up, roster and guest limits."""

from __future__ import annotations

from datetime import date

import pytest

from schemas.roster import RosterPlayer
from services.discipline.config import DisciplineConfig, MissingSeasonYear
from services.discipline.eligibility import (
    DuplicateShirtNumber,
    ListedTwice,
    OnTwoRosters,
    PlayingUpTooFar,
    RosterTooLarge,
    TooManyGuests,
    TooOld,
    check_roster,
    check_rosters,
)
from workloads import factories as f

SEASON_2020 = DisciplineConfig(season_year=2020)


def born(*years: int, guests: int = 0, team: str = "T1") -> list[RosterPlayer]:
    """One player per birth year (shirts 1, 2, ...), the last `guests` of them guests."""
    return [
        RosterPlayer(
            person_id=f"{team}-P{n}",
            name=f"Player {n}",
            birth_date=date(year, 6, 1),
            shirt_number=n,
            guest=n > len(years) - guests,
        )
        for n, year in enumerate(years, start=1)
    ]


def problems(
    age_group: str, players: list[RosterPlayer], config: DisciplineConfig = SEASON_2020
) -> list[tuple[type, str | None, str]]:
    """(problem class, person, message) of a one-team roster."""
    roster = f.roster("T1", players, age_group=age_group)
    return [(type(p), p.person_id, p.what) for p in check_roster(roster, config)]


def test_the_age_group_is_the_season_year_minus_the_birth_year() -> None:
    """Rulebook table (2020): "U-9 1/1/2011 ... U-12 1/1/2008 ... U-19 1/1/2001"."""
    assert [SEASON_2020.natural_age(y) for y in (2011, 2008, 2001)] == [9, 12, 19]


def test_a_player_of_the_divisions_own_age_group_is_eligible() -> None:
    """Rulebook: "Participation ... is open to accepted teams consisting of players meeting the
    age limit ... of the specified division" (U-12: born 2008 or later in 2020)."""
    assert problems("U12", born(2008, 2008, 2009)) == []


def test_an_older_player_may_not_play_down() -> None:
    """Rulebook table: U-12 is "1/1/2008": a player born in 2007 is too old for it."""
    assert problems("U12", born(2008, 2007)) == [
        (TooOld, "T1-P2", "born 2007, age group U13 in season 2020: too old for U12")
    ]


def test_up_to_8u_a_player_may_play_up_one_year() -> None:
    """Rulebook: "Players up to 8U age groups (born in 2012 or later birth years) will be
    allowed to roster up 1 year"."""
    assert problems("U9", born(2012)) == []
    assert problems("U9", born(2013)) == [
        (
            PlayingUpTooFar,
            "T1-P1",
            "born 2013, age group U7 in season 2020: may play up 1 year(s), to U8, not U9",
        )
    ]


def test_from_9u_to_14u_a_player_may_play_up_two_years() -> None:
    """Rulebook: "Players in the 9U to 14U age groups ... will be allowed to roster up 2
    years"."""
    assert problems("U12", born(2010)) == []
    assert problems("U12", born(2011)) == [
        (
            PlayingUpTooFar,
            "T1-P1",
            "born 2011, age group U9 in season 2020: may play up 2 year(s), to U11, not U12",
        )
    ]
    assert [p[0] for p in problems("U19", born(2006))] == [PlayingUpTooFar]


def test_from_15u_a_player_may_play_in_any_older_age_group() -> None:
    """Rulebook: "Players in the 15U and older age groups will be allowed to roster up to any
    older age groups"."""
    assert problems("U19", born(2005)) == []


def test_the_roster_maximum_is_12_16_or_22_players_by_age_group() -> None:
    """Rulebook: "U9-U10 ... roster size cannot exceed 12 players", "U11-U12 ... cannot exceed
    16 players", "U13 - U19 ... cannot exceed 22 players"."""
    for age_group, year, maximum in (("U10", 2010, 12), ("U12", 2008, 16), ("U13", 2007, 22)):
        assert problems(age_group, born(*[year] * maximum)) == [], age_group
        assert problems(age_group, born(*[year] * (maximum + 1))) == [
            (RosterTooLarge, None, f"{maximum + 1} players; {age_group} allows {maximum}")
        ]


def test_the_guest_limit_is_4_5_or_6_and_5_for_u11_u12_unless_configured() -> None:
    """Rulebook: "U9-U10 ... 4 guest players are permitted"; table U-11/U-12 guest limit 5 (the
    text says 6: DESIGN's default is 5, configurable); "U13 - U19 ... 6 guest players"."""
    for age_group, year, limit in (("U10", 2010, 4), ("U12", 2008, 5), ("U13", 2007, 6)):
        assert problems(age_group, born(*[year] * 10, guests=limit)) == [], age_group
        [(kind, person, message)] = problems(age_group, born(*[year] * 10, guests=limit + 1))
        assert (kind, person) == (TooManyGuests, None)
        assert message.endswith(f"; {age_group} allows {limit}")
    six = SEASON_2020.with_band("U12", guest_limit=6)
    assert problems("U12", born(*[2008] * 10, guests=6), six) == []
    assert six.band("U10").guest_limit == 4, "other bands keep their limits"


def test_the_guest_problem_names_the_guests() -> None:
    """Rulebook: "A team using guest players may have no more than four (4) to six (6)
    loan/guest players depending on age group"."""
    [(_, _, message)] = problems("U10", born(*[2010] * 6, guests=5))
    assert message == "5 guest players (T1-P2, T1-P3, T1-P4, T1-P5, T1-P6); U10 allows 4"


def test_a_player_on_two_rosters_is_reported_against_the_second() -> None:
    """Rulebook: "Players may not be listed on more than one tournament roster for the
    tournament."."""
    first = f.roster("T1", ["A", "B"])
    second = f.roster("T2", ["B", "C"])
    [problem] = check_rosters([second, first], SEASON_2020)
    assert isinstance(problem, OnTwoRosters)
    assert (problem.team_id, problem.person_id) == ("T2", "B")
    assert problem.what.startswith("also on the roster of team T1")


def test_shirt_numbers_are_unique_and_people_are_listed_once() -> None:
    """Rulebook: shirt "numbers shall coincide with those listed on the team's roster", which
    needs one number per player and one line per person."""
    players = born(2008, 2008, 2008)
    players[2] = players[2].model_copy(update={"shirt_number": 1})
    players.append(players[0])
    found = problems("U12", players)
    assert [(kind, person) for kind, person, _ in found] == [
        (ListedTwice, "T1-P1"),
        (DuplicateShirtNumber, "T1-P3"),
        (DuplicateShirtNumber, "T1-P1"),
    ]


def test_every_problem_is_listed_not_just_the_first() -> None:
    """Rulebook: each of the roster rules applies on its own; the committee wants them all."""
    players = born(*[2007] * 2, *[2008] * 16, guests=6)
    kinds = sorted(kind.__name__ for kind, _, _ in problems("U12", players))
    assert kinds == ["RosterTooLarge", "TooManyGuests", "TooOld", "TooOld"]


def test_rosters_cannot_be_checked_without_the_season_year() -> None:
    """Rulebook: age divisions are by "Birth Year" for the season; without the season year no
    age can be judged, so the check refuses rather than passing every roster."""
    with pytest.raises(MissingSeasonYear):
        check_rosters([f.roster("T1", ["A"])], DisciplineConfig())
