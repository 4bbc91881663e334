"""The demo: a sample Alliance Cup tournament scheduled by the real scheduler, and a
simulated match day posted over HTTP.

`examples/alliance-cup-live.yaml` is one division (U12 Boys), one group of four teams on two
fields: a round robin on Saturday, semi-finals and the final on Sunday. The match day posts
what field apps would, in field-time order, both fields at once: lineups, the kick-off,
goals, half-time, cards, final scores, and a shoot-out after a drawn semi-final. One game
kicks off late, so the pages and the venue screen show its field running late until the
field catches up. The gateway runs on the events' clock (`TOUCHLINE_CLOCK=events`), so the
simulated day's times are "now" for the pages.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel

from schemas.match import (
    CardIssued,
    LineupMember,
    LineupSubmitted,
    ScoreReported,
    ShootoutResult,
)
from schemas.roster import RosterPlayer, RosterStaff, RosterSubmitted
from schemas.schedule import DivisionDefined, GameScheduled, GameSlot
from services.scheduler.events import schedule_events
from services.scheduler.loader import load_tournament
from services.scheduler.solve import Options, solve

EXAMPLE = Path(__file__).parents[1] / "examples" / "alliance-cup-live.yaml"
TOURNAMENT = "alliance-cup-demo"
#: How late the first game of Saturday's second round on the first field kicks off.
LATE_KICK_OFF = timedelta(minutes=15)
HALF_TIME = timedelta(minutes=5)
#: The field whose app the demo prints, signed in with its own field code.
FIELD = "C1"


def sample_schedule(time_limit: float = 5.0, tournament_id: str = TOURNAMENT) -> list[BaseModel]:
    """The sample tournament's division and games, as the scheduler publishes them."""
    tournament = load_tournament(EXAMPLE)
    solution = solve(tournament, Options(time_limit=time_limit))
    return list(schedule_events(tournament, solution.schedule, tournament_id=tournament_id))


def _envelope(source: str, occurred_at: Any, tournament_id: str = TOURNAMENT) -> dict[str, Any]:
    return {
        "event_id": uuid.uuid4(),
        "tournament_id": tournament_id,
        "occurred_at": occurred_at,
        "source": source,
    }


def _lineup(game: GameSlot, team: str, name: str, tournament_id: str) -> LineupSubmitted:
    members = [LineupMember(person_id=f"{team}-COACH", name=f"{name} coach", role="coach")]
    members += [
        LineupMember(person_id=f"{team}-P{n}", name=f"{name} player {n}", shirt_number=n)
        for n in range(1, 12)
    ]
    return LineupSubmitted(
        **_envelope("field-app", game.start - timedelta(minutes=15), tournament_id),
        division_id=game.division_id,
        game_id=game.game_id,
        team_id=team,
        members=members,
    )


def for_you(schedule: list[BaseModel], field_id: str = FIELD) -> GameSlot:
    """The game left for the newcomer to enter in the field app: the field's last group
    game (a playoff's teams come from the bracket, which this game completes)."""
    games = [item.game for item in schedule if isinstance(item, GameScheduled)]
    mine = (g for g in games if g.field_id == field_id and g.stage == "group")
    return max(mine, key=lambda g: g.start)


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


def shifted_tournament_file(shift: timedelta, out: Path) -> bool:
    """Write the demo's tournament file with its days and opening hours moved by `shift`
    (what `kick_off_soon` moved the schedule by), so the director's console replans the
    moved schedule with the file's rules. False, and nothing written, when a moved window
    would cross midnight (a window is a stretch of one day): then there is no replan."""
    tournament = load_tournament(EXAMPLE)
    zone = ZoneInfo(tournament.timezone)
    data = yaml.safe_load(EXAMPLE.read_text())
    dates: dict[str, date] = {}
    for field in data["fields"]:
        for day_id, hours in field["open"].items():
            moved = []
            for text in hours if isinstance(hours, list) else [hours]:
                start, end = (
                    (tournament.moment(day_id, _minutes(part)) + shift).astimezone(zone)
                    for part in text.split("-")
                )
                if (
                    start.date() != end.date()
                    or dates.setdefault(day_id, start.date()) != start.date()
                ):
                    return False
                moved.append(f"{start:%H:%M}-{end:%H:%M}")
            field["open"][day_id] = moved
    for day in data["days"]:
        noon = (tournament.moment(day["id"], 12 * 60) + shift).astimezone(zone).date()
        day["date"] = dates.get(day["id"], noon).isoformat()
    out.write_text(yaml.safe_dump(data, sort_keys=False))
    return True


