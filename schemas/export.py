"""Write every event family as a JSON Schema file, for the people who build field apps."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from schemas import codec

DEFAULT_DIR = Path(__file__).parent / "json"

FAMILIES: dict[str, TypeAdapter[object]] = {
    "inbound-event": codec.INBOUND_EVENT,
    "match-event": codec.MATCH_EVENT,
    "schedule-event": codec.SCHEDULE_EVENT,
    "discipline-ruling": codec.RULING,
    "registration-event": codec.REGISTRATION_EVENT,
    "discipline-notice": codec.NOTICE,
    "field-notice": codec.FIELD_NOTICE,
    "standings-snapshot": codec.SNAPSHOT,
}


def render() -> dict[str, str]:
    """File name -> JSON Schema text for every family."""
    return {
        f"{name}.schema.json": json.dumps(adapter.json_schema(), indent=2, sort_keys=True) + "\n"
        for name, adapter in FAMILIES.items()
    }


def export(directory: Path = DEFAULT_DIR) -> list[Path]:
    """Write the schema files (replacing stale ones) and return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render().items():
        path = directory / name
        path.write_text(text)
        written.append(path)
    return written
