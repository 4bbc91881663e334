"""The building blocks every generated cup shares: an age group's division, venues and drives."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from services.rulebook import HALF_MINUTES, SIZE_BY_AGE
from services.scheduler.tournament import (
    DEFAULT_HALFTIME,
    DEFAULT_MAX_GAMES_PER_DAY,
    DEFAULT_TURNOVER,
    Division,
    Group,
    Venue,
)


def venues_with_drives(
    rng: random.Random, names: Sequence[str], minutes: Sequence[int]
) -> tuple[tuple[Venue, ...], dict[tuple[str, str], int]]:
    """Venues v1, v2, ... of these names, the first the main one, and a drive of one of
    `minutes` between every two of them."""
    venues = tuple(Venue(f"v{n + 1}", name, main=n == 0) for n, name in enumerate(names))
    travel = {
        (a.id, b.id): rng.choice(minutes) for i, a in enumerate(venues) for b in venues[i + 1 :]
    }
    return venues, travel


def age_division(
    division_id: str, name: str, age: int, groups: tuple[Group, ...], **given: Any
) -> Division:
    """A division of the age group with the rulebook's field size and half length, and the
    default halftime, turnover and daily limit, except where `given` (Division's fields)."""
    division = Division(
        id=division_id,
        name=name,
        age=age,
        gender="",
        bracket="",
        size=SIZE_BY_AGE[age],
        half_minutes=HALF_MINUTES[age],
        halftime_minutes=DEFAULT_HALFTIME,
        turnover_minutes=DEFAULT_TURNOVER,
        max_games_per_day=DEFAULT_MAX_GAMES_PER_DAY[age],
        groups=groups,
    )
    return replace(division, **given)