def _minutes(clock_text: str) -> int:
    hours, minutes = clock_text.strip().split(":")
    return int(hours) * 60 + int(minutes)


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
    """Every event of the match day in field-time order, both fields at once; none for the
    game `skip` (the newcomer's)."""
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
    starts = sorted({slot.start for slot in slots})
    late = next(s for s in slots if s.start == starts[1]).game_id if len(starts) > 1 else None
    events: list[Any] = []
    for slot in slots:
        if slot.game_id == skip:
            continue
        delay = LATE_KICK_OFF if slot.game_id == late else timedelta(0)
        events += _game(slot, names, rng, delay, tournament_id=_tournament_of(schedule))
    yield from sorted(events, key=lambda e: e.occurred_at)


def _tournament_of(schedule: list[BaseModel]) -> str:
    return next(
        (e.tournament_id for e in schedule if isinstance(e, GameScheduled)),  # type: ignore[attr-defined]
        TOURNAMENT,
    )


def _game(
    slot: GameSlot,
    names: dict[str, str],
    rng: random.Random,
    delay: timedelta,
    tournament_id: str,
) -> list[Any]:
    """One game's events: lineups (group games: the bracket fills the playoffs' teams), the
    kick-off, goals, half-time and the second half, perhaps a card, the final whistle, and a
    shoot-out when a playoff game is drawn (the second semi-final always is)."""
    kick_off = slot.start + delay
    half = (slot.end - slot.start - HALF_TIME) / 2
    source = f"field-app-{slot.field_id}"
    game = {"division_id": slot.division_id, "game_id": slot.game_id}
    sequence = iter(range(1, 1000))

    def at(minute: float) -> datetime:
        pause = HALF_TIME if minute > half.total_seconds() / 60 else timedelta(0)
        return kick_off + timedelta(minutes=minute) + pause

    def live(home: int, away: int, minute: int, period: str, when: datetime) -> ScoreReported:
        return ScoreReported(
            **_envelope(source, when, tournament_id),
            **game,
            status="live",
            sequence=next(sequence),
            minute=minute,
            period=period,  # type: ignore[arg-type]
            home_goals=home,
            away_goals=away,
        )

    halves = int(half.total_seconds() // 60)
    events: list[Any] = []
    home, away = slot.home_team_id, slot.away_team_id
    if home is not None and away is not None:
        events += [_lineup(slot, home, names[home], tournament_id)]
        events += [_lineup(slot, away, names[away], tournament_id)]
    events.append(live(0, 0, 0, "first_half", kick_off))
    drawn = slot.game_id.endswith("SF2")  # so the demo shows a shoot-out
    minutes = sorted(rng.sample(range(1, 2 * halves), 2 if drawn else rng.randint(0, 5)))
    scorers = ["home", "away"] if drawn else [rng.choice(["home", "away"]) for _ in minutes]
    goals = {"home": 0, "away": 0}
    second_half = False
    for minute, side in [*zip(minutes, scorers, strict=True), (2 * halves, "")]:
        if minute > halves and not second_half:  # the break, with the score as it stood
            events.append(live(goals["home"], goals["away"], halves, "half_time", at(halves)))
            restart = kick_off + half + HALF_TIME
            events.append(live(goals["home"], goals["away"], halves, "second_half", restart))
            second_half = True
        if side:
            goals[side] += 1
            period = "second_half" if second_half else "first_half"
            events.append(live(goals["home"], goals["away"], minute, period, at(minute)))
    if home is not None and away is not None and rng.random() < 0.5:
        team = rng.choice([home, away])
        number = rng.randint(2, 11)
        events.append(
            CardIssued(
                **_envelope(source, at(30), tournament_id),
                **game,
                team_id=team,
                person_id=f"{team}-P{number}",
                person_name=f"{names[team]} player {number}",
                shirt_number=number,
                card="yellow",
                minute=30,
            )
        )
    final_at = kick_off + (slot.end - slot.start)
    events.append(
        ScoreReported(
            **_envelope(source, final_at, tournament_id),
            **game,
            status="final",
            sequence=99,
            home_goals=goals["home"],
            away_goals=goals["away"],
        )
    )
    if slot.stage == "playoff" and goals["home"] == goals["away"]:
        events.append(
            ShootoutResult(
                **_envelope(source, final_at + timedelta(minutes=8), tournament_id),
                **game,
                home_kicks=4,
                away_kicks=3,
            )
        )
    return events
