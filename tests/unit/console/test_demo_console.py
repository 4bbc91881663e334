"""The demo's console replans the schedule the demo moved to start soon: the demo writes its
tournament file moved by the same amount, and the moved schedule is valid under it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import BaseModel

from schemas.schedule import GameScheduled
from services.gateway.replan_input import published_schedule
from services.scheduler.checker import check
from services.scheduler.games import tournament_games
from services.scheduler.loader import load_tournament
from touchline import demo


@pytest.fixture(scope="module")
def planned() -> list[BaseModel]:
    return demo.sample_schedule()


def test_the_moved_schedule_is_valid_under_the_moved_tournament_file(
    planned: list[BaseModel], tmp_path: Path
) -> None:
    moved = demo.kick_off_soon(planned, datetime(2026, 12, 2, 15, 7, tzinfo=UTC))
    shift = demo.for_you(moved).start - demo.for_you(planned).start
    assert demo.shifted_tournament_file(shift, tmp_path / "cup.yaml")
    tournament = load_tournament(tmp_path / "cup.yaml")
    slots = [item.game for item in moved if isinstance(item, GameScheduled)]
    schedule = published_schedule(tournament, slots)
    assert check(tournament, tournament_games(tournament), schedule) == []
    assert [d.date.isoformat() for d in tournament.days] == ["2026-12-02", "2026-12-03"]


def test_no_file_is_written_when_the_moved_day_would_cross_midnight(
    planned: list[BaseModel], tmp_path: Path
) -> None:
    late = demo.kick_off_soon(planned, datetime(2026, 12, 3, 3, 52, tzinfo=UTC))  # 22:52 local
    shift = demo.for_you(late).start - demo.for_you(planned).start
    assert not demo.shifted_tournament_file(shift, tmp_path / "cup.yaml")
    assert not (tmp_path / "cup.yaml").exists()
