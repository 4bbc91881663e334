"""The `touchline registration` commands: the registrar's report, offline, from a file of the
committee's events (JSON lines, as the gateway takes them) or from the gateway's journal.

The file is read by the discipline service's event-log reader, so a bad line is reported the
same way as everywhere (`file:line: field: what`) and the command exits 1 before reporting.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from schemas.codec import DecodeError, parse
from services.discipline.cli import journal_lines, load_log, read_text
from services.discipline.event_log import read_event_log
from services.registration.report import RegistrationReport, report, text

registration_app = typer.Typer(
    help="Tournament registration: applications, refunds, check-in.", no_args_is_help=True
)


@registration_app.command("report")
def report_command(
    on: Annotated[
        datetime, typer.Option(formats=["%Y-%m-%d"], help="The day to report on (YYYY-MM-DD).")
    ],
    events: Annotated[
        Path | None, typer.Option(help="JSON-lines file of the committee's events.")
    ] = None,
    journal: Annotated[
        Path | None, typer.Option(help="Or the gateway's journal (e.g. var/journal.sqlite3).")
    ] = None,
    tournament: Annotated[
        str | None, typer.Option(help="Tournament id (needed when the file holds several).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    refunds_csv: Annotated[
        Path | None, typer.Option(help="Also write the refunds due and overdue as CSV here.")
    ] = None,
) -> None:
    """Every application's state and missing documents, each player's check-in, the refunds
    due and overdue on the day, and every problem. Exit 1 when a refund is overdue."""
    if (events is None) == (journal is None):
        _fail("give the events as --events FILE or --journal FILE (one of them)")
    if journal is not None:
        chosen = tournament or _fail("--journal needs --tournament")
        log = read_event_log(journal_lines(journal, chosen), chosen, file=str(journal))
    else:
        assert events is not None
        chosen = tournament or _only_tournament(events)
        log = load_log(events, chosen)
    result = report(chosen, log.ledger.events.values(), on.date())
    typer.echo(json.dumps(result.as_json(), indent=2) if as_json else "\n".join(text(result)))
    if refunds_csv is not None:
        try:
            refunds_csv.write_text(refunds_table(result), encoding="utf-8")
        except OSError as error:
            _fail(f"{refunds_csv}: cannot write ({error.strerror})")
    if any(line.status == "overdue" for line in result.refunds):
        raise typer.Exit(1)


def refunds_table(result: RegistrationReport) -> str:
    """The refunds not yet paid, for whoever pays them: one row per team."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["team_id", "status", "why", "noticed_on", "due_by", "outstanding_cents"])
    for line in result.refunds:
        if line.status != "paid":
            refund = line.refund
            writer.writerow(
                [
                    refund.team_id,
                    line.status,
                    refund.why,
                    refund.noticed_on.isoformat(),
                    refund.due_by.isoformat(),
                    line.outstanding_cents,
                ]
            )
    return out.getvalue()


def _only_tournament(path: Path) -> str:
    """The one tournament the file's events name (the lines that cannot be read are left to
    the reader, which reports them with their line numbers)."""
    found = set()
    for line in read_text(path).splitlines():
        try:
            data = parse(line.encode()) if line.strip() else None
        except DecodeError:
            continue
        if isinstance(data, dict) and isinstance(data.get("tournament_id"), str):
            found.add(data["tournament_id"])
    if len(found) != 1:
        named = ", ".join(sorted(found)) or "none"
        _fail(f"{path}: name the tournament with --tournament (the file names: {named})")
    return found.pop()


def _fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(2)
