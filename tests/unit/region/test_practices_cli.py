"""`touchline practices allocate` over the sample sign-up, and the problems of bad rows.

The seeds cited are the source documents: 000 the AYSO Alliance program FAQ, 001 AYSO
Region 60's coach requirements, 002 AYSO Region 92's coach page."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from touchline.cli import app

RUNNER = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
FIELDS, CHOICES = EXAMPLES / "region-fields.csv", EXAMPLES / "region-practice-choices.csv"


def allocate(fields: Path, choices: Path, *more: str) -> tuple[int, str]:
    command = ["practices", "allocate", "--fields", str(fields), "--choices", str(choices)]
    result = RUNNER.invoke(app, [*command, *more])
    return result.exit_code, result.output


def test_the_sample_is_allocated_and_every_team_short_is_told_why(tmp_path: Path) -> None:
    """Seed 002's fields and allowances: the coach of 10UG-01 and 12UB-01 never has both at
    once; a team short of sessions reads who has its choices and what is still free."""
    out = tmp_path / "practices.csv"
    code, output = allocate(FIELDS, CHOICES, "--out", str(out))
    assert code == 0, output
    assert "8 teams, 11 of 14 sessions given" in output and "; optimal" in output
    short = output.split("Short of their allowance (3):")[1]
    assert "10UB-01 (coach c04): 1 of 2" in short
    assert "Brett is 10UG-01's then (Mon 17:30-18:30, coach c03's choice 1)" in short
    assert "still free:" in short
    rows = list(csv.DictReader(out.open()))
    assert len(rows) == 11
    c03 = [(r["day"], r["start"], r["end"]) for r in rows if r["coach"] == "c03"]
    assert len(set(c03)) == len(c03)
    eights = [r for r in rows if r["division"].startswith("8U")]
    assert {r["field"] for r in eights} <= {"Richmond", "Brett"}
    assert {(r["start"], r["end"]) for r in eights} == {("17:00", "18:00"), ("18:00", "19:00")}


def test_bad_rows_are_reported_with_their_row_and_column(tmp_path: Path) -> None:
    """Each problem names the file, the spreadsheet row and the column."""
    fields = tmp_path / "fields.csv"
    fields.write_text(
        "field,day,start,end,divisions\n"
        "Brett,Mon,17:00,19:00,8U;10U\n"
        "Brett,Someday,17:00,19:00,\n"
        "Richmond,Tue,19:00,17:00,\n"
        "Richmond,Wed,5pm,19:00,9U\n"
    )
    choices = tmp_path / "choices.csv"
    choices.write_text(
        "coach,team,division,rank,field,day,start\n"
        "c1,T1,10U,1,Brett,Mon,17:00\n"
        "c1,T1,10U,1,Brett,Mon,18:00\n"
        "c2,T2,14U,1,Brett,Mon,17:00\n"
        "c3,T3,8U,1,Brett,Mon,18:30\n"
        "c4,T4,8U,first,Nowhere,Mon,17:00\n"
        "c5,T5,U10,1,Brett,Mon,17:00\n"
        "c6,T1,10U,2,Brett,Mon,17:00\n"
    )
    code, output = allocate(fields, choices)
    assert code == 1
    for expected in (
        "fields.csv:row 3: day: 'Someday' is not a day of the week (Mon-Sun)",
        "fields.csv:row 4: end: 17:00 is not after the start 19:00",
        "fields.csv:row 5: start: '5pm' is not a time of day (HH:MM)",
        "fields.csv:row 5: divisions: 9U: not an age group",
        "choices.csv:row 3: rank: team T1 already has a choice 1",
        "choices.csv:row 4: field: Brett on Mon 17:00-18:30 is for 10U, 8U only",
        "choices.csv:row 5: start: Brett is not open Mon 18:30-19:30 (open: 17:00-19:00)",
        "choices.csv:row 6: rank: 'first' is not a whole number from 1",
        "choices.csv:row 7: division: 'U10' does not start with an age group",
        "choices.csv:row 8: team: coach or division differs from row 2",
    ):
        assert expected in output
