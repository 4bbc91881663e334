"""The committee's registration events folded into each team's application.

The fold is a function of the *set* of events: repeats (the same identity) count once and the
rest are applied in `recency` order (occurred_at, then identity), so a registrar's file, the
gateway's feed and any reordering of either give the same state. Each step either applies or
becomes a `Problem` naming the event and why it changed nothing (a decision about a team that
never applied, a roster change after the lock): the registrar wants the whole list, and no
event may stop the fold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import singledispatch
from typing import Any, Literal

from schemas.base import recency
from schemas.registration import (
    AgeGroupNotOffered,
    ApplicationAccepted,
    ApplicationNotAccepted,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    PlayerCheckedIn,
    PlayUpApproved,
    RefundPaid,
    RegistrationTermsSet,
    RosterLocked,
    TeamEvent,
    TournamentCancelled,
)

Status = Literal["applied", "accepted", "not_accepted", "withdrawn"]


@dataclass(frozen=True)
class Problem:
    """An event the rules could not apply, and why."""

    event_id: str
    team_id: str | None
    what: str

    def __str__(self) -> str:
        team = f"team {self.team_id}: " if self.team_id else ""
        return f"{team}{self.what} (event {self.event_id})"


@dataclass
class Application:
    """One team's application as the events so far leave it."""

    submitted: ApplicationSubmitted
    status: Status = "applied"
    accepted_at: datetime | None = None
    #: The event that closed the application (not accepted, or withdrawn), if any.
    closed_by: ApplicationNotAccepted | ApplicationWithdrawn | None = None
    play_up_approved: bool = False
    paid_cents: int = 0
    check_ins: dict[str, PlayerCheckedIn] = field(default_factory=dict)
    locked_at: datetime | None = None

    @property
    def team_id(self) -> str:
        return self.submitted.team_id

    @property
    def withdrawn_before_acceptance(self) -> bool:
        return isinstance(self.closed_by, ApplicationWithdrawn) and self.accepted_at is None


@dataclass
class Registration:
    """A tournament's registrations: its terms, the committee's announcements, the
    applications by team, and the events that changed nothing."""

    tournament_id: str
    terms: RegistrationTermsSet | None = None
    cancelled: TournamentCancelled | None = None
    not_offered: dict[str, AgeGroupNotOffered] = field(default_factory=dict)
    applications: dict[str, Application] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def refuse(self, event: Any, what: str) -> None:
        self.problems.append(Problem(str(event.event_id), getattr(event, "team_id", None), what))


def fold(tournament_id: str, events: Iterable[Any]) -> Registration:
    """The registrations of one tournament from its events (others' are left out; events of
    other kinds are ignored, so a whole event file may be passed in)."""
    unique = {e.identity: e for e in events if e.tournament_id == tournament_id}
    registration = Registration(tournament_id)
    for event in sorted(unique.values(), key=recency):
        apply(event, registration)
    return registration


@singledispatch
def apply(event: object, registration: Registration) -> None:
    """One step of the fold (events of other kinds change nothing)."""


@apply.register
def _terms(event: RegistrationTermsSet, registration: Registration) -> None:
    registration.terms = event


@apply.register
def _cancelled(event: TournamentCancelled, registration: Registration) -> None:
    if registration.cancelled is None:
        registration.cancelled = event


@apply.register
def _not_offered(event: AgeGroupNotOffered, registration: Registration) -> None:
    registration.not_offered.setdefault(event.age_group, event)


@apply.register
def _submitted(event: ApplicationSubmitted, registration: Registration) -> None:
    current = registration.applications.get(event.team_id)
    if current is None:
        registration.applications[event.team_id] = Application(event)
    elif current.locked_at is not None:
        registration.refuse(event, locked(current))
    elif current.closed_by is not None:
        registration.refuse(event, f"the application is {current.status}; it cannot change")
    else:
        current.submitted = event


def locked(application: Application) -> str:
    """Why a roster change after the lock is refused."""
    moment = application.locked_at.isoformat() if application.locked_at else "check-in"
    return (
        f"the roster of team {application.team_id} was locked for the tournament at {moment}; "
        "the same players must stay on it for the entirety of the tournament"
    )


def _open(event: TeamEvent, registration: Registration, *allowed: Status) -> Application | None:
    """The event's application if its status is one of `allowed`; else a problem."""
    application = registration.applications.get(event.team_id)
    if application is None:
        registration.refuse(event, "no application from this team")
        return None
    if allowed and application.status not in allowed:
        registration.refuse(event, f"{event.type} for an application that is {application.status}")
        return None
    return application


@apply.register
def _accepted(event: ApplicationAccepted, registration: Registration) -> None:
    if application := _open(event, registration, "applied"):
        application.status = "accepted"
        application.accepted_at = event.occurred_at


@apply.register
def _not_accepted(event: ApplicationNotAccepted, registration: Registration) -> None:
    if application := _open(event, registration, "applied"):
        application.status = "not_accepted"
        application.closed_by = event


@apply.register
def _withdrawn(event: ApplicationWithdrawn, registration: Registration) -> None:
    if application := _open(event, registration, "applied", "accepted"):
        application.status = "withdrawn"
        application.closed_by = event


@apply.register
def _play_up(event: PlayUpApproved, registration: Registration) -> None:
    if application := _open(event, registration):
        if application.submitted.playing_up:
            application.play_up_approved = True
        else:
            registration.refuse(event, "the application does not ask to play up")


@apply.register
def _refund_paid(event: RefundPaid, registration: Registration) -> None:
    if application := _open(event, registration):
        application.paid_cents += event.amount_cents


@apply.register
def _checked_in(event: PlayerCheckedIn, registration: Registration) -> None:
    if application := _open(event, registration, "accepted"):
        if application.locked_at is not None:
            registration.refuse(event, locked(application))
        else:
            application.check_ins[event.person_id] = event


@apply.register
def _roster_locked(event: RosterLocked, registration: Registration) -> None:
    application = _open(event, registration, "accepted")
    if application is not None and application.locked_at is None:
        application.locked_at = event.occurred_at
