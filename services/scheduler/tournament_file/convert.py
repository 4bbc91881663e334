"""A validated tournament file as the scheduler's domain types, defaults filled in.

Defaults that depend on another value are applied here, not in the models: a division's
field size and half length come from its age group (the rulebook's table), its games per
day from `rules.max_games_per_day` or the per-age default.
"""

from __future__ import annotations

from services.scheduler.tournament import (
    DEFAULT_HALFTIME,
    DEFAULT_MAX_GAMES_PER_DAY,
    DEFAULT_TURNOVER,
    HALF_MINUTES,
    SIZE_BY_AGE,
    Coach,
    Day,
    Division,
    Field,
    Group,
    Request,
    Rules,
    Team,
    Tournament,
    Unavailability,
    Venue,
    Weights,
)
from services.scheduler.tournament_file.divisions import DivisionEntry, group_lists
from services.scheduler.tournament_file.document import TournamentEntry
from services.scheduler.tournament_file.teams import TeamEntry
from services.scheduler.tournament_file.values import Declared


def to_tournament(
    entry: TournamentEntry, csv_teams: list[TeamEntry], declared: Declared
) -> Tournament:
    games_per_day = DEFAULT_MAX_GAMES_PER_DAY | entry.rules.max_games_per_day
    return Tournament(
        id=entry.id,
        name=entry.name or entry.id,
        timezone=entry.timezone,
        days=tuple(sorted((Day(d.id, d.date) for d in entry.days), key=lambda day: day.date)),
        venues=tuple(
            Venue(
                v.id,
                v.name or v.id,
                v.main,
                None if v.latitude is None or v.longitude is None else (v.latitude, v.longitude),
            )
            for v in entry.venues
        ),
        travel={(t.from_, t.to): t.minutes for t in entry.travel},
        fields=tuple(
            Field(
                f.id,
                f.venue,
                f.size,
                dict(f.open),
                None if f.divisions is None else frozenset(f.divisions),
                f.name or f.id,
            )
            for f in entry.fields
        ),
        divisions=tuple(
            _division(d, declared.members.get(d.id, []), games_per_day) for d in entry.divisions
        ),
        teams=tuple(
            Team(t.id, t.name or t.id, t.division, t.club, tuple(t.coach_ids), t.state_association)
            for t in [*entry.teams, *csv_teams]
        ),
        coaches=tuple(Coach(c.id, c.name or c.id) for c in entry.coaches or []),
        unavailable=tuple(Unavailability(u.team, u.day, u.window) for u in entry.unavailable),
        requests=tuple(Request(r.team, r.day, r.window) for r in entry.requests),
        rules=Rules(
            min_rest_minutes=entry.rules.min_rest_minutes,
            late_after=entry.rules.late_after,
            early_before=entry.rules.early_before,
            finals_not_before=dict(entry.rules.finals_not_before),
        ),
        weights=Weights(**entry.weights.model_dump()),
    )


def _division(entry: DivisionEntry, members: list[str], games_per_day: dict[int, int]) -> Division:
    groups = group_lists(entry.model_dump(), members) or {}
    return Division(
        id=entry.id,
        name=entry.name or entry.id,
        age=entry.age_group,
        gender=entry.gender,
        bracket=entry.bracket,
        size=entry.size or SIZE_BY_AGE[entry.age_group],
        half_minutes=_given(entry.half_minutes, HALF_MINUTES[entry.age_group]),
        halftime_minutes=_given(entry.halftime_minutes, DEFAULT_HALFTIME),
        turnover_minutes=_given(entry.turnover_minutes, DEFAULT_TURNOVER),
        max_games_per_day=_given(entry.max_games_per_day, games_per_day[entry.age_group]),
        groups=tuple(Group(group, tuple(teams)) for group, teams in groups.items()),
        playoff=entry.playoff,
        playoff_day=entry.playoff_day,
        playoff_one_venue=entry.playoff_venues == "one",
    )


def _given(value: int | None, default: int) -> int:
    """A value the file gives, even 0 (no halftime), else the default."""
    return default if value is None else value
