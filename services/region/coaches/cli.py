"""`touchline coaches check`: every volunteer's compliance on a day, the badge list and the
expiring report. Problems in the files are printed with their row and exit with status 1."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from services.input_problem import InputError
from services.region.coaches.compliance import check as verdict_of
from services.region.coaches.region_file import read_region
from services.region.coaches.report import csv_report, text_report
from services.region.coaches.rules import RegionRules
from services.region.coaches.volunteers import read_volunteers

coaches_app = typer.Typer(help="Coach and helper certification compliance.", no_args_is_help=True)


@coaches_app.command("check")
def check(
    volunteers: Annotated[Path, typer.Option(help="Volunteer export (one row a certification).")],
    on: Annotated[str, typer.Option(help="The day to check (YYYY-MM-DD).")],
    region: Annotated[
        Path | None, typer.Option(help="The region's variants (YAML); default: California.")
    ] = None,
    within: Annotated[
        int | None, typer.Option(min=0, help="Days ahead for the expiring report.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Also write the findings as CSV.")] = None,
) -> None:
    """Say who is compliant on the day, what the others miss, and what expires soon."""
    try:
        day = date.fromisoformat(on)
    except ValueError:
        raise typer.BadParameter(f"{on!r} is not a date (YYYY-MM-DD)", param_hint="--on") from None
    try:
        rules = read_region(region) if region else RegionRules()
        people = read_volunteers(volunteers)
    except InputError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    if within is not None:
        rules = replace(rules, expiring_within_days=within)
    verdicts = [verdict_of(person, day, rules) for person in people]
    typer.echo(text_report(verdicts, day, rules), nl=False)
    if out:
        out.write_text(csv_report(verdicts))
