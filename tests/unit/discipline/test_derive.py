"""What discipline derives once its own forfeits and disqualifications come back to it, and
that no sender's event under a derived id cancels one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from services.discipline.derive import derive, settle
from services.standings.rules import compute_division
from tests.scenarios import derived_everything
from workloads import factories

CONTEXT, GAMES = factories.discipline_context()
FIELD, COMMITTEE = derived_everything(factories.TOURNAMENT)
EVENTS = [*FIELD, *COMMITTEE]


def test_settling_adds_what_only_the_derived_forfeits_imply() -> None:
    once = derive(CONTEXT, EVENTS)
    settled = settle(CONTEXT, EVENTS)
    assert "suspension.carried_over" not in {n.type for n in once.view.notices}
    assert "suspension.carried_over" in {n.type for n in settled.view.notices}
    assert {e.identity for e in once.implied} <= {e.identity for e in settled.implied}
    assert all(e.producer == "discipline" for e in (*settled.implied, *settled.view.notices))


@settings(max_examples=20, deadline=None)
@given(st.permutations(EVENTS))
def test_settling_is_a_fixed_point_whatever_the_order(events: list[object]) -> None:
    settled = settle(CONTEXT, events)
    again = settle(CONTEXT, [*events, *settled.implied])
    assert again.implied == settled.implied
    assert again.view.notices == settled.view.notices


def test_a_field_event_under_a_derived_id_cancels_no_derived_event() -> None:
    honest = settle(CONTEXT, EVENTS)
    derived = [*honest.implied, *honest.view.notices]
    squats = [
        factories.card(GAMES["A5"], "T2", f"X{n}", "yellow", event_id=e.event_id, producer="field")
        for n, e in enumerate(derived)
    ]
    attacked = settle(CONTEXT, [*squats, *EVENTS])
    assert attacked.implied == honest.implied
    assert attacked.view.notices == honest.view.notices
    tables = [
        compute_division(factories.division(), GAMES, [*FIELD, *extra, *honest.implied], 0).groups
        for extra in ([], squats)
    ]
    assert tables[0] == tables[1]
