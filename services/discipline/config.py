"""The numbers of the discipline and eligibility rules, as data (Alliance Cup 2020 defaults).

The rulebook gives them per age band; where it contradicts itself the DESIGN default is used
and can be changed here rather than in the rules (guest players for U11-U12: the text says 6,
the table 5; the default is 5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import timedelta

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


@dataclass(frozen=True)
class Band:
    """The numbers for one band of age groups (the rulebook's U9-U10, U11-U12, U13-U19)."""

    youngest: int
    minimum_players: int
    roster_maximum: int
    guest_limit: int
    game_day_maximum: int | None


def _default_bands() -> tuple[Band, ...]:
    return (
        # U7-U8 are not in the rulebook's table: they play small-sided like U9-U10.
        Band(
            youngest=0, minimum_players=5, roster_maximum=12, guest_limit=4, game_day_maximum=None
        ),
        Band(
            youngest=11, minimum_players=6, roster_maximum=16, guest_limit=5, game_day_maximum=None
        ),
        Band(youngest=13, minimum_players=7, roster_maximum=22, guest_limit=6, game_day_maximum=18),
    )


@dataclass(frozen=True)
class DisciplineConfig:
    """How one tournament applies the rules.

    `season_year` fixes the age groups: a player born in year B is of age group
    U(season_year - B); the rulebook's table for 2020 has U-9 = born 2011.
    `auto_forfeit_ineligible` turns every ineligible-participation alert into a forfeit
    without waiting for the committee's confirmation.
    """

    season_year: int | None = None
    auto_forfeit_ineligible: bool = False
    grace: timedelta = timedelta(minutes=10)
    bands: tuple[Band, ...] = field(default_factory=_default_bands)

    def band(self, age_group: str) -> Band:
        """The band an age group belongs to (the oldest band whose youngest age it reaches)."""
        number = age_number(age_group)
        return max((b for b in self.bands if b.youngest <= number), key=lambda b: b.youngest)

    def with_band(self, age_group: str, **changes: int | None) -> DisciplineConfig:
        """This config with the band of `age_group` changed, e.g. `guest_limit=6` for U12."""
        chosen = self.band(age_group)
        bands = tuple(replace(b, **changes) if b == chosen else b for b in self.bands)
        return replace(self, bands=bands)

    def natural_age(self, birth_year: int) -> int:
        """The age group number a player of this birth year belongs to this season."""
        if self.season_year is None:
            raise MissingSeasonYear()
        return self.season_year - birth_year


class MissingSeasonYear(ValueError):
    """Ages cannot be checked without knowing the tournament's season year."""

    def __init__(self) -> None:
        super().__init__("the tournament's season year is needed to check ages")


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
