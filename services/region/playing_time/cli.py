"""`touchline playing-time report`: every shortfall of the playing-time rule in a season,
from the region's game cards (CSV) or from the field app's events (a JSON-lines event file,
as the gateway takes them: game lineups and quarter lineups). Problems in a file are printed
with their row or line and exit with status 1."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from services.discipline.event_log import read_event_log
from services.input_problem import InputError
from services.region.playing_time.cards import Appearance, read_cards
from services.region.playing_time.minutes import parse_share
from services.region.playing_time.records import appearances, game_records
from services.region.playing_time.report import text_report

playing_time_app = typer.Typer(help="The playing-time rule on game cards.", no_args_is_help=True)


@playing_time_app.command("report")
def report(
    cards: Annotated[
        Path | None, typer.Option(help="Game cards CSV (one row per player per game).")
    ] = None,
    events: Annotated[
        Path | None, typer.Option(help="Or the field app's events (JSON lines).")
    ] = None,
    tournament: Annotated[
        str | None, typer.Option(help="With --events: the tournament (or season) id.")
    ] = None,
    share: Annotated[str, typer.Option(help="The share of each game to play (3/4, 1/2).")] = "3/4",
) -> None:
    """List every attending player who played less than the share, per game and per season."""
    try:
        fraction = parse_share(share)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--share") from None
    if (cards is None) == (events is None):
        _fail("give the games as --cards FILE or --events FILE (one of them)")
    notes: list[str] = []
    if cards is not None:
        try:
            found = read_cards(cards)
        except InputError as error:
            _fail(str(error))
    else:
        assert events is not None
        found, notes = _from_events(events, tournament or _fail("--events needs --tournament"))
    typer.echo(text_report(found, fraction), nl=False)
    for note in notes:
        typer.echo(note)


def _from_events(path: Path, tournament: str) -> tuple[list[Appearance], list[str]]:
    """The appearances the events record, and a note for each game with quarters missing."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        _fail(f"{path}: cannot read ({error})")
    log = read_event_log(lines, tournament, file=str(path))
    if log.problems:
        _fail("\n".join(str(problem) for problem in log.problems))
    records = game_records(log.ledger.events.values())
    notes = [
        f"{r.game} {r.team}: quarter(s) {', '.join(map(str, r.missing))} not recorded "
        "(counted as not played)"
        for r in records
        if r.missing
    ]
    return appearances(records), notes


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(1)
