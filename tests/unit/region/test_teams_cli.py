"""`touchline teams form` over the sample exports, and the problems of bad rows.

The seeds cited are the source documents: 000 the AYSO Alliance program FAQ, 001 AYSO
Region 60's coach requirements, 002 AYSO Region 92's coach page."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from touchline.cli import app

RUNNER = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
PLAYERS, TEAMS = EXAMPLES / "region-players.csv", EXAMPLES / "region-teams.csv"


def form(players: Path, teams: Path, out: Path, seed: int = 7) -> tuple[int, str]:
    command = ["teams", "form", "--players", str(players), "--teams", str(teams)]
    result = RUNNER.invoke(app, [*command, "--seed", str(seed), "--out", str(out)])
    return result.exit_code, result.output


def test_the_sample_forms_a_csv_per_team_and_a_balance_report(tmp_path: Path) -> None:
    """Every player of the sample is on one team file; the report compares with the snake."""
    code, output = form(PLAYERS, TEAMS, tmp_path)
    assert code == 0, output
    placed = []
    for team_file in sorted(tmp_path.glob("*.csv")):
        placed += [row["player"] for row in csv.DictReader(team_file.open())]
    with PLAYERS.open() as handle:
        assert sorted(placed) == sorted(row["id"] for row in csv.DictReader(handle))
    assert len(list(tmp_path.glob("*.csv"))) == 6
    report = (tmp_path / "balance.md").read_text()
    assert "| 10UG | 20 | 3 |" in report and report in output


def test_the_coachs_child_is_marked_on_the_coachs_team_file(tmp_path: Path) -> None:
    """Seed 002: the coach's own child (and her twin, a sibling) play for the coach."""
    assert form(PLAYERS, TEAMS, tmp_path)[0] == 0
    rows = {row["player"]: row for row in csv.DictReader((tmp_path / "10UG-1.csv").open())}
    assert rows["10ug-01"]["coach_child"] == "yes"
    assert "10ug-04" in rows


def test_the_same_seed_writes_the_same_teams(tmp_path: Path) -> None:
    """Reproducible for a seed: two runs, byte for byte the same team files."""
    form(PLAYERS, TEAMS, tmp_path / "a", seed=5)
    form(PLAYERS, TEAMS, tmp_path / "b", seed=5)
    for team_file in (tmp_path / "a").glob("*.csv"):
        assert team_file.read_text() == (tmp_path / "b" / team_file.name).read_text()


def refused(tmp_path: Path, players: str, teams: str) -> str:
    """What `teams form` says of these two files, which it must refuse, writing nothing."""
    (tmp_path / "players.csv").write_text(players)
    (tmp_path / "teams.csv").write_text(teams)
    out = tmp_path / "out"
    code, output = form(tmp_path / "players.csv", tmp_path / "teams.csv", out)
    assert code == 1
    assert not out.exists()
    return output


def test_bad_rows_are_reported_with_their_row_and_column(tmp_path: Path) -> None:
    """Each problem names the file, the spreadsheet row and the column; nothing is written."""
    output = refused(
        tmp_path,
        "id,name,birth_date,gender,division,rating,coach_child_of,siblings\n"
        "a1,Ann,2016-01-01,G,10UG,3,,\n"
        "a1,Bea,2016-02-30,G,10UG,high,,\n"
        "a3,Cat,2016-01-01,G,12UG,3.125,nobody,zed\n"
        "../x,Dee,2016-01-01,G,10UG,-1,,\n",
        "team,division,coach\nT1,10UG,c1\nT2,10UG,c1\n",
    )
    for expected in (
        "players.csv:row 3: id: 'a1' is already on row 2",
        "players.csv:row 3: birth_date: '2016-02-30' is not a date (YYYY-MM-DD)",
        "players.csv:row 3: rating: 'high' is not a number",
        "players.csv:row 4: rating: 3.125 has more than 2 decimal places",
        "players.csv:row 5: id: '../x' is not an id",
        "players.csv:row 5: rating: -1 is negative",
        "teams.csv:row 3: coach: coach 'c1' already has a team in 10UG (row 2)",
    ):
        assert expected in output


def test_players_that_do_not_match_the_teams_are_reported(tmp_path: Path) -> None:
    """A division without teams, a coach without a team there, an unknown sibling."""
    output = refused(
        tmp_path,
        "id,name,birth_date,gender,division,rating,coach_child_of,siblings,alliance\n"
        "a1,Ann,2016-01-01,G,12UG,3,,,\n"
        "a2,Bea,2016-01-01,G,10UG,3,c9,zed,\n"
        "a3,Cat,2016-01-01,G,10UG,3,,,maybe\n",
        "team,division,coach,colour\nT1,10UG,c1,red\n",
    )
    for expected in (
        "players.csv:row 2: division: no team in the teams file plays in '12UG'",
        "players.csv:row 3: coach_child_of: coach 'c9' has no team in 10UG",
        "players.csv:row 3: siblings: 'zed' is not another player in the file",
        "players.csv:row 4: alliance: 'maybe' is neither yes nor no",
        "teams.csv:row 1: header: unknown column(s) colour",
    ):
        assert expected in output
