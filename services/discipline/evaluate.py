"""The one entry point the worker calls: accepted events in, discipline view out.

`evaluate(context, events)` is pure and total: it takes the whole set of accepted events of a
tournament that matter to discipline (in any order, with any duplicates) and returns every
person's record, every alert and the complete set of notices that state implies, each notice
with a deterministic id. Events it cannot place (an unknown game, another tournament, an
extension of nothing) become named problems in the view, never exceptions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from schemas.discipline import HeadInjuryViolation, IneligibleParticipation, SuspensionCarriedOver
from services.discipline.alert_status import with_status
from services.discipline.context import DisciplineContext
from services.discipline.fold import FoldState, fold
from services.discipline.game_checks import head_injury_returns, lineup_alerts
from services.discipline.ids import derive
from services.discipline.records import Alert, DisciplineView, PersonRecord
from services.discipline.timeline import arrange


def evaluate(context: DisciplineContext, events: Iterable[object]) -> DisciplineView:
    """Everything the accepted events imply for discipline in this tournament."""
    timeline = arrange(context, events)
    state = fold(FoldState(context, timeline))
    alerts = list(state.alerts.values())
    notices: list[Any] = list(state.notices)
    for game_id, game_events in timeline.by_game.items():
        slot = context.games[game_id]
        age_group = context.age_group(slot.division_id)
        if age_group is not None:
            alerts.extend(lineup_alerts(slot, age_group, context.config, game_events))
        for removal, evidence in head_injury_returns(game_events):
            notices.append(
                derive(
                    HeadInjuryViolation,
                    context.tournament_id,
                    evidence.occurred_at,
                    (removal.person_id, game_id),
                    person_id=removal.person_id,
                    person_name=state.names.get(removal.person_id, ""),
                    division_id=slot.division_id,
                    game_id=game_id,
                    team_id=removal.team_id,
                    detail=f"removed for a suspected head injury"
                    f"{_at_minute(removal.minute)}, then on {evidence.type} {evidence.event_id}",
                )
            )
    alerts.sort(key=lambda a: (context.order[a.game_id], a.team_id, a.person_id))
    alerts = with_status(alerts, timeline.confirmations, timeline.dismissals, context.config)
    notices.extend(_alert_notice(context, alert) for alert in alerts)
    finished = bool(context.games) and state.counted >= set(context.games)
    records = _records(state)
    if finished:
        notices.extend(_carry_overs(context, records))
    notices.sort(key=lambda n: (n.occurred_at, n.event_id))
    return DisciplineView(
        tournament_id=context.tournament_id,
        records=records,
        alerts=tuple(alerts),
        notices=tuple(notices),
        confirmations=tuple(timeline.confirmations),
        dismissals=tuple(timeline.dismissals),
        disqualifications=tuple(timeline.disqualifications),
        problems=tuple(timeline.problems),
        finished=finished,
    )


def _at_minute(minute: int | None) -> str:
    return "" if minute is None else f" in minute {minute}"


def _alert_notice(context: DisciplineContext, alert: Alert) -> IneligibleParticipation:
    return derive(
        IneligibleParticipation,
        context.tournament_id,
        alert.occurred_at,
        (alert.person_id, alert.game_id, alert.team_id),
        person_id=alert.person_id,
        person_name=alert.person_name,
        division_id=alert.division_id,
        game_id=alert.game_id,
        team_id=alert.team_id,
        reason=alert.reason,
        detail=alert.detail,
    )


def _records(state: FoldState) -> dict[str, PersonRecord]:
    people = sorted(set(state.cards) | set(state.suspensions) | set(state.expelled))
    return {
        person: PersonRecord(
            person_id=person,
            name=state.names.get(person, ""),
            cards=tuple(state.cards.get(person, ())),
            suspensions=tuple(state.suspensions.get(person, ())),
            expelled_at=state.expelled.get(person),
        )
        for person in people
    }


def _carry_overs(
    context: DisciplineContext, records: dict[str, PersonRecord]
) -> list[SuspensionCarriedOver]:
    """The tournament is over: every unserved suspension carries over, per person and team."""
    last_end = max(game.end for game in context.games.values())
    carried = []
    for record in records.values():
        teams = sorted({s.team_id for s in record.suspensions if s.remaining})
        for team in teams:
            carried.append(
                derive(
                    SuspensionCarriedOver,
                    context.tournament_id,
                    last_end,
                    (record.person_id, team),
                    person_id=record.person_id,
                    person_name=record.name,
                    team_id=team,
                    remaining=sum(s.remaining for s in record.suspensions if s.team_id == team),
                    home_club=context.person_home_club(team, record.person_id),
                )
            )
    return carried
