"""`touchline referees assign|check|replan` from the shell on the example tournament."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from touchline.cli import app

EXAMPLES = Path(__file__).parents[3] / "examples"
CUP = str(EXAMPLES / "spring-classic.yaml")
REFEREES = str(EXAMPLES / "spring-classic-referees.yaml")
runner = CliRunner()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's schedule and its referee assignment, made once."""
    home = tmp_path_factory.mktemp("referees")
    solved = runner.invoke(
        app, ["schedule", "solve", CUP, "--out", str(home / "schedule.json"), "--time-limit", "5"]
    )
    assert solved.exit_code == 0, solved.output
    assigned = runner.invoke(
        app,
        [
            "referees", "assign", CUP, "--schedule", str(home / "schedule.json"),
            "--referees", REFEREES, "--out", str(home / "assignment.json"),
            "--csv", str(home / "a.csv"), "--ics", str(home / "ics"), "--time-limit", "5",
        ],
    )  # fmt: skip
    assert assigned.exit_code == 0, assigned.output
    assert "checker: 0 violations" in assigned.output
    return home


def common(home: Path) -> list[str]:
    return [CUP, "--schedule", str(home / "schedule.json"), "--referees", REFEREES]


def test_assign_writes_json_csv_and_one_calendar_per_referee(files: Path) -> None:
    """Issue 17: "`touchline referees assign|check|replan` CLI" writing the assignment."""
    document = json.loads((files / "assignment.json").read_text())
    assert len(document["positions"]) == 96 and document["summary"]["violations"] == 0
    with (files / "a.csv").open(encoding="utf-8", newline="") as written:
        assert len(list(csv.DictReader(written))) == 96
    calendars = sorted((files / "ics").glob("referee-*.ics"))
    assert len(calendars) == 22
    adams = icalendar.Calendar.from_ical((files / "ics" / "referee-ref-adams.ics").read_bytes())
    games = [e for e in adams.walk("VEVENT")]
    mine = [p for p in document["positions"] if p["referee"] == "ref-adams"]
    assert len(games) == len(mine) > 0


def test_check_passes_our_assignment_and_flags_a_hand_edit(files: Path, tmp_path: Path) -> None:
    """The checker reads any assignment file; a coach put on their own team's game is flagged."""
    assert runner.invoke(app, ["referees", "check", *common(files), "--assignment",
                               str(files / "assignment.json")]).exit_code == 0  # fmt: skip
    document = json.loads((files / "assignment.json").read_text())
    schedule = json.loads((files / "schedule.json").read_text())
    boca = next(
        g["id"] for g in schedule["games"] if "U10G-boca" in (g["home_team_id"], g["away_team_id"])
    )
    own = next(p for p in document["positions"] if p["game"] == boca)
    own["referee"] = "coach-boca-u10g"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(document))
    result = runner.invoke(app, ["referees", "check", *common(files), "--assignment", str(edited)])
    assert result.exit_code == 3
    assert f"[tied] coach-boca-u10g in {boca} (center): tied to team U10G-boca" in result.output


def test_replan_after_a_withdrawal_says_who_is_affected(files: Path, tmp_path: Path) -> None:
    """Issue 17: "a referee withdraws ... say who is affected"."""
    out = tmp_path / "replanned.json"
    result = runner.invoke(
        app,
        ["referees", "replan", *common(files), "--assignment", str(files / "assignment.json"),
         "--withdraw", "ref-adams", "--out", str(out), "--time-limit", "5"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "  ref-adams: " in result.output
    document = json.loads(out.read_text())
    assert all(p["referee"] != "ref-adams" for p in document["positions"])
    assert document["summary"]["violations"] == 0


def test_a_bad_referees_file_is_reported_without_a_traceback(files: Path, tmp_path: Path) -> None:
    bad = tmp_path / "refs.csv"
    bad.write_text("id,grade,birth_date\nr1,wizard,1980-01-01\n")
    result = runner.invoke(app, ["referees", "assign", CUP, "--schedule",
                                 str(files / "schedule.json"), "--referees", str(bad)])  # fmt: skip
    assert result.exit_code == 1
    assert "refs.csv:row 2: grade: 'wizard' is not a grade" in result.output
    unknown = runner.invoke(app, ["referees", "replan", *common(files), "--withdraw", "zed",
                                  "--assignment", str(files / "assignment.json")])  # fmt: skip
    assert unknown.exit_code == 1 and "no referee 'zed'" in unknown.output


def test_a_referee_token_is_made_for_one_referee(tmp_path: Path) -> None:
    """`touchline token create --role referee --referee ID`: the token reads that referee's
    schedule; a referee token without a referee is refused."""
    tokens = tmp_path / "tokens.yaml"
    made = runner.invoke(app, ["token", "create", "--role", "referee", "--tournament", "cup",
                               "--referee", "ref-adams", "--file", str(tokens)])  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "referee: ref-adams" in tokens.read_text()
    refused = runner.invoke(app, ["token", "create", "--role", "referee", "--tournament", "cup",
                                  "--file", str(tokens)])  # fmt: skip
    assert refused.exit_code == 2 and "names its --referee" in refused.output
