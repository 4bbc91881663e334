"""The age-group facts of the rulebook (Alliance Cup Rules 2020), written once.

The scheduler sizes games and fields from them, the standings time the mercy rule by them and
discipline checks rosters and lineups against them; each used to keep its own copy, and the
copies had drifted apart. What a tournament may change (a division's half length, a band's
guest limit) is changed where it is configured; this module holds only the book's defaults.

Ages are numbers here (12 for U12): the rulebook's table runs U9-U19. U7-U8 are not in it;
discipline plays them small-sided like U9-U10 (its youngest band), the scheduler refuses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The game formats, smallest first (a field hosts one of them).
SIZES = ("7v7", "9v9", "11v11")
#: "Age Group / Ball / Preliminary Games / Playoffs" table: minutes per half. U9-U12 play 25,
#: U13/U14 30, U15-U19 35. Its keys are the age groups of the table.
HALF_MINUTES = {9: 25, 10: 25, 11: 25, 12: 25, 13: 30, 14: 30} | dict.fromkeys(range(15, 20), 35)
#: "U9-U10 age group teams will play 7v7", "U11-U12 ... 9v9", "U13 - U19 ... 11v11".
SIZE_BY_AGE = (
    dict.fromkeys((9, 10), "7v7")
    | dict.fromkeys((11, 12), "9v9")
    | dict.fromkeys(range(13, 20), "11v11")
)
#: Half length for an age group outside the table (the standings have always used the oldest).
OUTSIDE_TABLE_HALF_MINUTES = 35

AGE_GROUP = re.compile(r"^U(\d{1,2})$")


class UnknownAgeGroup(ValueError):
    """An age group that is not written U<number>, e.g. 'U12'."""

    def __init__(self, age_group: str) -> None:
        super().__init__(f"age group {age_group!r} is not of the form U<number>, e.g. U12")


def age_number(age_group: str) -> int:
    """12 for 'U12'."""
    found = AGE_GROUP.match(age_group)
    if found is None:
        raise UnknownAgeGroup(age_group)
    return int(found.group(1))


def half_minutes(age_group: str) -> int:
    """The rulebook's minutes in one half for an age group ('U12')."""
    return HALF_MINUTES.get(age_number(age_group), OUTSIDE_TABLE_HALF_MINUTES)


@dataclass(frozen=True)
class Band:
    """The numbers for one band of age groups (the rulebook's U9-U10, U11-U12, U13-U19)."""

    youngest: int
    minimum_players: int
    roster_maximum: int
    guest_limit: int
    game_day_maximum: int | None


def default_bands() -> tuple[Band, ...]:
    """Roster maximum and guest limit from the age table, minimum players from the grace
    rule ("A minimum of seven (7) players ... U13 and older", five for U9-U10, six for
    U11-U12), game-day maximum ("may not exceed 18 players") for U13-U19. Guests for U11-U12:
    the text says 6, the table 5; the table's 5 is the default."""
    return (
        Band(
            youngest=0, minimum_players=5, roster_maximum=12, guest_limit=4, game_day_maximum=None
        ),
        Band(
            youngest=11, minimum_players=6, roster_maximum=16, guest_limit=5, game_day_maximum=None
        ),
        Band(youngest=13, minimum_players=7, roster_maximum=22, guest_limit=6, game_day_maximum=18),
    )


def playing_up_limit(natural_age: int) -> int | None:
    """How many years above their own age group a player may roster (None: any).

    Rulebook: "Players up to 8U age groups ... will be allowed to roster up 1 year"; "9U to
    14U ... roster up 2 years"; "15U and older ... roster up to any older age groups".
    """
    if natural_age <= 8:
        return 1
    if natural_age <= 14:
        return 2
    return None
