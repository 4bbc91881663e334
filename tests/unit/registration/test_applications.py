"""Applications: the committee's decisions, and the documents an application lacks."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from schemas.registration import Document
from services.registration.documents import missing
from services.registration.report import report
from services.registration.state import fold
from workloads import registration as r
from workloads.factories import TOURNAMENT


def lacks(application_event: object, *more: object) -> list[str]:
    registration = fold(TOURNAMENT, [application_event, *more])
    [application] = registration.applications.values()
    return [item.kind for item in missing(application)]


def test_a_competitive_team_must_present_a_valid_state_roster() -> None:
    """Seed 003: "Competitive teams ... must be registeredwith a National Soccer Association
    affiliated with US Soccer/US Youth Soccer and must present a valid State roster." """
    assert lacks(r.application("T1", documents=[])) == [
        "state_roster",
        "medical_release",
        "medical_release",
    ]
    assert lacks(r.application("T1")) == []


def test_a_recreational_team_must_produce_a_roster_signed_by_its_club() -> None:
    """Seed 003: "Recreational team must produce, at registration, a roster signed by an
    official of the club ... of which they are affiliated." No State roster is asked of it."""
    releases = [Document(kind="medical_release", person_id=f"T1-P{n}") for n in (1, 2)]
    recreational = r.application("T1", competitive=False, documents=releases)
    assert lacks(recreational) == ["club_roster"]
    signed = [*releases, Document(kind="club_roster")]
    assert lacks(r.application("T1", competitive=False, documents=signed)) == []


def test_every_player_needs_a_medical_release() -> None:
    """Seed 003: "Teams participating in the tournament must provide a medical release for
    each player in a format as required by the Tournament Committee." The missing release
    names its player."""
    documents = [Document(kind="state_roster"), Document(kind="medical_release", person_id="T1-P1")]
    registration = fold(TOURNAMENT, [r.application("T1", documents=documents)])
    [item] = missing(registration.applications["T1"])
    assert (item.kind, item.person_id, item.what) == (
        "medical_release",
        "T1-P2",
        "a medical release for Player T1-P2",
    )


def test_a_travelling_team_needs_its_permission_to_travel_where_required() -> None:
    """Seed 003: "Where required by the State or National Association for which a
    team/player is registered, all competitive teams/players traveling from within the
    United States but outside the State of Florida must have a copy of their Permission to
    Travel Forms." """
    assert lacks(r.application("T1", travel_permission_required=True)) == ["travel_permission"]
    assert lacks(r.application("T1", travel_permission_required=False)) == []


def test_playing_up_needs_the_committees_approval() -> None:
    """Seed 003: "The Tournament Committee must approve teams applying to “play up” an age
    group." """
    up = r.application("T1", playing_up=True)
    assert lacks(up) == ["play_up_approval"]
    assert lacks(up, r.play_up("T1")) == []
    stays = fold(TOURNAMENT, [r.application("T1"), r.play_up("T1")])
    assert not stays.applications["T1"].play_up_approved
    assert [p.what for p in stays.problems] == ["the application does not ask to play up"]


def test_a_medical_release_names_its_player_and_no_other_document_does() -> None:
    """Seed 003 asks for "a medical release for each player": a release without a player
    is refused by the schema, with the field named."""
    with pytest.raises(ValidationError, match="person_id"):
        Document(kind="medical_release")
    with pytest.raises(ValidationError, match="person_id"):
        Document(kind="state_roster", person_id="P1")


def test_a_later_application_of_the_team_replaces_the_earlier() -> None:
    """A team hands in what was missing with a new application (seed 003: documents are
    presented "at registration"); the newer one counts, whatever order they arrive in."""
    first = r.application("T1", documents=[], day=date(2020, 9, 1))
    second = r.application("T1", day=date(2020, 9, 2))
    for events in ([first, second], [second, first]):
        [application] = fold(TOURNAMENT, events).applications.values()
        assert missing(application) == []


def test_decisions_about_teams_that_never_applied_are_reported_not_applied() -> None:
    """Seed 003: participation "is open to accepted teams": accepting an application that
    does not exist, or deciding twice, changes nothing and is listed."""
    events = [
        r.terms(),
        r.accepted("T9"),
        r.application("T1"),
        r.accepted("T1"),
        r.not_accepted("T1", date(2020, 9, 11)),
    ]
    registration = fold(TOURNAMENT, events)
    assert registration.applications["T1"].status == "accepted"
    assert [p.what for p in registration.problems] == [
        "no application from this team",
        "registration.not_accepted for an application that is accepted",
    ]


def test_the_report_runs_the_roster_rules_on_every_open_application() -> None:
    """Seed 003: "A player may compete for only one team participating in the tournament"
    and "Players may not be listed on more than one tournament roster": the roster check
    (reused, not copied) lists a player on two applications."""
    shared = r.player("P7")
    events = [
        r.terms(),
        r.application("T1", players=[shared]),
        r.application("T2", players=[shared]),
    ]
    problems = report(TOURNAMENT, events, date(2020, 10, 1)).problems
    assert any("team T2, person P7" in p and "also on the roster of team T1" in p for p in problems)


def test_the_report_on_a_date_ignores_what_happened_after_it() -> None:
    """A report "on DATE" reads as it would have then: a decision made later is not in it."""
    events = [r.terms(), r.application("T1"), r.accepted("T1", date(2020, 9, 10))]
    [row] = report(TOURNAMENT, events, date(2020, 9, 9)).applications
    assert row.status == "applied"


def test_without_the_terms_the_report_says_what_it_cannot_judge() -> None:
    """Seed 003's deadline ("following the registration deadline") and its age table need
    the tournament's dates and season: without them the report says so, and a check-in says
    its age was not checked."""
    events = [r.application("T1"), r.accepted("T1"), r.checked_in("T1", "P1")]
    result = report(TOURNAMENT, events, r.STARTS_ON)
    assert result.problems[0].startswith("the registration terms (start, registration deadline")
    [row] = result.applications
    assert row.check_in[0].reasons == (
        "the season year is not set (registration terms): ages cannot be checked",
    )
