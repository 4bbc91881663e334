"""`touchline referees ...`: assign, check and replan the referees of a scheduled tournament.

Thin: read the tournament file, its schedule JSON and the referees file, call the rules,
write and print. Problems a person can fix are printed with their file and line and exit
with status 1, never a traceback; a check that finds violations exits with status 3.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from services.referees.checker import check
from services.referees.duties import Assignment, AssignmentProblem, Seat
from services.referees.events import assignment_events
from services.referees.export import read_assignment, to_csv, to_json, write_calendars
from services.referees.inputs import load_pool
from services.referees.objective import active
from services.referees.replan import replan
from services.referees.solve import AssignmentOptions, Result, assign
from services.scheduler import cli_common
from services.scheduler.cli import send
from services.scheduler.export import read_schedule
from services.scheduler.games import tournament_games
from services.scheduler.loader import load_tournament

referees_app = typer.Typer(
    help="Assign, check and replan the referees of a scheduled tournament.", no_args_is_help=True
)

FileArg = Annotated[Path, typer.Argument(help="The tournament file (YAML).")]
ScheduleOpt = Annotated[
    Path, typer.Option("--schedule", help="The schedule JSON (from `schedule solve`).")
]
RefereesOpt = Annotated[Path, typer.Option("--referees", help="The referees file (YAML or CSV).")]
AssignmentOpt = Annotated[Path, typer.Option("--assignment", help="An assignment JSON.")]
OutOpt = Annotated[Path, typer.Option("--out", help="Assignment JSON to write.")]
IcsOpt = Annotated[Path | None, typer.Option("--ics", help="Directory for referee calendars.")]
TimeOpt = Annotated[float, typer.Option(help="Seconds for the whole assignment.")]


def _problem(
    file: FileArg,
    schedule_file: ScheduleOpt = Path("schedule.json"),
    referees_file: RefereesOpt = Path("referees.yaml"),
) -> AssignmentProblem:
    """The problem every command works on, from the files first on its command line."""
    with cli_common.exits_on_failure():
        tournament = load_tournament(file)
        games = tournament_games(tournament)
        schedule = read_schedule(tournament, games, schedule_file)
        pool = load_pool(referees_file, tournament)
    return AssignmentProblem.of(tournament, games, schedule, pool)


@dataclass(frozen=True)
class Solving:
    """How `assign` and `replan` solve, and where they write the assignment."""

    options: AssignmentOptions
    out: Path
    csv_path: Path | None
    ics_dir: Path | None

    def write(self, problem: AssignmentProblem, result: Result, summary: dict[str, object]) -> None:
        """The assignment JSON, and the CSV and calendars when asked for."""
        self.out.write_text(to_json(problem, result.assignment, result.unfilled, summary))
        if self.csv_path:
            csv = to_csv(problem, result.assignment)
            self.csv_path.write_text(csv, encoding="utf-8", newline="")
        if self.ics_dir:
            write_calendars(problem, result.assignment, self.ics_dir, datetime.now(UTC))


def _solving(
    out: OutOpt = Path("assignment.json"),
    csv_path: cli_common.CsvOpt = None,
    ics_dir: IcsOpt = None,
    solver: cli_common.SolverOpt = "highs",
    time_limit: TimeOpt = 60.0,
) -> Solving:
    """What `assign` and `replan` read from their solver and output options."""
    return Solving(AssignmentOptions(solver=solver, time_limit=time_limit), out, csv_path, ics_dir)


#: A command's parameter of one of these types stands, on its command line, for the
#: parameters of the function that builds it.
_BUILDERS: dict[object, Callable[..., object]] = {AssignmentProblem: _problem, Solving: _solving}


def _parameters(function: Callable[..., object]) -> list[inspect.Parameter]:
    return list(inspect.signature(function, eval_str=True).parameters.values())


def _command(name: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The command `name`, its `AssignmentProblem` and `Solving` parameters read from the
    command line as their builders' parameters, in their place, so that the commands sharing
    the three files (all four) or the outputs and solver (`assign`, `replan`) declare them
    once.
    Typer reads the signature it is given; the command gets the built values."""

    def register(command: Callable[..., None]) -> Callable[..., None]:
        own = _parameters(command)
        built = {p.name: _BUILDERS[p.annotation] for p in own if p.annotation in _BUILDERS}
        line = [q for p in own for q in (_parameters(built[p.name]) if p.name in built else [p])]

        @functools.wraps(command)
        def run(**given: Any) -> None:
            for parameter, build in built.items():
                given[parameter] = build(**{q.name: given.pop(q.name) for q in _parameters(build)})
            command(**given)

        run.__signature__ = inspect.Signature(line)  # type: ignore[attr-defined]
        return referees_app.command(name)(run)

    return register


