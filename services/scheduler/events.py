"""The schedule as the project's events: one `DivisionDefined` per division, then one
`GameScheduled` per game, ready for the `schedule` topic.

Pure and deterministic: event ids are uuid5 of the tournament, the game (or division) and a
hash of the content, so publishing the same schedule twice sends the same ids (consumers drop
the repeats), while a moved game gets a new id and wins as the latest event for its game id.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import TypeVar

from schemas.base import Envelope
from schemas.schedule import (
    DivisionDefined,
    GameScheduled,
    GameSlot,
    GeoPoint,
    GroupInfo,
    PlayoffFormat,
    TeamInfo,
)
from services.scheduler.games import Game, tournament_games
from services.scheduler.placement import Schedule
from services.scheduler.tournament import Division, Tournament

NAMESPACE = uuid.UUID("8f0c5a56-3f0e-5d1e-9a51-5c8e0c7b2a10")
UNSET = uuid.UUID(int=0)
E = TypeVar("E", bound=Envelope)


def with_id(event: E, subject: str) -> E:
    """The event with its deterministic id: tournament, subject and a hash of the content."""
    content = event.model_dump_json(exclude={"event_id", "occurred_at", "source", "producer"})
    digest = hashlib.sha256(content.encode()).hexdigest()
    event_id = uuid.uuid5(NAMESPACE, f"{event.tournament_id}/{subject}/{digest}")
    return event.model_copy(update={"event_id": event_id})


def _playoff(division: Division, games: list[Game]) -> PlayoffFormat:
    """Division winners only, or seeding when runners-up (or lower) also qualify; winners and
    wild cards (the best of the rest across the division) when a seat is a wild card."""
    sources = [
        source
        for game in games
        if game.division == division.id
        for source in (game.home_source, game.away_source)
        if source is not None
    ]
    wild_cards = {source.position for source in sources if source.kind == "wild_card"}
    if wild_cards:
        return PlayoffFormat(
            format="division_winners", qualifiers=len(division.groups) + len(wild_cards)
        )
    seats = {
        (source.group_id, source.position) for source in sources if source.kind == "group_position"
    }
    if not seats:
        return PlayoffFormat()
    winners_only = all(position == 1 for _, position in seats)
    return PlayoffFormat(
        format="division_winners" if winners_only else "seeding", qualifiers=len(seats)
    )


def schedule_events(
    tournament: Tournament,
    schedule: Schedule,
    *,
    tournament_id: str,
    source: str = "scheduler",
    occurred_at: datetime | None = None,
) -> list[DivisionDefined | GameScheduled]:
    """Every division definition, then every game in kick-off order.

    `occurred_at` defaults to the first kick-off of the tournament, so the events (and their
    ids) depend on nothing but the schedule.
    """
    games = tournament_games(tournament)
    if occurred_at is None:
        first = min(schedule.values(), key=lambda p: tournament.day_offset[p.day] + p.start)
        occurred_at = tournament.moment(first.day, first.start)
    envelope = {
        "event_id": UNSET,
        "tournament_id": tournament_id,
        "source": source,
        "occurred_at": occurred_at,
    }
    events: list[DivisionDefined | GameScheduled] = []
    for division in tournament.divisions:
        members = [t for t in tournament.teams if t.division == division.id]
        body = {
            "division_id": division.id,
            "name": division.name,
            "age_group": division.age_group,
            "half_minutes": division.half_minutes,
            "teams": [
                TeamInfo(
                    team_id=t.id,
                    name=t.name,
                    club=t.club,
                    state_association=t.state_association,
                    coach_ids=list(t.coach_ids),
                )
                for t in members
            ],
            "groups": [
                GroupInfo(group_id=g.id, team_ids=list(g.team_ids)) for g in division.groups
            ],
            "playoff": _playoff(division, games),
        }
        events.append(with_id(DivisionDefined(**envelope, **body), f"division/{division.id}"))
    by_id = {game.id: game for game in games}
    ordered = sorted(
        schedule.values(), key=lambda p: (tournament.day_offset[p.day] + p.start, p.field, p.game)
    )
    for placement in ordered:
        game = by_id[placement.game]
        field = tournament.field[placement.field]
        venue = tournament.venue[field.venue]
        slot = GameSlot(
            game_id=game.id,
            division_id=game.division,
            stage="group" if game.stage == "group" else "playoff",
            group_id=game.group,
            round=game.round,
            home_team_id=game.home,
            away_team_id=game.away,
            home_source=game.home_source,
            away_source=game.away_source,
            field_id=placement.field,
            venue_id=field.venue,
            start=tournament.moment(placement.day, placement.start),
            end=tournament.moment(placement.day, placement.end),
            field_name=field.label,
            venue_name=venue.name,
            venue_location=None
            if venue.location is None
            else GeoPoint(latitude=venue.location[0], longitude=venue.location[1]),
        )
        events.append(with_id(GameScheduled(**envelope, game=slot), f"game/{game.id}"))
    return events
