"""The discipline fold: one step per event of the canonical timeline.

`apply` is a `singledispatch` function, one handler per event type, in the style of
pyeventsourcing's aggregates: a lineup is checked against what the person owes *before* that
game; a card may earn a suspension; a result counts the game against the suspensions of the
teams that played it; a ruling extends or expels. The state is private to one evaluation
(built, folded, frozen into a view), so from outside the fold is a pure function of the events.

Rule failures of a lineup member are the named exceptions below; the fold turns each into an
ineligible-participation alert instead of stopping, because every one of them must be reported.

Readings of the rulebook applied here:
- A send-off is a red card, a second-yellow card, an ejection, or two yellow cards for the same
  person in the same game; a person is sent off at most once per game (a yellow followed by a
  second-yellow report is one send-off), for the automatic one game.
- A suspension is served by the completed (or awarded) games of the team it was earned with,
  oldest suspension first, one game per game; a game in which the person is on that team's
  lineup is *not* served (they did not sit out) and raises an alert.
- Only reported results count: the remaining games of a disqualified team are not assumed
  awarded until a forfeit for them arrives, so a disqualification cannot work off a suspension.
- An expulsion bars the person from every game that starts at or after the ruling.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import singledispatch
from typing import Any

from schemas.discipline import PersonExpelled, SuspensionIssued, SuspensionServed
from schemas.match import CardIssued, LineupMember, LineupSubmitted
from services.discipline.context import DisciplineContext
from services.discipline.ids import derive
from services.discipline.problems import DisciplineProblem
from services.discipline.records import Alert, AlertReason, CardRecord, Suspension
from services.discipline.timeline import RESULTS, Extension, Timeline, is_result, sends_off


class IneligiblePerson(DisciplineProblem):
    """A person on a game-day lineup who may not take part; `reason` names the rule."""

    reason: AlertReason


class Expelled(IneligiblePerson):
    """The committee expelled the person for the rest of the tournament."""

    reason = "expelled"


class Suspended(IneligiblePerson):
    """The person has suspension games still to serve (for this team or another)."""

    reason = "suspended"


class Unrostered(IneligiblePerson):
    """The person is not on the team's registered roster."""

    reason = "unrostered"


class SecondRoster(IneligiblePerson):
    """The player already played for another team of the tournament."""

    reason = "second_roster"


@dataclass
class FoldState:
    """Everything the fold has learnt so far, for one tournament."""

    context: DisciplineContext
    timeline: Timeline
    names: dict[str, str] = field(default_factory=dict)
    cards: dict[str, list[CardRecord]] = field(default_factory=lambda: defaultdict(list))
    yellows: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    sent_off: set[tuple[str, str]] = field(default_factory=set)
    suspensions: dict[str, list[Suspension]] = field(default_factory=lambda: defaultdict(list))
    owing: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    expelled: dict[str, datetime] = field(default_factory=dict)
    appearances: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    first_team: dict[str, str] = field(default_factory=dict)
    counted: set[str] = field(default_factory=set)
    alerts: dict[tuple[str, str, str], Alert] = field(default_factory=dict)
    notices: list[Any] = field(default_factory=list)

    def name(self, person_id: str, seen_as: str) -> str:
        """The person's name: the first one seen in timeline order."""
        return self.names.setdefault(person_id, seen_as)

    def outstanding(self, person_id: str) -> int:
        """Suspension games the person still owes."""
        return sum(s.remaining for s in self.suspensions.get(person_id, ()))


def fold(state: FoldState) -> FoldState:
    """Apply every step of the state's timeline, in order."""
    for step in state.timeline.steps:
        apply(step, state)
    return state


@singledispatch
def apply(event: object, state: FoldState) -> None:
    """One step of the fold (events without a handler change nothing)."""


@apply.register
def _lineup(event: LineupSubmitted, state: FoldState) -> None:
    for member in event.members:
        name = state.name(member.person_id, member.name)
        try:
            check_member(state, event, member)
        except IneligiblePerson as failure:
            key = (member.person_id, event.game_id, event.team_id)
            state.alerts.setdefault(
                key,
                Alert(
                    division_id=event.division_id,
                    game_id=event.game_id,
                    team_id=event.team_id,
                    person_id=member.person_id,
                    person_name=name,
                    reason=failure.reason,
                    detail=failure.what,
                    occurred_at=event.occurred_at,
                ),
            )
        state.appearances[(event.game_id, event.team_id)].add(member.person_id)
        if member.role == "player":
            state.first_team.setdefault(member.person_id, event.team_id)


