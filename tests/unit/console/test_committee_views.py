"""What the committee's desk shows, from a tournament's discipline view, notices and tables:
the queue, its filters and open count, the records, the countdown and a ruling's effect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from services.discipline.evaluate import evaluate
from services.discipline.ids import derived_id
from services.gateway.console.action_form import form_fields
from services.gateway.console.committee_views import DeskNames, filtered, people_of, queue
from services.gateway.console.record_views import countdown, effect, person_record, team_record
from services.gateway.console.rulings import ACTIONS
from services.ledger import Ledger, apply
from workloads import factories as f

T = f.TOURNAMENT


def situation(*extra: Any) -> tuple[DeskNames, list[Any], list[Any]]:
    """Coach C1 of T1 ejected in A1, then on T2's lineup in A4: one alert, one suspension."""
    context, games = f.discipline_context()
    events = [
        f.card(games["A1"], "T1", "C1", "ejection", role="coach"),
        f.lineup(games["A4"], "T2", f.squad("T2", 7), staff=["C1"]),
        *extra,
    ]
    view = evaluate(context, events)
    lineups = [e for e in events if e.type == "lineup.submitted"]
    names = DeskNames(context, view, f"/console/{T}/discipline", people_of(context, lineups))
    return names, list(view.notices), events


def table(*, complete: bool, unresolved: list[list[str]], version: int = 1) -> dict[str, Any]:
    row = {"team_id": "T2", "forfeited": False, "disqualified": False}
    group = {"group_id": "A", "rows": [row], "unresolved": unresolved, "complete": complete}
    return {"division_id": "U12B", "version": version, "groups": [group], "unresolved": []}


def test_the_queue_shows_the_alert_with_its_lineup_person_and_rule_newest_first() -> None:
    """Issue 16: "ineligible-participation alerts (with the lineup, the person and the
    rule), suspensions issued ...; newest first"."""
    names, notices, events = situation()
    lineups = {(e.game_id, e.team_id): e for e in events if e.type == "lineup.submitted"}
    items = queue(names, notices, lineups, [])
    assert [i.kind for i in items] == ["alert", "suspension"]
    alert = items[0]
    assert (alert.person.label, alert.team.label, alert.status) == ("Person C1", "Team T2", "open")
    assert alert.rule.startswith("A suspended person sits out")
    assert "Person C1" in alert.lineup and len(alert.lineup) == 8
    assert [a.label for a in alert.actions] == ["Confirm (forfeit)", "Dismiss"]
    assert "person_id=C1" in alert.actions[0].href


def test_a_ruled_alert_is_closed_and_offers_only_the_next_ruling() -> None:
    """Issue 16: a ruling "can be reversed only by another ruling": a dismissed alert offers
    a confirmation, a confirmed one a score correction; neither counts as open."""
    _, games = f.discipline_context()
    dismissed, _, _ = situation(f.dismissal(games["A4"], "T2", "C1"))
    [alert, _] = queue(dismissed, dismissed.view.notices, {}, [])
    assert (alert.status, alert.open) == ("dismissed", False)
    assert [a.label for a in alert.actions] == ["Confirm after all (forfeit)"]
    confirmed, _, _ = situation(f.confirmation(games["A4"], "T2", "C1"))
    [alert, _] = queue(confirmed, confirmed.view.notices, {}, [])
    assert [a.label for a in alert.actions] == ["Correct the score"]


@given(st.sampled_from(["all", "open", "closed"]), st.sampled_from(["", "U12B", "U9G"]))
def test_the_filters_keep_exactly_the_items_of_that_division_and_status(
    status: str, division: str
) -> None:
    """Issue 16: "filter by division and status, a count of open items"."""
    names, notices, _ = situation()
    items = queue(names, notices, {}, [])
    kept = filtered(items, division, status)
    assert all(not division or i.division_id == division for i in kept)
    assert all(status == "all" or i.open == (status == "open") for i in kept)
    assert len(filtered(items, "", "open")) + len(filtered(items, "", "closed")) == len(items)


def test_a_tie_is_offered_for_a_decision_only_once_its_table_is_complete() -> None:
    """DESIGN: kicks from the penalty mark "the system cannot invent": the tie is reported
    unresolved until a decision is posted; before the table is complete, games may break it."""
    names, notices, _ = situation()
    playing = queue(names, notices, {}, [table(complete=False, unresolved=[["T1", "T4"]])])
    assert "tie" not in [i.kind for i in playing]
    done = queue(names, notices, {}, [table(complete=True, unresolved=[["T1", "T4"]])])
    [tie] = [i for i in done if i.kind == "tie"]
    assert tie.open and "Team T1, Team T4" in tie.summary
    assert "teams=T1%2CT4" in tie.actions[0].href


