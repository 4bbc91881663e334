"""Reading the referees file and CSV: every problem with its file, line or row, and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.referees.inputs import RefereesFileError, load_pool
from services.scheduler.loader import load_tournament

EXAMPLES = Path(__file__).parents[3] / "examples"
TOURNAMENT = load_tournament(EXAMPLES / "spring-classic.yaml")
HEADER = "id,name,grade,birth_date,available,venues,max_games_per_day,teams,club\n"


def problems(path: Path) -> list[str]:
    with pytest.raises(RefereesFileError) as caught:
        load_pool(path, TOURNAMENT)
    return [str(p) for p in caught.value.problems]


def test_the_example_reads_with_its_rules_and_ties_coach_referees_to_their_teams() -> None:
    """Issue 17: "the teams they coach ... or have children on"; AYSO coaches are at least
    Regional Referees (AYSO Region 60), so a referee whose id is a coach id is tied to the
    teams that coach runs without the assignor listing them."""
    pool = load_pool(EXAMPLES / "spring-classic-referees.yaml", TOURNAMENT)
    assert pool.rules.crew("11v11", 14).positions == ("center", "ar1", "ar2")
    assert dict(pool.rules.crew("11v11", 16).minimum)["center"] == "advanced"
    assert pool.rules.crew("7v7", 10).positions == ("center",)
    assert pool.referee["coach-miami-u10g"].teams == {"U10G-miami", "U12B-miami"}
    assert pool.referee["ref-khan"].teams == {"U10G-tampa"}


def test_yaml_problems_name_their_line_and_field(tmp_path: Path) -> None:
    """Issue 17: "line-numbered errors like the rest"; configurable grade levels."""
    path = tmp_path / "refs.yaml"
    path.write_text(
        "grades: [rookie, pro]\n"
        "crews:\n"
        "  11v11: {center: pro, ar1: expert}\n"
        "  U25: {center: pro}\n"
        "referees:\n"
        "  - {id: r1, grade: pro, birth_date: 1980-01-01, teams: [U12B-nowhere]}\n"
        "  - {id: r1, grade: rookie, birth_date: 1980-02-30, available: {mon: '08:00-12:00'}}\n"
        "  - {id: r3, grade: rookie, birth_date: 1990-01-01, venus: [central]}\n"
    )
    assert problems(path) == [
        "refs.yaml:3: crews.11v11.ar1: 'expert' is not a grade (the levels: rookie, pro)",
        "refs.yaml:4: crews.U25: 'U25' is neither a game size (7v7, 9v9, 11v11) nor an age "
        "group U9-U19",
        "refs.yaml:6: referees[0].teams[0]: unknown team 'U12B-nowhere'",
        "refs.yaml:7: referees[1].birth_date: '1980-02-30' is not a date YYYY-MM-DD",
        "refs.yaml:7: referees[1].available.mon: unknown day 'mon'",
        "refs.yaml:7: referees[1].id: referee 'r1' is listed twice (first at refs.yaml:6)",
        "refs.yaml:8: referees[2].venus: unknown key (allowed: id, name, grade, birth_date, "
        "available, venues, max_games_per_day, teams, club)",
    ]


def test_csv_problems_name_their_row_and_column(tmp_path: Path) -> None:
    """A region's export: rows numbered as a spreadsheet shows them, the column named."""
    path = tmp_path / "refs.csv"
    path.write_text(
        HEADER
        + "r1,Ann,advanced,1980-01-01,sat 08:00-12:00,central,3,,\n"
        + "r2,Bob,expert,1980-01-01,,,,,\n"
        + "r3,Cy,regional,,sat 12:00-08:00,,lots,,\n"
        + "r4,Di,regional,1990-01-01,08:00-12:00,,,,\n"
    )
    assert problems(path) == [
        "refs.csv:row 3: grade: 'expert' is not a grade (the levels: regional, intermediate, "
        "advanced, national)",
        "refs.csv:row 4: birth_date: empty",
        "refs.csv:row 4: available.sat: '12:00-08:00' ends before it starts",
        "refs.csv:row 4: max_games_per_day: expected a whole number, got the text 'lots'",
        "refs.csv:row 5: available: '08:00-12:00' is not 'DAY HH:MM-HH:MM ...' "
        "(e.g. 'sat 08:00-12:00')",
    ]


def test_a_csv_without_its_required_columns_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "refs.csv"
    path.write_text("id,name\nr1,Ann\n")
    assert problems(path) == [
        "refs.csv:row 1: header: missing column(s) grade, birth_date (columns: id, name, grade, "
        "birth_date, available, venues, max_games_per_day, teams, club)"
    ]
