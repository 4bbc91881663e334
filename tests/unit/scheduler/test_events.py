"""The schedule as `schedule`-topic events: complete, valid, and idempotent to re-publish."""

from __future__ import annotations

from pydantic import TypeAdapter

from schemas.schedule import DivisionDefined, GameScheduled, ScheduleEvent
from services.scheduler.events import schedule_events
from services.scheduler.loader import load_tournament
from services.scheduler.placement import Placement
from services.scheduler.solve import Options, solve
from tests.unit.scheduler.helpers import EXAMPLES

SPRING = load_tournament(EXAMPLES / "spring-classic.yaml")
SCHEDULE = solve(SPRING, Options(time_limit=0)).schedule


def events() -> list[DivisionDefined | GameScheduled]:
    return schedule_events(SPRING, SCHEDULE, tournament_id="spring-classic-2027")


def test_one_division_event_per_division_then_one_game_event_per_game() -> None:
    produced = events()
    divisions = [e for e in produced if isinstance(e, DivisionDefined)]
    games = [e for e in produced if isinstance(e, GameScheduled)]
    assert [d.division_id for d in divisions] == ["U10G", "U12B", "U14B", "U16G"]
    assert len(games) == len(SCHEDULE) == 52


def test_division_event_carries_clubs_coaches_groups_and_playoff_format() -> None:
    u12 = next(e for e in events() if isinstance(e, DivisionDefined) and e.division_id == "U12B")
    miami = next(t for t in u12.teams if t.team_id == "U12B-miami")
    assert (miami.club, miami.state_association, miami.coach_ids) == (
        "Miami SC",
        "FYSA",
        ["coach-miami-u10g"],
    )
    assert [g.group_id for g in u12.groups] == ["A", "B"]
    assert (u12.playoff.format, u12.playoff.qualifiers) == ("seeding", 4)
    u16 = next(e for e in events() if isinstance(e, DivisionDefined) and e.division_id == "U16G")
    assert (u16.playoff.format, u16.playoff.qualifiers) == ("division_winners", 2)


def test_playoff_slots_name_where_their_teams_come_from() -> None:
    final = next(
        e.game for e in events() if isinstance(e, GameScheduled) and e.game.game_id == "U12B-F"
    )
    assert final.home_team_id is None and final.home_source is not None
    assert final.home_source.label == "Winner U12B-SF1"
    semi = next(
        e.game for e in events() if isinstance(e, GameScheduled) and e.game.game_id == "U12B-SF1"
    )
    assert semi.home_source is not None and semi.home_source.label == "Winner Group A"


def test_republishing_the_same_schedule_gives_the_same_event_ids() -> None:
    assert [e.event_id for e in events()] == [e.event_id for e in events()]
    assert len({e.event_id for e in events()}) == len(events())


def test_a_moved_game_gets_a_new_event_id_and_the_others_keep_theirs() -> None:
    before = {e.game.game_id: e.event_id for e in events() if isinstance(e, GameScheduled)}
    moved = dict(SCHEDULE)
    p = moved["U12B-A1"]
    moved["U12B-A1"] = Placement(p.game, p.field, p.day, p.start + 5, p.end + 5)
    after = {
        e.game.game_id: e.event_id
        for e in schedule_events(SPRING, moved, tournament_id="spring-classic-2027")
        if isinstance(e, GameScheduled)
    }
    assert before["U12B-A1"] != after["U12B-A1"]
    assert {k: v for k, v in before.items() if k != "U12B-A1"} == {
        k: v for k, v in after.items() if k != "U12B-A1"
    }


def test_events_round_trip_through_the_schedule_event_schema() -> None:
    adapter = TypeAdapter(ScheduleEvent)
    for event in events():
        assert adapter.validate_json(event.model_dump_json()) == event
