"""A match day that makes discipline derive one event of every kind it derives: forfeits (too
few players, a confirmed ineligible player), disqualifications (a committee ruling, a second
roster), and every notice type."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from schemas import codec
from services.discipline.config import DisciplineConfig
from services.discipline.context import DisciplineContext
from services.discipline.derive import settle
from services.standings.rules import compute_division
from tests.conftest import retarget
from workloads import factories as f

CONFIG = DisciplineConfig()


def derived_everything(tournament: str) -> tuple[list[Any], list[Any]]:
    """The field's and the committee's events of the day (group A of T1-T4, games A1-A6).

    A1: T2 fields three players, so forfeits; T1-P1 is sent off. A2: T1-P1 sits it out and
    serves; T3-P5 is booked after a head-injury removal. A4: T3 fields T2-P1, who played for
    T2; the committee confirms, so T3 forfeits and is disqualified. The committee disqualifies
    T4. A6: T4-P2 is sent off in the last game, so the suspension carries over.
    """
    _, games = f.discipline_context()
    a1 = games["A1"]
    field = [
        f.lineup(a1, "T1", f.squad("T1", 8)),
        f.lineup(a1, "T2", f.squad("T2", 3)),
        f.card(a1, "T1", "T1-P1", minute=20, occurred_at=a1.start + timedelta(minutes=20)),
        f.lineup(games["A2"], "T1", f.squad("T1", 8)[1:]),
        f.lineup(games["A2"], "T3", f.squad("T3", 8)),
        f.head_injury(games["A2"], "T3", "T3-P5", minute=10),
        f.card(games["A2"], "T3", "T3-P5", "yellow", minute=30),
        f.score(games["A2"], 1, 1),
        f.score(games["A3"], 2, 0),
        f.lineup(games["A4"], "T3", [*f.squad("T3", 7), "T2-P1"]),
        f.score(games["A5"], 1, 0),
        f.card(games["A6"], "T4", "T4-P2", minute=20),
        f.score(games["A6"], 0, 0),
    ]
    committee = [f.confirmation(games["A4"], "T3", "T2-P1"), f.disqualification("U12B", "T4")]
    return [retarget(e, tournament) for e in field], [retarget(e, tournament) for e in committee]


def derived_by_rules(tournament: str, events: list[Any]) -> list[Any]:
    """Every notice and match event discipline's pure rules derive from `events` (group A of
    T1-T4), once its own forfeits and disqualifications have come back to it."""
    definition = retarget(f.division(), tournament)
    games = f.round_robin(definition)
    context = DisciplineContext.build(tournament, [definition], games.values(), [], CONFIG)
    derived = settle(context, events)
    return [*derived.view.notices, *derived.implied]


def table_by_rules(tournament: str, match_events: list[Any]) -> list[dict[str, Any]]:
    """The groups of group A's snapshot that the standings rules give for `match_events`."""
    definition = retarget(f.division(), tournament)
    snapshot = compute_division(definition, f.round_robin(definition), match_events, 0)
    return json.loads(codec.encode(snapshot))["groups"]
