"""The committee's actions build the existing events from what a form sends, and name every
field a form got wrong."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas import codec
from schemas.discipline import IneligibilityConfirmed, IneligibilityDismissed, SuspensionExtended
from schemas.match import ScoreCorrected, TiebreakDecided
from services.gateway.auth import Principal, Role
from services.gateway.console.rulings import (
    ACTIONS,
    FRESH,
    RulingRefused,
    UnknownAction,
    action_named,
    build,
)

NOW = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
ALERT = {"division_id": ["U12B"], "game_id": ["A4"], "team_id": ["T2"], "person_id": ["C1"]}


def made(
    action: str,
    sent: dict[str, list[str]],
    event_id: str | None = None,
    shown: datetime = NOW - timedelta(minutes=1),
) -> object:
    """The event of a form shown at `shown` and sent at NOW."""
    return build(
        action_named(action),
        sent | {"event_id": [event_id or str(uuid.uuid4())], "occurred_at": [shown.isoformat()]},
        tournament_id="cup",
        source="console:committee-1",
        now=NOW,
    )


def test_confirming_and_dismissing_an_alert_post_the_two_alert_rulings() -> None:
    """Issue 16: "confirm or dismiss an ineligibility (confirming forfeits the game)"."""
    confirmed = made("confirm", ALERT | {"reason": ["  on the lineup while suspended "]})
    assert isinstance(confirmed, IneligibilityConfirmed)
    assert (confirmed.game_id, confirmed.team_id, confirmed.person_id) == ("A4", "T2", "C1")
    assert confirmed.reason == "on the lineup while suspended"
    assert confirmed.occurred_at == NOW - timedelta(minutes=1)  # when it was shown
    assert confirmed.source == "console:committee-1"
    assert isinstance(made("dismiss", ALERT), IneligibilityDismissed)


def test_an_extension_names_the_send_off_and_the_extra_games() -> None:
    """Issue 16: "extend a suspension by N games"."""
    extended = made("extend", {"person_id": ["C1"], "game_id": ["A1"], "extra_games": ["2"]})
    assert isinstance(extended, SuspensionExtended)
    assert (extended.person_id, extended.game_id, extended.extra_games) == ("C1", "A1", 2)


def test_a_score_correction_and_a_tie_break_are_the_match_events() -> None:
    """Issue 16: "a score correction, a tie-break decision (kicks or lots)"."""
    corrected = made(
        "correct",
        {"division_id": ["U12B"], "game_id": ["A4"], "home_goals": ["3"], "away_goals": ["0"]},
    )
    assert isinstance(corrected, ScoreCorrected)
    assert (corrected.home_goals, corrected.away_goals) == (3, 0)
    decided = made(
        "tiebreak",
        {"division_id": ["U12B"], "group_id": ["A"], "method": ["lots"], "ranking": ["T4", "T1"]},
    )
    assert isinstance(decided, TiebreakDecided)
    assert (decided.group_id, decided.method, decided.ranking) == ("A", "lots", ["T4", "T1"])


def test_every_field_a_form_got_wrong_is_named() -> None:
    """STYLE: bad input gets a clear, specific error (what field, what was wrong)."""
    with pytest.raises(RulingRefused) as refused:
        made("extend", {"person_id": ["C1"], "game_id": [""], "extra_games": ["0"]})
    fields = dict(refused.value.problems)
    assert fields["game_id"] == "this is needed"
    assert "greater than or equal to 1" in fields["extra_games"]
    with pytest.raises(RulingRefused) as refused:
        made("correct", {"division_id": ["U12B"], "game_id": ["A4"], "home_goals": ["three"]})
    assert dict(refused.value.problems).keys() == {"home_goals", "away_goals"}
    with pytest.raises(RulingRefused) as refused:
        made("dismiss", ALERT, event_id="not-a-uuid")
    assert [f for f, _ in refused.value.problems] == ["event_id"]


def test_a_confirmation_left_open_too_long_must_be_checked_again() -> None:
    """A ruling is dated when its confirmation is shown: one shown long ago is refused
    rather than posted with a moment long before it was made."""
    with pytest.raises(RulingRefused) as refused:
        made("dismiss", ALERT, shown=NOW - FRESH - timedelta(seconds=1))
    [(field, what)] = refused.value.problems
    assert field == "occurred_at" and "more than 15 minutes ago" in what
    assert isinstance(made("dismiss", ALERT, shown=NOW - FRESH), IneligibilityDismissed)


def test_an_unknown_action_is_refused_by_name() -> None:
    with pytest.raises(UnknownAction, match="no action 'pardon'"):
        action_named("pardon")


def test_the_same_form_sent_twice_is_the_same_event() -> None:
    """DESIGN: every event carries its own id and posting twice must be harmless: the id is
    chosen with the form, so a resent form is a duplicate, not a second ruling."""
    event_id = str(uuid.uuid4())
    assert made("confirm", ALERT, event_id) == made("confirm", ALERT, event_id)


@given(st.sampled_from(sorted(ACTIONS)))
def test_every_action_is_one_a_committee_token_may_post(name: str) -> None:
    """Issue 16: "actions build the existing events and post them through the same intake
    path as the API": each is an inbound event type the committee's role may post."""
    action = ACTIONS[name]
    kind = action.event.model_fields["type"].default
    assert kind in codec.INBOUND_EVENT_TYPES
    committee = Principal("k", "committee-1", Role.COMMITTEE, frozenset({"cup"}))
    assert committee.may_post(kind)
