"""`touchline schedule ...` from the shell: exit codes and what the director reads."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

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
