"""The JSON Schema files in the repository match the pydantic models."""

from __future__ import annotations

from schemas import export


def test_checked_in_json_schema_is_current() -> None:
    stale = [
        name
        for name, text in export.render().items()
        if not (export.DEFAULT_DIR / name).exists()
        or (export.DEFAULT_DIR / name).read_text() != text
    ]
    assert stale == [], f"run `touchline schemas export`: stale {stale}"
