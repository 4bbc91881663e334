"""A field app that knows how discipline names what it derives (the ids are computed from
public data) posts its own events under those ids first. Nothing discipline derives may be
lost to that: every forfeit, disqualification and notice still counts and reaches the
committee (issue 12, attack 2)."""

from __future__ import annotations

import time
from typing import Any

from schemas.match import ForfeitDeclared, TeamDisqualified
from tests.conftest import Running, retarget
from tests.scenarios import derived_by_rules, derived_everything, table_by_rules
from workloads import factories as f

IMPLIED = (ForfeitDeclared, TeamDisqualified)
DERIVED_TYPES = {
    "forfeit.declared",
    "team.disqualified",
    "suspension.issued",
    "suspension.served",
    "suspension.carried_over",
    "ineligible.participation",
    "head_injury.violation",
}


def wait_for(check: Any, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.5)


def test_no_field_event_under_a_derived_id_cancels_what_discipline_derives(
    system: Running,
) -> None:
    tournament, games = system.publish_division("squat")
    field, committee = derived_everything(tournament)
    derived = derived_by_rules(tournament, [*field, *committee])
    assert {e.type for e in derived} == DERIVED_TYPES
    squats = [
        retarget(f.card(games["A5"], "T2", f"squat-{n}", "yellow", event_id=e.event_id), tournament)
        for n, e in enumerate(derived)
    ]
    assert {a["status"] for a in system.field.post_batch(squats)} == {"accepted"}

    assert {a["status"] for a in system.field.post_batch(field)} == {"accepted"}
    assert {a["status"] for a in system.committee.post_batch(committee)} == {"accepted"}

    implied = [e for e in derived if isinstance(e, IMPLIED)]
    expected = table_by_rules(tournament, [*field, *implied])
    notices = {str(e.event_id) for e in derived if not isinstance(e, IMPLIED)}

    def live_groups() -> Any:
        return system.groups(tournament)

    def live_notices() -> set[str]:
        return {n["event_id"] for n in system.committee.notices(tournament)}

    wait_for(lambda: live_notices() >= notices, "a derived notice never reached the committee")
    wait_for(lambda: live_groups() == expected, f"tables never counted {implied}")
