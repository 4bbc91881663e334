"""`touchline schedule ...`: validate, solve and replan a tournament file from the shell.

Thin: parse arguments, call the scheduler, print. Errors a director can fix are printed as
they are and exit with status 1, never as a traceback.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import httpx
import typer
from rich.console import Console

from services.gateway.client import GatewayClient, GatewayRefused
from services.input_problem import InputProblem
from services.scheduler import cli_common
from services.scheduler.checker import check
from services.scheduler.events import schedule_events
from services.scheduler.explain import ScheduleInfeasible, explain_capacity
from services.scheduler.export import (
    read_schedule,
    to_csv,
    to_json,
    write_calendars,
    write_pages,
)
from services.scheduler.fairness import fairness
from services.scheduler.games import tournament_games
from services.scheduler.loader import TournamentFileError, load_tournament
from services.scheduler.placement import Schedule
from services.scheduler.replan import parse_closure, replan
from services.scheduler.search import Search
from services.scheduler.slots import build_slots
from services.scheduler.solve import Options, Progress, solve
from services.scheduler.tournament import Tournament

schedule_app = typer.Typer(
    help="Build, check and replan the tournament schedule.", no_args_is_help=True
)

FileArg = Annotated[Path, typer.Argument(help="The tournament file (YAML).")]


@schedule_app.command("validate")
def validate(file: FileArg) -> None:
    """Check the tournament file without solving: every problem, with its line, and the
    counting reasons (games against field-minutes, days, unavailability, playoff days, the
    day-level rules the search plans with) it cannot work."""
    tournament = _load(file)
    games = tournament_games(tournament)
    slots = build_slots(tournament)
    reasons = explain_capacity(tournament, games, slots)
    if not reasons:
        deadline = time.perf_counter() + VALIDATE_SECONDS
        reasons = Search(tournament, games, slots, "highs", deadline, _silent).relaxation()
    if reasons:
        cli_common.explain(ScheduleInfeasible(reasons))
    typer.echo(
        f"{file.name}: OK - {len(tournament.divisions)} divisions, {len(tournament.teams)} teams, "
        f"{len(games)} games, {len(tournament.fields)} fields, {len(tournament.days)} days"
    )


VALIDATE_SECONDS = 20.0


def _silent(_: str) -> None:
    """`validate` prints its verdict, not the search's progress."""


def _load(file: Path) -> Tournament:
    with cli_common.exits_on_failure():
        return load_tournament(file)


def _progress(console: Console) -> Callable[[Progress], None]:
    def show(progress: Progress) -> None:
        bound = "-" if progress.bound is None else f"{progress.bound:.2f}"
        best = "-" if progress.objective is None else f"{progress.objective:.2f}"
        console.print(
            f"[bold]{progress.phase:<24}[/] {progress.elapsed:7.1f}s  "
            f"best {best:>10}  bound {bound}"
        )

    return show


def _write(
    tournament: Tournament,
    schedule: Schedule,
    summary: dict[str, object],
    out: Path,
    csv_path: Path | None,
    html_dir: Path | None,
    ics_dir: Path | None,
) -> None:
    games = tournament_games(tournament)
    out.write_text(to_json(tournament, games, schedule, summary))
    if csv_path:
        csv_path.write_text(to_csv(tournament, games, schedule), encoding="utf-8", newline="")
    if html_dir:
        write_pages(tournament, games, schedule, html_dir)
    if ics_dir:
        write_calendars(tournament, games, schedule, ics_dir, datetime.now(UTC))


OutOpt = Annotated[Path, typer.Option("--out", help="Schedule JSON to write.")]
HtmlOpt = Annotated[Path | None, typer.Option("--html", help="Directory for printable pages.")]
IcsOpt = Annotated[Path | None, typer.Option("--ics", help="Directory for team calendars.")]


@schedule_app.command("solve")
def solve_command(
    file: FileArg,
    out: OutOpt = Path("schedule.json"),
    csv_path: cli_common.CsvOpt = None,
    html_dir: HtmlOpt = None,
    ics_dir: IcsOpt = None,
    solver: cli_common.SolverOpt = "highs",
    time_limit: Annotated[float, typer.Option(help="Seconds for search and improvement.")] = 60.0,
) -> None:
    """Build the schedule: a valid one at once, then improved; explained if impossible."""
    options = Options(solver=solver, time_limit=time_limit)
    tournament = _load(file)
    with cli_common.exits_on_failure():
        solution = solve(tournament, options, _progress(Console(stderr=True)))
    games = tournament_games(tournament)
    violations = check(tournament, games, solution.schedule)
    fair = fairness(tournament, games, solution.schedule).summary
    summary = {
        "objective": solution.objective.total,
        "terms": solution.objective.terms,
        "fairness": fair,
        "bound": solution.bound,
        "gap": solution.gap,
        "violations": len(violations),
    }
    _write(tournament, solution.schedule, summary, out, csv_path, html_dir, ics_dir)
    gap = "-" if solution.gap is None else f"{solution.gap:.2%}"
    typer.echo(
        f"{len(solution.schedule)} games -> {out} (first valid schedule after "
        f"{solution.first_valid_seconds:.2f}s, objective {solution.objective.total:.2f}, "
        f"gap {gap}, checker: {len(violations)} violations)"
    )
    typer.echo("terms: " + ", ".join(f"{k} {v:.2f}" for k, v in solution.objective.terms.items()))
    typer.echo(_fairness_line(fair))


