"""Tier R (and its small variant RS): a realistic three-day cup, the way US youth cups run them.

Divisions of many shapes (three groups and a wild card, single groups, uneven groups), Friday
evening under a few lights, Saturday all day, Sunday until mid-afternoon with the semi-finals
and finals; daily limits that force some divisions onto Friday, teams that arrive late or fly
home early, coaches of two teams, and a daylight-saving change: New York leaves daylight saving
time at 02:00 on Sunday 2027-11-07, inside the cup. Fields are as few as hold the games at
76-84% of their slots, so instances are hard but not refuted by counting
(`explain.explain_capacity`).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from services.rulebook import HALF_MINUTES, SIZES
from services.scheduler.games import division_games
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


@dataclass(frozen=True)
class Cup:
    """A realistic three-day cup of `divisions` divisions; teams and fields follow."""

    name: str
    divisions: int


@dataclass(frozen=True)
class Format:
    """A division's shape: its group sizes and its playoff."""

    family: str
    groups: tuple[int, ...]
    playoff: str

    @property
    def teams(self) -> int:
        return sum(self.groups)


# Formats and how often cups use them. Three groups send their winners and the best runner-up
# to the semi-finals; single groups play 1 v 4 and 2 v 3, or a final.
FORMATS = {
    Format("three groups", (3, 3, 3), "semifinals"): 3,
    Format("three groups", (4, 4, 4), "semifinals"): 2,
    Format("single group", (4,), "final"): 1,
    Format("single group", (5,), "semifinals"): 2,
    Format("single group", (5,), "final"): 1,
    Format("single group", (6,), "semifinals"): 1,
    Format("single group", (6,), "final"): 1,
    Format("two groups", (3, 3), "final"): 1,
    Format("two groups", (3, 4), "final"): 1,
    Format("two groups", (3, 4), "semifinals"): 2,
    Format("two groups", (4, 4), "semifinals"): 3,
}
PLAYOFF_ROUNDS = {"none": 0, "final": 1, "semifinals": 2}
CUP_DAYS = (
    Day("fri", date(2027, 11, 5)),
    Day("sat", date(2027, 11, 6)),
    Day("sun", date(2027, 11, 7)),
)
CUP_OPEN = {
    "fri": Window(17 * 60, 22 * 60),  # lit fields only
    "sat": Window(8 * 60, 18 * 60),
    "sun": Window(8 * 60, 16 * 60),
}
LIT_SIZE = "11v11"  # the stadium fields: always a few lit ones; smaller lit ones when needed
FLIGHT_HOME = Window(14 * 60, 24 * 60)
TEAMS_PER_CUP_DIVISION = (7.2, 8.4)
UTILISATION = (0.76, 0.84)  # of the field slots, drawn per cup and size class
FRIDAY_UTILISATION = 0.7
SATURDAY_UTILISATION = 0.9  # games that cannot wait for Sunday, against Friday and Saturday
MIN_FIELDS = 2  # of a size class, and on Sunday: one field cannot play two semi-finals at once
SUNDAY_PLAYOFF_SHARE = 0.6  # of Sunday's slots: semi-finals must leave room for finals after
CUP_VENUES = ("Main Complex", "North Park", "Riverside Fields")
CLUBS = 48


def generate_cup(cup: Cup, seed: int = 1) -> Tournament:
    """A realistic three-day cup; deterministic in (cup, seed)."""
    rng = random.Random(f"{cup.name}-{seed}")
    plan = _cup_plan(rng, cup.divisions)
    divisions, teams = [], []
    for (age, gender, bracket), shape in plan:
        division = _cup_division(age, gender, bracket, shape)
        divisions.append(division)
        for group in division.groups:
            for team in group.team_ids:
                club = f"club{rng.randrange(CLUBS) + 1}"
                name = f"{club} {division.name}"
                teams.append(Team(team, name, division.id, club, coach_ids=(f"c-{team}",)))
    by_id = {d.id: d for d in divisions}
    friday = {d.id for d in divisions if _friday_games(d)}
    sunday = {d.id for d in divisions if _group_stage_on_sunday(d)}
    teams = _cup_coaches(rng, teams, by_id, friday, sunday)
    venues, travel = venues_with_drives(rng, CUP_VENUES, (15, 20, 25))
    unavailable, requests = _cup_wishes(rng, teams, friday, sunday)
    fields = _cup_fields(rng, divisions, venues)
    return Tournament(
        id=f"bench-{cup.name.lower()}-{seed}",
        name=f"Fall Cup {cup.name} (seed {seed})",
        timezone="America/New_York",
        days=CUP_DAYS,
        venues=venues,
        travel=travel,
        fields=fields,
        divisions=tuple(_playoff_venues(divisions, fields)),
        teams=tuple(teams),
        unavailable=unavailable,
        requests=requests,
    )


