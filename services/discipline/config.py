"""How one tournament applies the discipline and eligibility rules.

The rulebook's numbers per age band are `services.rulebook`'s; a tournament can change a band
here rather than in the rules (guest players for U11-U12: the text says 6, the table 5; the
default is 5).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from services.rulebook import Band, age_number, default_bands


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
    bands: tuple[Band, ...] = field(default_factory=default_bands)

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
