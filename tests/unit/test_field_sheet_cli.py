"""The director's field sheet and `token create --qr`: a QR code and a code to type per field,
each a token for that field only."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from typer.testing import CliRunner

from services.gateway.auth import TokenStore, digest
from services.gateway.field_sheet import ALPHABET, CODE_LENGTH
from touchline.cli import app
from touchline.demo import EXAMPLE

RUNNER = CliRunner()
CODE = re.compile(rf"[{ALPHABET}]{{4}}(?:-[{ALPHABET}]{{4}}){{{CODE_LENGTH // 4 - 1}}}")


def test_the_field_sheet_has_a_card_and_a_token_per_field(tmp_path: Path) -> None:
    tokens, sheet = tmp_path / "tokens.yaml", tmp_path / "sheet.html"
    command = ["field-sheet", str(EXAMPLE), "--out", str(sheet), "--file", str(tokens)]
    result = RUNNER.invoke(app, [*command, "--url", "http://10.0.0.5:8000"])
    assert result.exit_code == 0, result.output
    html = sheet.read_text()
    codes = CODE.findall(html)
    assert len(codes) == 2 and html.count("<svg") == 2
    assert "Central Park" in html
    assert "http://10.0.0.5:8000/field/alliance-cup-demo/C1" in html
    entries = yaml.safe_load(tokens.read_text())["tokens"]
    assert [(e["name"], e["role"], e["fields"]) for e in entries] == [
        ("field-C1", "field", ["C1"]),
        ("field-C2", "field", ["C2"]),
    ]
    store = TokenStore.parse(tokens.read_text(), "test")
    signed_in = store.authenticate(codes[0].replace("-", ""))
    assert signed_in is not None and signed_in.fields == frozenset({"C1"})
    assert sheet.stat().st_mode & 0o077 == 0, "the sheet holds tokens: the owner's only"


def test_an_unknown_field_is_refused_by_name(tmp_path: Path) -> None:
    command = ["field-sheet", str(EXAMPLE), "--field", "Z9", "--out", str(tmp_path / "s.html")]
    result = RUNNER.invoke(app, [*command, "--file", str(tmp_path / "tokens.yaml")])
    assert result.exit_code == 2
    assert "no field Z9" in " ".join(result.output.replace("│", " ").split())


def test_token_create_qr_prints_the_signed_in_address_and_the_code(tmp_path: Path) -> None:
    tokens = tmp_path / "tokens.yaml"
    command = ["token", "create", "--role", "field", "--tournament", "cup", "--field", "C1"]
    result = RUNNER.invoke(app, [*command, "--qr", "--file", str(tokens)])
    assert result.exit_code == 0, result.output
    code = result.output.splitlines()[0]
    assert len(code) == CODE_LENGTH
    assert f"http://127.0.0.1:8000/field/cup/C1#token={code}" in result.output
    assert "█" in result.output
    assert yaml.safe_load(tokens.read_text())["tokens"][0]["sha256"] == digest(code)


def test_a_qr_code_needs_a_field_token_for_one_field(tmp_path: Path) -> None:
    command = ["token", "create", "--role", "committee", "--tournament", "cup", "--qr"]
    result = RUNNER.invoke(app, [*command, "--file", str(tmp_path / "tokens.yaml")])
    assert result.exit_code == 2
    assert "--role field" in " ".join(result.output.replace("│", " ").split())
