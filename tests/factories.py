"""Builders for events in tests: valid defaults, so a test states only what it is about."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from schemas.match import (
    CardIssued,
    ForfeitDeclared,
    GameAbandoned,
    GameTerminated,
    ScoreCorrected,
    ScoreReported,
    ShootoutResult,
    TeamDisqualified,
    TiebreakDecided,
)
from schemas.schedule import (
    DivisionDefined,
    GameScheduled,
    GameSlot,
    GroupInfo,
    TeamInfo,
    TeamSource,
)

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
    return ScoreReported(**_game_event(game, home_goals=home, away_goals=away, **overrides))


def _game_event(game: GameSlot, source: str = "field-app-1", **fields: Any) -> dict[str, Any]:
    return (
        envelope(source=source)
        | {"division_id": game.division_id, "game_id": game.game_id}
        | fields
    )


def forfeit(
    game: GameSlot, team: str, reason: str = "forfeit", **overrides: Any
) -> ForfeitDeclared:
    """A team forfeits a game (give home_goals/away_goals for a forfeit in progress)."""
    return ForfeitDeclared(**_game_event(game, forfeiting_team_id=team, reason=reason, **overrides))


def abandoned(
    game: GameSlot, at_fault: str, home: int, away: int, **overrides: Any
) -> GameAbandoned:
    """The referee abandoned a game at this score."""
    return GameAbandoned(
        **_game_event(game, at_fault=at_fault, home_goals=home, away_goals=away, **overrides)
    )


def terminated(
    game: GameSlot, reason: str, home: int, away: int, **overrides: Any
) -> GameTerminated:
    """The referee ended a game early (mercy or weather) at this score."""
    return GameTerminated(
        **_game_event(game, reason=reason, home_goals=home, away_goals=away, **overrides)
    )


def corrected(game: GameSlot, home: int, away: int, **overrides: Any) -> ScoreCorrected:
    """The committee's correction of a game's result."""
    return ScoreCorrected(
        **_game_event(game, "committee", home_goals=home, away_goals=away, **overrides)
    )


def shootout(game: GameSlot, home: int, away: int, **overrides: Any) -> ShootoutResult:
    """Kicks from the penalty mark after a drawn playoff game."""
    return ShootoutResult(**_game_event(game, home_kicks=home, away_kicks=away, **overrides))


def card(game: GameSlot, team: str, person: str, kind: str, **overrides: Any) -> CardIssued:
    """A card shown to a player."""
    return CardIssued(
        **_game_event(
            game,
            team_id=team,
            person_id=person,
            person_name=f"Player {person}",
            card=kind,
            **overrides,
        )
    )


def decided(
    ranking: list[str], group: str | None = "A", method: str = "kicks", **overrides: Any
) -> TiebreakDecided:
    """A tie broken outside the tables (kicks, lots, an outside ranking)."""
    fields = envelope(source="committee") | {
        "division_id": "U12B",
        "group_id": group,
        "method": method,
        "ranking": ranking,
    }
    return TiebreakDecided(**(fields | overrides))


def disqualified(team: str, division_id: str = "U12B", **overrides: Any) -> TeamDisqualified:
    """The committee disqualifies a team."""
    fields = envelope(source="committee") | {"division_id": division_id, "team_id": team}
    return TeamDisqualified(**(fields | overrides))


def playoff(
    game_id: str,
    home: TeamSource | str,
    away: TeamSource | str,
    *,
    hours_after_kickoff: int = 100,
    round: str = "semifinal",
    division_id: str = "U12B",
) -> GameSlot:
    """A playoff game whose sides are team ids or placeholders."""
    start = KICKOFF + timedelta(hours=hours_after_kickoff)
    sides: dict[str, Any] = {}
    for side, value in (("home", home), ("away", away)):
        key = f"{side}_source" if isinstance(value, TeamSource) else f"{side}_team_id"
        sides[key] = value
    return GameSlot(
        game_id=game_id,
        division_id=division_id,
        stage="playoff",
        round=round,
        field_id="F1",
        venue_id="V1",
        start=start,
        end=start + timedelta(minutes=60),
        **sides,
    )


def group_winner(group: str, position: int = 1) -> TeamSource:
    """The placeholder 'Winner Group A' (or another position)."""
    return TeamSource(kind="group_position", group_id=group, position=position)


def wild_card(position: int) -> TeamSource:
    """The placeholder 'Wild card n'."""
    return TeamSource(kind="wild_card", position=position)


def seed(position: int) -> TeamSource:
    """The placeholder 'Seed n'."""
    return TeamSource(kind="seed", position=position)


def winner_of(game_id: str) -> TeamSource:
    """The placeholder 'Winner SF1'."""
    return TeamSource(kind="winner", game_id=game_id)


def loser_of(game_id: str) -> TeamSource:
    """The placeholder 'Loser SF1'."""
    return TeamSource(kind="loser", game_id=game_id)
