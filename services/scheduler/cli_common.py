"""What the commands that build a schedule share (`touchline schedule`, `touchline season`,
`touchline referees`): one exit status for each outcome, so a script can tell them apart,
and the same words for it.

- 1: input a person can fix (a file's problems with their lines, a bad option value), printed
  as it is, never a traceback;
- 2: no schedule, with the reasons in the director's terms;
- 3: a check found violations, each on its line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from services.input_problem import InputError
from services.scheduler.explain import NoScheduleFound, ScheduleInfeasible
from services.scheduler.milp import SOLVERS

CsvOpt = Annotated[Path | None, typer.Option("--csv", help="Also write a CSV.")]
GatewayOpt = Annotated[str, typer.Option(help="The gateway's URL.")]
TokenOpt = Annotated[str, typer.Option(envvar="TOUCHLINE_TOKEN", help="An admin token.")]

IMPOSSIBLE = "No schedule is possible:"
NOT_FOUND = "No schedule found within the time limit (none proven impossible):"


def refuse(message: str) -> NoReturn:
    """Input a person can fix: the message, and status 1."""
    typer.echo(message, err=True)
    raise typer.Exit(1) from None


def known_solver(solver: str) -> str:
    """`--solver`, checked while Typer reads the command line, before any file is read."""
    if solver not in SOLVERS:
        refuse(f"--solver: {solver!r} is not one of {', '.join(SOLVERS)}")
    return solver


SolverOpt = Annotated[str, typer.Option(help="highs or cbc.", callback=known_solver)]


def explain(error: ScheduleInfeasible | NoScheduleFound, heading: str | None = None) -> NoReturn:
    """Why there is no schedule, under `heading` (by default: none is possible, or none was
    found in time), and status 2."""
    if heading is None:
        heading = IMPOSSIBLE if isinstance(error, ScheduleInfeasible) else NOT_FOUND
    typer.echo(heading, err=True)
    for reason in error.reasons:
        typer.echo(f"- {reason}", err=True)
    raise typer.Exit(2) from None


@contextmanager
def exits_on_failure(no_schedule: str | None = None) -> Iterator[None]:
    """Input errors inside exit with status 1 (`refuse`), no schedule with status 2
    (`explain`, under the heading `no_schedule`)."""
    try:
        yield
    except InputError as error:
        refuse(str(error))
    except (ScheduleInfeasible, NoScheduleFound) as error:
        explain(error, no_schedule)


def report_violations(name: str, violations: Sequence[object]) -> None:
    """Each violation of the file `name`, then their count; status 3 when there is any."""
    for violation in violations:
        typer.echo(str(violation))
    typer.echo(f"{name}: {len(violations)} violations")
    if violations:
        raise typer.Exit(3)
