"""What the field app shows and checks at a game, as pure functions of the rulebook and events.

The phone must work without a connection, so it cannot ask the server at each tap: the
gateway computes, per game, the facts the app needs (half length, minimum players, grace,
mercy margin, heading, whether a draw goes to kicks) and, per person of the teams on the
field, why they may not play. The app then only compares numbers it was given. The two
decisions it makes itself while the game runs (is mercy offered, is a shoot-out decided) are
written here as well, as the reference the app's script follows and its tests check.

Age-group facts come from the modules that already hold them (the scheduler's half lengths,
discipline's bands); the heading rule had no home and is kept here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from schemas.discipline import PersonExpelled, SuspensionIssued, SuspensionServed
from schemas.match import LineupSubmitted
from schemas.roster import RosterSubmitted
from schemas.schedule import GameSlot
from services.discipline.config import DisciplineConfig, age_number
from services.scheduler.tournament import HALF_MINUTES
from services.standings.results import MERCY_MARGIN

#: Alliance Cup Rules 2020: FYSA "eliminated heading in matches for player's age 10-years-old
#: and younger (2009-11u and younger)"; the issue's reading of the seeds: no heading in U11
#: and younger. (AYSO Region 60 bans it for 12U and below in its own league; a tournament
#: under those rules changes this number.)
OLDEST_NO_HEADING = 11
#: Half length for an age group outside the rulebook's table (U7-U8 play like U9-U10).
SMALL_SIDED_HALF = HALF_MINUTES[9]
#: "The best of five penalty kicks taken alternately by each team will determine the winner."
SHOOTOUT_ROUND = 5

FlagReason = Literal["suspended", "expelled", "played_for_other_team"]


@dataclass(frozen=True)
class GameRules:
    """The rulebook facts a referee needs at one game."""

    half_minutes: int
    minimum_players: int
    grace_minutes: int
    mercy_margin: int
    heading_allowed: bool
    shootout_on_draw: bool

    @property
    def heading(self) -> str:
        """The line the app shows on the game screen."""
        return "Heading allowed" if self.heading_allowed else "No heading in this age group"


def heading_allowed(age_group: str) -> bool:
    """No heading in U11 and younger (FYSA: "eliminated heading in matches for player's age
    10-years-old and younger (2009-11u and younger)")."""
    return age_number(age_group) > OLDEST_NO_HEADING


def game_rules(age_group: str, stage: str, config: DisciplineConfig) -> GameRules:
    """The facts for a game of this age group and stage ('group' or 'playoff').

    Minimum players and grace are discipline's ("a ten (10) minute grace period after the
    scheduled kick-off time"; 5 for U9-U10, 6 for U11-U12, 7 from U13); the mercy margin is
    the standings' ("an 8-goal differential at any time after the completion of the first
    half"); only playoff draws go to kicks ("a draw in a playoff game is settled by a posted
    shoot-out")."""
    return GameRules(
        half_minutes=HALF_MINUTES.get(age_number(age_group), SMALL_SIDED_HALF),
        minimum_players=config.band(age_group).minimum_players,
        grace_minutes=int(config.grace / timedelta(minutes=1)),
        mercy_margin=MERCY_MARGIN,
        heading_allowed=heading_allowed(age_group),
        shootout_on_draw=stage == "playoff",
    )


def mercy_offered(home: int, away: int, second_half: bool, margin: int = MERCY_MARGIN) -> bool:
    """The mercy ending is offered once the margin reaches 8 after half-time ("8-goal
    differential at any time after the completion of the first half")."""
    return second_half and abs(home - away) >= margin


def shootout_winner(home: Sequence[bool], away: Sequence[bool]) -> Literal["home", "away"] | None:
    """Who has won a shoot-out so far (kicks alternate, home first), or None.

    "The best of five penalty kicks taken alternately by each team will determine the winner
    ... If the penalty kick score is tied at the end of the five kicks, the teams will
    continue to take penalty kicks alternately until there is a winner." Within the five, a
    side has won once the other cannot catch up with the kicks it has left; after them, a
    round decides when both have kicked and one scored more.
    """
    if len(away) > len(home) or len(home) > len(away) + 1:
        raise ValueError("kicks alternate, home first: home has taken as many or one more")
    scored_home, scored_away = sum(home), sum(away)
    if len(home) <= SHOOTOUT_ROUND and len(away) <= SHOOTOUT_ROUND:
        if scored_home > scored_away + SHOOTOUT_ROUND - len(away):
            return "home"
        if scored_away > scored_home + SHOOTOUT_ROUND - len(home):
            return "away"
        return None
    if len(home) == len(away) and scored_home != scored_away:
        return "home" if scored_home > scored_away else "away"
    return None


def day_of_play(starts: Iterable[date], today: date) -> date | None:
    """The day the field's list shows: today if it has games, else the next day that has,
    else the last day played (a phone set up the evening before, or checked afterwards)."""
    days = sorted(set(starts))
    if not days:
        return None
    return next((day for day in days if day >= today), days[-1])


@dataclass(frozen=True)
class Flag:
    """Why a person should not appear for a team today."""

    person_id: str
    reason: FlagReason
    detail: str


def outstanding_games(notices: Iterable[Any]) -> dict[str, int]:
    """Games each person still has to sit out, from discipline's notices: each issued or
    served notice carries the person's total outstanding at that moment, so the latest says
    how many are left (an issue wins a tie, which errs on the side of flagging)."""
    latest: dict[str, tuple[datetime, int, int]] = {}
    for notice in notices:
        if isinstance(notice, SuspensionIssued):
            key = (notice.occurred_at, 1, notice.total_outstanding)
        elif isinstance(notice, SuspensionServed):
            key = (notice.occurred_at, 0, notice.remaining)
        else:
            continue
        held = latest.get(notice.person_id)
        if held is None or key[:2] >= held[:2]:
            latest[notice.person_id] = key
    return {person: left for person, (_, _, left) in latest.items() if left > 0}


def flags_for_team(
    roster: RosterSubmitted,
    outstanding: dict[str, int],
    expulsions: Iterable[PersonExpelled],
    lineups: Iterable[LineupSubmitted],
) -> list[Flag]:
    """Every person of the team's roster who should not play, with the reason: suspended
    ("until the suspension is served the player/coach is suspended"), expelled by the
    committee, or a player already on another team's lineup ("A player may compete for only
    one team ... the second team ... shall be deemed as the team that fielded an ineligible
    player")."""
    expelled = {ruling.person_id for ruling in expulsions}
    elsewhere: dict[str, str] = {}
    for lineup in lineups:
        if lineup.team_id == roster.team_id:
            continue
        for member in lineup.members:
            if member.role == "player":
                elsewhere.setdefault(member.person_id, lineup.team_id)
    people = [(p.person_id, "player") for p in roster.players]
    people += [(s.person_id, s.role) for s in roster.staff]
    flags = []
    for person, role in people:
        if person in expelled:
            flags.append(Flag(person, "expelled", "expelled from the tournament"))
        elif outstanding.get(person):
            games = outstanding[person]
            detail = f"suspended: {games} game{'s' if games > 1 else ''} still to sit out"
            flags.append(Flag(person, "suspended", detail))
        elif role == "player" and person in elsewhere:
            detail = f"already played for team {elsewhere[person]} in this tournament"
            flags.append(Flag(person, "played_for_other_team", detail))
    return flags


def teams_of(games: Iterable[GameSlot]) -> set[str]:
    """The teams that play on a field's games (playoff slots not yet filled have none)."""
    return {t for g in games for t in (g.home_team_id, g.away_team_id) if t is not None}
