"""The demo's tournament and a schedule for it, solved once for the console's rules tests."""

from __future__ import annotations

import pytest

from schemas.schedule import DivisionDefined, GameScheduled
from services.scheduler.events import schedule_events
from services.scheduler.loader import load_tournament
from services.scheduler.placement import Schedule
from services.scheduler.solve import Options, solve
from services.scheduler.tournament import Tournament
from touchline.demo import EXAMPLE


@pytest.fixture(scope="session")
def cup() -> tuple[Tournament, Schedule]:
    tournament = load_tournament(EXAMPLE)
    return tournament, solve(tournament, Options(time_limit=5)).schedule


@pytest.fixture(scope="session")
def published(cup: tuple[Tournament, Schedule]) -> list[DivisionDefined | GameScheduled]:
    """The schedule's events, as `touchline schedule publish` posts them."""
    return schedule_events(*cup, tournament_id=cup[0].id)
