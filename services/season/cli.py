"""`touchline season ...`: schedule, check and replan a club league's season from the shell.

Thin, as `touchline schedule` is: parse arguments, call the season scheduler, print.
Errors a director can fix are printed as they are with status 1, never a traceback; no
schedule possible (with the reasons) is status 2; a schedule breaking a rule is status 3.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from services.scheduler import cli_common
from services.season import measures
from services.season.checker import check
from services.season.export import read_schedule, to_csv, to_json, write_calendars
from services.season.league import League, SeasonSchedule
from services.season.league_file import load_league
from services.season.replan import parse_rainout, replan
from services.season.solve import SeasonOptions, solve

season_app = typer.Typer(
    help="Build, check and replan a club league's season.", no_args_is_help=True
)

FileArg = Annotated[Path, typer.Argument(help="The season file (YAML).")]
OutOpt = Annotated[Path, typer.Option("--out", help="Season JSON to write.")]
IcsOpt = Annotated[Path | None, typer.Option("--ics", help="Directory for team calendars.")]
ScheduleOpt = Annotated[Path, typer.Option("--schedule", help="The season JSON.")]
RainedOpt = Annotated[
    list[str] | None,
    typer.Option("--rained", help="'DATE' (its weekend) or 'DATE@FIELD' rained out; repeatable."),
]


def _load(file: Path) -> League:
    with cli_common.exits_on_failure():
        return load_league(file)


def _write(
    league: League,
    games: SeasonSchedule,
    summary: dict[str, Any],
    out: Path,
    csv_path: Path | None,
    ics_dir: Path | None,
) -> None:
    out.write_text(to_json(league, games, summary))
    if csv_path:
        csv_path.write_text(to_csv(league, games), encoding="utf-8", newline="")
    if ics_dir:
        write_calendars(league, games, ics_dir, datetime.now(UTC))


def balance_line(league: League, games: SeasonSchedule) -> str:
    """The balance figures in one line a director reads."""
    figures = measures.balance(league, games)
    gap = figures["min_weekends_between_meetings"]
    spread = (
        "no pair meets twice" if gap is None else f"a pair's meetings {gap:.0f}+ weekends apart"
    )
    return (
        f"balance: home games {figures['home_games_min']:.0f}-{figures['home_games_max']:.0f} "
        f"per team, {spread}, away travel {figures['away_km_min']:.0f}-"
        f"{figures['away_km_max']:.0f} km per team"
    )


@season_app.command("schedule")
def schedule_command(
    file: FileArg,
    out: OutOpt = Path("season.json"),
    csv_path: cli_common.CsvOpt = None,
    ics_dir: IcsOpt = None,
    solver: cli_common.SolverOpt = "highs",
    time_limit: Annotated[float, typer.Option(help="Seconds for both solves.")] = 60.0,
) -> None:
    """Build the season: weekly rounds on the home teams' fields around every blackout,
    a valid one first, then improved; explained when impossible."""
    options = SeasonOptions(solver=solver, time_limit=time_limit)
    league = _load(file)
    with cli_common.exits_on_failure():
        solution = solve(league, options)
    violations = check(league, solution.schedule)
    summary = {
        "objective": solution.objective,
        "terms": solution.terms,
        "bound": solution.bound,
        "gap": solution.gap,
        "balance": measures.balance(league, solution.schedule),
        "violations": len(violations),
    }
    _write(league, solution.schedule, summary, out, csv_path, ics_dir)
    typer.echo(
        f"{len(solution.schedule)} games -> {out} (first valid season after "
        f"{solution.first_valid_seconds:.2f}s, objective {solution.objective:.2f}, bound "
        f"{solution.bound:.2f}, gap {solution.gap:.2%}, "
        f"checker: {len(violations)} violations)"
    )
    typer.echo("terms: " + ", ".join(f"{k} {v:.2f}" for k, v in solution.terms.items()))
    typer.echo(balance_line(league, solution.schedule))


@season_app.command("check")
def check_command(file: FileArg, schedule_file: ScheduleOpt, rained: RainedOpt = None) -> None:
    """Verify every hard rule of a season JSON (ours or anyone's) and list the violations;
    with `--rained`, also that no game is left on a rained-out field."""
    league = _load(file)
    with cli_common.exits_on_failure():
        games = read_schedule(league, schedule_file)
        rainouts = [parse_rainout(league, text) for text in rained or []]
    cli_common.report_violations(schedule_file.name, check(league, games, rainouts))


@season_app.command("replan")
def replan_command(
    file: FileArg,
    schedule_file: ScheduleOpt,
    rained: Annotated[
        list[str], typer.Option("--rained", help="'DATE' or 'DATE@FIELD'; repeatable.")
    ],
    out: OutOpt = Path("season.json"),
    csv_path: cli_common.CsvOpt = None,
    ics_dir: IcsOpt = None,
) -> None:
    """Move the games a rained-out weekend displaces: the fewest games, then the fewest
    days; games before the rain stay as played."""
    league = _load(file)
    with cli_common.exits_on_failure():
        current = read_schedule(league, schedule_file)
        rainouts = [parse_rainout(league, text) for text in rained]
        result = replan(league, current, rainouts)
    violations = check(league, result.schedule, rainouts)
    summary = {"moved": [str(move) for move in result.moves], "violations": len(violations)}
    _write(league, result.schedule, summary, out, csv_path, ics_dir)
    typer.echo(f"{len(result.moves)} games moved (checker: {len(violations)} violations):")
    for move in result.moves:
        typer.echo(f"  {move}")
