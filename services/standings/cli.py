"""`touchline standings compute`: tables from a file, for audits and directors' own results.

Thin: read the file (`offline`), fold it with the same `compute_division` the live service
uses, print JSON or a readable table.
"""

from __future__ import annotations

import json
import uuid
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from schemas.match import TiebreakDecided
from schemas.standings import GroupTable
from services.input_problem import InputError
from services.standings.offline import OfflineDivision, load
from services.standings.profiles import DEFAULT_PROFILE, PROFILES, profile
from services.standings.rules import compute_division

app = typer.Typer(help="Group tables, tiebreakers and brackets.", no_args_is_help=True)


class Format(StrEnum):
    """Output formats."""

    json = "json"
    table = "table"


def _known_profile(value: str | None) -> str | None:
    if value is not None and value not in PROFILES:
        raise typer.BadParameter(f"unknown profile {value!r}; known: {', '.join(PROFILES)}")
    return value


@app.command("compute")
def compute(
    input_file: Annotated[
        Path,
        typer.Option(
            "--input",
            help="JSON lines of Touchline events, or a .csv with header "
            "group,home,away,home_goals,away_goals (optional card columns).",
        ),
    ],
    rules: Annotated[
        str | None,
        typer.Option(
            help=f"Rule profile: {', '.join(PROFILES)}. Default: the division's own "
            f"(JSON lines) or {DEFAULT_PROFILE} (CSV).",
            callback=_known_profile,
        ),
    ] = None,
    output: Annotated[Format, typer.Option("--format", help="json or table.")] = Format.table,
    ranking: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated teams, best first: an outside ranking for ties the tables "
            "cannot break (UEFA: European Qualifiers overall ranking).",
        ),
    ] = None,
) -> None:
    """Compute group tables offline."""
    try:
        divisions = load(input_file, rules or DEFAULT_PROFILE)
    except InputError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=2) from error
    groups = [
        (division, table)
        for division in divisions
        for table in _tables(division, rules, _ranking(division, ranking)).groups
    ]
    if output is Format.json:
        document = {"groups": [_group_json(division, table) for division, table in groups]}
        typer.echo(json.dumps(document, indent=2))
    else:
        console = Console()
        for division, table in groups:
            _print(console, division, table)


def _ranking(division: OfflineDivision, ranking: str | None) -> list[TiebreakDecided]:
    """The --ranking option as a division-wide 'ranking' decision, in the division's ids."""
    if not ranking:
        return []
    ids = {label: team for team, label in division.team_labels.items()}
    names = [name.strip() for name in ranking.split(",") if name.strip()]
    unknown = [name for name in names if name not in ids]
    if unknown:
        raise typer.BadParameter(
            f"unknown team(s) {', '.join(map(repr, unknown))}", param_hint="--ranking"
        )
    teams = list(dict.fromkeys(ids[name] for name in names))
    if len(teams) < 2:
        raise typer.BadParameter("name at least two teams", param_hint="--ranking")
    return [
        TiebreakDecided(
            event_id=uuid.uuid5(uuid.NAMESPACE_URL, ranking),
            tournament_id=division.definition.tournament_id,
            occurred_at=division.definition.occurred_at,
            source="command line",
            division_id=division.definition.division_id,
            method="ranking",
            ranking=teams,
        )
    ]


def _tables(division: OfflineDivision, rules: str | None, extra: list[TiebreakDecided]) -> Any:
    chosen = profile(rules) if rules else None
    return compute_division(
        division.definition, division.games, [*division.events, *extra], version=0, rules=chosen
    )


def _group_json(division: OfflineDivision, table: GroupTable) -> dict[str, Any]:
    team = division.team_labels
    return {
        "group": division.group_labels.get(table.group_id, table.group_id),
        "table": [
            {
                "rank": row.rank,
                "team": team.get(row.team_id, row.team_id),
                "played": row.played,
                "won": row.won,
                "drawn": row.drawn,
                "lost": row.lost,
                "goals_for": row.goals_for,
                "goals_against": row.goals_against,
                "points": row.points,
                "decided_by": row.decided_by,
            }
            for row in table.rows
        ],
        "unresolved": [[team.get(t, t) for t in tie] for tie in table.unresolved],
    }


def _print(console: Console, division: OfflineDivision, table: GroupTable) -> None:
    data = _group_json(division, table)
    view = Table(title=str(data["group"]), title_justify="left")
    for heading in ("#", "Team", "P", "W", "D", "L", "GF", "GA", "Pts", "Decided by"):
        view.add_column(heading, justify="left" if heading in ("Team", "Decided by") else "right")
    for row in data["table"]:
        view.add_row(
            *(str(row[key]) for key in ("rank", "team", "played", "won", "drawn", "lost")),
            *(str(row[key]) for key in ("goals_for", "goals_against", "points")),
            row["decided_by"] or "unresolved",
        )
    console.print(view)
    for tie in data["unresolved"]:
        console.print(f"Unresolved tie: {', '.join(tie)} (needs a posted decision)")