def test_a_persons_record_lists_their_cards_suspensions_and_teams() -> None:
    """Issue 16: "A person's record: every card, suspension and game served, across every
    team the person is on"."""
    names, notices, events = situation(f.extension("C1", 2, game_id="A1"))
    lineups = [e for e in events if e.type == "lineup.submitted"]
    record = person_record(names, "C1", lineups, queue(names, notices, {}, []))
    assert [t.label for t in record.teams] == ["Team T1", "Team T2"]
    assert [c.card for c in record.cards] == ["Ejection (red)"]
    [suspension] = record.suspensions
    assert (suspension.games, suspension.remaining) == ("1 automatic + 2 by the committee", 3)
    assert record.facts[0] == "Suspension games earned 3, served 0, still to serve 3."
    assert {i.kind for i in record.items} == {"alert", "suspension"}


def test_a_teams_record_names_what_its_people_owe() -> None:
    """Issue 16: "a team's record"."""
    context, games = f.discipline_context(rosters=[f.roster("T1", f.squad("T1", 7), ["C1"])])
    events = [f.card(games["A1"], "T1", "C1", "ejection", role="coach")]
    names = DeskNames(context, evaluate(context, events), "/d", people_of(context, []))
    record = team_record(names, "T1", [])
    owed = dict((link.label, what) for link, what in record.people)
    assert owed["Person C1"] == "coach; 1 game(s) to serve"
    assert owed["Person T1-P1"] == "#1; nothing to serve"
    assert [s.remaining for s in record.suspensions] == [1]


def test_the_countdown_says_what_is_left_or_how_late_it_is() -> None:
    """Rulebook: the card report is due "within seventy-two (72) hours of the conclusion of
    the tournament"."""
    deadline = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    assert countdown(deadline, deadline - timedelta(days=2, hours=3, minutes=5)) == (
        "2 days 3 h 5 min left"
    )
    assert countdown(deadline, deadline + timedelta(minutes=42)) == "overdue by 42 min"


def test_an_extension_has_its_effect_once_discipline_issues_the_extended_suspension() -> None:
    """Issue 16: each action "shows its effect once the standings/discipline have folded
    it"; the extension's notice is named by the ruling (derived id)."""
    ruling = f.extension("C1", 2, game_id="A1")
    names, notices, _ = situation(ruling)
    before = effect(names, ruling, Ledger(), [], {}, 0)
    assert not before.folded
    after = effect(names, ruling, Ledger(), notices, {}, 0)
    assert after.folded and after.text == "Person C1 now has 3 game(s) to serve."


def test_a_confirmation_has_its_effect_once_the_forfeit_is_in_the_table() -> None:
    """Issue 16: "confirming forfeits the game", shown once the standings score it."""
    _, games = f.discipline_context()
    ruling = f.confirmation(games["A4"], "T2", "C1")
    names, _, _ = situation(ruling)
    ledger = Ledger()
    forfeit = f.forfeit(games["A4"], "T2", "ineligible_player", producer="discipline")
    apply(
        ledger,
        forfeit.model_copy(update={"event_id": derived_id(T, "forfeit.declared", "A4", "T2")}),
    )
    scored = table(complete=False, unresolved=[])
    assert not effect(names, ruling, ledger, [], {"U12B": scored}, 0).folded
    scored["groups"][0]["rows"][0]["forfeited"] = True
    shown = effect(names, ruling, ledger, [], {"U12B": scored}, 0)
    assert shown.folded and shown.division_id == "U12B"


def test_a_ruling_the_rules_cannot_apply_says_why() -> None:
    """DESIGN: events the rules cannot place become named problems: the desk shows them."""
    ruling = f.extension("C1", 2, game_id="A3")  # C1 was not sent off in A3
    names, _, _ = situation(ruling)
    shown = effect(names, ruling, Ledger(), [], {}, 0)
    assert shown.folded and "was not sent off in game 'A3'" in shown.text


def test_a_confirmation_form_fixes_what_the_queue_gave_and_asks_the_rest() -> None:
    """Issue 16: "Each action asks for confirmation": what it is about is shown, not typed."""
    names, _, _ = situation()
    given = {"person_id": ["C1"], "game_id": ["A1"]}
    fields = {f.ask.name: f for f in form_fields(names, ACTIONS["extend"], given)}
    assert fields["person_id"].fixed == "Person C1"
    assert fields["game_id"].fixed.startswith("A1: Team T1 v Team T2")
    assert not fields["extra_games"].fixed and not fields["reason"].fixed
    chosen = {f.ask.name: f for f in form_fields(names, ACTIONS["extend"], {"person_id": ["C1"]})}
    assert [value for value, _ in chosen["game_id"].options] == ["A1"]  # C1's send-offs
