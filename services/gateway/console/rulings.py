"""The committee's actions, each one of the existing events: what a console form asks for,
and the event it builds from what was sent. Plain code: no HTTP, no clock (the moment and
the event id are given).

The event id and the moment of the ruling are fixed when the confirmation page is shown
and travel in the form, as a field app fixes its events when they happen: a form sent twice
(a double tap, a retry after a dropped answer) is then the same event, one ruling. A form
left open longer than `FRESH` is refused, so that no ruling is dated long before it was
made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ValidationError

from schemas.base import Envelope
from schemas.codec import problems_of
from schemas.discipline import (
    IneligibilityConfirmed,
    IneligibilityDismissed,
    PersonExpelled,
    SuspensionExtended,
    TeamDisqualification,
)
from schemas.match import ScoreCorrected, TiebreakDecided

#: What a field of a form is, so the page knows how to ask for it.
Widget = Literal["division", "team", "game", "person", "send_off", "number", "text", "method"]
#: Fields the sender never types: the tournament, the moment, the source, the id.
SOURCE_MAX = 100
#: How long a confirmation page may stay open before it must be opened again.
FRESH = timedelta(minutes=15)


@dataclass(frozen=True)
class Ask:
    """One thing a ruling's form asks for."""

    name: str
    label: str
    widget: Widget
    required: bool = True
    many: bool = False  # several values, in order (a ranking)


@dataclass(frozen=True)
class Action:
    """One committee action: its verb, the event it posts and what its form asks."""

    name: str
    label: str
    title: str
    button: str
    event: type[Envelope]
    asks: tuple[Ask, ...]
    explains: str
    danger: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(ask.name for ask in self.asks)


REASON = Ask("reason", "Reason (goes into the journal and the report)", "text", required=False)
DIVISION = Ask("division_id", "Division", "division")
GAME = Ask("game_id", "Game", "game")
TEAM = Ask("team_id", "Team", "team")
PERSON = Ask("person_id", "Person", "person")
ALERT = (DIVISION, GAME, TEAM, PERSON, REASON)

ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action(
            "confirm",
            "Confirm",
            "Confirm the ineligible participation",
            "Confirm: the game becomes a forfeit",
            IneligibilityConfirmed,
            ALERT,
            "The game becomes a forfeit of this team and the alert is closed. A forfeit is "
            "never withdrawn: only a score correction changes the result afterwards.",
            danger=True,
        ),
        Action(
            "dismiss",
            "Dismiss",
            "Dismiss the alert",
            "Dismiss: the person was eligible",
            IneligibilityDismissed,
            ALERT,
            "The alert is closed and forfeits nothing. A confirmation later still forfeits "
            "the game.",
        ),
        Action(
            "extend",
            "Extend a suspension",
            "Extend a suspension",
            "Extend the suspension",
            SuspensionExtended,
            (
                PERSON,
                Ask("game_id", "The send-off it extends", "send_off"),
                Ask("extra_games", "Extra games", "number"),
                REASON,
            ),
            "The games are added to the suspension of that send-off, served with the same "
            "team; the person sits out every team until it is served. Another extension adds "
            "more; none takes games away.",
            danger=True,
        ),
        Action(
            "expel",
            "Expel a person",
            "Expel a person for the rest of the tournament",
            "Expel",
            PersonExpelled,
            (PERSON, REASON),
            "From now on the person may not appear on any lineup of the tournament; any lineup "
            "that names them is an alert.",
            danger=True,
        ),
        Action(
            "disqualify",
            "Disqualify a team",
            "Disqualify a team",
            "Disqualify: its remaining games become forfeits",
            TeamDisqualification,
            (DIVISION, TEAM, REASON),
            "The team's remaining games become forfeits and it cannot advance.",
            danger=True,
        ),
        Action(
            "correct",
            "Correct a score",
            "Correct a score",
            "Correct the score",
            ScoreCorrected,
            (
                DIVISION,
                GAME,
                Ask("home_goals", "Home goals", "number"),
                Ask("away_goals", "Away goals", "number"),
                REASON,
            ),
            "This score replaces every earlier result of the game, forfeits included.",
        ),
        Action(
            "tiebreak",
            "Decide a tie",
            "Decide a tie the table cannot break",
            "Post the decision",
            TiebreakDecided,
            (
                DIVISION,
                Ask("group_id", "Group", "text", required=False),
                Ask("method", "Decided by", "method"),
                Ask("ranking", "The tied teams, best first", "team", many=True),
            ),
            "The tied teams are placed in this order; the table and bracket follow it.",
        ),
    )
}


class UnknownAction(ValueError):
    """The form names an action there is not."""

    def __init__(self, name: str) -> None:
        super().__init__(f"action: there is no action {name!r} (one of {', '.join(ACTIONS)})")


class RulingRefused(ValueError):
    """What was sent is not a valid ruling; `problems` lists (form field, what is wrong)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {what}" for field, what in problems))
        self.problems = problems


def action_named(name: str) -> Action:
    try:
        return ACTIONS[name]
    except KeyError:
        raise UnknownAction(name) from None


def build(
    action: Action,
    sent: Mapping[str, list[str]],
    *,
    tournament_id: str,
    source: str,
    now: datetime,
) -> BaseModel:
    """The event `action` posts, from the form's values (each field's list of values, as a
    form sends them; empty ones left out) and its `event_id` and `occurred_at`;
    RulingRefused names every field that is wrong."""
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for ask in action.asks:
        given = [value.strip() for value in sent.get(ask.name, ()) if value.strip()]
        if given:
            values[ask.name] = given if ask.many else given[0]
        elif ask.required:
            problems.append((ask.name, "this is needed"))
    event_id = next(iter(sent.get("event_id", ())), "")
    try:
        UUID(event_id)
    except ValueError:
        problems.append(("event_id", "the form's ruling id is not a UUID: open the form again"))
        event_id = str(UUID(int=0))  # so that the other fields are still checked
    occurred_at = _moment(next(iter(sent.get("occurred_at", ())), ""), now, problems)
    try:
        event = action.event.model_validate(
            {
                **values,
                "event_id": event_id,
                "tournament_id": tournament_id,
                "occurred_at": occurred_at,
                "source": source[:SOURCE_MAX],
            }
        )
    except ValidationError as exc:
        named = {name for name, _ in problems}
        problems += [(name, what) for name, what in problems_of(exc) if name not in named]
    if problems:
        raise RulingRefused(problems)
    return event


def _moment(given: str, now: datetime, problems: list[tuple[str, str]]) -> datetime:
    """When the confirmation page was shown, if that is a moment within `FRESH` of `now`."""
    try:
        moment = datetime.fromisoformat(given)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        problems.append(("occurred_at", "the form has no moment of the ruling: open it again"))
        return now
    if not now - FRESH <= moment <= now + timedelta(minutes=1):
        problems.append(
            (
                "occurred_at",
                f"this confirmation was opened at {moment.isoformat(timespec='minutes')}, "
                f"more than {FRESH.seconds // 60} minutes ago: check it again and resend it",
            )
        )
    return moment
