"""`touchline schedule ...` from the shell: exit codes and what the director reads."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.unit.scheduler.helpers import RAIN_CUP
from touchline.cli import app

EXAMPLES = Path(__file__).parents[3] / "examples"
runner = CliRunner()


def test_validate_summarises_a_good_file() -> None:
    result = runner.invoke(app, ["schedule", "validate", str(EXAMPLES / "alliance-cup-demo.yaml")])
    assert result.exit_code == 0
    assert "1 divisions, 4 teams, 6 games, 2 fields, 1 days" in result.output


def test_validate_lists_problems_and_fails_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text((EXAMPLES / "alliance-cup-demo.yaml").read_text().replace("9v9", "10v10", 1))
    result = runner.invoke(app, ["schedule", "validate", str(bad)])
    assert result.exit_code == 1
    assert "bad.yaml:16: fields.C1.size: '10v10' is not one of 7v7, 9v9, 11v11" in result.output


@pytest.mark.parametrize(
    "command",
    [["schedule", "solve"], ["season", "schedule"], ["referees", "assign"], ["referees", "replan"]],
)
def test_an_unknown_solver_is_refused_before_any_file_is_read(
    command: list[str], tmp_path: Path
) -> None:
    """Status 1 for input a person can fix: `--solver` is named, and the missing tournament
    file is not read (it would be refused with its own message)."""
    result = runner.invoke(app, [*command, str(tmp_path / "none.yaml"), "--solver", "glpk"])
    assert result.exit_code == 1
    assert result.output == "--solver: 'glpk' is not one of highs, cbc\n"


def test_validate_says_when_the_fields_cannot_hold_the_games(tmp_path: Path) -> None:
    cramped = tmp_path / "cramped.yaml"
    text = (EXAMPLES / "alliance-cup-demo.yaml").read_text()
    cramped.write_text(text.replace('"08:00-14:00"', '"08:00-09:00"'))
    result = runner.invoke(app, ["schedule", "validate", str(cramped)])
    assert result.exit_code == 2
    assert "U12 Boys: 6 games need 390 field-minutes" in result.output


SUNDAY_CRUNCH = """\
id: crunch
days: [{id: sat, date: 2027-05-15}, {id: sun, date: 2027-05-16}]
venues: [{id: park}]
fields:
  - {id: F1, venue: park, size: 9v9, open: {sat: "08:00-18:00", sun: "08:00-10:15"}}
  - {id: F2, venue: park, size: 9v9, open: {sat: "08:00-18:00", sun: "08:00-10:15"}}
divisions:
  - {id: U11B, age_group: U11, group_sizes: [4], playoff: semifinals, playoff_day: sun}
  - {id: U12B, age_group: U12, group_sizes: [4], playoff: semifinals, playoff_day: sun}
teams:
"""


def test_validate_counts_the_playoff_day_across_divisions(tmp_path: Path) -> None:
    """validate's playoff-day count: two divisions' semi-finals and finals (6 games) on
    Sunday, whose two fields hold two 65-minute slots each (4); either division alone
    fits, so only the count across divisions finds it."""
    teams = "".join(
        f"  - {{id: {d}{n}, division: {d}}}\n" for d in ("U11B", "U12B") for n in range(4)
    )
    crunch = tmp_path / "crunch.yaml"
    crunch.write_text(SUNDAY_CRUNCH + teams)
    result = runner.invoke(app, ["schedule", "validate", str(crunch)])
    assert result.exit_code == 2
    assert "the playoffs of U11B, U12B need 6 slots of size 9v9 on sun; 4 exist" in result.output


#: RAIN_CUP with its fields open for one hour, and coach kim running a team in each division.
COACH_CLASH = (
    RAIN_CUP.replace('"08:00-14:00"', '"08:00-09:00"')
    .replace("{id: a, division: U12B}", "{id: a, division: U12B, coach_ids: [kim]}")
    .replace("{id: c, division: U11B}", "{id: c, division: U11B, coach_ids: [kim]}")
)


def test_validate_runs_the_day_level_rules_the_search_plans_with(tmp_path: Path) -> None:
    """validate's day-level relaxation: two fields hold both games at 08:00, so no count of
    slots objects, but coach kim's two teams need 110 minutes of play in a one-hour day."""
    clash = tmp_path / "clash.yaml"
    clash.write_text(COACH_CLASH)
    result = runner.invoke(app, ["schedule", "validate", str(clash)])
    assert result.exit_code == 2
    assert "a coach's two teams' play per day within the day's field hours" in result.output


