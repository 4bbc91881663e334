"""The assignment as `referees.assigned` events: one per game, on the schedule topic, left
alone by the standings and discipline folds."""

from __future__ import annotations

from datetime import UTC, datetime

from schemas.referees import RefereesAssigned
from services.discipline.context import counts_for_discipline
from services.gateway.routing import route
from services.referees.events import assignment_events
from services.standings.progress import Backlog, division_of
from services.standings.rules import counts_for_standings
from services.streaming import topics
from tests.unit.referees.cases import game, problem, referee

TWO = (("center", "regional"), ("ar1", "regional"))
NOW = datetime(2027, 3, 1, tzinfo=UTC)


def events() -> list[RefereesAssigned]:
    case = problem(
        [game("g1", "09:00", "10:00", positions=TWO), game("g2", "11:00", "12:00")],
        [referee("ann")],
    )
    return assignment_events(case, {("g1", "center"): "ann"}, NOW)


def test_one_event_per_game_names_its_crew_and_its_unfilled_positions() -> None:
    """Issue 17: "Assignments are events (`referees.assigned` per game)"."""
    first, second = events()
    assert (first.game_id, [m.referee_id for m in first.crew], first.unfilled) == (
        "g1",
        ["ann"],
        ["ar1"],
    )
    assert first.crew[0].referee_name == "Ann"
    assert (second.game_id, second.crew, second.unfilled) == ("g2", [], ["center"])


def test_the_same_assignment_has_the_same_ids_and_a_changed_crew_a_new_one() -> None:
    """Publishing twice is harmless; a replan's changed crew is a new event."""
    assert [e.event_id for e in events()] == [e.event_id for e in events()]
    case = problem([game("g1", "09:00", "10:00", positions=TWO)], [referee("ann"), referee("bob")])
    before = assignment_events(case, {("g1", "center"): "ann"}, NOW)[0]
    after = assignment_events(case, {("g1", "center"): "bob"}, NOW)[0]
    assert before.event_id != after.event_id


def test_crews_go_on_the_schedule_topic_and_no_fold_counts_them() -> None:
    """Issue 17: "on the schedule topic"; the standings and discipline neither fold nor wait
    for them (the gateway's catch-up counts what the standings fold)."""
    event = events()[0]
    assert route(event) == (topics.SCHEDULE.name, b"cup/g1")
    assert not counts_for_standings(event) and not counts_for_discipline(event)
    backlog = Backlog()
    backlog.add(event)
    assert backlog.reached(division_of(event), {})
