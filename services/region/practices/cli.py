"""`touchline practices allocate`: practice slots from the coaches' ranked choices. Problems
in the files are printed with their row and exit with status 1."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from services.input_problem import InputError
from services.region.options import HIGHS, Solver, TimeLimit
from services.region.practices.allocation import AllocationOptions
from services.region.practices.allocation import allocate as allocation_of
from services.region.practices.report import allocation_csv, text_report
from services.region.practices.requests import read_sign_up

practices_app = typer.Typer(
    help="Practice slots from coaches' ranked choices.", no_args_is_help=True
)


@practices_app.command("allocate")
def allocate(
    fields: Annotated[Path, typer.Option(help="Fields CSV (field, day, start, end, divisions).")],
    choices: Annotated[Path, typer.Option(help="Choices CSV (coach, team, division, rank, ...).")],
    out: Annotated[Path | None, typer.Option(help="Also write the allocation as CSV.")] = None,
    time_limit: TimeLimit = 20.0,
    solver: Solver = HIGHS,
) -> None:
    """Give each team its age group's practices, meeting as many choices as possible."""
    try:
        sign_up = read_sign_up(fields, choices)
    except InputError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    allocation = allocation_of(sign_up, AllocationOptions(solver.value, time_limit))
    typer.echo(text_report(allocation), nl=False)
    if out:
        out.write_text(allocation_csv(allocation))
