"""`touchline season schedule|check|replan` as a director runs them: files written, every
problem printed without a traceback, and the exit status saying what happened."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from tests.unit.season.helpers import BASE, write
from touchline.cli import app

runner = CliRunner()


def _scheduled(tmp_path: Path) -> tuple[Path, Path]:
    season = write(tmp_path, BASE.replace("2026-10-11", "2026-10-25"))
    out = tmp_path / "season.json"
    result = runner.invoke(
        app,
        ["season", "schedule", str(season), "--out", str(out), "--csv", str(tmp_path / "s.csv"),
         "--ics", str(tmp_path / "ics"), "--time-limit", "30"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "checker: 0 violations" in result.output
    return season, out


def test_schedule_writes_json_csv_and_a_calendar_per_team(tmp_path: Path) -> None:
    """Seed 000: a club league season; the JSON lists every game, the CSV one row each,
    and each of the four teams gets its calendar."""
    _, out = _scheduled(tmp_path)
    games = json.loads(out.read_text())["games"]
    assert len(games) == 12  # four teams, six games each
    assert len(list(csv.DictReader((tmp_path / "s.csv").open()))) == 12
    assert sorted(p.name for p in (tmp_path / "ics").iterdir()) == [
        f"team-t{n}.ics" for n in range(1, 5)
    ]


def test_replan_moves_the_rained_games_and_check_confirms_it(tmp_path: Path) -> None:
    season, out = _scheduled(tmp_path)
    games = json.loads(out.read_text())["games"]
    rained = games[0]["start"][:10]
    moved = tmp_path / "moved.json"
    result = runner.invoke(
        app,
        ["season", "replan", str(season), "--schedule", str(out), "--rained", rained,
         "--out", str(moved)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "games moved (checker: 0 violations)" in result.output
    assert games[0]["id"] in result.output
    check = ["season", "check", str(season), "--rained", rained]
    assert runner.invoke(app, [*check, "--schedule", str(moved)]).exit_code == 0
    before = runner.invoke(app, [*check, "--schedule", str(out)])
    assert before.exit_code == 3
    assert "[rained-out]" in before.output


def test_a_bad_file_is_listed_with_lines_and_status_1(tmp_path: Path) -> None:
    season = write(tmp_path, BASE.replace("home_field: south}", "home_field: east}", 1))
    result = runner.invoke(app, ["season", "schedule", str(season)])
    assert result.exit_code == 1
    assert "season.yaml:14: teams[2].home_field: unknown field 'east'" in result.output
    assert "Traceback" not in result.output


def test_an_impossible_season_is_explained_with_status_2(tmp_path: Path) -> None:
    """Seed 000: a team's tournaments and State Cup black weekends out; too many leave
    too few weekends for its games."""
    text = BASE.replace("blackouts: [2026-09-19]", "blackouts: [2026-09-19, 2026-09-26]")
    result = runner.invoke(app, ["season", "schedule", str(write(tmp_path, text))])
    assert result.exit_code == 2
    assert "No schedule is possible:" in result.output
    assert "team t2: 6 games, but only 4 of the season's 6 weekends" in result.output


def test_a_bad_rainout_and_a_bad_schedule_file_are_refused_with_status_1(tmp_path: Path) -> None:
    season, out = _scheduled(tmp_path)
    bad = runner.invoke(
        app, ["season", "replan", str(season), "--schedule", str(out), "--rained", "soon"]
    )
    assert bad.exit_code == 1
    assert "command line: --rained: 'soon' is not DATE or DATE@FIELD" in bad.output
    (tmp_path / "broken.json").write_text("{")
    broken = runner.invoke(
        app, ["season", "check", str(season), "--schedule", str(tmp_path / "broken.json")]
    )
    assert broken.exit_code == 1
    assert broken.output.startswith("broken.json: file:")