def test_solve_writes_json_csv_pages_and_calendars(tmp_path: Path) -> None:
    out = tmp_path / "schedule.json"
    result = runner.invoke(
        app,
        [
            "schedule", "solve", str(EXAMPLES / "alliance-cup-demo.yaml"), "--out", str(out),
            "--csv", str(tmp_path / "s.csv"), "--html", str(tmp_path / "html"),
            "--ics", str(tmp_path / "ics"), "--time-limit", "10",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "6 games ->" in result.output and "checker: 0 violations" in result.output
    document = json.loads(out.read_text())
    assert len(document["games"]) == 6
    assert "terms: compact" in result.output and "fairness: shortest rest" in result.output
    assert document["summary"]["fairness"]["venues_per_day_max"] == 1
    with (tmp_path / "s.csv").open(encoding="utf-8", newline="") as written:
        assert len(list(csv.DictReader(written))) == 6
    assert (tmp_path / "html" / "venue-central.html").exists()
    assert len(list((tmp_path / "ics").glob("team-*.ics"))) == 4


def test_solve_explains_an_impossible_tournament(tmp_path: Path) -> None:
    cramped = tmp_path / "cramped.yaml"
    text = (EXAMPLES / "alliance-cup-demo.yaml").read_text()
    cramped.write_text(text.replace('"08:00-14:00"', '"08:00-09:00"'))
    result = runner.invoke(app, ["schedule", "solve", str(cramped), "--out", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "U12 Boys: 6 games need 390 field-minutes" in result.output


def test_replan_reports_which_games_moved_and_by_how_much(tmp_path: Path) -> None:
    """Both games kick off at 11:15, the slot nearest the middle of 08:00-14:00. N1 closed
    11:00-12:00 loses its 10:10 and 11:15 slots; the nearest free ones are 65 minutes away
    (N2's 10:10, or N1's 12:20), and one game moves."""
    cup = tmp_path / "rain.yaml"
    cup.write_text(RAIN_CUP)
    out, replanned = tmp_path / "schedule.json", tmp_path / "replanned.json"
    assert runner.invoke(app, ["schedule", "solve", str(cup), "--out", str(out)]).exit_code == 0
    result = runner.invoke(
        app,
        [
            "schedule", "replan", str(cup), "--schedule", str(out), "--closed",
            "N1@sat 11:00-12:00", "--out", str(replanned),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 games moved:" in result.output
    assert re.search(
        r"sat 11:15 -> (10:10 \(-65 min, N1 -> N2\)|12:20 \(\+65 min\))", result.output
    )
    assert json.loads(replanned.read_text())["summary"]["violations"] == 0


def test_replan_rejects_a_bad_closure_without_a_traceback(tmp_path: Path) -> None:
    cup = tmp_path / "rain.yaml"
    cup.write_text(RAIN_CUP)
    out = tmp_path / "schedule.json"
    runner.invoke(app, ["schedule", "solve", str(cup), "--out", str(out)])
    result = runner.invoke(
        app,
        ["schedule", "replan", str(cup), "--schedule", str(out), "--closed", "N9@sat 08:00-09:00"],
    )
    assert result.exit_code == 1
    assert "unknown field 'N9'" in result.output


def test_check_lists_the_violations_of_a_hand_edited_schedule(tmp_path: Path) -> None:
    cup = tmp_path / "rain.yaml"
    cup.write_text(RAIN_CUP)
    out = tmp_path / "schedule.json"
    runner.invoke(app, ["schedule", "solve", str(cup), "--out", str(out)])
    clean = runner.invoke(app, ["schedule", "check", str(cup), "--schedule", str(out)])
    assert (clean.exit_code, clean.output) == (0, "schedule.json: 0 violations\n")
    document = json.loads(out.read_text())
    for game in document["games"]:
        game["field"] = "N1"
    out.write_text(json.dumps(document))
    broken = runner.invoke(app, ["schedule", "check", str(cup), "--schedule", str(out)])
    assert broken.exit_code == 3
    assert "[field_overlap] U11B-A1, U12B-A1: N1 sat:" in broken.output
