"""`touchline playing-time report`: every shortfall of the playing-time rule in a season's
game cards. Problems in the file are printed with their row and exit with status 1."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Annotated

import typer

from services.input_problem import InputError
from services.region.playing_time.cards import read_cards
from services.region.playing_time.report import text_report

playing_time_app = typer.Typer(help="The playing-time rule on game cards.", no_args_is_help=True)


@playing_time_app.command("report")
def report(
    cards: Annotated[Path, typer.Option(help="Game cards CSV (one row per player per game).")],
    share: Annotated[str, typer.Option(help="The share of each game to play (3/4, 1/2).")] = "3/4",
) -> None:
    """List every attending player who played less than the share, per game and per season."""
    try:
        fraction = Fraction(share)
    except (ValueError, ZeroDivisionError):
        fraction = Fraction(-1)
    if not 0 < fraction <= 1:
        raise typer.BadParameter(f"{share!r} is not a share between 0 and 1", param_hint="--share")
    try:
        appearances = read_cards(cards)
    except InputError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    typer.echo(text_report(appearances, fraction), nl=False)