def _playoff_venues(divisions: list[Division], fields: tuple[Field, ...]) -> list[Division]:
    """A playoff stays at one venue where some venue has two fields of the division's size
    open on the playoff day; where none has, the director lets it use any venue (semi-finals
    side by side need two fields, and one field cannot also fit the final after them)."""
    kept = []
    for division in divisions:
        per_venue = Counter(
            f.venue for f in fields if division.playoff_day in f.windows and f.hosts(division)
        )
        one_venue = max(per_venue.values(), default=0) >= 2
        kept.append(replace(division, playoff_one_venue=one_venue))
    return kept


def _cup_plan(rng: random.Random, count: int) -> list[tuple[tuple[int, str, str], Format]]:
    """Divisions (age, gender, bracket) and their formats, drawn until the cup looks real.

    Real: every format family appears (three times in a full cup), the cup averages 7-8 teams
    a division, and only a few divisions need Friday evening, which a handful of lit fields
    must hold.
    """
    labels = _cup_labels(rng, count)
    families = {shape.family for shape in FORMATS}
    low, high = (count * share for share in TEAMS_PER_CUP_DIVISION)
    while True:
        plan = [(label, _cup_format(rng, label[0])) for label in labels]
        teams = sum(shape.teams for _, shape in plan)
        seen = [shape.family for _, shape in plan]
        friday = sum(
            _friday_group_games(size, DEFAULT_MAX_GAMES_PER_DAY[age], shape.playoff)
            for (age, _, _), shape in plan
            for size in shape.groups
        )
        if (
            low <= teams <= high
            and all(seen.count(f) >= min(3, count // len(families)) for f in families)
            and friday <= max(2, count // 2)
        ):
            return plan


def _cup_labels(rng: random.Random, count: int) -> list[tuple[int, str, str]]:
    """Boys and girls of every age; silver brackets of the busiest ages (U11-U14) beyond that;
    fewer divisions spread evenly over the ages."""
    gold = [(age, gender, "gold") for age in HALF_MINUTES for gender in ("boys", "girls")]
    if count <= len(gold):
        return [gold[i * len(gold) // count] for i in range(count)]
    silver = [(age, gender, "silver") for age in (11, 12, 13, 14) for gender in ("boys", "girls")]
    return gold + sorted(rng.sample(silver, min(len(silver), count - len(gold))))


def _cup_format(rng: random.Random, age: int) -> Format:
    """A format the age can play (see `_formats_for`), drawn by how often cups use it."""
    allowed = _formats_for(age)
    return rng.choices(list(allowed), weights=list(allowed.values()))[0]


@cache
def _formats_for(age: int) -> dict[Format, int]:
    """Formats that fit the age's daily limit over three days with at most one Friday evening
    game a team (Friday's few lit fields cannot give a team two games and a rest)."""
    limit = DEFAULT_MAX_GAMES_PER_DAY[age]
    return {
        shape: weight
        for shape, weight in FORMATS.items()
        if all(_friday_per_team(size, limit, shape.playoff) <= 1 for size in shape.groups)
    }


def _friday_per_team(size: int, limit: int, playoff: str) -> int:
    """Group games a team of the group must play on Friday: those beyond Saturday's limit and
    the room Sunday's playoff rounds leave."""
    return max(0, size - 1 - limit - _sunday_per_team(limit, playoff))


def _sunday_per_team(limit: int, playoff: str) -> int:
    """Group games a team may play on Sunday beside the playoff rounds it may reach."""
    return max(0, limit - PLAYOFF_ROUNDS[playoff])


def _friday_group_games(size: int, limit: int, playoff: str) -> int:
    """The fewest games a group must play on Friday: every team its forced Friday games, and
    what Saturday and Sunday cannot hold even when every team plays its limit there (a group
    of five, three a day, one on Sunday beside two playoff rounds: 7 + 2 of its 10 games)."""
    weekend = size * limit // 2 + size * _sunday_per_team(limit, playoff) // 2
    forced = math.ceil(size * _friday_per_team(size, limit, playoff) / 2)
    return max(forced, size * (size - 1) // 2 - weekend)


def _friday_games(division: Division) -> int:
    """The fewest group games the division must play on Friday."""
    return sum(
        _friday_group_games(len(g.team_ids), division.max_games_per_day, division.playoff)
        for g in division.groups
    )


def _group_stage_on_sunday(division: Division) -> bool:
    """Some group has more games than its forced Friday games and a full Saturday hold."""
    limit = division.max_games_per_day
    return any(
        len(g.team_ids) * (len(g.team_ids) - 1) // 2
        > _friday_group_games(len(g.team_ids), limit, division.playoff)
        + len(g.team_ids) * limit // 2
        for g in division.groups
    )


def _sunday_room(division: Division) -> int:
    """The most group games the division can play on Sunday, beside its playoff rounds."""
    room = _sunday_per_team(division.max_games_per_day, division.playoff)
    return sum(
        min(len(g.team_ids) * (len(g.team_ids) - 1) // 2, len(g.team_ids) * room // 2)
        for g in division.groups
    )


def _cup_division(age: int, gender: str, bracket: str, shape: Format) -> Division:
    division_id = f"U{age}{gender[0].upper()}" + ("-S" if bracket == "silver" else "")
    members = iter(f"{division_id}-{n}" for n in range(1, shape.teams + 1))
    groups = tuple(
        Group(chr(ord("A") + i), tuple(next(members) for _ in range(size)))
        for i, size in enumerate(shape.groups)
    )
    return age_division(
        division_id,
        f"U{age} {gender.capitalize()} {bracket.capitalize()}",
        age,
        groups,
        gender=gender,
        bracket=bracket,
        playoff=shape.playoff,
        playoff_day=CUP_DAYS[-1].id,
    )


def _cup_fields(
    rng: random.Random, divisions: list[Division], venues: tuple[Venue, ...]
) -> tuple[Field, ...]:
    """As few fields of each size class as hold its games at the cup's utilisation.

    Lit fields (Friday evening, at the main venue) hold the Friday games the daily limits
    force; the rest open on Saturday, and on Sunday only as many as the cup rents then. Sizes
    are interleaved over the venues so every venue has fields of every size, the main venue
    gets the lit ones on top, and the Saturday-only fields are the far venues' last ones.
    """
    weekend = {"sat": (CUP_OPEN["sat"],), "sun": (CUP_OPEN["sun"],)}
    lit: list[str] = []
    dark: list[tuple[float, str, bool]] = []
    for size in SIZES:
        mine = [d for d in divisions if d.size == size]
        if mine:
            count = _field_count(rng, mine)
            lit += [size] * count.lit
            others = count.total - count.lit
            dark += [(i / others, size, i < count.sunday - count.lit) for i in range(others)]
    evening = {"fri": (CUP_OPEN["fri"],)} | weekend
    fields = [Field(f"f{n + 1}", venues[0].id, size, evening) for n, size in enumerate(lit)]
    for n, (_, size, sunday) in enumerate(sorted(dark)):
        windows = weekend if sunday else {"sat": weekend["sat"]}
        venue = venues[n * len(venues) // len(dark)].id
        fields.append(Field(f"f{len(fields) + 1}", venue, size, windows))
    return tuple(fields)


@dataclass(frozen=True)
class _FieldCount:
    """Fields of one size class: lit ones (open Friday evening too), all, open on Sunday."""

    lit: int
    total: int
    sunday: int


def _field_count(rng: random.Random, divisions: list[Division]) -> _FieldCount:
    """How many fields one size class needs.

    Lit fields: the forced Friday games at a lower utilisation (a team's Friday game is also
    its last chance before Saturday morning). All fields: the games that cannot wait for
    Sunday must fit Friday and Saturday. Sunday fields: as few as hold the playoffs with room
    to play semi-finals before finals and keep every game within the drawn utilisation of
    all slots, so that Sunday is as tight as Saturday.
    """
    length = max(d.field_minutes for d in divisions)
    play = max(d.play_minutes for d in divisions)
    slots = {day: (w.end - w.start - play) // length + 1 for day, w in CUP_OPEN.items()}
    games = [g for d in divisions for g in division_games(d)]
    group = sum(1 for g in games if g.stage == "group")
    playoffs = len(games) - group
    not_sunday = group - sum(_sunday_room(d) for d in divisions)
    friday = sum(_friday_games(d) for d in divisions)
    lit = math.ceil(friday / (FRIDAY_UTILISATION * slots["fri"]))
    if divisions[0].size == LIT_SIZE:
        lit = max(2, lit)
    friday_slots = lit * slots["fri"]
    utilisation = rng.uniform(*UTILISATION)

    def fits(fields: int, sunday: int) -> bool:
        return (
            not_sunday <= SATURDAY_UTILISATION * (fields * slots["sat"] + friday_slots)
            and playoffs <= SUNDAY_PLAYOFF_SHARE * sunday * slots["sun"]
            and len(games)
            <= utilisation * (fields * slots["sat"] + sunday * slots["sun"] + friday_slots)
        )

    total = max(MIN_FIELDS, lit)
    while not fits(total, total):
        total += 1
    sunday = max(MIN_FIELDS, lit)
    while not fits(total, sunday):
        sunday += 1
    return _FieldCount(lit, total, sunday)


def _cup_coaches(
    rng: random.Random,
    teams: list[Team],
    divisions: dict[str, Division],
    friday: set[str],
    sunday: set[str],
) -> list[Team]:
    """One team in twenty shares its coach with a team of another age group.

    Every playoff game counts each team of its division as a possible player, so a shared
    coach keeps two divisions' playoffs apart on Sunday. Hence at most one shared coach per
    division (chains of them would leave Sunday no room), never two divisions that both must
    play Friday evening (a few lit fields could not hold both teams' forced games), and never
    a division whose group stage runs into Sunday.
    """
    free = [d for d in divisions.values() if d.id not in sunday]
    rng.shuffle(free)
    by_division: dict[str, list[int]] = {}
    for index, team in enumerate(teams):
        by_division.setdefault(team.division, []).append(index)
    teams = list(teams)
    for _ in range(len(teams) // 20):
        if not free:
            break
        first = free.pop()
        partner = next(
            (d for d in free if d.age != first.age and not {first.id, d.id} <= friday), None
        )
        if partner is None:
            continue
        free.remove(partner)
        a, b = rng.choice(by_division[first.id]), rng.choice(by_division[partner.id])
        teams[b] = replace(teams[b], coach_ids=teams[a].coach_ids)
    return teams


def _cup_wishes(
    rng: random.Random, teams: list[Team], friday: set[str], sunday: set[str]
) -> tuple[tuple[Unavailability, ...], tuple[Request, ...]]:
    """Teams that travel on Friday (never in a division that must play then), teams that fly
    home on Sunday afternoon (never in a division whose group stage runs into Sunday: its
    group games, the playoffs after them and the flight would leave no room), and teams that
    would rather not kick off at 08:00 on Saturday."""
    late = rng.sample([t for t in teams if t.division not in friday], len(teams) // 15)
    others = [t for t in teams if t not in late]
    flying = rng.sample([t for t in others if t.division not in sunday], len(teams) // 30)
    asking = rng.sample([t for t in others if t not in flying], len(teams) // 25)
    unavailable = [Unavailability(t.id, "fri", Window(0, 24 * 60)) for t in late]
    unavailable += [Unavailability(t.id, "sun", FLIGHT_HOME) for t in flying]
    requests = tuple(Request(t.id, "sat", Window(8 * 60, 9 * 60)) for t in asking)
    return tuple(unavailable), requests
