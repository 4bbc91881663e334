"""Tiny referee problems written inline: a day, two venues 30 minutes apart, a few games."""

from __future__ import annotations

from datetime import date

from services.referees.duties import AssignmentProblem, Match
from services.referees.pool import AssignorRules, Pool, Referee
from services.scheduler.tournament import Day, Tournament, Venue

DAY = date(2027, 3, 13)
TOURNAMENT = Tournament(
    id="cup",
    name="Cup",
    timezone="UTC",
    days=(Day("sat", DAY),),
    venues=(Venue("north", "North"), Venue("south", "South")),
    travel={("north", "south"): 30},
    fields=(),
    divisions=(),
    teams=(),
)
CENTER_ONLY = (("center", "regional"),)


def game(
    id: str,
    start: str,
    end: str,
    venue: str = "north",
    teams: tuple[str, ...] = ("a", "b"),
    age: int = 10,
    positions: tuple[tuple[str, str], ...] = CENTER_ONLY,
    clubs: tuple[str, ...] = (),
) -> Match:
    """A game on Saturday; times 'HH:MM'."""
    return Match(
        id=id,
        division=f"U{age}",
        age=age,
        day="sat",
        start=_minutes(start),
        end=_minutes(end),
        venue=venue,
        field=f"{venue}-1",
        teams=frozenset(teams),
        clubs=frozenset(clubs),
        positions=positions,
    )


def referee(id: str, grade: str = "regional", born: int = 1980, **more: object) -> Referee:
    return Referee(id=id, name=id.title(), grade=grade, birth_date=date(born, 1, 1), **more)  # type: ignore[arg-type]


def problem(
    matches: list[Match], referees: list[Referee], rules: AssignorRules | None = None
) -> AssignmentProblem:
    return AssignmentProblem(
        TOURNAMENT, tuple(matches), Pool(tuple(referees), rules or AssignorRules())
    )


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)
