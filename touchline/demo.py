"""The demo: a sample Alliance Cup division and a simulated match day, posted over HTTP.

One division (U12 Boys), one group of four teams, a round robin of six games on two fields.
The match day posts lineups, live scores, cards and final scores as field apps would, a few
seconds apart, so the live display visibly changes.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel

from schemas.match import CardIssued, LineupMember, LineupSubmitted, ScoreReported
from schemas.schedule import DivisionDefined, GameScheduled, GameSlot, GroupInfo, TeamInfo

TOURNAMENT = "alliance-cup-demo"
DIVISION = "U12B"
TEAMS = {
    "CSU": "Coral Springs United",
    "DBF": "Delray Beach FC",
    "BRS": "Boca Raton Strikers",
    "WPA": "West Palm Athletic",
}
DAY = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
GAME_MINUTES = 60  # U12: two 25-minute halves, halftime and turnover


def _envelope(source: str, occurred_at: datetime) -> dict[str, Any]:
    return {
        "event_id": uuid.uuid4(),
        "tournament_id": TOURNAMENT,
        "occurred_at": occurred_at,
        "source": source,
    }


def sample_schedule() -> list[BaseModel]:
    """The division definition and its six group games, two fields, 70 minutes apart."""
    definition = DivisionDefined(
        **_envelope("scheduler", DAY - timedelta(days=7)),
        division_id=DIVISION,
        name="U12 Boys Gold",
        age_group="U12",
        teams=[
            TeamInfo(team_id=t, name=n, club=n, state_association="FYSA") for t, n in TEAMS.items()
        ],
        groups=[GroupInfo(group_id="A", team_ids=list(TEAMS))],
    )
    ids = list(TEAMS)
    rounds = [[(0, 1), (2, 3)], [(0, 2), (1, 3)], [(0, 3), (1, 2)]]
    games: list[BaseModel] = [definition]
    for number, (home, away) in enumerate(p for pairs in rounds for p in pairs):
        start = DAY + timedelta(minutes=70 * (number // 2))
        slot = GameSlot(
            game_id=f"{DIVISION}-G{number + 1}",
            division_id=DIVISION,
            group_id="A",
            home_team_id=ids[home],
            away_team_id=ids[away],
            field_id=f"F{number % 2 + 1}",
            venue_id="central-park",
            start=start,
            end=start + timedelta(minutes=GAME_MINUTES),
        )
        games.append(GameScheduled(**_envelope("scheduler", DAY - timedelta(days=7)), game=slot))
    return games


def _lineup(game: GameSlot, team: str, at: datetime) -> LineupSubmitted:
    members = [LineupMember(person_id=f"{team}-COACH", name=f"{TEAMS[team]} coach", role="coach")]
    members += [
        LineupMember(person_id=f"{team}-P{n}", name=f"{team} player {n}", shirt_number=n)
        for n in range(1, 12)
    ]
    return LineupSubmitted(
        **_envelope("field-app", at),
        division_id=DIVISION,
        game_id=game.game_id,
        team_id=team,
        members=members,
    )


def match_day(schedule: list[BaseModel], seed: int = 2026) -> Iterator[BaseModel]:
    """Every event of the match day in posting order: lineups, live scores, cards, finals."""
    rng = random.Random(seed)
    for slot in (item.game for item in schedule if isinstance(item, GameScheduled)):
        home, away = slot.home_team_id, slot.away_team_id
        assert home is not None and away is not None
        source = f"field-app-{slot.field_id}"
        yield _lineup(slot, home, slot.start - timedelta(minutes=15))
        yield _lineup(slot, away, slot.start - timedelta(minutes=15))
        goals = {"home": 0, "away": 0}
        for sequence, minute in enumerate(sorted(rng.sample(range(1, 50), rng.randint(0, 5))), 1):
            goals[rng.choice(["home", "away"])] += 1
            yield ScoreReported(
                **_envelope(source, slot.start + timedelta(minutes=minute)),
                division_id=DIVISION,
                game_id=slot.game_id,
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
                division_id=DIVISION,
                game_id=slot.game_id,
                team_id=team,
                person_id=f"{team}-P{number}",
                person_name=f"{team} player {number}",
                shirt_number=number,
                card="yellow",
                minute=30,
            )
        yield ScoreReported(
            **_envelope(source, slot.end),
            division_id=DIVISION,
            game_id=slot.game_id,
            status="final",
            sequence=99,
            home_goals=goals["home"],
            away_goals=goals["away"],
        )
