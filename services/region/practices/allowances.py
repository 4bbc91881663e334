"""How many practices a week, and how long, each age group is allowed (seed 002):

- "6U, 7U, and 8U teams are allowed one 1-hour practice per week"
- "10U and 12U teams are allowed two 1-hour practice sessions per week"
- "14U, 16U, and 19U teams are allowed two 1-1/2 hour practices per week"

Which fields an age group may use is the region's field list (its `divisions` column), not
this table: the seed names Richmond and Brett for 6U-8U, Campus El Segundo, Brett and
Richmond for 10U and 12U.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Allowance:
    sessions: int
    minutes: int


ALLOWANCES: dict[str, Allowance] = {
    "6U": Allowance(1, 60),
    "7U": Allowance(1, 60),
    "8U": Allowance(1, 60),
    "10U": Allowance(2, 60),
    "12U": Allowance(2, 60),
    "14U": Allowance(2, 90),
    "16U": Allowance(2, 90),
    "19U": Allowance(2, 90),
}
AGE_GROUP = re.compile(r"^(\d{1,2}U)")


def age_group(division: str) -> str | None:
    """The age group a division name starts with ("10UG" -> "10U"), if it has an allowance."""
    match = AGE_GROUP.match(division.upper())
    return match[1] if match and match[1] in ALLOWANCES else None
