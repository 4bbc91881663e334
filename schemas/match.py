"""Events posted from the field (and by the committee) about games: the `match-events` topic.

Every event names its division, because the topic is keyed by tournament/division so that one
division's events stay in order on one partition.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from schemas.base import Envelope, Goals, Ident, Minute, Model, Reason

Side = Literal["home", "away"]
PersonRole = Literal["player", "coach", "official"]


class DivisionEvent(Envelope):
    """An event about one division of a tournament."""

    division_id: Ident


class GameEvent(DivisionEvent):
    """An event about one scheduled game."""

    game_id: Ident


class LineupMember(Model):
    """One person on a game-day lineup."""

    person_id: Ident
    name: str = Field(min_length=1, max_length=100, examples=["Sam Rivera"])
    role: PersonRole = "player"
    shirt_number: int | None = Field(default=None, ge=0, le=99, examples=[10])


class LineupSubmitted(GameEvent):
    """A team's game-day lineup (players, coaches, officials), posted before kick-off."""

    type: Literal["lineup.submitted"] = "lineup.submitted"
    team_id: Ident
    members: list[LineupMember] = Field(min_length=1, max_length=40)

    @model_validator(mode="after")
    def _people_once(self) -> LineupSubmitted:
        seen: set[str] = set()
        for member in self.members:
            if member.person_id in seen:
                raise ValueError(f"members: person {member.person_id!r} is listed twice")
            seen.add(member.person_id)
        return self


class QuarterLineup(GameEvent):
    """Who of a team was on the field in one quarter of a game: the playing-time record.

    Region 92 requires every player "to play ¾ of every game they attend"; the field app
    records each quarter's players from the team's lineup (who attended), and the latest
    record of a quarter replaces an earlier one (a correction). The game's length travels
    with it, so a season's report needs no schedule.
    """

    type: Literal["quarter.lineup"] = "quarter.lineup"
    team_id: Ident
    quarter: int = Field(ge=1, le=4, description="Which quarter (1-4).", examples=[2])
    game_minutes: int = Field(
        ge=4, le=200, description="The game's length in minutes, as played.", examples=[50]
    )
    player_ids: list[Ident] = Field(
        min_length=1, max_length=40, description="The team's players on in this quarter."
    )

    @model_validator(mode="after")
    def _players_once(self) -> QuarterLineup:
        seen: set[str] = set()
        for player in self.player_ids:
            if player in seen:
                raise ValueError(f"player_ids: player {player!r} is listed twice")
            seen.add(player)
        return self


class ScoreReported(GameEvent):
    """The score of a game, live or final.

    `sequence` is the field app's own counter for this game: a report with a higher sequence
    replaces one with a lower sequence, whatever order they arrive in, and a final report
    replaces any live one. `period` says where a live game is (a half-time report carries
    the score at the break), so a spectator's page can show half-time.
    """

    type: Literal["score.reported"] = "score.reported"
    home_goals: Goals
    away_goals: Goals
    status: Literal["live", "final"] = "final"
    sequence: int = Field(default=0, ge=0, le=1_000_000, examples=[3])
    minute: Minute | None = None
    period: Literal["first_half", "half_time", "second_half"] | None = Field(
        default=None, description="Live reports: which part of the game is being played."
    )
    scorer_person_id: Ident | None = Field(
        default=None,
        description="Who scored the goal this live report adds, when the field app knows; "
        "no rule counts it.",
        examples=["T1-P9"],
    )


class CardIssued(GameEvent):
    """A caution or send-off shown to a player, coach or team official."""

    type: Literal["card.issued"] = "card.issued"
    team_id: Ident
    person_id: Ident
    person_name: str = Field(min_length=1, max_length=100, examples=["Sam Rivera"])
    role: PersonRole = "player"
    shirt_number: int | None = Field(default=None, ge=0, le=99)
    card: Literal["yellow", "second_yellow", "red", "ejection"] = Field(
        description="'second_yellow' is the send-off for a second caution; 'ejection' is a "
        "coach or official sent from the field area."
    )
    minute: Minute | None = None


class ForfeitDeclared(GameEvent):
    """A team forfeits a game: did not show, gave up, too few players, or was ruled ineligible.

    The score at the moment of a forfeit in progress may be given; the standings rules decide
    whether it stands.
    """

    type: Literal["forfeit.declared"] = "forfeit.declared"
    forfeiting_team_id: Ident
    reason: Literal["no_show", "forfeit", "insufficient_players", "ineligible_player"]
    home_goals: Goals | None = None
    away_goals: Goals | None = None


class GameAbandoned(GameEvent):
    """The referee abandoned the game because of behaviour; `at_fault` says whose."""

    type: Literal["game.abandoned"] = "game.abandoned"
    at_fault: Literal["home", "away", "both", "neither"]
    home_goals: Goals
    away_goals: Goals
    minute: Minute | None = None


class GameTerminated(GameEvent):
    """The referee ended the game early and the score stands (mercy rule, weather)."""

    type: Literal["game.terminated"] = "game.terminated"
    reason: Literal["mercy", "weather"]
    home_goals: Goals
    away_goals: Goals
    minute: Minute | None = None


class HeadInjuryRemoval(GameEvent):
    """A player removed for a suspected head injury: they may not return in this match."""

    type: Literal["head_injury.removed"] = "head_injury.removed"
    team_id: Ident
    person_id: Ident
    minute: Minute | None = None


class ShootoutResult(GameEvent):
    """Kicks from the penalty mark after a drawn playoff game."""

    type: Literal["shootout.result"] = "shootout.result"
    home_kicks: int = Field(ge=0, le=99)
    away_kicks: int = Field(ge=0, le=99)

    @model_validator(mode="after")
    def _has_winner(self) -> ShootoutResult:
        if self.home_kicks == self.away_kicks:
            raise ValueError("home_kicks and away_kicks: a shoot-out always has a winner")
        return self


class TiebreakDecided(DivisionEvent):
    """A tie that the tables cannot break (kicks from the penalty mark, drawing of lots)."""

    type: Literal["tiebreak.decided"] = "tiebreak.decided"
    group_id: Ident | None = Field(
        default=None, description="The group whose tie this breaks; none for a wild-card tie."
    )
    method: Literal["kicks", "lots", "ranking"] = Field(
        default="kicks",
        description="How the tie was broken: kicks from the penalty mark, drawing of lots, or "
        "an outside ranking the engine cannot derive (e.g. the European Qualifiers overall "
        "ranking); a 'ranking' may list more teams than any one tie.",
    )
    ranking: list[Ident] = Field(
        min_length=2, description="The tied teams, best first.", examples=[["T1", "T3"]]
    )


class ScoreCorrected(GameEvent):
    """The committee's correction of a result: it replaces every earlier result of the game."""

    type: Literal["score.corrected"] = "score.corrected"
    home_goals: Goals
    away_goals: Goals
    reason: Reason = ""


class TeamDisqualified(DivisionEvent):
    """A team is out of the tournament: its remaining games are forfeits, it cannot advance."""

    type: Literal["team.disqualified"] = "team.disqualified"
    team_id: Ident
    reason: Reason = ""


MatchEvent = Annotated[
    LineupSubmitted
    | QuarterLineup
    | ScoreReported
    | CardIssued
    | ForfeitDeclared
    | GameAbandoned
    | GameTerminated
    | HeadInjuryRemoval
    | ShootoutResult
    | TiebreakDecided
    | ScoreCorrected
    | TeamDisqualified,
    Field(discriminator="type"),
]
