"""Tournament registration (`registration`): team applications, the committee's decisions,
refunds and the check-in desk, as events the committee posts.

Every step of a registration is a fact with its own id, so the registrar's tools and the
gateway fold the same set into the same state (`services.registration`). An application is
the team's: a later application of the same team replaces the earlier one (the newer by
`occurred_at`, as a roster does), until the team's roster is locked at check-in.

The schema only insists on well-formed entries; what an application still lacks, what is
refunded and when, and whether a check-in verifies are the rules' to say, all at once.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, model_validator

from schemas.base import AgeGroup, Envelope, Ident, Model, Reason
from schemas.roster import RosterPlayer, RosterStaff

#: Fees are whole cents: no float ever decides whether a refund is settled.
Cents = Annotated[int, Field(ge=0, le=100_000_000, description="An amount in cents.")]
DocumentKind = Literal["state_roster", "club_roster", "medical_release", "travel_permission"]


class Document(Model):
    """A document handed in with an application."""

    kind: DocumentKind = Field(
        description="state_roster: a valid State roster (competitive teams); club_roster: a "
        "roster signed by an official of the club (recreational teams); medical_release: one "
        "player's medical release; travel_permission: the team's Permission to Travel form.",
        examples=["medical_release"],
    )
    person_id: Ident | None = Field(
        default=None, description="The player a medical release is for; empty for the others."
    )

    @model_validator(mode="after")
    def _release_names_its_player(self) -> Document:
        if (self.kind == "medical_release") != (self.person_id is not None):
            raise ValueError("person_id: a medical release names its player; no other does")
        return self


class TeamEvent(Envelope):
    """An event about one team's application."""

    team_id: Ident


class RegistrationTermsSet(Envelope):
    """The dates the refund clock and the age checks run on (a later one replaces it)."""

    type: Literal["registration.terms_set"] = "registration.terms_set"
    starts_on: date = Field(description="The tournament's first day.", examples=["2020-11-21"])
    registration_deadline: date = Field(
        description="After it, a team that pulls out is not refunded.", examples=["2020-10-04"]
    )
    season_year: int = Field(
        ge=2000,
        le=2100,
        description="A player born in year B is of age group U(season_year - B).",
        examples=[2020],
    )


class ApplicationSubmitted(TeamEvent):
    """A team applies to a division, with its roster and documents."""

    type: Literal["registration.submitted"] = "registration.submitted"
    team_name: str = Field(default="", max_length=100, examples=["Coral Springs United"])
    division_id: Ident = Field(description="The division applied to.")
    age_group: AgeGroup
    club: str = Field(default="", max_length=100)
    state_association: str = Field(default="", max_length=100, examples=["FYSA"])
    competitive: bool = Field(
        default=True, description="Competitive (State roster, player passes) or recreational."
    )
    travel_permission_required: bool = Field(
        default=False,
        description="The team's association requires a Permission to Travel form (teams from "
        "outside the host state, where their association says so).",
    )
    playing_up: bool = Field(default=False, description="The team applies to play up an age group.")
    entry_fee_cents: Cents = 0
    players: list[RosterPlayer] = Field(default_factory=list, max_length=99)
    staff: list[RosterStaff] = Field(default_factory=list, max_length=20)
    documents: list[Document] = Field(default_factory=list, max_length=200)


class ApplicationAccepted(TeamEvent):
    """The committee accepts the application."""

    type: Literal["registration.accepted"] = "registration.accepted"


class ApplicationNotAccepted(TeamEvent):
    """The committee does not accept the application: its notice starts the refund clock."""

    type: Literal["registration.not_accepted"] = "registration.not_accepted"
    reason: Reason = ""


class ApplicationWithdrawn(TeamEvent):
    """The team asks to withdraw its application (its request's time is `occurred_at`)."""

    type: Literal["registration.withdrawn"] = "registration.withdrawn"
    reason: Reason = ""


class PlayUpApproved(TeamEvent):
    """The committee approves the team's application to play up an age group."""

    type: Literal["registration.play_up_approved"] = "registration.play_up_approved"


class AgeGroupNotOffered(Envelope):
    """The committee announces that an advertised age group will not be offered."""

    type: Literal["registration.age_group_not_offered"] = "registration.age_group_not_offered"
    age_group: AgeGroup
    reason: Reason = ""


class TournamentCancelled(Envelope):
    """The committee cancels the tournament."""

    type: Literal["registration.tournament_cancelled"] = "registration.tournament_cancelled"
    reason: Reason = ""


class RefundPaid(TeamEvent):
    """The committee paid (part of) a team's refund."""

    type: Literal["registration.refund_paid"] = "registration.refund_paid"
    amount_cents: Cents = Field(gt=0)


class PlayerCheckedIn(TeamEvent):
    """The check-in desk saw a player's proof of age."""

    type: Literal["registration.player_checked_in"] = "registration.player_checked_in"
    person_id: Ident
    proof: Literal["player_pass", "birth_certificate"] = Field(
        description="A US Soccer/US Youth Soccer, State or National registration card, or a "
        "birth certificate (recreational teams only)."
    )
    birth_date: date = Field(description="The date of birth the proof shows.")
    photo_and_signature: bool = Field(
        default=False, description="The pass carries the player's photograph and a signature."
    )


class RosterLocked(TeamEvent):
    """Check-in is over for the team: its roster is fixed for the tournament."""

    type: Literal["registration.roster_locked"] = "registration.roster_locked"


RegistrationEvent = Annotated[
    RegistrationTermsSet
    | ApplicationSubmitted
    | ApplicationAccepted
    | ApplicationNotAccepted
    | ApplicationWithdrawn
    | PlayUpApproved
    | AgeGroupNotOffered
    | TournamentCancelled
    | RefundPaid
    | PlayerCheckedIn
    | RosterLocked,
    Field(discriminator="type"),
]
