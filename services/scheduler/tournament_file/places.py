"""Venues, the travel between them, and fields with their opening hours."""

from __future__ import annotations

from pydantic import Field, model_validator

from services.scheduler.tournament_file.values import (
    DayRef,
    DivisionRef,
    Id,
    Minutes,
    OpeningHours,
    Size,
    StrictEntry,
    VenueRef,
)


class VenueEntry(StrictEntry):
    """A venue; `main` marks the one older divisions should play at; `latitude` and
    `longitude` (both or neither) give spectators' pages a map link."""

    id: Id
    name: str | None = None
    main: bool = False
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)

    @model_validator(mode="after")
    def _both_or_neither(self) -> VenueEntry:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        return self


class TravelEntry(StrictEntry):
    """Minutes of driving between two venues (both ways), counted outside a team's rest."""

    from_: VenueRef = Field(alias="from")
    to: VenueRef
    minutes: Minutes


class FieldEntry(StrictEntry):
    """A pitch of one size class at a venue, open in windows per day, optionally kept for
    some divisions only."""

    id: Id
    name: str | None = None
    venue: VenueRef
    size: Size
    divisions: list[DivisionRef] | None = None
    open: dict[DayRef, OpeningHours]
