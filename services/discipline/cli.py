"""The `touchline discipline` and `touchline roster` commands: thin shells around the rules.

They read files, call the pure rules and print or write what the rules return; any problem
with the input is reported with the file, row or line and the command exits non-zero instead
of showing a traceback.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, NoReturn

import httpx
import typer

from services.discipline.config import DisciplineConfig
from services.discipline.eligibility import check_rosters
from services.discipline.event_log import EventLog, read_event_log
from services.discipline.report import (
    NoGamesToReport,
    card_report,
    card_report_html,
    cards_csv,
    suspensions_csv,
)
from services.discipline.roster_csv import read_roster_csv
from services.gateway.journal import Journal
from services.input_problem import InputProblem
from services.tournament_fold import fold_tournament

roster_app = typer.Typer(help="Tournament rosters: check them before play.", no_args_is_help=True)
discipline_app = typer.Typer(
    help="Discipline: suspensions, notices and the card report.", no_args_is_help=True
)


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
    _fail_with(2, message)


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
    parsed = read_roster_csv(read_text(file), tournament, datetime.now(UTC), file=str(file))
    lines = [str(problem) for problem in parsed.problems]
    for problem in check_rosters(parsed.rosters, config):
        row = parsed.rows.get((problem.team_id, problem.person_id)) or parsed.rows.get(
            (problem.team_id, None)
        )
        lines.append(str(InputProblem(str(file), "", str(problem), row=row)))
    for line in lines:
        typer.echo(line)
    players = sum(len(r.players) for r in parsed.rosters)
    summary = f"{len(parsed.rosters)} team(s), {players} player(s): "
    typer.echo(summary + (f"{len(lines)} problem(s)" if lines else "no problems"))
    if lines:
        raise typer.Exit(1)


def load_log(path: Path, tournament: str) -> EventLog:
    """The tournament's events from a JSON-lines file, or exit 1 listing every bad line."""
    log = read_event_log(read_text(path).splitlines(), tournament, file=str(path))
    for problem in log.problems:
        typer.echo(str(problem), err=True)
    if log.problems:
        _fail_with(1, f"{path}: {len(log.problems)} bad line(s); nothing written")
    return log


def _fail_with(code: int, message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(code)


def journal_lines(path: Path, tournament: str) -> list[str]:
    """The tournament's events as the gateway journaled them, one JSON text each."""
    if not path.exists():
        _fail_with(2, f"{path}: no such journal")
    return [entry.body.decode() for entry in Journal(path).events(tournament)]


@discipline_app.command("report")
def report(
    tournament: Annotated[str, typer.Option(help="Tournament id.")],
    events_file: Annotated[
        Path | None, typer.Option("--input", help="JSON-lines file of the tournament's events.")
    ] = None,
    journal: Annotated[
        Path | None, typer.Option(help="Or the gateway's journal (e.g. var/journal.sqlite3).")
    ] = None,
    out: Annotated[Path, typer.Option(help="Directory to write the report into.")] = Path("."),
) -> None:
    """Write the card report (CSV and printable HTML) owed 72 hours after the last game."""
    if (events_file is None) == (journal is None):
        _fail_with(2, "give the events as --input FILE or --journal FILE (one of them)")
    if journal is not None:
        events_file = journal
        log = read_event_log(journal_lines(journal, tournament), tournament, file=str(journal))
    else:
        assert events_file is not None
        log = load_log(events_file, tournament)
    folded = fold_tournament(tournament, log.inputs, DisciplineConfig())
    context, view = folded.context, folded.view
    for problem in view.problems:
        typer.echo(f"warning: {problem}", err=True)
    try:
        built = card_report(context, view)
    except NoGamesToReport as error:
        _fail_with(1, f"{events_file}: {error}")
    try:
        out.mkdir(parents=True, exist_ok=True)
        files = {
            out / f"{tournament}-cards.csv": cards_csv(built),
            out / f"{tournament}-open-suspensions.csv": suspensions_csv(built),
            out / f"{tournament}-card-report.html": card_report_html(built),
        }
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
    except OSError as error:
        _fail_with(2, f"{out}: cannot write the report ({error.strerror})")
    for path in files:
        typer.echo(path)
    typer.echo(
        f"{len(built.cards)} card(s), {len(built.open_suspensions)} open suspension(s); "
        f"due by {built.deadline.isoformat()} (last game ends {built.last_game_end.isoformat()})"
        + ("" if built.finished else "; provisional: not every game has a result")
    )


@discipline_app.command("notices")
def notices(
    tournament: Annotated[str, typer.Option(help="Tournament id.")],
    token: Annotated[str, typer.Option(envvar="TOUCHLINE_TOKEN", help="A committee token.")],
    gateway: Annotated[str, typer.Option(help="The gateway's URL.")] = "http://127.0.0.1:8000",
    follow: Annotated[bool, typer.Option(help="Keep printing new notices as they come.")] = False,
) -> None:
    """Print the discipline notices of a tournament (with --follow, live, until Ctrl-C)."""
    headers = {"Authorization": f"Bearer {token}"}
    path = f"{gateway}/v1/tournaments/{tournament}/notices"
    try:
        if not follow:
            answer = httpx.get(path, headers=headers, timeout=10)
            _refuse_unless_ok(answer)
            for notice in answer.json()["notices"]:
                typer.echo(describe_notice(notice))
            return
        with httpx.stream("GET", path + "/stream", headers=headers, timeout=None) as answer:
            _refuse_unless_ok(answer)
            for line in answer.iter_lines():
                if line.startswith("data:"):
                    typer.echo(describe_notice(json.loads(line.removeprefix("data:"))))
    except httpx.TransportError as error:
        _fail_with(2, f"{gateway}: cannot reach the gateway ({error})")
    except KeyboardInterrupt:
        return


def _refuse_unless_ok(answer: httpx.Response) -> None:
    if answer.status_code != 200:
        answer.read()
        _fail_with(1, f"the gateway answered {answer.status_code}: {answer.text}")


def describe_notice(notice: dict[str, object]) -> str:
    """One line per notice: when, what, who, where."""
    where = " ".join(str(notice[k]) for k in ("team_id", "game_id") if notice.get(k))
    detail = notice.get("detail") or notice.get("reason") or ""
    who = notice.get("person_name") or notice["person_id"]
    return f"{notice['occurred_at']}  {notice['type']:<26} {who} ({where}) {detail}".rstrip()
