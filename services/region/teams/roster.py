"""The players and teams of a region's season, read from its registration exports.

Players: id, name, birth_date, gender, division, rating (last season's, a number), and
optionally coach_child_of (the coach id whose own child this is), siblings (';'-separated
player ids) and alliance (yes/no: an Alliance player joining a core team). Teams: team,
division, coach (the coach id, may be empty), optionally name. Ratings are kept as decimals
with at most two places, so totals are exact and the model can count in whole hundredths.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from services.input_problem import InputError, InputProblem
from services.region.csv_rows import Row, read_table

PLAYER_COLUMNS = ("id", "name", "birth_date", "gender", "division", "rating")
PLAYER_OPTIONAL = ("coach_child_of", "siblings", "alliance")
TEAM_COLUMNS = ("team", "division", "coach")
TEAM_OPTIONAL = ("name",)
Thing = TypeVar("Thing", "Player", "RosterTeam")
#: Ratings carry at most this many decimal places (whole hundredths in the model).
PLACES = 2


@dataclass(frozen=True)
class Player:
    id: str
    name: str
    birth_date: date
    gender: str
    division: str
    rating: Decimal
    coach_child_of: str | None = None
    siblings: tuple[str, ...] = ()
    alliance: bool = False


@dataclass(frozen=True)
class RosterTeam:
    id: str
    division: str
    coach: str | None = None
    name: str = ""


@dataclass(frozen=True)
class Season:
    """Players and teams that agree with each other: every division with players has teams,
    every coach's child has their coach's team in their division."""

    players: tuple[Player, ...]
    teams: tuple[RosterTeam, ...]

    def divisions(self) -> list[str]:
        return sorted({player.division for player in self.players})

    def players_in(self, division: str) -> list[Player]:
        return [player for player in self.players if player.division == division]

    def teams_in(self, division: str) -> list[RosterTeam]:
        return [team for team in self.teams if team.division == division]

    def own_teams(self, division: str) -> dict[str, str]:
        """Player id -> team id for the coaches' own children in `division`: a child marked
        `coach_child_of`, and their siblings in the division who are not marked themselves
        (a coach's twins are both the coach's own children). A sibling of two coaches'
        children, on different teams, is not placed by either."""
        coach_team = {team.coach: team.id for team in self.teams_in(division) if team.coach}
        players = self.players_in(division)
        marked = {p.id: coach_team[p.coach_child_of] for p in players if p.coach_child_of}
        inherited: dict[str, set[str]] = {}
        for player in players:
            if player.id in marked:
                for sibling in player.siblings:
                    inherited.setdefault(sibling, set()).add(marked[player.id])
        in_division = {player.id for player in players}
        for sibling, teams in inherited.items():
            if sibling in in_division and sibling not in marked and len(teams) == 1:
                marked[sibling] = next(iter(teams))
        return marked


def read_season(players_csv: Path, teams_csv: Path) -> Season:
    """Both files read and checked against each other; every problem raised at once."""
    player_table = read_table(players_csv, PLAYER_COLUMNS, PLAYER_OPTIONAL)
    team_table = read_table(teams_csv, TEAM_COLUMNS, TEAM_OPTIONAL)
    players = _unique([(row, _player(row)) for row in player_table.rows], "id")
    teams = _unique([(row, _team(row)) for row in team_table.rows], "team")
    problems = [*player_table.problems, *team_table.problems]
    problems += _team_problems(teams)
    problems += _player_problems(players, teams)
    if problems:
        raise InputError(problems)
    return Season(tuple(player for _, player in players), tuple(team for _, team in teams))


def _player(row: Row) -> Player | None:
    player_id, name, gender = row.ident("id"), row.text("name"), row.text("gender").upper()
    division, born = row.text("division"), row.day("birth_date")
    rating, alliance = _rating(row), row.yes_no("alliance")
    if not (player_id and name and gender and division):
        return None
    if born is None or rating is None or alliance is None:
        return None
    coach = row.cells.get("coach_child_of") or None
    siblings = tuple(row.items("siblings"))
    return Player(player_id, name, born, gender, division, rating, coach, siblings, alliance)


def _rating(row: Row) -> Decimal | None:
    rating = row.decimal("rating")
    if rating is None:
        return None
    if rating < 0:
        row.problem("rating", f"{rating} is negative (ratings are 0 or more)")
        return None
    if rating != round(rating, PLACES):
        row.problem("rating", f"{rating} has more than {PLACES} decimal places")
        return None
    return rating


def _team(row: Row) -> RosterTeam | None:
    team_id, division = row.ident("team"), row.text("division")
    if not team_id or not division:
        return None
    return RosterTeam(team_id, division, row.cells.get("coach") or None, row.cells.get("name", ""))


def _unique(read: list[tuple[Row, Thing | None]], column: str) -> list[tuple[Row, Thing]]:
    """The rows that were read; an id written before is reported at its second row (whether
    or not either row had other problems) and that row dropped."""
    first: dict[str, int] = {}
    kept = []
    for row, thing in read:
        written = row.cells.get(column, "")
        if written in first:
            row.problem(column, f"{written!r} is already on row {first[written]}")
            continue
        if written:
            first[written] = row.number
        if thing is not None:
            kept.append((row, thing))
    return kept


def _team_problems(teams: list[tuple[Row, RosterTeam]]) -> list[InputProblem]:
    """A coach with two teams in one division could not have their child on both."""
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for row, team in teams:
        if team.coach is None:
            continue
        key = (team.coach, team.division)
        if key in seen:
            what = f"coach {team.coach!r} already has a team in {team.division} (row {seen[key]})"
            problems.append(InputProblem(row.file, "coach", what, row=row.number))
        seen.setdefault(key, row.number)
    return problems


def _player_problems(
    players: list[tuple[Row, Player]], teams: list[tuple[Row, RosterTeam]]
) -> list[InputProblem]:
    ids = {player.id for _, player in players}
    team_count = Counter(team.division for _, team in teams)
    coaches = {(team.coach, team.division) for _, team in teams}
    problems = []

    def problem(row: Row, column: str, what: str) -> None:
        problems.append(InputProblem(row.file, column, what, row=row.number))

    for row, player in players:
        if not team_count[player.division]:
            problem(row, "division", f"no team in the teams file plays in {player.division!r}")
        if player.coach_child_of and (player.coach_child_of, player.division) not in coaches:
            what = f"coach {player.coach_child_of!r} has no team in {player.division}"
            problem(row, "coach_child_of", what)
        for sibling in player.siblings:
            if sibling not in ids or sibling == player.id:
                problem(row, "siblings", f"{sibling!r} is not another player in the file")
    return problems