def _fairness_line(summary: dict[str, float | None]) -> str:
    """The fairness summary in one line a director can read."""
    rest, median = summary["min_rest_minutes"], summary["median_min_rest_minutes"]
    rest_text = "no team plays twice"
    if rest is not None and median is not None:
        rest_text = f"shortest rest {rest:.0f} min (median of teams' shortest {median:.0f})"
    return (
        f"fairness: {rest_text}, {summary['teams_with_long_gaps']:.0f} teams wait over 3 h "
        f"between games, early/late kick-offs {summary['early_late_min']:.0f}-"
        f"{summary['early_late_max']:.0f} per team, at most "
        f"{summary['venues_per_day_max']:.0f} venue(s) for a team in a day"
    )


@schedule_app.command("publish")
def publish_command(
    file: FileArg,
    schedule_file: Annotated[
        Path, typer.Option("--schedule", help="Schedule JSON (from solve).")
    ] = Path("schedule.json"),
    gateway: cli_common.GatewayOpt = "http://127.0.0.1:8000",
    token: cli_common.TokenOpt = "",
) -> None:
    """Send the schedule to the gateway (and so to the `schedule` topic): standings,
    discipline and the schedule feeds read it from there. Publishing again is harmless."""
    tournament = _load(file)
    with cli_common.exits_on_failure():
        schedule = read_schedule(tournament, tournament_games(tournament), schedule_file)
    events = schedule_events(tournament, schedule, tournament_id=tournament.id)
    send(gateway, token, tournament.id, events)


def send(gateway: str, token: str, tournament_id: str, events: list[Any]) -> None:
    """Publish events through the gateway and say how many were new, already there or
    refused; exit with status 1 if the gateway refused any or could not be reached."""
    try:
        answers = publish(GatewayClient(gateway, token), events)
    except (GatewayRefused, httpx.TransportError) as error:
        typer.echo(f"{gateway}: {error}", err=True)
        raise typer.Exit(1) from error
    refused = [a for a in answers if a["status"] not in ("accepted", "duplicate")]
    for answer in refused:
        typer.echo(f"refused: {answer}", err=True)
    accepted = sum(a["status"] == "accepted" for a in answers)
    typer.echo(
        f"{tournament_id}: {accepted} new, {len(answers) - accepted - len(refused)} "
        f"already published, {len(refused)} refused"
    )
    if refused:
        raise typer.Exit(1)


def publish(client: GatewayClient, events: list[Any], batch: int = 500) -> list[dict[str, Any]]:
    """Post events in batches; the gateway's answer for each."""
    answers: list[dict[str, Any]] = []
    for start in range(0, len(events), batch):
        answers += client.post_batch(events[start : start + batch])
    return answers


@schedule_app.command("check")
def check_command(
    file: FileArg,
    schedule_file: Annotated[Path, typer.Option("--schedule", help="The schedule JSON.")],
    closed: Annotated[
        list[str] | None,
        typer.Option("--closed", help="'FIELD@DAY HH:MM-HH:MM' closed too, repeatable."),
    ] = None,
) -> None:
    """Verify every hard constraint of a schedule file (from us or anyone) and list violations;
    with `--closed`, also that no game plays on a closed field (to confirm a replan)."""
    tournament = _load(file)
    games = tournament_games(tournament)
    with cli_common.exits_on_failure():
        schedule = read_schedule(tournament, games, schedule_file)
        closures = [parse_closure(tournament, text) for text in closed or []]
    cli_common.report_violations(schedule_file.name, check(tournament, games, schedule, closures))


@schedule_app.command("replan")
def replan_command(
    file: FileArg,
    schedule_file: Annotated[Path, typer.Option("--schedule", help="The current schedule JSON.")],
    closed: Annotated[
        list[str], typer.Option("--closed", help="'FIELD@DAY HH:MM-HH:MM', repeatable.")
    ],
    now: Annotated[
        str | None, typer.Option(help="ISO time: games started by then stay put.")
    ] = None,
    out: OutOpt = Path("schedule.json"),
    csv_path: cli_common.CsvOpt = None,
    html_dir: HtmlOpt = None,
    ics_dir: IcsOpt = None,
) -> None:
    """Move the games a closed field displaces, as few and as little as possible."""
    tournament = _load(file)
    games = tournament_games(tournament)
    with cli_common.exits_on_failure(no_schedule="No valid replan:"):
        current = read_schedule(tournament, games, schedule_file)
        closures = [parse_closure(tournament, text) for text in closed]
        result = replan(tournament, current, closures, _moment(tournament, now))
    violations = check(tournament, games, result.schedule, closures)
    summary = {"moved": [str(move) for move in result.moves], "violations": len(violations)}
    _write(tournament, result.schedule, summary, out, csv_path, html_dir, ics_dir)
    typer.echo(f"{len(result.moves)} games moved:")
    for move in result.moves:
        typer.echo(f"  {move}")


def _moment(tournament: Tournament, now: str | None) -> datetime | None:
    """`--now` as an aware time; without an offset it is the tournament's local time."""
    if now is None:
        return None
    try:
        moment = datetime.fromisoformat(now)
    except ValueError:
        raise TournamentFileError(
            [InputProblem("command line", "--now", f"{now!r} is not an ISO date-time")]
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(tournament.timezone))
