"""Committee rulings (`discipline-rulings`) and the discipline service's notices
(`discipline-notices`).

Discipline follows a person, not a team: a coach of two teams who is sent off in one team's
game may not appear for the other until the suspension is served.
"""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from schemas.base import Envelope, Ident, Reason


class PersonRuling(Envelope):
    """A committee decision about one person."""

    person_id: Ident
    reason: Reason = ""


class SuspensionExtended(PersonRuling):
    """The committee adds games to a person's suspension."""

    type: Literal["ruling.suspension_extended"] = "ruling.suspension_extended"
    extra_games: int = Field(ge=1, le=50)
    game_id: Ident | None = Field(
        default=None,
        description="The game of the send-off this extends; when absent, the person's latest "
        "send-off in a game that started before the ruling.",
        examples=["A3"],
    )


class PersonExpelled(PersonRuling):
    """The person is out for the rest of the tournament (e.g. violence)."""

    type: Literal["ruling.person_expelled"] = "ruling.person_expelled"


class TeamDisqualification(Envelope):
    """The committee disqualifies a team: its remaining games become forfeits."""

    type: Literal["ruling.team_disqualified"] = "ruling.team_disqualified"
    division_id: Ident
    team_id: Ident
    reason: Reason = ""


class AlertRuling(Envelope):
    """A committee decision about an ineligible-participation alert: one person on one team's
    lineup for one game. `type` is declared here, and narrowed by each ruling, so that it
    keeps its place in the wire form (and its digest in the gateway's journal)."""

    type: str
    division_id: Ident
    game_id: Ident
    team_id: Ident
    person_id: Ident
    reason: Reason = ""


class IneligibilityConfirmed(AlertRuling):
    """The committee confirms an ineligible-participation alert: the game becomes a forfeit."""

    type: Literal["ruling.ineligibility_confirmed"] = "ruling.ineligibility_confirmed"


class IneligibilityDismissed(AlertRuling):
    """The committee dismisses an ineligible-participation alert: the person was eligible
    after all (a roster error, a suspension already served elsewhere). The alert is closed
    and no forfeit follows from it; a later confirmation still forfeits the game, and a
    confirmation already made is undone only by a score correction."""

    type: Literal["ruling.ineligibility_dismissed"] = "ruling.ineligibility_dismissed"


Ruling = Annotated[
    SuspensionExtended
    | PersonExpelled
    | TeamDisqualification
    | IneligibilityConfirmed
    | IneligibilityDismissed,
    Field(discriminator="type"),
]


IneligibleReason = Literal[
    "suspended",
    "expelled",
    "unrostered",
    "second_roster",
    "too_few_players",
    "game_roster_limit",
]


class PersonNotice(Envelope):
    """A notice for the discipline committee about one person."""

    person_id: Ident
    person_name: str = Field(default="", max_length=100)
    revision: int = Field(
        default=0,
        ge=0,
        description="Set by the discipline worker as it sends: of the messages about one "
        "notice (the notice, its corrections, its withdrawal) the highest revision holds.",
    )


class SuspensionIssued(PersonNotice):
    """A send-off (or a ruling) suspended a person for a number of games of one team."""

    type: Literal["suspension.issued"] = "suspension.issued"
    team_id: Ident
    game_id: Ident | None = None
    games: int = Field(ge=1)
    total_outstanding: int = Field(ge=0)
    reason: str = ""


class SuspensionServed(PersonNotice):
    """A completed game of the team counted against a person's suspension."""

    type: Literal["suspension.served"] = "suspension.served"
    team_id: Ident
    game_id: Ident
    remaining: int = Field(ge=0)


class SuspensionCarriedOver(PersonNotice):
    """The tournament ended with games still to serve: they carry over to club play."""

    type: Literal["suspension.carried_over"] = "suspension.carried_over"
    team_id: Ident
    remaining: int = Field(ge=1)
    home_club: str = ""


class GameNotice(PersonNotice):
    """A notice about one person (or one team's whole lineup) in one game; `type` keeps its
    place in the wire form, as in `AlertRuling`."""

    type: str
    division_id: Ident
    game_id: Ident
    team_id: Ident


class IneligibleParticipation(GameNotice):
    """A suspended, expelled, unrostered or double-rostered person is on a game-day lineup.

    The team-level reasons (`too_few_players`, `game_roster_limit`) concern the whole lineup,
    not one person: their `person_id` is the team id.
    """

    type: Literal["ineligible.participation"] = "ineligible.participation"
    reason: IneligibleReason = Field(
        description="Why: suspended or expelled person, not on the team's roster, a player who "
        "already played for another team, fewer players than needed by kick-off plus grace, "
        "more players than the game-day roster allows."
    )
    detail: str = ""


class HeadInjuryViolation(GameNotice):
    """A player removed for a suspected head injury reappeared in the same match."""

    type: Literal["head_injury.violation"] = "head_injury.violation"
    detail: str = ""


class NoticeWithdrawn(PersonNotice):
    """A notice sent earlier that the events no longer imply: results came in out of order
    (a later game's before an earlier one's, so the later game was counted as served) or a
    lineup arrived after its game's result. Readers drop the notice `withdrawn_id`."""

    type: Literal["notice.withdrawn"] = "notice.withdrawn"
    withdrawn_id: UUID
    withdrawn_type: str = ""


Notice = Annotated[
    SuspensionIssued
    | SuspensionServed
    | SuspensionCarriedOver
    | IneligibleParticipation
    | HeadInjuryViolation
    | NoticeWithdrawn,
    Field(discriminator="type"),
]
