"""Builders for events in tests: valid defaults, so a test states only what it is about."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from schemas.match import ScoreReported
from schemas.schedule import DivisionDefined, GameScheduled, GameSlot, GroupInfo, TeamInfo

TOURNAMENT = "alliance-cup-2026"
KICKOFF = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def envelope(**overrides: Any) -> dict[str, Any]:
    """The fields every event needs, with fresh ids."""
    return {
        "event_id": uuid.uuid4(),
        "tournament_id": TOURNAMENT,
        "occurred_at": KICKOFF,
        "source": "test",
    } | overrides


def division(
    division_id: str = "U12B", groups: dict[str, list[str]] | None = None, **overrides: Any
) -> DivisionDefined:
    """A division with one group of four teams unless told otherwise."""
    groups = groups or {"A": ["T1", "T2", "T3", "T4"]}
    teams = [
        TeamInfo(team_id=team, name=f"Team {team}", club=f"Club {team}")
        for members in groups.values()
        for team in members
    ]
    return DivisionDefined(
        **envelope(source="scheduler"),
        division_id=division_id,
        name=f"{division_id} Gold",
        age_group="U12",
        teams=teams,
        groups=[GroupInfo(group_id=g, team_ids=members) for g, members in groups.items()],
        **overrides,
    )


def round_robin(definition: DivisionDefined) -> dict[str, GameSlot]:
    """Every pairing of every group, an hour apart on one field, keyed by game id."""
    games: dict[str, GameSlot] = {}
    for group in definition.groups:
        teams = group.team_ids
        pairs = [(a, b) for i, a in enumerate(teams) for b in teams[i + 1 :]]
        for number, (home, away) in enumerate(pairs, start=1):
            game_id = f"{group.group_id}{number}"
            start = KICKOFF + timedelta(hours=len(games))
            games[game_id] = GameSlot(
                game_id=game_id,
                division_id=definition.division_id,
                group_id=group.group_id,
                home_team_id=home,
                away_team_id=away,
                field_id="F1",
                venue_id="V1",
                start=start,
                end=start + timedelta(minutes=60),
            )
    return games


def scheduled(game: GameSlot) -> GameScheduled:
    """The schedule event for a game."""
    return GameScheduled(**envelope(source="scheduler"), game=game)


def score(game: GameSlot, home: int, away: int, **overrides: Any) -> ScoreReported:
    """A final score for a game."""
    fields = envelope(source="field-app-1") | {
        "division_id": game.division_id,
        "game_id": game.game_id,
        "home_goals": home,
        "away_goals": away,
    }
    return ScoreReported(**(fields | overrides))
