"""`touchline schedule ...`: validate, solve and replan a tournament file from the shell.

Thin: parse arguments, call the scheduler, print. Errors a director can fix are printed as
they are and exit with status 1, never as a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from services.scheduler.games import tournament_games
from services.scheduler.loader import TournamentFileError, load_tournament

schedule_app = typer.Typer(
    help="Build, check and replan the tournament schedule.", no_args_is_help=True
)

FileArg = Annotated[Path, typer.Argument(help="The tournament file (YAML).")]


@schedule_app.command("validate")
def validate(file: FileArg) -> None:
    """Check the tournament file without solving: every problem, with its line."""
    try:
        tournament = load_tournament(file)
    except TournamentFileError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    games = tournament_games(tournament)
    typer.echo(
        f"{file.name}: OK - {len(tournament.divisions)} divisions, {len(tournament.teams)} teams, "
        f"{len(games)} games, {len(tournament.fields)} fields, {len(tournament.days)} days"
    )
