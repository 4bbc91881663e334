"""The director's closures form and the published schedule, read on the scheduler's terms."""

from __future__ import annotations

from datetime import timedelta

import pytest

from schemas.schedule import DivisionDefined, GameScheduled
from services.gateway.replan_input import (
    ClosureForm,
    ReplanInputError,
    closures,
    published_schedule,
)
from services.scheduler.placement import Schedule
from services.scheduler.slots import Closure
from services.scheduler.tournament import Tournament, Window

Published = list[DivisionDefined | GameScheduled]


def slots(events: Published) -> list:  # type: ignore[type-arg]
    return [e.game for e in events if isinstance(e, GameScheduled)]


def test_closing_two_fields_for_a_window_is_one_closure_per_field(
    cup: tuple[Tournament, Schedule],
) -> None:
    form = ClosureForm(("C1", "C2", "C1"), "sat", "12:00", "13:30")
    assert closures(cup[0], form) == [
        Closure("C1", "sat", Window(720, 810)),
        Closure("C2", "sat", Window(720, 810)),
    ]


def test_every_problem_of_the_form_is_named_by_its_field(cup: tuple[Tournament, Schedule]) -> None:
    with pytest.raises(ReplanInputError) as refused:
        closures(cup[0], ClosureForm(("C1", "Z9"), "mon", "25:00", "9"))
    assert refused.value.problems == [
        ("fields", "no field Z9 in the tournament file"),
        ("day", "'mon' is not a day of the tournament (sat, sun)"),
        ("start", "'25:00' is not a time of day (HH:MM)"),
        ("end", "'9' is not a time of day (HH:MM)"),
    ]
    with pytest.raises(ReplanInputError) as refused:
        closures(cup[0], ClosureForm((), "sat", "13:00", "12:00"))
    assert refused.value.problems == [
        ("fields", "choose at least one field to close"),
        ("end", "the closure must end after it starts"),
    ]


def test_the_published_schedule_reads_back_as_the_schedule_it_was_made_from(
    cup: tuple[Tournament, Schedule], published: Published
) -> None:
    assert published_schedule(cup[0], slots(published)) == cup[1]


def test_a_schedule_from_another_file_is_refused_game_by_game(
    cup: tuple[Tournament, Schedule], published: Published
) -> None:
    games = slots(published)
    stranger = games[0].model_copy(update={"game_id": "X-1"})
    moved_off = games[1].model_copy(
        update={
            "start": games[1].start + timedelta(days=9),
            "end": games[1].end + timedelta(days=9),
        }
    )
    with pytest.raises(ReplanInputError) as refused:
        published_schedule(cup[0], [stranger, moved_off, *games[2:]])
    assert [field for field, _ in refused.value.problems] == [
        "game X-1",
        f"game {games[1].game_id}",
    ]
    assert "not in the tournament file" in refused.value.problems[0][1]
    assert "on no day of the file" in refused.value.problems[1][1]


def test_a_schedule_missing_games_of_the_file_is_refused(
    cup: tuple[Tournament, Schedule], published: Published
) -> None:
    with pytest.raises(ReplanInputError, match="2 games of the file are not published"):
        published_schedule(cup[0], slots(published)[2:])
