"""One solved small league, shared by the tests that break it one rule at a time."""

from __future__ import annotations

import pytest

from services.season.league import League, SeasonSchedule
from services.season.solve import SeasonOptions, solve
from tests.unit.season.helpers import league


@pytest.fixture(scope="session")
def solved() -> tuple[League, SeasonSchedule]:
    """Four teams, six games each over seven weekends, one team blacked out on weekend 2."""
    small = league(weekends=7, blackouts={1: [2]}, located=True)
    return small, solve(small, SeasonOptions(time_limit=30)).schedule
