"""The issue's story, pure: a coach of two teams is sent off with one, appears for the other,
the committee confirms, the suspension is served by the right game and the report lists it."""

from __future__ import annotations

from schemas.discipline import IneligibleParticipation, SuspensionIssued, SuspensionServed
from services.discipline.context import DisciplineContext
from services.discipline.evaluate import evaluate
from services.discipline.forfeits import implied_match_events
from services.discipline.report import card_report, cards_csv, suspensions_csv
from workloads import factories as f


def test_a_coach_sent_off_with_one_team_is_ineligible_for_the_other_until_served() -> None:
    """Rulebook: "Red card suspension or send off suspensions can only be served with the team
    with which the suspension was earned ... Until the suspension is served the player/coach
    is suspended from any other team(s) to which the player/coach may be registered."."""
    u12 = f.division("U12B", coaches={"T1": ["C1"]})
    u13 = f.division("U13B", {"B": ["X1", "X2", "X3", "X4"]}, age_group="U13")
    u13 = u13.model_copy(
        update={"teams": [u13.teams[0].model_copy(update={"coach_ids": ["C1"]}), *u13.teams[1:]]}
    )
    a, b = f.round_robin(u12), f.round_robin(u13)  # A1 T1-T2 09:00, A2 T1-T3 10:00; B2 X1-X3 10:00
    context = DisciplineContext.build(f.TOURNAMENT, [u12, u13], [*a.values(), *b.values()])
    ejected = f.card(a["A1"], "T1", "C1", "ejection", role="coach", minute=55)
    on_other_team = f.lineup(b["B2"], "X1", f.squad("X1", 11), staff=["C1"])
    events = [ejected, f.score(a["A1"], 0, 2), on_other_team]

    view = evaluate(context, events)
    assert [(n.type, n.team_id) for n in view.notices if isinstance(n, SuspensionIssued)] == [
        ("suspension.issued", "T1")
    ]
    [alert] = [n for n in view.notices if isinstance(n, IneligibleParticipation)]
    assert (alert.game_id, alert.team_id, alert.reason) == ("B2", "X1", "suspended")
    assert implied_match_events(context, view) == []

    events += [f.confirmation(b["B2"], "X1", "C1"), f.score(b["B2"], 3, 0), f.score(a["A2"], 1, 1)]
    view = evaluate(context, events)
    [forfeit] = implied_match_events(context, view)
    assert (forfeit.game_id, forfeit.forfeiting_team_id, forfeit.reason) == (
        "B2",
        "X1",
        "ineligible_player",
    )
    [served] = [n for n in view.notices if isinstance(n, SuspensionServed)]
    assert (served.game_id, served.team_id, served.remaining) == ("A2", "T1", 0)

    events.append(f.lineup(b["B3"], "X1", f.squad("X1", 11), staff=["C1"]))  # 11:00, served
    view = evaluate(context, events)
    assert [a.game_id for a in view.alerts] == ["B2"]
    report = card_report(context, view)
    assert cards_csv(report).splitlines()[1:] == [
        "SA T1,Club T1,Person C1,C1,coach,,Team T1,A1,2026-11-21T09:00:00+00:00,55,ejection"
    ]
    assert suspensions_csv(report).splitlines()[1:] == []
