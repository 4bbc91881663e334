"""`touchline coaches check` over the sample export, its CSV, and the problems of bad rows.

The seeds cited are the source documents: 000 the AYSO Alliance program FAQ, 001 AYSO
Region 60's coach requirements, 002 AYSO Region 92's coach page."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from touchline.cli import app

RUNNER = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
VOLUNTEERS, REGION = EXAMPLES / "region-volunteers.csv", EXAMPLES / "region-92.yaml"


def check(*options: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, ["coaches", "check", *options])
    return result.exit_code, result.output


def test_the_sample_says_who_is_compliant_and_why_not(tmp_path: Path) -> None:
    """Seeds 001 and 002 on the sample: a lapsed background check, a 12U course for a 10U
    team, Intermediate for 16U, a helper without Safe Haven; badges for the compliant."""
    out = tmp_path / "findings.csv"
    code, output = check(
        "--volunteers", str(VOLUNTEERS), "--on", "2026-09-01", "--region", str(REGION),
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, output
    assert "7 volunteers, 4 compliant" in output
    assert (
        "v02 Ben Ortiz (coach, 10U): NOT compliant: Background check expired on 2026-08-20;"
        in output
    )
    assert "10U coach certification missing (holds 12U coach course;" in output
    assert "v07 Gus Diaz (helper): NOT compliant: Safe Haven missing" in output
    badges = output.split("Badges (3):")[1].split("Expiring")[0]
    assert [line.split()[0] for line in badges.strip().splitlines()] == ["v01", "v03", "v05"]
    assert "Expiring within 45 days (2):\n  2026-09-10 v05 Eli Wong: Background check" in output
    rows = list(csv.DictReader(out.open()))
    assert {(r["volunteer_id"], r["requirement"], r["status"]) for r in rows if r["status"]} >= {
        ("v02", "background_check", "expired"),
        ("v04", "16u_course", "missing"),
        ("v01", "safesport", "expiring"),
    }


def test_within_overrides_the_regions_horizon() -> None:
    """`--within 5` looks five days ahead: nothing in the sample expires that soon."""
    code, output = check("--volunteers", str(VOLUNTEERS), "--on", "2026-09-01", "--within", "5")
    assert code == 0 and "Expiring within 5 days (0):" in output


def test_bad_rows_are_reported_with_their_row_and_column(tmp_path: Path) -> None:
    """Each problem names the file, the spreadsheet row and the column."""
    volunteers = tmp_path / "volunteers.csv"
    volunteers.write_text(
        "volunteer_id,name,role,division,certification,completed\n"
        "v1,Ana,coach,10U,safe_haven,2024-01-01\n"
        "v1,Anna,coach,10U,first_aid,2024-01-01\n"
        "v2,Ben,referee,10U,,\n"
        "v3,Cho,coach,,safesport,yesterday\n"
        "v4,Dee,coach,11U,,\n"
    )
    code, output = check("--volunteers", str(volunteers), "--on", "2026-09-01")
    assert code == 1
    for expected in (
        "volunteers.csv:row 3: certification: 'first_aid' is not one of volunteer_application",
        "volunteers.csv:row 4: role: 'referee' is not one of coach, assistant_coach, helper",
        "volunteers.csv:row 5: division: empty: a coach coaches in a division",
        "volunteers.csv:row 5: completed: 'yesterday' is not a date (YYYY-MM-DD)",
        "volunteers.csv:row 6: division: '11U' is not a division (Schoolyard, 6U, 7U, 8U,",
    ):
        assert expected in output


def test_a_volunteer_described_two_ways_is_reported_at_the_second_row(tmp_path: Path) -> None:
    """Name, role and division come from a volunteer's first row; another row must agree."""
    volunteers = tmp_path / "volunteers.csv"
    volunteers.write_text(
        "volunteer_id,name,role,division,certification,completed\n"
        "v1,Ana,coach,10U,safe_haven,2024-01-01\n"
        "v1,Ana,coach,12U,concussion,2024-01-01\n"
    )
    code, output = check("--volunteers", str(volunteers), "--on", "2026-09-01")
    assert code == 1 and "volunteers.csv:row 3: division: differs from row 2 for 'v1'" in output


def test_a_misspelt_region_rule_is_a_problem_not_a_rule_left_out(tmp_path: Path) -> None:
    """The region file's names are checked against the rules table."""
    region = tmp_path / "region.yaml"
    region.write_text("state: California\nrenew_years: {safe_sport: 2}\nnot_required: [scan]\n")
    code, output = check(
        "--volunteers", str(VOLUNTEERS), "--on", "2026-09-01", "--region", str(region)
    )
    assert code == 1
    assert "region.yaml: state: String should match pattern" in output
    assert "region.yaml: renew_years.safe_sport.[key]: Input should be" in output
    assert "region.yaml: not_required.0: Input should be" in output


def test_a_day_that_is_not_a_date_is_refused() -> None:
    code, output = check("--volunteers", str(VOLUNTEERS), "--on", "1 Sept")
    assert code == 2 and "'1 Sept' is not a date (YYYY-MM-DD)" in output
