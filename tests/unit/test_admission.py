"""Admission, without HTTP: which posted events may enter the journal, and as what. The
same function judges an event posted alone and each event of a batch."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas import codec
from services.gateway.admission import (
    MAX_EVENT_BYTES,
    Refused,
    TooManyEvents,
    admit,
    batch_events,
)
from services.gateway.auth import Principal, Role
from services.gateway.routing import route
from workloads import factories

GAME = factories.round_robin(factories.division())["A1"]


def token(role: Role, fields: set[str] | None = None) -> Principal:
    return Principal(
        f"{role.value}-hash",
        f"{role.value}-1",
        role,
        frozenset({factories.TOURNAMENT}),
        None if fields is None else frozenset(fields),
    )


def raw(event: Any, **changes: Any) -> bytes:
    return json.dumps(event.model_dump(mode="json") | changes).encode()


def no_schedule(tournament_id: str, game_id: str) -> str | None:
    raise AssertionError("only a field-scoped token's game events need the schedule")


def refusal(principal: Principal, body: bytes, field_of: Any = no_schedule) -> tuple[int, Any]:
    with pytest.raises(Refused) as refused:
        admit(principal, body, "the event", field_of)
    return refused.value.status, refused.value.answer.model_dump(exclude_none=True)


def test_an_admitted_event_is_stamped_with_the_role_routed_and_keeps_its_exact_bytes() -> None:
    """Ids are unique per producer, so the gateway stamps the token's role as `producer`;
    the journal keeps the bytes as posted beside the canonical body it publishes."""
    score = factories.score(GAME, 2, 1)
    posted = b"  " + raw(score).replace(b", ", b",\n  ") + b"\n"
    row = admit(token(Role.FIELD), posted, "the event", no_schedule)
    stamped = score.model_copy(update={"producer": "field"})
    assert row.raw == posted
    assert row.body == codec.encode(stamped)
    assert (row.topic, row.key) == route(stamped)
    assert (row.producer, row.event_id, row.tournament_id) == (
        "field",
        str(score.event_id),
        factories.TOURNAMENT,
    )


def test_an_event_over_64_kib_is_refused_by_its_size_before_it_is_parsed() -> None:
    status, answer = refusal(token(Role.FIELD), b"[" * (MAX_EVENT_BYTES + 1))
    assert status == 413
    [error] = answer["errors"]
    assert (answer["status"], error["field"]) == ("too_large", "body")
    assert error["problem"].startswith("the event is 65,537 bytes")


def test_an_invalid_event_is_refused_with_every_problem_by_field() -> None:
    body = raw(factories.score(GAME, 2, 1), home_goals=-1, occurred_at="yesterday")
    status, answer = refusal(token(Role.FIELD), body)
    assert (status, answer["status"]) == (422, "invalid")
    assert {error["field"] for error in answer["errors"]} >= {"home_goals", "occurred_at"}


def test_the_producer_is_the_gateways_to_set() -> None:
    status, answer = refusal(token(Role.FIELD), raw(factories.score(GAME, 2, 1), producer="admin"))
    assert (status, answer["errors"][0]["field"]) == (422, "producer")


def test_a_token_posts_only_for_its_tournaments() -> None:
    body = raw(factories.score(GAME, 2, 1), tournament_id="another-cup")
    status, answer = refusal(token(Role.FIELD), body)
    assert (status, answer["status"], answer["errors"][0]["field"]) == (
        403,
        "forbidden",
        "tournament_id",
    )


@pytest.mark.parametrize(
    ("role", "event"),
    [
        (Role.FIELD, factories.expulsion("P1")),
        (Role.FIELD, factories.corrected(GAME, 1, 1)),
        (Role.FIELD, factories.scheduled(GAME)),
        (Role.COMMITTEE, factories.score(GAME, 1, 0)),
        (Role.COMMITTEE, factories.roster("T1", ["T1-P1"])),
        (Role.DISPLAY, factories.score(GAME, 1, 0)),
    ],
)
def test_each_role_posts_only_its_own_kinds_of_event(role: Role, event: Any) -> None:
    """Field apps post match events, the committee rulings and corrections, the director
    (admin) the schedule and rosters; a display token posts nothing."""
    status, answer = refusal(token(role), raw(event))
    assert (status, answer["errors"][0]["field"]) == (403, "type")


@pytest.mark.parametrize(
    "event",
    [factories.scheduled(GAME), factories.expulsion("P1"), factories.score(GAME, 1, 0)],
)
def test_an_admin_token_posts_every_kind_of_event(event: Any) -> None:
    assert admit(token(Role.ADMIN), raw(event), "the event", no_schedule).producer == "admin"


def test_a_field_scoped_token_posts_only_about_games_on_its_fields() -> None:
    """The schedule says where a game is; a game it does not know (or no longer: cancelled)
    is on none of the token's fields."""
    fields = {(factories.TOURNAMENT, GAME.game_id): GAME.field_id}

    def field_of(tournament_id: str, game_id: str) -> str | None:
        return fields.get((tournament_id, game_id))

    body = raw(factories.score(GAME, 1, 0))
    assert admit(token(Role.FIELD, {GAME.field_id}), body, "the event", field_of).producer
    for scope in ({"elsewhere"}, set()):
        status, answer = refusal(token(Role.FIELD, scope), body, field_of)
        assert (status, answer["errors"][0]["field"]) == (403, "game_id")
    unknown = raw(factories.score(GAME, 1, 0), game_id="Z9")
    status, _ = refusal(token(Role.FIELD, {GAME.field_id}), unknown, field_of)
    assert status == 403


