"""The demo leaves one game on field C1 for a newcomer to enter in the field app."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import BaseModel

from schemas.match import LineupSubmitted
from schemas.schedule import GameScheduled
from touchline import demo


@pytest.fixture(scope="module")
def schedule() -> list[BaseModel]:
    return demo.sample_schedule()


NOW = datetime(2026, 12, 2, 10, 7, 30, tzinfo=UTC)


def test_the_newcomers_game_kicks_off_at_the_next_quarter_hour(schedule: list[BaseModel]) -> None:
    """A lineup entered now is in time: "a ten (10) minute grace period after the scheduled
    kick-off time" has not begun."""
    moved = demo.kick_off_soon(schedule, NOW)
    mine = demo.for_you(moved)
    assert mine.field_id == demo.FIELD
    assert mine.start == datetime(2026, 12, 2, 10, 15, tzinfo=UTC)
    before = {i.game.game_id: i.game for i in schedule if isinstance(i, GameScheduled)}
    after = {i.game.game_id: i.game for i in moved if isinstance(i, GameScheduled)}
    shifts = {after[g].start - before[g].start for g in before}
    assert len(shifts) == 1, "every game moves by the same amount, so the day keeps its shape"
    assert all(after[g].end - after[g].start == before[g].end - before[g].start for g in before)


def test_the_match_day_skips_the_newcomers_game_and_the_rosters_hold_its_lineups(
    schedule: list[BaseModel],
) -> None:
    mine = demo.for_you(schedule)
    events = list(demo.match_day(schedule, skip=mine.game_id))
    assert all(getattr(e, "game_id", None) != mine.game_id for e in events)
    rostered = {(r.team_id, p.person_id) for r in demo.rosters(schedule) for p in r.players}
    rostered |= {(r.team_id, s.person_id) for r in demo.rosters(schedule) for s in r.staff}
    lined_up = {
        (e.team_id, m.person_id)
        for e in events
        if isinstance(e, LineupSubmitted)
        for m in e.members
    }
    assert lined_up and lined_up <= rostered
