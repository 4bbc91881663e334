"""`touchline token create`: every token gets a name of its own."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner, Result

from touchline.cli import app

RUNNER = CliRunner()


def invoke(file: Path, *options: str) -> Result:
    command = ["token", "create", "--role", "field", "--tournament", "cup", "--file", str(file)]
    return RUNNER.invoke(app, [*command, *options])


def create(file: Path, *options: str) -> str:
    result = invoke(file, *options)
    assert result.exit_code == 0, result.output
    return result.output.strip()


def names(file: Path) -> list[str]:
    return [entry["name"] for entry in yaml.safe_load(file.read_text())["tokens"]]


def test_tokens_created_without_a_name_get_names_of_their_own(tmp_path: Path) -> None:
    file = tmp_path / "tokens.yaml"
    tokens = [create(file) for _ in range(3)]  # within one second: the old names collided
    assert len(set(tokens)) == 3
    assert names(file) == ["field-1", "field-2", "field-3"]


def test_a_name_already_in_the_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "tokens.yaml"
    create(file, "--name", "pitch-3")
    result = invoke(file, "--name", "pitch-3")
    assert result.exit_code != 0
    assert "pitch-3" in result.output and "already" in result.output
    assert names(file) == ["pitch-3"]
