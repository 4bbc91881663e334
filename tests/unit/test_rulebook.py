"""One rulebook for the age-group facts: the game the schedule plans is the game the standings
judge, and events written before the division carried its game length still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemas import codec
from schemas.schedule import DivisionDefined, GameScheduled
from services import rulebook
from services.discipline.config import DisciplineConfig
from services.scheduler.events import schedule_events
from services.scheduler.loader import load_tournament
from services.scheduler.solve import Options, solve
from services.standings.applicability import why_not_applicable
from services.standings.rules import compute_division
from tests.unit.scheduler.helpers import EXAMPLES
from workloads import factories

U12B = "  - {id: U12B, name: U12 Boys, age_group: U12,"


def published_with_half(tmp_path: Path, half: int) -> list[DivisionDefined | GameScheduled]:
    """The spring classic's schedule events, its U12 division's halves set in the file."""
    text = (EXAMPLES / "spring-classic.yaml").read_text()
    assert U12B in text
    path = tmp_path / "spring-classic.yaml"
    path.write_text(text.replace(U12B, f"{U12B} half_minutes: {half},"))
    (tmp_path / "spring-classic-teams.csv").write_text(
        (EXAMPLES / "spring-classic-teams.csv").read_text()
    )
    tournament = load_tournament(path)
    schedule = solve(tournament, Options(time_limit=0)).schedule
    return schedule_events(tournament, schedule, tournament_id="spring-classic-2027")


def test_a_yaml_half_length_reaches_the_mercy_rule(tmp_path: Path) -> None:
    """Rulebook: "All games will be subject to a mercy rule of an 8-goal differential at any
    time after the completion of the first half". A director who plays U12 in 20-minute halves
    ends the first half at minute 20, not at the rulebook's 25: the standings judge the game
    the schedule planned."""
    events = published_with_half(tmp_path, 20)
    definition = next(
        e for e in events if isinstance(e, DivisionDefined) and e.division_id == "U12B"
    )
    assert definition.half_minutes == 20
    games = {
        e.game.game_id: e.game
        for e in events
        if isinstance(e, GameScheduled) and e.game.division_id == "U12B"
    }
    game = next(g for g in games.values() if g.stage == "group")
    mercy = factories.terminated(
        game, "mercy", 9, 0, minute=22, tournament_id="spring-classic-2027", division_id="U12B"
    )
    assert why_not_applicable(definition, games, mercy) is None
    snapshot = compute_division(definition, games, [mercy], version=1)
    home = next(
        row for table in snapshot.groups for row in table.rows if row.team_id == game.home_team_id
    )
    assert (home.played, home.goals_for, home.points) == (1, 9, 3)
    early = mercy.model_copy(update={"minute": 19})
    assert "after half-time (20 minutes)" in str(why_not_applicable(definition, games, early))


def test_a_division_event_without_a_game_length_reads_with_the_rulebooks() -> None:
    """Rulebook table "Age Group / Ball / Preliminary Games / Playoffs": U9-U12 play 25-minute
    halves. A `division.defined` written before the event carried its half length still
    decodes, and its mercy rule starts after the rulebook's first half."""
    old = codec.encode(factories.division()).replace(b',"half_minutes":null', b"")
    assert b"half_minutes" not in old
    definition = codec.decode(codec.SCHEDULE_EVENT, old)
    games = factories.round_robin(definition)
    early = factories.terminated(games["A1"], "mercy", 8, 0, minute=24)
    assert why_not_applicable(definition, games, early) == (
        "minute: the mercy rule applies only after half-time (25 minutes)"
    )


@pytest.mark.parametrize("age", range(9, 20))
def test_the_scheduler_and_the_standings_use_one_half_length_per_age(age: int) -> None:
    """Rulebook table: U9-U12 25 minutes a half, U13/U14 30, U15-U19 35. The scheduler's
    default game and the standings' first half are one number from one table."""
    expected = 25 if age <= 12 else 30 if age <= 14 else 35
    definition = factories.division().model_copy(update={"age_group": f"U{age}"})
    assert rulebook.HALF_MINUTES[age] == expected
    games = factories.round_robin(definition)
    early = factories.terminated(games["A1"], "mercy", 8, 0, minute=expected - 1)
    assert str(expected) in str(why_not_applicable(definition, games, early))


def test_discipline_bands_are_the_rulebooks_table() -> None:
    """Rulebook: "U9-U10 ... roster size cannot exceed 12 players. 4 guest players"; U11-U12
    16 (guests: table 5); "U13 - U19 ... cannot exceed 22 players. 6 guest players ... The game
    roster for a given game may not exceed 18 players"; minimum players 5, 6 and 7."""
    config = DisciplineConfig()
    numbers = {
        age: (b.minimum_players, b.roster_maximum, b.guest_limit, b.game_day_maximum)
        for age in ("U9", "U10", "U11", "U12", "U13", "U19")
        for b in [config.band(age)]
    }
    assert numbers == {
        "U9": (5, 12, 4, None),
        "U10": (5, 12, 4, None),
        "U11": (6, 16, 5, None),
        "U12": (6, 16, 5, None),
        "U13": (7, 22, 6, 18),
        "U19": (7, 22, 6, 18),
    }
