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
from schemas.standings import GroupTable, StandingsSnapshot
from services.input_problem import InputError
from services.standings.offline import OfflineDivision, load
from services.standings.profiles import DEFAULT_PROFILE, PROFILES, profile
from services.standings.rules import compute_division

app = typer.Typer(help="Group tables, tiebreakers and brackets.", no_args_is_help=True)


class OutputFormat(StrEnum):
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
    output: Annotated[
        OutputFormat, typer.Option("--format", help="json or table.")
    ] = OutputFormat.table,
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
    for division in divisions:
        for line in division.not_counted:
            typer.echo(f"{input_file}: {line}; it does not count", err=True)
    computed = [
        (division, _tables(division, rules, _ranking(division, ranking))) for division in divisions
    ]
    if output is OutputFormat.json:
        document = {
            "groups": [
                _group_json(division, table)
                for division, snapshot in computed
                for table in snapshot.groups
            ],
            "divisions": [_division_json(division, snapshot) for division, snapshot in computed],
        }
        typer.echo(json.dumps(document, indent=2))
    else:
        console = Console()
        for division, snapshot in computed:
            for table in snapshot.groups:
                _print(console, division, table)
            _print_qualifiers(console, division, snapshot)


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


def _tables(
    division: OfflineDivision, rules: str | None, extra: list[TiebreakDecided]
) -> StandingsSnapshot:
    chosen = profile(rules) if rules else None
    return compute_division(
        division.definition, division.games, [*division.events, *extra], version=0, rules=chosen
    )


def _division_json(division: OfflineDivision, snapshot: StandingsSnapshot) -> dict[str, Any]:
    """What the live snapshot says beyond the tables: who qualified and the bracket."""
    team = division.team_labels
    return {
        "division": snapshot.division_id,
        "division_winners": [team.get(t, t) for t in snapshot.division_winners],
        "wild_cards": [team.get(t, t) for t in snapshot.wild_cards],
        "seeds": [team.get(t, t) for t in snapshot.seeds],
        "bracket": [game.model_dump(mode="json") for game in snapshot.bracket],
    }


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
                "forfeited": row.forfeited,
                "disqualified": row.disqualified,
            }
            for row in table.rows
        ],
        "unresolved": [[team.get(t, t) for t in tie] for tie in table.unresolved],
        "complete": table.complete,
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


def _print_qualifiers(
    console: Console, division: OfflineDivision, snapshot: StandingsSnapshot
) -> None:
    data = _division_json(division, snapshot)
    titles = {"division_winners": "Division winners", "wild_cards": "Wild cards", "seeds": "Seeds"}
    for key, title in titles.items():
        if data[key]:
            console.print(f"{title}: {', '.join(data[key])}")
    for game in snapshot.bracket:
        score = "" if game.home_goals is None else f" {game.home_goals}-{game.away_goals}"
        console.print(f"{game.round} {game.game_id}: {game.home_label} v {game.away_label}{score}")
