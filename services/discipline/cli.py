"""The `touchline discipline` and `touchline roster` commands: thin shells around the rules.

They read files, call the pure rules and print or write what the rules return; any problem
with the input is reported with the file, row or line and the command exits non-zero instead
of showing a traceback.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from services.discipline.config import DisciplineConfig
from services.discipline.eligibility import check_rosters
from services.discipline.roster_csv import read_roster_csv

roster_app = typer.Typer(help="Tournament rosters: check them before play.", no_args_is_help=True)


def read_text(path: Path) -> str:
    """The file's text, or exit 2 with a message naming the file and what is wrong."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        _fail(f"{path}: no such file")
    except IsADirectoryError:
        _fail(f"{path}: is a directory, not a file")
    except UnicodeDecodeError as error:
        _fail(f"{path}: not UTF-8 text (byte {error.start})")
    except OSError as error:
        _fail(f"{path}: cannot be read ({error.strerror})")


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(2)


@roster_app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="Roster CSV: one row per player, coach, official.")],
    season: Annotated[
        int, typer.Option(help="Season year: a player born in year B is of age group U(season-B).")
    ],
    tournament: Annotated[str, typer.Option(help="Tournament id.")] = "roster-check",
    guests_u11_u12: Annotated[
        int, typer.Option(help="Guest-player limit for U11-U12 (rule text 6, table 5).")
    ] = 5,
) -> None:
    """Check a roster file and list every problem (exit 1 when there is any)."""
    config = DisciplineConfig(season_year=season).with_band("U11", guest_limit=guests_u11_u12)
    parsed = read_roster_csv(read_text(file), tournament, datetime.now(UTC))
    lines = [f"{file}:{problem}" for problem in parsed.problems]
    for problem in check_rosters(parsed.rosters, config):
        row = parsed.rows.get((problem.team_id, problem.person_id)) or parsed.rows.get(
            (problem.team_id, None)
        )
        lines.append(f"{file}:row {row}: {problem}")
    for line in lines:
        typer.echo(line)
    players = sum(len(r.players) for r in parsed.rosters)
    summary = f"{len(parsed.rosters)} team(s), {players} player(s): "
    typer.echo(summary + (f"{len(lines)} problem(s)" if lines else "no problems"))
    if lines:
        raise typer.Exit(1)
