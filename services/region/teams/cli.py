"""`touchline teams form`: balanced teams from the registration exports, one CSV per team and
the balance report against the snake draft. Problems in the files are printed with their row
and exit with status 1."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from services.input_problem import InputError
from services.region.options import HIGHS, Solver, TimeLimit
from services.region.teams.draft import FormationError
from services.region.teams.formation import FormationOptions, form_teams
from services.region.teams.report import balance_report, team_csv
from services.region.teams.roster import read_season

teams_app = typer.Typer(help="Balanced teams from player ratings.", no_args_is_help=True)


@teams_app.command("form")
def form(
    players: Annotated[Path, typer.Option(help="Players CSV (id, name, birth_date, ...).")],
    teams: Annotated[Path, typer.Option(help="Teams CSV (team, division, coach).")],
    seed: Annotated[int, typer.Option(help="Draws ties; the same seed, the same teams.")] = 0,
    out: Annotated[Path, typer.Option(help="Directory for the team CSVs and report.")] = Path(
        "teams"
    ),
    time_limit: TimeLimit = 20.0,
    solver: Solver = HIGHS,
) -> None:
    """Form every division's teams from player ratings alone."""
    try:
        formed = form_teams(
            read_season(players, teams), seed, FormationOptions(solver.value, time_limit)
        )
    except (InputError, FormationError) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    out.mkdir(parents=True, exist_ok=True)
    for division in formed:
        for team in division.teams:
            (out / f"{team.id}.csv").write_text(team_csv(division, team))
    report = balance_report(formed)
    (out / "balance.md").write_text(report)
    typer.echo(report, nl=False)
    typer.echo(f"{sum(len(d.teams) for d in formed)} team files and balance.md in {out}")
