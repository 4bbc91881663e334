"""Tiny random cups, small enough for an exact model, shaped like the hard parts of real ones.

Every cup has one or two days (a short Friday evening on some fields, then a full day), one or
two venues with a drive between them, fields of the divisions' sizes, groups of three to five
(or four groups of two, which split between the semi-finals) with no playoff, a final or
semi-finals, a daily limit that may force Friday play, coaches of two teams in different
divisions and teams that arrive late or leave early. Same seed, same cup.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from services.scheduler.games import division_games
from services.scheduler.tournament import (
    HALF_MINUTES,
    Day,
    Division,
    Field,
    Group,
    Rules,
    Team,
    Tournament,
    Unavailability,
    Venue,
    Window,
)
from workloads.building import age_division


def small_cup(seed: int) -> Tournament:
    rng = random.Random(seed)
    two_days = rng.random() < 0.75
    first = date(2027, 5, 14)
    days = (Day("fri", first), Day("sat", first + timedelta(days=1)))[0 if two_days else 1 :]
    venues = (Venue("north", "North", main=True), Venue("south", "South"))[: rng.choice((1, 2))]
    divisions, teams = [], []
    for n in range(rng.choice((1, 2, 2, 3))):
        division, members = _division(rng, n, days)
        divisions.append(division)
        teams += members
    teams = _shared_coach(rng, teams)
    return Tournament(
        id=f"small-{seed}",
        name=f"Small cup {seed}",
        timezone="America/Chicago",
        days=days,
        venues=venues,
        travel={("north", "south"): rng.choice((15, 25))} if len(venues) == 2 else {},
        fields=_fields(rng, divisions, venues, days),
        divisions=tuple(divisions),
        teams=tuple(teams),
        unavailable=_late_arrivals(rng, teams, days),
        rules=Rules(min_rest_minutes=rng.choice((45, 60))),
    )


def _division(rng: random.Random, n: int, days: tuple[Day, ...]) -> tuple[Division, list[Team]]:
    age = rng.choice((9, 11, 13, 15))
    # Four groups of two: each semi-final fed by two of them (`games._playoffs`).
    sizes = rng.choice(((3,), (4,), (5,), (3, 3), (4, 4), (3, 4), (2, 2, 2, 2)))
    division_id = f"D{n + 1}"
    groups, members = [], []
    for g, size in enumerate(sizes):
        ids = tuple(f"{division_id}{'ABCD'[g]}{i + 1}" for i in range(size))
        groups.append(Group("ABCD"[g], ids))
        members += [Team(t, t, division_id, coach_ids=(f"coach-{t}",)) for t in ids]
    group_games = max(sizes) - 1
    limit = max(rng.choice((2, 3)), -(-group_games // len(days)))
    rounds = {"none": 0, "final": 1, "semifinals": 2}
    formats = ["none", "final"] + (
        ["semifinals"] if max(sizes) >= 4 or len(sizes) in (2, 4) else []
    )
    # What each team may play must fit the days at the daily limit.
    formats = [f for f in formats if group_games + rounds[f] <= limit * len(days)]
    playoff = rng.choice(formats) if formats else "none"
    division = age_division(
        division_id,
        f"U{age} {division_id}",
        age,
        tuple(groups),
        half_minutes=HALF_MINUTES[age] - rng.choice((0, 5)),
        halftime_minutes=5,
        turnover_minutes=rng.choice((5, 10)),
        max_games_per_day=limit,
        playoff=playoff,
        playoff_day=None if playoff == "none" else days[-1].id,
    )
    return division, members


def _shared_coach(rng: random.Random, teams: list[Team]) -> list[Team]:
    """One or two coaches run a team in each of two divisions."""
    for _ in range(rng.choice((0, 1, 2))):
        a, b = rng.sample(range(len(teams)), 2)
        if teams[a].division != teams[b].division:
            teams[b] = replace(teams[b], coach_ids=teams[a].coach_ids)
    return teams


def _fields(
    rng: random.Random, divisions: list[Division], venues: tuple[Venue, ...], days: tuple[Day, ...]
) -> tuple[Field, ...]:
    """Fields per size until their slots hold the games with a random margin (none to 60%);
    on Friday only some are lit for the evening."""
    fields: list[Field] = []
    for size in sorted({d.size for d in divisions}):
        mine = [d for d in divisions if d.size == size]
        games = sum(len(division_games(d)) for d in mine)
        slot = max(d.field_minutes for d in mine)
        margin = rng.uniform(1.0, 1.6)
        room = 0.0
        n = 0
        while room < games * margin and n < 4:
            windows: dict[str, tuple[Window, ...]] = {}
            for day in days:
                if day.id != "fri":
                    windows[day.id] = (Window(8 * 60, rng.choice((13, 15, 17)) * 60),)
                elif rng.random() < 0.6:
                    windows[day.id] = (Window(17 * 60 + 30, 21 * 60 + 30),)
            room += sum((w.end - w.start) // slot for ws in windows.values() for w in ws)
            fields.append(Field(f"{size}-{n + 1}", venues[n % len(venues)].id, size, windows))
            n += 1
    return tuple(fields)


def _late_arrivals(
    rng: random.Random, teams: list[Team], days: tuple[Day, ...]
) -> tuple[Unavailability, ...]:
    """A team travelling on Friday, or one leaving early on the last day."""
    items = []
    for team in rng.sample(teams, rng.choice((0, 1, 2))):
        if days[0].id == "fri" and rng.random() < 0.5:
            items.append(Unavailability(team.id, "fri", Window(0, 24 * 60)))
        else:
            items.append(Unavailability(team.id, days[-1].id, Window(14 * 60, 24 * 60)))
    return tuple(items)
