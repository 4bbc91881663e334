"""The effective result of one game, from the set of events posted about it.

Precedence, strongest first (a stronger kind replaces every weaker one, whenever posted):

1. Committee correction (`ScoreCorrected`): the latest correction is the result, as if it were
   the only result ever posted; an earlier forfeit or abandonment no longer counts (so the team
   is no longer marked as having forfeited). The committee's interpretation is final, so a
   field event posted after a correction does not override it.
2. Forfeit (`ForfeitDeclared`, or `GameAbandoned` with one side at fault: "that team in fault
   shall forfeit the match"). Group play: 4-0 and three points to the opponent; a forfeit in
   progress keeps the score posted with it when the non-forfeiting team leads, otherwise 4-0;
   an abandonment at fault is always 4-0 ("recorded as a 4-0 win for the opposing team").
   Playoffs: 1-0 ("Forfeits in the play-off rounds shall be recorded as 1-0 games"). When both
   teams forfeit (neither showed up), both lose and no goals are recorded.
3. Referee-ended game (`GameTerminated` for mercy or weather, `GameAbandoned` with both or
   neither at fault): the latest such event's score stands and the leader wins. Both at fault
   is the rulebook's "score will remain as is". Neither at fault is not in the rulebook; we
   treat it as a game the referee called ("the winning team will be awarded three points"),
   i.e. the score stands, like weather. A mercy termination only counts with an 8-goal margin,
   and, when its minute is given, after half-time ("8-goal differential at any time after the
   completion of the first half"); otherwise it is ignored.
4. Final score report: the highest `sequence`, then the latest `occurred_at`, then the
   highest event id. Live reports never count.
5. Disqualification: a game of a disqualified team with no result of kinds 1-4 is a forfeit
   by that team ("its remaining games are forfeits"); results already posted stand.

Goal caps for tiebreakers are not applied here: a result records the real score, and the rule
profile caps goals when it compares teams.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from schemas.base import recency
from schemas.match import ForfeitDeclared, GameTerminated
from schemas.schedule import DivisionDefined
from services.rulebook import OUTSIDE_TABLE_HALF_MINUTES, half_minutes
from services.standings.game_events import GameEvents, newest

Verdict = Literal["win", "draw", "loss"]

GROUP_FORFEIT = (4, 0)
PLAYOFF_FORFEIT = (1, 0)
MERCY_MARGIN = 8


def half_time(division: DivisionDefined) -> int:
    """Minutes into a game of the division when its first half ends, where the mercy rule
    starts: the half length the schedule used, or the rulebook's for the age group when the
    definition predates carrying it."""
    return division.half_minutes or half_minutes(division.age_group)


@dataclass(frozen=True)
class GameResult:
    """How a game ended, for the table and the bracket."""

    game_id: str
    home: str
    away: str
    home_goals: int
    away_goals: int
    forfeited_by: frozenset[str] = frozenset()

    @property
    def winner(self) -> str | None:
        """The team that won; None for a draw or when both teams forfeited."""
        if len(self.forfeited_by) == 2 or self.home_goals == self.away_goals:
            return None
        return self.home if self.home_goals > self.away_goals else self.away

    def verdict(self, team: str) -> Verdict:
        """Win, draw or loss for one of the two teams."""
        winner = self.winner
        if winner is None:
            return "loss" if self.forfeited_by else "draw"
        return "win" if winner == team else "loss"

    def goals(self, team: str) -> tuple[int, int]:
        """(scored, conceded) for one of the two teams."""
        if team == self.home:
            return self.home_goals, self.away_goals
        return self.away_goals, self.home_goals


def outcome(
    game_id: str,
    home: str,
    away: str,
    events: GameEvents,
    *,
    playoff: bool,
    disqualified: Collection[str] = (),
    half_time: int = OUTSIDE_TABLE_HALF_MINUTES,
) -> GameResult | None:
    """The game's effective result under the precedence above, or None if it has none yet."""
    correction = newest(events.corrections)
    if correction is not None:
        return GameResult(game_id, home, away, correction.home_goals, correction.away_goals)
    forfeit = _forfeit(game_id, home, away, events, playoff=playoff)
    if forfeit is not None:
        return forfeit
    ended = newest(
        [a for a in events.abandonments if a.at_fault in ("both", "neither")]
        + [t for t in events.terminations if mercy_problem(t, half_time) is None]
    )
    if ended is not None:
        return GameResult(game_id, home, away, ended.home_goals, ended.away_goals)
    final = max(
        events.finals,
        key=lambda report: (report.sequence, *recency(report)),
        default=None,
    )
    if final is not None:
        return GameResult(game_id, home, away, final.home_goals, final.away_goals)
    out = {team for team in (home, away) if team in disqualified}
    return _forfeited(game_id, home, away, frozenset(out), None, playoff=playoff) if out else None


def mercy_problem(termination: GameTerminated, half_time: int) -> str | None:
    """Why a mercy-rule ending does not count: no 8-goal margin, or before half-time (a
    weather ending always counts)."""
    if termination.reason != "mercy":
        return None
    if abs(termination.home_goals - termination.away_goals) < MERCY_MARGIN:
        return f"home_goals/away_goals: the mercy rule needs an {MERCY_MARGIN}-goal margin"
    if termination.minute is not None and termination.minute < half_time:
        return f"minute: the mercy rule applies only after half-time ({half_time} minutes)"
    return None


def _forfeit(
    game_id: str, home: str, away: str, events: GameEvents, *, playoff: bool
) -> GameResult | None:
    """The forfeit result, if a team forfeited or was at fault for an abandonment."""
    teams = {f.forfeiting_team_id for f in events.forfeits} & {home, away}
    teams |= {
        home if a.at_fault == "home" else away
        for a in events.abandonments
        if a.at_fault in ("home", "away")
    }
    if not teams:
        return None
    in_progress = newest(
        f for f in events.forfeits if f.forfeiting_team_id in teams and _score_at(f) is not None
    )
    score = None if in_progress is None else _score_at(in_progress)
    return _forfeited(game_id, home, away, frozenset(teams), score, playoff=playoff)


def _score_at(forfeit: ForfeitDeclared) -> tuple[int, int] | None:
    """The score posted with a forfeit in progress, if both sides' goals were given."""
    if forfeit.home_goals is None or forfeit.away_goals is None:
        return None
    return forfeit.home_goals, forfeit.away_goals


def _forfeited(
    game_id: str,
    home: str,
    away: str,
    teams: frozenset[str],
    score: tuple[int, int] | None,
    *,
    playoff: bool,
) -> GameResult:
    """Score a forfeit by one team (or both) under the group or playoff rule."""
    if len(teams) == 2:
        return GameResult(game_id, home, away, 0, 0, teams)
    awarded = PLAYOFF_FORFEIT if playoff else GROUP_FORFEIT
    winner_goals, loser_goals = awarded
    if not playoff and score is not None:
        home_goals, away_goals = score
        kept = (away_goals, home_goals) if home in teams else (home_goals, away_goals)
        if kept[0] > kept[1]:
            winner_goals, loser_goals = kept
    if home in teams:
        return GameResult(game_id, home, away, loser_goals, winner_goals, teams)
    return GameResult(game_id, home, away, winner_goals, loser_goals, teams)
