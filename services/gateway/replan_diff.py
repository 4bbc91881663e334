"""A proposed replan as the director reads it: which games move from where and when to where
and when, and who is affected (the teams, and so their coaches). Plain code, no HTTP, no
clock: the console's pages only lay these labels out.

A game is moved when its field, kick-off or end differs between the published schedule and
the proposal; nothing else (a new event id, the same slot re-published) counts. A playoff
game whose teams are not known yet affects no team by name: its seats say where its teams
come from ("Winner SF1"), and the teams learn of it when the seat is filled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from schemas.schedule import DivisionDefined, GameScheduled, GameSlot, TeamInfo, TeamSource


@dataclass(frozen=True)
class TeamContact:
    team_id: str
    name: str
    coach_ids: tuple[str, ...]


@dataclass(frozen=True)
class MovedGame:
    """One game that moves, with the slot it had and the slot it gets."""

    was: GameSlot
    becomes: GameSlot
    division: str
    home: str
    away: str
    teams: tuple[str, ...]  # the ids of the teams known to play it

    @property
    def game_id(self) -> str:
        return self.was.game_id

    @property
    def shift_minutes(self) -> int:
        return round((self.becomes.start - self.was.start).total_seconds() / 60)

    @property
    def before(self) -> str:
        return slot_label(self.was)

    @property
    def after(self) -> str:
        return slot_label(self.becomes)

    @property
    def field_changes(self) -> bool:
        return self.was.field_id != self.becomes.field_id

    @property
    def day_changes(self) -> bool:
        return self.was.start.date() != self.becomes.start.date()

    @property
    def shift(self) -> str:
        """'+90 min', '-30 min', 'same time' (a move to another field only)."""
        minutes = self.shift_minutes
        if minutes == 0:
            return "same time"
        return f"{'+' if minutes > 0 else '-'}{_duration(abs(minutes))}"


@dataclass(frozen=True)
class ReplanDiff:
    """Every moved game, in the order of its new kick-off, and the teams they affect."""

    moves: tuple[MovedGame, ...]
    teams: tuple[TeamContact, ...]

    @property
    def coach_ids(self) -> tuple[str, ...]:
        return tuple(sorted({coach for team in self.teams for coach in team.coach_ids}))

    @property
    def summary(self) -> str:
        if not self.moves:
            return "No game moves: every game keeps its field and time."
        games = _count(len(self.moves), "game moves", "games move")
        teams = _count(len(self.teams), "team", "teams")
        coaches = _count(len(self.coach_ids), "coach", "coaches")
        return f"{games}; {teams} and {coaches} are affected."


def slot_label(slot: GameSlot) -> str:
    """'Sat 21 Nov 10:30-11:25, Field 1' in the tournament's local time."""
    where = slot.field_name or slot.field_id
    return f"{slot.start:%a %d %b %H:%M}-{slot.end:%H:%M}, {where}"


def diff(
    before: Mapping[str, GameSlot],
    after: Mapping[str, GameSlot],
    divisions: Iterable[DivisionDefined],
) -> ReplanDiff:
    """The games of `after` whose slot differs from `before`, and the teams they affect."""
    defined = {d.division_id: d for d in divisions}
    teams = {t.team_id: t for d in defined.values() for t in d.teams}
    moves = []
    for game_id, becomes in after.items():
        was = before.get(game_id)
        if was is None or same_slot(was, becomes):
            continue
        playing = tuple(t for t in (was.home_team_id, was.away_team_id) if t is not None)
        division = defined.get(was.division_id)
        moves.append(
            MovedGame(
                was,
                becomes,
                division.name if division else was.division_id,
                _side(teams, was.home_team_id, was.home_source),
                _side(teams, was.away_team_id, was.away_source),
                playing,
            )
        )
    moves.sort(key=lambda m: (m.becomes.start, m.becomes.field_id, m.game_id))
    affected = sorted({team for move in moves for team in move.teams})
    return ReplanDiff(
        tuple(moves),
        tuple(
            TeamContact(t, teams[t].name, tuple(teams[t].coach_ids))
            if t in teams
            else TeamContact(t, t, ())
            for t in affected
        ),
    )


def same_slot(a: GameSlot, b: GameSlot) -> bool:
    return (a.field_id, a.start, a.end) == (b.field_id, b.start, b.end)


def stale(proposal: ReplanDiff, current: Mapping[str, GameSlot]) -> list[str]:
    """The moved games whose published slot changed since the proposal was computed (another
    replan, a correction): publishing it would overwrite what the director did not see."""
    return [
        move.game_id
        for move in proposal.moves
        if move.game_id not in current or not same_slot(current[move.game_id], move.was)
    ]


def newest_after(now: datetime, current: Iterable[GameScheduled]) -> datetime:
    """When a replan's entries say they happened: `now`, or a second after the newest entry
    of the published schedule if that is later. The newest entry for a game is the one in
    force (standings, discipline and the pages alike), and a schedule is often published
    with its first kick-off as its time, days ahead of the day it is replanned on."""
    latest = max((entry.occurred_at for entry in current), default=None)
    return now if latest is None or now > latest else latest + timedelta(seconds=1)


def _side(teams: Mapping[str, TeamInfo], team_id: str | None, source: TeamSource | None) -> str:
    """A team's name, or where the team will come from."""
    if team_id is not None:
        team = teams.get(team_id)
        return team.name if team else team_id
    return source.label if source else "to be decided"


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
