"""The demo: the sample Alliance Cup tournament scheduled by the real scheduler, and a
simulated match day posted over HTTP.

`examples/alliance-cup-demo.yaml` is one division (U12 Boys), one group of four teams, a round
robin of six games on two fields. The match day posts lineups, live scores, cards and final
scores as field apps would, a few seconds apart, so the live display visibly changes.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from schemas.match import CardIssued, LineupMember, LineupSubmitted, ScoreReported
from schemas.roster import RosterPlayer, RosterStaff, RosterSubmitted
from schemas.schedule import DivisionDefined, GameScheduled, GameSlot
from services.scheduler.events import schedule_events
from services.scheduler.loader import load_tournament
from services.scheduler.solve import Options, solve

EXAMPLE = Path(__file__).parents[1] / "examples" / "alliance-cup-demo.yaml"
TOURNAMENT = "alliance-cup-demo"
#: The field whose app the demo prints, with one game left on it to enter by hand.
FIELD = "C1"


def sample_schedule(time_limit: float = 5.0) -> list[BaseModel]:
    """The sample tournament's division and games, as the scheduler publishes them."""
    tournament = load_tournament(EXAMPLE)
    solution = solve(tournament, Options(time_limit=time_limit))
    return list(schedule_events(tournament, solution.schedule, tournament_id=tournament.id))


def _envelope(source: str, occurred_at: Any) -> dict[str, Any]:
    return {
        "event_id": uuid.uuid4(),
        "tournament_id": TOURNAMENT,
        "occurred_at": occurred_at,
        "source": source,
    }


def _lineup(game: GameSlot, team: str, name: str) -> LineupSubmitted:
    members = [LineupMember(person_id=f"{team}-COACH", name=f"{name} coach", role="coach")]
    members += [
        LineupMember(person_id=f"{team}-P{n}", name=f"{name} player {n}", shirt_number=n)
        for n in range(1, 12)
    ]
    return LineupSubmitted(
        **_envelope("field-app", game.start - timedelta(minutes=15)),
        division_id=game.division_id,
        game_id=game.game_id,
        team_id=team,
        members=members,
    )


def for_you(schedule: list[BaseModel], field_id: str = FIELD) -> GameSlot:
    """The game left for the newcomer to enter in the field app: the field's last."""
    games = [item.game for item in schedule if isinstance(item, GameScheduled)]
    return max((g for g in games if g.field_id == field_id), key=lambda g: g.start)


def kick_off_soon(schedule: list[BaseModel], now: datetime) -> list[BaseModel]:
    """The schedule moved so that the newcomer's game kicks off at the next quarter hour:
    a lineup entered now is then in time (one after kick-off plus grace is a forfeit)."""
    mine = for_you(schedule)
    soon = now.replace(second=0, microsecond=0) + timedelta(minutes=15 - now.minute % 15)
    shift = soon - mine.start
    moved: list[BaseModel] = []
    for item in schedule:
        if isinstance(item, GameScheduled):
            game = item.game.model_copy(
                update={"start": item.game.start + shift, "end": item.game.end + shift}
            )
            item = item.model_copy(update={"game": game})
        moved.append(item)
    return moved


def rosters(schedule: list[BaseModel]) -> list[RosterSubmitted]:
    """Each team's registered roster: the coach and eleven players the lineups name."""
    out = []
    for item in schedule:
        if not isinstance(item, DivisionDefined):
            continue
        for team in item.teams:
            players = [
                RosterPlayer(
                    person_id=f"{team.team_id}-P{n}",
                    name=f"{team.name} player {n}",
                    birth_date=date(2014, 1 + n, 1),
                    shirt_number=n,
                )
                for n in range(1, 12)
            ]
            coach = RosterStaff(person_id=f"{team.team_id}-COACH", name=f"{team.name} coach")
            out.append(
                RosterSubmitted(
                    **_envelope("registration", item.occurred_at),
                    division_id=item.division_id,
                    team_id=team.team_id,
                    team_name=team.name,
                    age_group=item.age_group,
                    club=team.club,
                    players=players,
                    staff=[coach],
                )
            )
    return out


def match_day(
    schedule: list[BaseModel], seed: int = 2026, skip: str | None = None
) -> Iterator[BaseModel]:
    """Every event of the match day in posting order: lineups, live scores, cards, finals;
    none for the game `skip` (the newcomer's)."""
    rng = random.Random(seed)
    names = {
        team.team_id: team.name
        for item in schedule
        if isinstance(item, DivisionDefined)
        for team in item.teams
    }
    slots = sorted(
        (item.game for item in schedule if isinstance(item, GameScheduled)),
        key=lambda g: (g.start, g.field_id),
    )
    for slot in slots:
        if slot.game_id == skip:
            continue
        home, away = slot.home_team_id, slot.away_team_id
        assert home is not None and away is not None
        source = f"field-app-{slot.field_id}"
        game = {"division_id": slot.division_id, "game_id": slot.game_id}
        yield _lineup(slot, home, names[home])
        yield _lineup(slot, away, names[away])
        goals = {"home": 0, "away": 0}
        for sequence, minute in enumerate(sorted(rng.sample(range(1, 50), rng.randint(0, 5))), 1):
            goals[rng.choice(["home", "away"])] += 1
            yield ScoreReported(
                **_envelope(source, slot.start + timedelta(minutes=minute)),
                **game,
                status="live",
                sequence=sequence,
                minute=minute,
                home_goals=goals["home"],
                away_goals=goals["away"],
            )
        if rng.random() < 0.5:
            team = rng.choice([home, away])
            number = rng.randint(2, 11)
            yield CardIssued(
                **_envelope(source, slot.start + timedelta(minutes=30)),
                **game,
                team_id=team,
                person_id=f"{team}-P{number}",
                person_name=f"{names[team]} player {number}",
                shirt_number=number,
                card="yellow",
                minute=30,
            )
        yield ScoreReported(
            **_envelope(source, slot.end),
            **game,
            status="final",
            sequence=99,
            home_goals=goals["home"],
            away_goals=goals["away"],
        )
