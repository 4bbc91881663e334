"""What `teams form` writes: one CSV per team and the balance report, the model's teams
beside the snake draft's on the same players."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from services.region.teams.balance import Balance, balance
from services.region.teams.formation import Formed
from services.region.teams.roster import RosterTeam

TEAM_COLUMNS = ("player", "name", "birth_date", "gender", "rating", "alliance", "coach_child")


def team_csv(formed: Formed, team: RosterTeam) -> str:
    """The team's players, best rated first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TEAM_COLUMNS)
    on_team = [p for p in formed.players if formed.assignment[p.id] == team.id]
    for p in sorted(on_team, key=lambda p: (-p.rating, p.id)):
        writer.writerow(
            (
                p.id,
                p.name,
                p.birth_date.isoformat(),
                p.gender,
                p.rating,
                "yes" if p.alliance else "",
                "yes" if p.coach_child_of == team.coach and team.coach else "",
            )
        )
    return out.getvalue()


def balance_report(formed: Sequence[Formed]) -> str:
    """A Markdown table: per division, each spread for the model and for the snake draft."""
    lines = [
        "| division | players | teams | solve | sizes | rating totals (model; snake spread) "
        "| top-rated spread (model / snake) | Alliance spread | gender spread |",
        "| --- | ---: | ---: | --- | --- | --- | --- | --- | --- |",
    ]
    for f in formed:
        model = balance(f.players, f.teams, f.assignment)
        snake = balance(f.players, f.teams, f.snake)
        lines.append(
            f"| {f.division} | {len(f.players)} | {len(f.teams)} | {f.status} "
            f"| {model.sizes.lowest}-{model.sizes.highest} "
            f"| {model.rating_totals}; {snake.rating_totals.spread} "
            f"| {model.top_rated.spread} / {snake.top_rated.spread} "
            f"| {model.alliance.spread} / {snake.alliance.spread} "
            f"| {_genders(model)} / {_genders(snake)} |"
        )
    return "\n".join(lines) + "\n"


def _genders(figures: Balance) -> str:
    if not figures.genders:
        return "-"
    return ", ".join(f"{g} {s.spread}" for g, s in figures.genders.items())
