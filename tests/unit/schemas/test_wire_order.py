"""An event's wire form is its fields in declaration order, and the gateway's journal tells a
repeat from a conflict by the digest of that form: a base class shared by several events
must leave every field where it was, or a ruling posted again after an upgrade would be
refused as a conflict."""

from __future__ import annotations

from schemas.discipline import (
    HeadInjuryViolation,
    IneligibilityConfirmed,
    IneligibilityDismissed,
    IneligibleParticipation,
)

ENVELOPE = ["event_id", "schema_version", "tournament_id", "occurred_at", "source", "producer"]


def test_the_alert_rulings_keep_their_type_before_the_game_they_name() -> None:
    fields = [*ENVELOPE, "type", "division_id", "game_id", "team_id", "person_id", "reason"]
    assert list(IneligibilityConfirmed.model_fields) == fields
    assert list(IneligibilityDismissed.model_fields) == fields


def test_the_game_notices_keep_their_type_after_the_person_and_their_detail_last() -> None:
    person = [*ENVELOPE, "person_id", "person_name", "revision", "type", "division_id"]
    person += ["game_id", "team_id"]
    assert list(IneligibleParticipation.model_fields) == [*person, "reason", "detail"]
    assert list(HeadInjuryViolation.model_fields) == [*person, "detail"]