def check_member(state: FoldState, lineup: LineupSubmitted, member: LineupMember) -> None:
    """Raise the first rule this lineup member breaks, most serious first."""
    person = member.person_id
    expelled_at = state.expelled.get(person)
    if expelled_at is not None:
        raise Expelled(_where(lineup), f"expelled from the tournament at {expelled_at.isoformat()}")
    owed = [s for s in state.suspensions.get(person, ()) if s.remaining]
    if owed:
        sources = ", ".join(f"game {s.game_id} with team {s.team_id}" for s in owed)
        still = sum(s.remaining for s in owed)
        raise Suspended(_where(lineup), f"{still} game(s) still to serve ({sources})")
    rostered = state.context.rostered.get(lineup.team_id)
    if rostered is not None and person not in rostered:
        raise Unrostered(_where(lineup), f"not on the roster of team {lineup.team_id}")
    first = state.first_team.get(person)
    if member.role == "player" and first is not None and first != lineup.team_id:
        raise SecondRoster(_where(lineup), f"already played for team {first} in this tournament")


def _where(lineup: LineupSubmitted) -> str:
    return f"lineup {lineup.event_id} of team {lineup.team_id} for game {lineup.game_id}"


@apply.register
def _card(event: CardIssued, state: FoldState) -> None:
    person, game = event.person_id, event.game_id
    name = state.name(person, event.person_name)
    state.cards[person].append(
        CardRecord(
            event_id=str(event.event_id),
            division_id=event.division_id,
            game_id=game,
            team_id=event.team_id,
            person_name=name,
            role=event.role,
            card=event.card,
            shirt_number=event.shirt_number,
            minute=event.minute,
            occurred_at=event.occurred_at,
        )
    )
    if event.card == "yellow":
        state.yellows[(person, game)] += 1
    if not sends_off(event, state.yellows[(person, game)]) or (person, game) in state.sent_off:
        return
    state.sent_off.add((person, game))
    state.suspensions[person].append(Suspension(team_id=event.team_id, game_id=game))
    state.owing[event.team_id].add(person)
    kind = "second yellow" if event.card == "yellow" else event.card.replace("_", " ")
    state.notices.append(
        derive(
            SuspensionIssued,
            state.context.tournament_id,
            event.occurred_at,
            (person, game),
            person_id=person,
            person_name=name,
            team_id=event.team_id,
            game_id=game,
            games=1,
            total_outstanding=state.outstanding(person),
            reason=f"automatic: sent off ({kind}) in game {game}",
        )
    )


def _result(event: Any, state: FoldState) -> None:
    """A completed or awarded game counts once against the suspensions of its teams."""
    if not is_result(event) or event.game_id in state.counted:
        return
    game = event.game_id
    state.counted.add(game)
    place = state.context.order[game]
    for team in sorted(state.timeline.game_teams.get(game, ())):
        for person in sorted(state.owing.get(team, ())):
            _serve(state, person, team, game, place, event.occurred_at)


for _kind in RESULTS:
    apply.register(_kind, _result)


def _serve(
    state: FoldState, person: str, team: str, game: str, place: int, moment: datetime
) -> None:
    """Count `game` against the person's oldest open suspension with `team`, if they sat out."""
    if person in state.appearances.get((game, team), ()):
        return
    order = state.context.order
    suspensions = state.suspensions[person]
    for index, suspension in enumerate(suspensions):
        if (
            suspension.team_id == team
            and suspension.remaining
            and order[suspension.game_id] < place
        ):
            suspensions[index] = replace(suspension, served_in=(*suspension.served_in, game))
            break
    else:
        return
    if not any(s.team_id == team and s.remaining for s in suspensions):
        state.owing[team].discard(person)
    state.notices.append(
        derive(
            SuspensionServed,
            state.context.tournament_id,
            moment,
            (person, game, team),
            person_id=person,
            person_name=state.names.get(person, ""),
            team_id=team,
            game_id=game,
            remaining=state.outstanding(person),
        )
    )


@apply.register
def _extension(step: Extension, state: FoldState) -> None:
    ruling, person = step.ruling, step.ruling.person_id
    suspensions = state.suspensions[person]
    index = next(i for i, s in enumerate(suspensions) if s.game_id == step.game_id)
    extended = replace(suspensions[index], extra=suspensions[index].extra + ruling.extra_games)
    suspensions[index] = extended
    state.owing[extended.team_id].add(person)
    state.notices.append(
        derive(
            SuspensionIssued,
            state.context.tournament_id,
            ruling.occurred_at,
            (person, step.game_id, str(ruling.event_id)),
            person_id=person,
            person_name=state.names.get(person, ""),
            team_id=extended.team_id,
            game_id=step.game_id,
            games=ruling.extra_games,
            total_outstanding=state.outstanding(person),
            reason=f"committee extension: {ruling.reason}".rstrip(": "),
        )
    )


@apply.register
def _expulsion(ruling: PersonExpelled, state: FoldState) -> None:
    state.expelled.setdefault(ruling.person_id, ruling.occurred_at)
