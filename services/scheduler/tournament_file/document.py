"""The whole tournament file: its sections, and the ids it declares for references."""

from __future__ import annotations

from typing import Any

from services.scheduler.tournament_file.days import DayEntry, TeamWindowEntry
from services.scheduler.tournament_file.divisions import DivisionEntry
from services.scheduler.tournament_file.places import FieldEntry, TravelEntry, VenueEntry
from services.scheduler.tournament_file.rules import RulesEntry, WeightsEntry
from services.scheduler.tournament_file.teams import CoachEntry, TeamEntry
from services.scheduler.tournament_file.values import Declared, Slug, StrictEntry, TimeZone


class TournamentEntry(StrictEntry):
    """The file's top level. Teams come from `teams`, from the CSV `teams_csv` names, or
    both; `coaches` (optional) declares every coach id a team may name."""

    id: Slug
    name: str | None = None
    timezone: TimeZone = "UTC"
    days: list[DayEntry]
    venues: list[VenueEntry]
    travel: list[TravelEntry] = []
    fields: list[FieldEntry]
    rules: RulesEntry = RulesEntry()
    weights: WeightsEntry = WeightsEntry()
    divisions: list[DivisionEntry]
    teams: list[TeamEntry] = []
    teams_csv: str | None = None
    coaches: list[CoachEntry] | None = None
    unavailable: list[TeamWindowEntry] = []
    requests: list[TeamWindowEntry] = []


def declared_ids(data: Any, csv_teams: list[dict[str, Any]], csv_read: bool) -> Declared:
    """The ids each section declares, read from the data before it is validated."""
    root = data if isinstance(data, dict) else {}

    def items(section: str) -> list[dict[str, Any]]:
        listed = root.get(section)
        return (
            [item for item in listed if isinstance(item, dict)] if isinstance(listed, list) else []
        )

    def ids(section: str) -> list[str]:
        return [str(item.get("id")) for item in items(section)]

    teams = items("teams") + csv_teams
    members: dict[str, list[str]] = {}
    for team in teams:
        members.setdefault(str(team.get("division")), []).append(str(team.get("id")))
    return Declared(
        days=set(ids("days")),
        venues=set(ids("venues")),
        divisions=set(ids("divisions")),
        teams={str(team.get("id")) for team in teams},
        coaches=set(ids("coaches")) if isinstance(root.get("coaches"), list) else None,
        members=members,
        division_of={str(team.get("id")): str(team.get("division")) for team in teams},
        teams_complete=csv_read,
    )
