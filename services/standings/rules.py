"""Standings as a pure fold over a division's accepted events.

No Kafka, no clock: the same definition, games and set of events always give the same
snapshot, whatever order the events arrived in and however often each was posted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from schemas.match import MatchEvent, ScoreReported
from schemas.schedule import DivisionDefined, GameSlot
from schemas.standings import GroupTable, StandingsSnapshot, TableRow

WIN, DRAW, LOSS = 3, 1, 0


@dataclass
class _Line:
    team_id: str
    played: int = 0
    won: int = 0
    drawn: int = 0
    lost: int = 0
    goals_for: int = 0
    goals_against: int = 0
    points: int = 0

    def add(self, scored: int, conceded: int) -> None:
        self.played += 1
        self.goals_for += scored
        self.goals_against += conceded
        if scored > conceded:
            self.won, self.points = self.won + 1, self.points + WIN
        elif scored == conceded:
            self.drawn, self.points = self.drawn + 1, self.points + DRAW
        else:
            self.lost, self.points = self.lost + 1, self.points + LOSS


@dataclass
class _Result:
    home_goals: int
    away_goals: int
    rank: tuple[int, int, float, str] = field(default=(0, 0, 0.0, ""))


def final_results(events: Iterable[MatchEvent]) -> dict[str, tuple[int, int]]:
    """The result of every game that has a final score: the highest-sequence final report."""
    best: dict[str, _Result] = {}
    for event in events:
        if not isinstance(event, ScoreReported) or event.status != "final":
            continue
        rank = (1, event.sequence, event.occurred_at.timestamp(), str(event.event_id))
        current = best.get(event.game_id)
        if current is None or rank > current.rank:
            best[event.game_id] = _Result(event.home_goals, event.away_goals, rank)
    return {game_id: (r.home_goals, r.away_goals) for game_id, r in best.items()}


def compute_division(
    division: DivisionDefined,
    games: Mapping[str, GameSlot],
    events: Iterable[MatchEvent],
    version: int,
) -> StandingsSnapshot:
    """The division's snapshot: every group's table ordered by points, then goal difference."""
    names = {team.team_id: team.name for team in division.teams}
    results = final_results(events)
    tables = []
    for group in division.groups:
        lines = {team_id: _Line(team_id) for team_id in group.team_ids}
        for game_id, (home_goals, away_goals) in results.items():
            game = games.get(game_id)
            if game is None or game.group_id != group.group_id or game.stage != "group":
                continue
            lines[game.home_team_id].add(home_goals, away_goals)  # type: ignore[index]
            lines[game.away_team_id].add(away_goals, home_goals)  # type: ignore[index]
        ordered = sorted(
            lines.values(),
            key=lambda line: (-line.points, line.goals_against - line.goals_for, line.team_id),
        )
        rows = [
            TableRow(
                rank=position,
                team_id=line.team_id,
                team_name=names.get(line.team_id, line.team_id),
                played=line.played,
                won=line.won,
                drawn=line.drawn,
                lost=line.lost,
                goals_for=line.goals_for,
                goals_against=line.goals_against,
                goal_difference=line.goals_for - line.goals_against,
                points=line.points,
            )
            for position, line in enumerate(ordered, start=1)
        ]
        tables.append(GroupTable(group_id=group.group_id, rows=rows))
    return StandingsSnapshot(
        tournament_id=division.tournament_id,
        division_id=division.division_id,
        division_name=division.name,
        rules=division.rules,
        version=version,
        groups=tables,
    )
