"""Reading a JSON-lines file of the project's events back into a discipline context."""

from __future__ import annotations

import json
from datetime import timedelta

from schemas.codec import encode
from schemas.schedule import GameCancelled
from services.discipline.config import DisciplineConfig
from services.discipline.context import context_from_ledger, counts_for_discipline
from services.discipline.event_log import read_event_log
from services.input_problem import InputProblem
from services.ledger import Ledger, apply
from workloads import factories as f

T = f.TOURNAMENT


def test_the_latest_schedule_event_of_a_game_wins_and_a_cancellation_removes_it() -> None:
    """DESIGN: the schedule topic is compacted by game id and "the latest event for a game id
    wins"."""
    definition = f.division()
    games = f.round_robin(definition)
    moved = games["A1"].model_copy(update={"field_id": "F2"})
    later = {"occurred_at": f.KICKOFF + timedelta(hours=1)}
    cancel = GameCancelled(**f.envelope(**later), division_id="U12B", game_id="A2")
    events = [
        definition,
        f.scheduled(moved).model_copy(update=later),
        *(f.scheduled(game) for game in games.values()),
        cancel,
    ]
    log = read_event_log([encode(e).decode() for e in events], T, file="events.jsonl")
    context = log.context(T, DisciplineConfig())
    assert sorted(context.games) == ["A1", "A3", "A4", "A5", "A6"]
    assert context.games["A1"].field_id == "F2"
    assert log.problems == [] and log.skipped == 0


def test_other_types_and_tournaments_are_skipped_and_bad_lines_named() -> None:
    """A file of the project's own events mixes every family; discipline takes its own and
    names each line it cannot read."""
    definition = f.division()
    game = f.round_robin(definition)["A1"]
    lines = [
        json.dumps({"type": "standings.snapshot", "tournament_id": T}),
        encode(f.card(game, "T1", "P1", tournament_id="other-cup")).decode(),
        encode(f.card(game, "T1", "P1")).decode(),
        "",
        "[1, 2",
        json.dumps({"home_goals": 1}),
    ]
    log = read_event_log(lines, T, file="events.jsonl")
    assert log.skipped == 2
    assert [e.person_id for e in log.events] == ["P1"]
    assert log.problems == [
        InputProblem(
            "events.jsonl",
            "",
            "not valid JSON (Expecting ',' delimiter: line 1 column 6 (char 5))",
            line=5,
        ),
        InputProblem("events.jsonl", "type", "missing: every event names its type", line=6),
    ]


def test_the_file_is_folded_as_the_worker_folds_it_whatever_the_line_order() -> None:
    """DESIGN: every fold is a function of the set of events; the newest roster and division
    definition by `occurred_at` win, as the live worker's ledger picks them. A file listing a
    team's newer roster first and its older one last (an export sorted by team, say) must not
    make the report pick the older roster: offline and live share one fold."""
    definition = f.division()
    renamed = definition.model_copy(
        update={"name": "U12 Boys Gold (renamed)", "occurred_at": f.KICKOFF + timedelta(hours=1)}
    )
    games = f.round_robin(definition)
    newer = f.roster("T1", ["T1-P1", "T1-NEW"], club="New Club")
    newer = newer.model_copy(update={"occurred_at": f.KICKOFF + timedelta(hours=1)})
    older = f.roster("T1", ["T1-P1"], club="Old Club")
    events = [renamed, newer, *(f.scheduled(g) for g in games.values()), older, definition]
    lines = [encode(e).decode() for e in events]

    live = Ledger()
    for event in reversed(events):  # the worker's ledger, inputs in another order
        apply(live, event, counts_for_discipline)
    expected = context_from_ledger(T, live, DisciplineConfig())
    offline = read_event_log(lines, T, file="events.jsonl").context(T, DisciplineConfig())
    assert offline.rosters == expected.rosters
    assert offline.rosters["T1"].club == "New Club"
    assert offline.divisions == expected.divisions
    assert offline.divisions["U12B"].name == "U12 Boys Gold (renamed)"
    assert offline.home_club("T1") == "New Club"