@given(st.binary(max_size=400))
def test_any_bytes_are_admitted_or_refused_with_a_reason_never_a_crash(body: bytes) -> None:
    try:
        admit(token(Role.FIELD), body, "the event", lambda t, g: None)
    except Refused as refused:
        assert refused.status in (403, 413, 422)
        errors = refused.answer.errors or []
        assert errors and all(error["field"] and error["problem"] for error in errors)


def test_a_batch_is_split_into_its_events_exact_bytes() -> None:
    assert batch_events(b' [ {"a": 1} , [2,3],"x" ] ', 5) == [b'{"a": 1}', b"[2,3]", b'"x"']
    assert batch_events(b"[]", 5) == []


def test_a_batch_that_is_not_an_array_is_refused_as_a_whole() -> None:
    with pytest.raises(Refused) as refused:
        batch_events(b'{"type": "score.reported"}', 5)
    assert refused.value.status == 422
    assert refused.value.answer.errors == [
        {"field": "body", "problem": "must be a JSON array of events"}
    ]


def test_a_batch_over_the_limit_is_refused_without_reading_past_it() -> None:
    """The count is known once one event more than the limit is found: what follows (here
    not even JSON) is never scanned."""
    with pytest.raises(TooManyEvents, match="at most 2 events per batch"):
        batch_events(b"[1, 2, 3, " + b'"never closed', 2)


def test_an_event_a_locked_roster_refuses_is_409_with_the_reason() -> None:
    """Seed 003: "the same players must be on the maximum tournament roster for the entirety
    of the tournament": once the registration desk locked a team's roster, whatever the lock
    refuses (`registration.checkin.refusal`) is answered 409, naming the team."""
    roster = factories.roster("T1", ["T1-P9"])
    seen: list[Any] = []

    def locked(event: Any) -> str:
        seen.append(event)
        return "the roster of team T1 was locked"

    with pytest.raises(Refused) as refused:
        admit(token(Role.ADMIN), raw(roster), "the event", no_schedule, locked)
    assert refused.value.status == 409
    assert refused.value.answer.model_dump(exclude_none=True) == {
        "status": "locked",
        "errors": [{"field": "team_id", "problem": "the roster of team T1 was locked"}],
    }
    assert [e.team_id for e in seen] == ["T1"]
