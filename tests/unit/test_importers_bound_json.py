"""The offline importers (JSON lines of events, a schedule JSON) read each document with the
same bounds as the gateway (`schemas.codec.parse`): a line nested a thousand deep or holding
a 5,000-digit integer is a problem named with its line, never a crash of the reader
(issue 12: bad input that still got a 500 online is refused offline too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.discipline.event_log import read_event_log
from services.scheduler.export import ScheduleFileError, read_schedule
from services.standings.offline import InputError, read_json_lines
from tests.unit.scheduler.test_export import GAMES, SPRING

DEEP = "[" * 5_000 + "]" * 5_000
HUGE = '{"type": "score.reported", "home_goals": ' + "9" * 5_000 + "}"


@pytest.mark.parametrize(("line", "problem"), [(DEEP, "nested deeper"), (HUGE, "digits")])
def test_a_discipline_event_log_line_too_deep_or_too_long_is_a_line_problem(
    line: str, problem: str
) -> None:
    log = read_event_log(["", line], "cup", file="events.jsonl")
    assert [p.line for p in log.problems] == [2]
    assert problem in log.problems[0].what


@pytest.mark.parametrize(("line", "problem"), [(DEEP, "nested deeper"), (HUGE, "digits")])
def test_a_standings_json_lines_line_too_deep_or_too_long_is_a_line_problem(
    line: str, problem: str
) -> None:
    with pytest.raises(InputError) as refused:
        read_json_lines(Path("results.jsonl"), line)
    assert [p.line for p in refused.value.problems] == [1]
    assert problem in refused.value.problems[0].what


@pytest.mark.parametrize(("text", "problem"), [(DEEP, "nested deeper"), (HUGE, "digits")])
def test_a_schedule_json_too_deep_or_too_long_is_refused_by_name(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "schedule.json"
    path.write_text(text)
    with pytest.raises(ScheduleFileError, match=problem):
        read_schedule(SPRING, GAMES, path)
