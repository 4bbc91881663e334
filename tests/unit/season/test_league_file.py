"""Reading a season file: every problem names the file, the line and what is wrong, all at
once, as the tournament file's loader does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from services.season.league_file import SeasonFileError, load_league
from tests.unit.season.helpers import BASE, problems_after, write

EXAMPLE = Path(__file__).parents[3] / "examples" / "alliance-fall-league.yaml"


def test_a_good_file_gives_weekends_home_fields_and_blackout_weekends(tmp_path: Path) -> None:
    """Seed 000: Alliance teams play a club league around their tournaments; a blackout
    date names the weekend it falls in."""
    league = load_league(write(tmp_path, BASE))
    assert len(league.weekends) == 6
    assert league.team["t2"].blackouts == {date(2026, 9, 19)}
    assert league.field["north"].times == {"sat": (540, 660), "sun": (600,)}
    assert league.meetings("b12") == (2, 2)


def test_a_sunday_blackout_blacks_out_its_weekend(tmp_path: Path) -> None:
    text = BASE.replace("blackouts: [2026-09-19]", "blackouts: [2026-09-20]")
    assert load_league(write(tmp_path, text)).team["t2"].blackouts == {date(2026, 9, 19)}


def test_an_unknown_home_field_is_named_with_its_line(tmp_path: Path) -> None:
    found = problems_after(tmp_path, "home_field: south}", "home_field: east}")
    assert found == ["season.yaml:14: teams[2].home_field: unknown field 'east'"]


def test_an_odd_number_of_team_games_is_refused(tmp_path: Path) -> None:
    """Every game has two teams, so three teams cannot play 5 games each."""
    text = BASE.replace("games_per_team: 6", "games_per_team: 5").replace(
        "  - {id: t4, division: b12, home_field: south}\n", ""
    )
    found = problems_after(tmp_path, BASE, text)
    assert found == [
        "season.yaml:10: divisions.b12.games_per_team: 3 teams playing 5 games each is an odd "
        "number of team-games: every game has two teams"
    ]


def test_kick_offs_closer_than_a_game_lasts_are_refused(tmp_path: Path) -> None:
    found = problems_after(tmp_path, '["09:00", "11:00"]', '["09:00", "10:00"]')
    assert found == [
        "season.yaml:6: fields.north.times.sat: kick-offs 09:00 and 10:00 are 60 min apart; "
        "the longest game played here lasts 90 min"
    ]


def test_a_blackout_outside_the_season_is_refused(tmp_path: Path) -> None:
    found = problems_after(tmp_path, "[2026-09-19]", "[2026-12-19]")
    assert found == [
        "season.yaml:13: teams[1].blackouts[0]: 2026-12-19 is not in the season "
        "(2026-09-05 to 2026-10-11)"
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = BASE.replace("2026-10-11", "2026-13-01").replace("game_minutes: 90", "game_minute: 90")
    found = problems_after(tmp_path, BASE, text)
    assert found == [
        "season.yaml:3: season.end: '2026-13-01' is not a date YYYY-MM-DD",
        "season.yaml:10: divisions.b12.game_minute: unknown key (allowed: id, name, "
        "games_per_team, game_minutes)",
    ]


def test_ids_given_twice_and_a_division_of_one_are_refused(tmp_path: Path) -> None:
    text = BASE.replace("{id: t4, division: b12", "{id: t3, division: b12").replace(
        "divisions:\n", "divisions:\n  - {id: g13, games_per_team: 4}\n"
    )
    found = problems_after(tmp_path, BASE, text)
    assert found == [
        "season.yaml:10: divisions.g13: has 0 team(s); a league needs at least two",
        "season.yaml:15: teams[2].id: id 't3' given twice",
        "season.yaml:16: teams[3].id: id 't3' given twice",
    ]


def test_not_yaml_is_one_problem_with_its_line(tmp_path: Path) -> None:
    found = problems_after(tmp_path, "fields:\n", "fields: [\n")
    assert len(found) == 1
    assert found[0].startswith("season.yaml:")
    assert " yaml: " in found[0]


def test_the_example_league_loads() -> None:
    league = load_league(EXAMPLE)
    assert len(league.teams) == 12
    assert league.km("r76-torrance", "r92-fullerton") is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("teams: 5\n", "season.yaml:1: teams: expected a list, got 5"),
        ("[]", "season.yaml:1: file: expected a mapping of the season's sections, got a list"),
        ("a: &a [*a]", "season.yaml:1: yaml: nested more than 20 levels deep"),
        (BASE.replace('times: {sat: ["09:00"]}', "times: 3"),
         "season.yaml:8: fields.south.times: expected a mapping, got 3"),
        (BASE.replace("- id: south\n", "- id: south\n    latitude: 95\n"),
         "season.yaml:8: fields.south.latitude: 95 is not between -90 and 90"),
        (BASE.replace("- id: south\n", "- id: south\n    latitude: 33\n"),
         "season.yaml:7: fields.south: give both latitude and longitude"),
        (BASE.replace("America/Los_Angeles", "Mars/Base"),
         "season.yaml:2: timezone: unknown time zone 'Mars/Base'"),
        # A key given twice is named at its second line, as in the tournament file.
        (BASE.replace("timezone: America/Los_Angeles\n", "timezone: UTC\ntimezone: UTC\n"),
         "season.yaml:3: timezone: given twice in one mapping (first on line 2)"),
    ],
)  # fmt: skip
def test_hostile_or_mistaken_files_are_problems_never_crashes(
    tmp_path: Path, text: str, expected: str
) -> None:
    with pytest.raises(SeasonFileError) as caught:
        load_league(write(tmp_path, text))
    assert expected in [str(problem) for problem in caught.value.problems]
