"""Notices about fields (`field-notices`): a field running late, and caught up again.

Derived by the gateway from the schedule and the live scores, for the director's tools and a
future notification channel; the public pages and screens show the same estimate.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from schemas.base import Envelope, Ident


class FieldNotice(Envelope):
    """A notice about one field of a venue."""

    venue_id: Ident
    field_id: Ident


class FieldRunningLate(FieldNotice):
    """The field's game kicked off (or is still being played) later than scheduled."""

    type: Literal["field.running_late"] = "field.running_late"
    game_id: Ident = Field(description="The game that is late, or that keeps the next one.")
    delay_minutes: int = Field(ge=0, le=24 * 60, description="The estimated delay.")


class FieldOnTime(FieldNotice):
    """The field has caught up: its games run to schedule again."""

    type: Literal["field.on_time"] = "field.on_time"


FieldNoticeEvent = Annotated[FieldRunningLate | FieldOnTime, Field(discriminator="type")]
