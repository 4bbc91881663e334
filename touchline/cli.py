"""The `touchline` command: one entry point for directors, committees and operators.

Each area adds its own sub-command group; this module only assembles them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from schemas import export as schema_export
from services.scheduler.cli import schedule_app

app = typer.Typer(help="Run a youth soccer tournament end to end.", no_args_is_help=True)
schemas_app = typer.Typer(help="The event schemas.", no_args_is_help=True)
app.add_typer(schemas_app, name="schemas")
app.add_typer(schedule_app, name="schedule")


@schemas_app.command("export")
def export_schemas(
    directory: Annotated[Path, typer.Argument(help="Where to write them.")] = (
        schema_export.DEFAULT_DIR
    ),
) -> None:
    """Write every event family as a JSON Schema file."""
    for path in schema_export.export(directory):
        typer.echo(path)
