"""Tournament-wide rules and the weights of the soft objective terms."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationInfo, field_validator

from services.scheduler.tournament import Rules, Weights
from services.scheduler.tournament_file.values import (
    AgeGroup,
    Clock,
    DayRef,
    GamesPerDay,
    Minutes,
    StrictEntry,
    Weight,
    clock,
    declared,
)

DEFAULT_RULES = Rules()
DEFAULT_WEIGHTS = Weights()


class RulesEntry(StrictEntry):
    """`finals_not_before` is one time for every day or a time per day id;
    `max_games_per_day` overrides the per-age defaults (`U12: 2`)."""

    min_rest_minutes: Minutes = DEFAULT_RULES.min_rest_minutes
    late_after: Clock = DEFAULT_RULES.late_after
    early_before: Clock = DEFAULT_RULES.early_before
    max_games_per_day: dict[AgeGroup, GamesPerDay] = {}
    finals_not_before: dict[DayRef, Clock] = {}

    @field_validator("finals_not_before", mode="before")
    @classmethod
    def _one_time_is_every_day(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, dict):
            return value
        return dict.fromkeys(sorted(declared(info).days), clock(value))


class WeightsEntry(StrictEntry):
    """Each term's weight, per the unit `Weights` names; none negative."""

    compact: Weight = DEFAULT_WEIGHTS.compact
    idle: Weight = DEFAULT_WEIGHTS.idle
    even_rest: Weight = DEFAULT_WEIGHTS.even_rest
    early_late: Weight = DEFAULT_WEIGHTS.early_late
    main_venue: Weight = DEFAULT_WEIGHTS.main_venue
    requests: Weight = DEFAULT_WEIGHTS.requests
