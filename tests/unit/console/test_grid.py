"""The director's schedule grid: fields across, kick-off times down, each game's live
status as the public pages label it, late fields marked, a team's games picked out."""

from __future__ import annotations

from schemas.schedule import DivisionDefined, GameScheduled
from services.gateway.console.grid import grids, searched
from services.gateway.public_views import PublicNames
from services.spectators.games import GameState
from services.spectators.lateness import FieldDelay

Published = list[DivisionDefined | GameScheduled]


def test_each_day_is_its_fields_by_kick_off_time_with_live_status_and_late_fields(
    published: Published,
) -> None:
    games = [e.game for e in published if isinstance(e, GameScheduled)]
    names = PublicNames(e for e in published if isinstance(e, DivisionDefined))
    first = min(games, key=lambda g: (g.start, g.field_id))
    states = {g.game_id: GameState(g.game_id) for g in games}
    states[first.game_id] = GameState(first.game_id, "live", 1, 0, minute=12)
    delays = {first.field_id: FieldDelay(first.field_id, first.venue_id, first.game_id, 15)}
    days = grids(games, states, delays, names)

    assert [d.label for d in days] == ["Sat 21 Nov", "Sun 22 Nov"]
    saturday = days[0]
    assert [(c.field_id, c.name, c.late) for c in saturday.columns] == [
        ("C1", "Field 1", "running 15 min late" if first.field_id == "C1" else ""),
        ("C2", "Field 2", "running 15 min late" if first.field_id == "C2" else ""),
    ]
    assert [r.time for r in saturday.rows] == sorted(
        {f"{g.start:%H:%M}" for g in games if g.start.date() == first.start.date()}
    )
    placed = {
        c["game_id"]: (r.time, c["field_id"]) for d in days for r in d.rows for c in r.cells if c
    }
    assert placed == {g.game_id: (f"{g.start:%H:%M}", g.field_id) for g in games}
    cell = next(c for r in saturday.rows for c in r.cells if c and c["game_id"] == first.game_id)
    assert (cell["label"], cell["score"], cell["late"]) == ("live 12'", "1 - 0", True)
    assert searched(days) == []


def test_a_team_search_picks_out_that_teams_games_in_order(published: Published) -> None:
    games = [e.game for e in published if isinstance(e, GameScheduled)]
    names = PublicNames(e for e in published if isinstance(e, DivisionDefined))
    states = {g.game_id: GameState(g.game_id) for g in games}
    found = searched(grids(games, states, {}, names, team="  weston "))
    weston = sorted(
        (g for g in games if "weston-fc" in (g.home_team_id, g.away_team_id)),
        key=lambda g: (g.start, g.field_id),
    )
    assert [c["game_id"] for c in found] == [g.game_id for g in weston]
    assert all("Weston FC" in (c["home"], c["away"]) for c in found)
    assert searched(grids(games, states, {}, names, team="")) == []