def _read(path: Path) -> Assignment:
    with cli_common.exits_on_failure():
        return read_assignment(path)


def _summary(problem: AssignmentProblem, result: Result) -> dict[str, object]:
    load = [sum(r == who for r in result.assignment.values()) for who in active(problem)]
    return {
        "positions": len(problem.seats),
        "unfilled": len(result.unfilled),
        "objective": result.objective,
        "terms": result.terms,
        "bound": result.bound,
        "status": result.status,
        "games_per_referee": {"min": min(load, default=0), "max": max(load, default=0)},
        "violations": len(check(problem, result.assignment)),
    }


def _unfilled_lines(unfilled: dict[Seat, str]) -> None:
    for (game, position), why in unfilled.items():
        typer.echo(f"  unfilled {game} {position}: {why}")


@_command("assign")
def assign_command(problem: AssignmentProblem, solving: Solving) -> None:
    """A referee for every position, or the reason it stays unfilled."""
    result = assign(problem, solving.options)
    summary = _summary(problem, result)
    solving.write(problem, result, summary)
    typer.echo(
        f"{len(problem.seats) - len(result.unfilled)} of {len(problem.seats)} positions filled "
        f"-> {solving.out} (first valid after {result.first_valid_seconds:.2f}s, "
        f"{result.status} after {result.total_seconds:.1f}s, checker: "
        f"{summary['violations']} violations)"
    )
    _unfilled_lines(result.unfilled)


@_command("check")
def check_command(
    problem: AssignmentProblem,
    assignment_file: AssignmentOpt = Path("assignment.json"),
) -> None:
    """Verify every hard rule of an assignment file (ours or anyone's) and list violations."""
    cli_common.report_violations(assignment_file.name, check(problem, _read(assignment_file)))


@_command("replan")
def replan_command(
    problem: AssignmentProblem,
    assignment_file: AssignmentOpt = Path("assignment.json"),
    withdraw: Annotated[
        list[str] | None, typer.Option("--withdraw", help="A referee who withdrew, repeatable.")
    ] = None,
    *,
    solving: Solving,
) -> None:
    """Reassign after withdrawals (`--withdraw`) or moved games (a new `--schedule`) with the
    fewest changes from the current assignment, and say who is affected."""
    unknown = sorted(set(withdraw or ()) - set(problem.pool.referee))
    if unknown:
        cli_common.refuse(f"--withdraw: no referee {', '.join(map(repr, unknown))} in the pool")
    replanned = replan(problem, _read(assignment_file), solving.options, frozenset(withdraw or ()))
    after = AssignmentProblem(problem.tournament, problem.matches, problem.pool)
    for referee_id in withdraw or ():
        after = AssignmentProblem(after.tournament, after.matches, after.pool.without(referee_id))
    summary = _summary(after, replanned.result) | {"changes": [str(c) for c in replanned.changes]}
    solving.write(after, replanned.result, summary)
    typer.echo(f"{len(replanned.changes)} positions changed -> {solving.out}")
    for referee_id, changes in replanned.affected.items():
        typer.echo(f"  {referee_id}: " + "; ".join(str(c) for c in changes))
    _unfilled_lines(replanned.result.unfilled)


@_command("publish")
def publish_command(
    problem: AssignmentProblem,
    assignment_file: AssignmentOpt = Path("assignment.json"),
    gateway: cli_common.GatewayOpt = "http://127.0.0.1:8000",
    token: cli_common.TokenOpt = "",
) -> None:
    """Send one `referees.assigned` per game to the gateway (the `schedule` topic), where
    each referee's page and calendar read it. Publishing again is harmless; after a replan
    only the changed crews are new."""
    events = assignment_events(problem, _read(assignment_file), datetime.now(UTC))
    send(gateway, token, problem.tournament.id, events)
