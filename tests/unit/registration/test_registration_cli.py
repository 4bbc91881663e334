"""`touchline registration report`: the registrar's report from a file, offline."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from touchline.cli import app

RUNNER = CliRunner()
EXAMPLE = Path(__file__).parents[3] / "examples" / "registration-events.jsonl"


def run(*args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, ["registration", "report", *args])
    return result.exit_code, result.output


def test_the_example_reports_refunds_due_and_overdue_and_what_is_missing() -> None:
    """Seed 003's refund rules on the example season: Okeechobee withdrew before acceptance
    on 28 September ("within ten (10) days": overdue on 12 October); Keys FC withdrew when
    U11 was not offered ("option to withdraw and receive a full refund"); Jupiter, not
    accepted, was paid. West Palm lacks its Permission to Travel form."""
    code, output = run("--events", str(EXAMPLE), "--on", "2020-10-12")
    assert code == 1, output  # a refund is overdue
    assert "OKE: overdue, 650.00 of 650.00 outstanding, withdrawn before acceptance" in output
    assert "KEY: due, 650.00 of 650.00 outstanding, withdrawn: age group U11 not offered" in output
    assert "JUP: paid, 0.00 of 650.00 outstanding, not accepted" in output
    assert "missing: the Permission to Travel form" in output


def test_the_report_after_check_in_shows_each_player_and_the_lock(tmp_path: Path) -> None:
    """Seed 003: competitive players' proof is "a valid ... registration card"; one of
    Coral Springs' passes shows a birth date that makes the player too old for U12. The
    refunds CSV lists what is still to pay, and JSON carries the same report."""
    refunds = tmp_path / "refunds.csv"
    code, output = run(
        "--events", str(EXAMPLE), "--on", "2020-11-21", "--refunds-csv", str(refunds)
    )
    assert code == 1  # Keys FC's and Okeechobee's refunds are overdue
    assert "CSU Coral Springs United (U12B, U12): accepted, roster locked" in output
    assert "CSU-P1 Player CSU-P1: verified" in output
    assert "CSU-P2 Player CSU-P2: refused: the player pass shows born 2007-04-02" in output
    assert "PAL-P1 Player PAL-P1: verified" in output  # recreational: a birth certificate
    rows = refunds.read_text().splitlines()
    assert rows[0] == "team_id,status,why,noticed_on,due_by,outstanding_cents"
    assert [row.split(",")[:2] for row in rows[1:]] == [["KEY", "overdue"], ["OKE", "overdue"]]
    code, output = run("--events", str(EXAMPLE), "--on", "2020-11-21", "--json")
    assert code == 1
    data = json.loads(output)
    assert data["on"] == "2020-11-21"
    assert {line["refund"]["team_id"]: line["outstanding_cents"] for line in data["refunds"]} == {
        "JUP": 0,
        "KEY": 65_000,
        "OKE": 65_000,
    }


def test_a_bad_line_is_reported_with_its_number_and_nothing_else(tmp_path: Path) -> None:
    """A registrar's file with a mistake gets `file:line: field: what`, not a traceback."""
    lines = EXAMPLE.read_text().splitlines()
    lines[2] = lines[2].replace('"age_group":"U12"', '"age_group":"U25"')
    lines.insert(4, "{not json")
    bad = tmp_path / "events.jsonl"
    bad.write_text("\n".join(lines) + "\n")
    code, output = run("--events", str(bad), "--on", "2020-10-12")
    assert code == 1
    assert f"{bad}:3: age_group: String should match pattern" in output
    assert f"{bad}:5: not valid JSON" in output
    assert "Refunds" not in output


def test_a_file_of_several_tournaments_needs_the_tournament_named(tmp_path: Path) -> None:
    mixed = tmp_path / "events.jsonl"
    first = EXAMPLE.read_text().splitlines()[0]
    mixed.write_text(first + "\n" + first.replace("alliance-cup-2020", "other-cup") + "\n")
    code, output = run("--events", str(mixed), "--on", "2020-10-12")
    assert code == 2
    assert "name the tournament with --tournament" in output and "other-cup" in output
    code, output = run("--events", str(mixed), "--on", "2020-10-12", "--tournament", "other-cup")
    assert code == 0 and "Registration of other-cup" in output
