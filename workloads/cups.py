"""Seeded benchmark tournaments, sized by tier, built from the rulebook's age table.

Divisions of eight teams (two groups of four) cycle through U9-U19, so game lengths and field
sizes follow the rulebook. Fields are shared out to size classes by the field-minutes their
divisions need, a few coaches run two teams, a few teams are unavailable early on day one or
ask to avoid a window. Same tier and seed, same tournament.

Tier R (and its small variant RS) is a realistic three-day cup instead (`fall_cup`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from services.rulebook import HALF_MINUTES, SIZES
from services.scheduler.tournament import (
    DEFAULT_MAX_GAMES_PER_DAY,
    Day,
    Division,
    Field,
    Group,
    Request,
    Team,
    Tournament,
    Unavailability,
    Venue,
    Window,
)
from workloads.building import age_division, venues_with_drives
from workloads.fall_cup import Cup, generate_cup


@dataclass(frozen=True)
class Tier:
    name: str
    teams: int
    fields: int
    days: int


TIERS: dict[str, Tier | Cup] = {
    "S": Tier("S", 24, 6, 1),
    "M": Tier("M", 96, 16, 2),
    "L": Tier("L", 384, 40, 3),
    "RS": Cup("RS", 5),
    "R": Cup("R", 26),
    "XL": Tier("XL", 1200, 100, 3),
}
TEAMS_PER_DIVISION = 8
FIELDS_PER_VENUE = 8
OPEN = Window(8 * 60, 20 * 60)


def generate(tier: Tier | Cup, seed: int = 1) -> Tournament:
    """A tournament of the tier's size; deterministic in (tier, seed)."""
    if isinstance(tier, Cup):
        return generate_cup(tier, seed)
    rng = random.Random(f"{tier.name}-{seed}")
    days = tuple(Day(f"d{n + 1}", date(2027, 3, 13) + timedelta(days=n)) for n in range(tier.days))
    ages = list(HALF_MINUTES)
    rng.shuffle(ages)
    divisions, teams = [], []
    for number in range(tier.teams // TEAMS_PER_DIVISION):
        age = ages[number % len(ages)]
        division_id = f"U{age}-{number + 1}"
        members = [f"{division_id}-t{i + 1}" for i in range(TEAMS_PER_DIVISION)]
        teams += [
            Team(team, team, division_id, club=f"club{rng.randrange(40)}", coach_ids=(f"c-{team}",))
            for team in members
        ]
        divisions.append(_division(division_id, age, members, tier, days))
    teams = _shared_coaches(rng, teams, {d.id: d for d in divisions})
    names = [f"Venue {n + 1}" for n in range(max(1, -(-tier.fields // FIELDS_PER_VENUE)))]
    venues, travel = venues_with_drives(rng, names, range(15, 45, 5))
    fields = _fields(tier, divisions, venues, days)
    early = Window(OPEN.start, OPEN.start + 120)
    picked = rng.sample(teams, max(1, len(teams) // 20))
    unavailable = tuple(Unavailability(t.id, days[0].id, early) for t in picked[: len(picked) // 2])
    requests = tuple(
        Request(t.id, days[-1].id, Window(16 * 60, 20 * 60)) for t in picked[len(picked) // 2 :]
    )
    return Tournament(
        id=f"bench-{tier.name.lower()}-{seed}",
        name=f"Benchmark {tier.name} (seed {seed})",
        timezone="UTC",
        days=days,
        venues=venues,
        travel=travel,
        fields=fields,
        divisions=tuple(divisions),
        teams=tuple(teams),
        unavailable=unavailable,
        requests=requests,
    )


def _division(
    division_id: str, age: int, members: list[str], tier: Tier, days: tuple[Day, ...]
) -> Division:
    """Two groups of four; playoffs only when there is more than one day.

    A one-day tournament lets every age play its three group games that day. Semi-finals and
    a final take two games of the last day; where the daily limit leaves too few games for the
    group, or in a dense tier (more than ten teams a field) for the two-a-day older ages, the
    division plays a final only.
    """
    limit = 3 if tier.days == 1 else DEFAULT_MAX_GAMES_PER_DAY[age]
    dense = tier.teams > 10 * tier.fields
    if tier.days == 1:
        playoff = "none"
    elif limit * tier.days >= 3 + 2 and not (dense and limit < 3):
        playoff = "semifinals"
    else:
        playoff = "final"
    return age_division(
        division_id,
        f"U{age} {division_id.split('-')[1]}",
        age,
        (Group("A", tuple(members[:4])), Group("B", tuple(members[4:]))),
        max_games_per_day=limit,
        playoff=playoff,
        playoff_day=days[-1].id if playoff != "none" else None,
    )


def _shared_coaches(
    rng: random.Random, teams: list[Team], divisions: dict[str, Division]
) -> list[Team]:
    """One team in ten shares its coach with a team of another division of the same size."""
    by_size: dict[str, list[int]] = {}
    for index, team in enumerate(teams):
        by_size.setdefault(divisions[team.division].size, []).append(index)
    teams = list(teams)
    for indexes in by_size.values():
        for _ in range(len(indexes) // 10):
            a, b = rng.sample(indexes, 2)
            if teams[a].division != teams[b].division:
                teams[b] = replace(teams[b], coach_ids=teams[a].coach_ids)
    return teams


def _fields(
    tier: Tier, divisions: list[Division], venues: tuple[Venue, ...], days: tuple[Day, ...]
) -> tuple[Field, ...]:
    """Fields per size class in proportion to the field-minutes its divisions need."""
    games = 12 + 3
    demand = {size: 0 for size in SIZES}
    for division in divisions:
        demand[division.size] += games * division.field_minutes
    used = [size for size in SIZES if demand[size]]
    counts = {
        size: max(1, round(tier.fields * demand[size] / sum(demand.values()))) for size in used
    }
    while sum(counts.values()) > tier.fields:
        counts[max(counts, key=lambda s: counts[s])] -= 1
    while sum(counts.values()) < tier.fields:
        counts[max(used, key=lambda s: demand[s] / counts[s])] += 1
    # Interleave the classes so every venue gets fields of every size.
    sizes = [s for _, s in sorted((i / counts[s], s) for s in used for i in range(counts[s]))]
    windows = {day.id: (OPEN,) for day in days}
    return tuple(
        Field(f"f{n + 1}", venues[n * len(venues) // len(sizes)].id, size, windows)
        for n, size in enumerate(sizes)
    )
