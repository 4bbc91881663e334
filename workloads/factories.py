"""Builders for events in tests: valid defaults, so a test states only what it is about."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from schemas.discipline import (
    IneligibilityConfirmed,
    IneligibilityDismissed,
    PersonExpelled,
    SuspensionExtended,
    TeamDisqualification,
)
from schemas.match import (
    CardIssued,
    ForfeitDeclared,
    GameAbandoned,
    GameTerminated,
    HeadInjuryRemoval,
    LineupMember,
    LineupSubmitted,
    QuarterLineup,
    ScoreCorrected,
    ScoreReported,
    ShootoutResult,
    TeamDisqualified,
    TiebreakDecided,
)
from schemas.roster import RosterPlayer, RosterStaff, RosterSubmitted
from schemas.schedule import (
    DivisionDefined,
    GameScheduled,
    GameSlot,
    GroupInfo,
    TeamInfo,
    TeamSource,
)
from services.discipline.config import DisciplineConfig
from services.discipline.context import DisciplineContext

TOURNAMENT = "alliance-cup-2026"
KICKOFF = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def envelope(**overrides: Any) -> dict[str, Any]:
    """The fields every event needs, with fresh ids."""
    return {
        "event_id": uuid.uuid4(),
        "tournament_id": TOURNAMENT,
        "occurred_at": KICKOFF,
        "source": "test",
    } | overrides


def division(
    division_id: str = "U12B",
    groups: dict[str, list[str]] | None = None,
    age_group: str = "U12",
    coaches: dict[str, list[str]] | None = None,
    **overrides: Any,
) -> DivisionDefined:
    """A division with one group of four teams unless told otherwise (`coaches`: team -> ids)."""
    groups = groups or {"A": ["T1", "T2", "T3", "T4"]}
    coaches = coaches or {}
    teams = [
        TeamInfo(
            team_id=team,
            name=f"Team {team}",
            club=f"Club {team}",
            state_association=f"SA {team}",
            coach_ids=coaches.get(team, []),
        )
        for members in groups.values()
        for team in members
    ]
    return DivisionDefined(
        **envelope(source="scheduler"),
        division_id=division_id,
        name=f"{division_id} Gold",
        age_group=age_group,
        teams=teams,
        groups=[GroupInfo(group_id=g, team_ids=members) for g, members in groups.items()],
        **overrides,
    )


def round_robin(definition: DivisionDefined) -> dict[str, GameSlot]:
    """Every pairing of every group, an hour apart on one field, keyed by game id."""
    games: dict[str, GameSlot] = {}
    for group in definition.groups:
        teams = group.team_ids
        pairs = [(a, b) for i, a in enumerate(teams) for b in teams[i + 1 :]]
        for number, (home, away) in enumerate(pairs, start=1):
            game_id = f"{group.group_id}{number}"
            start = KICKOFF + timedelta(hours=len(games))
            games[game_id] = GameSlot(
                game_id=game_id,
                division_id=definition.division_id,
                group_id=group.group_id,
                home_team_id=home,
                away_team_id=away,
                field_id="F1",
                venue_id="V1",
                start=start,
                end=start + timedelta(minutes=60),
            )
    return games


def scheduled(game: GameSlot) -> GameScheduled:
    """The schedule event for a game."""
    return GameScheduled(**envelope(source="scheduler"), game=game)


def score(game: GameSlot, home: int, away: int, **overrides: Any) -> ScoreReported:
    """A final score for a game."""
    return ScoreReported(**game_fields(game, home_goals=home, away_goals=away, **overrides))


def abandoned(
    game: GameSlot, at_fault: str, home: int, away: int, **overrides: Any
) -> GameAbandoned:
    """The referee abandoned a game at this score."""
    return GameAbandoned(
        **game_fields(game, at_fault=at_fault, home_goals=home, away_goals=away, **overrides)
    )


def terminated(
    game: GameSlot, reason: str, home: int, away: int, **overrides: Any
) -> GameTerminated:
    """The referee ended a game early (mercy or weather) at this score."""
    return GameTerminated(
        **game_fields(game, reason=reason, home_goals=home, away_goals=away, **overrides)
    )


def corrected(game: GameSlot, home: int, away: int, **overrides: Any) -> ScoreCorrected:
    """The committee's correction of a game's result."""
    return ScoreCorrected(
        **game_fields(game, "committee", home_goals=home, away_goals=away, **overrides)
    )


def shootout(game: GameSlot, home: int, away: int, **overrides: Any) -> ShootoutResult:
    """Kicks from the penalty mark after a drawn playoff game."""
    return ShootoutResult(**game_fields(game, home_kicks=home, away_kicks=away, **overrides))


def decided(
    ranking: list[str], group: str | None = "A", method: str = "kicks", **overrides: Any
) -> TiebreakDecided:
    """A tie broken outside the tables (kicks, lots, an outside ranking)."""
    fields = envelope(source="committee") | {
        "division_id": "U12B",
        "group_id": group,
        "method": method,
        "ranking": ranking,
    }
    return TiebreakDecided(**(fields | overrides))


def game_fields(game: GameSlot, source: str = "field-app-1", **overrides: Any) -> dict[str, Any]:
    """The envelope and game fields of an event in `game`, at its kick-off field time."""
    return (
        envelope(source=source, occurred_at=game.start)
        | {
            "division_id": game.division_id,
            "game_id": game.game_id,
        }
        | overrides
    )


def card(
    game: GameSlot, team: str, person: str, colour: str = "red", **overrides: Any
) -> CardIssued:
    """A card shown in a game (red unless told), at kick-off field time."""
    fields = game_fields(game) | {
        "team_id": team,
        "person_id": person,
        "person_name": f"Person {person}",
        "card": colour,
    }
    return CardIssued(**(fields | overrides))


def lineup(
    game: GameSlot,
    team: str,
    people: list[str],
    staff: Sequence[str] = (),
    **overrides: Any,
) -> LineupSubmitted:
    """A game-day lineup of the given players (and coaches), at kick-off field time."""
    members = [
        LineupMember(person_id=p, name=f"Person {p}", shirt_number=n)
        for n, p in enumerate(people, start=1)
    ] + [LineupMember(person_id=c, name=f"Person {c}", role="coach") for c in staff]
    return LineupSubmitted(
        **(game_fields(game) | {"team_id": team, "members": members} | overrides)
    )


def quarter_lineup(
    game: GameSlot, team: str, quarter: int, players: list[str], **overrides: Any
) -> QuarterLineup:
    """Who of a team was on in one quarter of a 50-minute game (playing time)."""
    fields = {"team_id": team, "quarter": quarter, "game_minutes": 50, "player_ids": players}
    return QuarterLineup(**(game_fields(game) | fields | overrides))


def squad(team: str, size: int) -> list[str]:
    """Player ids P1..Pn of a team, e.g. ['T1-P1', 'T1-P2']."""
    return [f"{team}-P{n}" for n in range(1, size + 1)]


def forfeit(
    game: GameSlot, team: str, reason: str = "forfeit", **overrides: Any
) -> ForfeitDeclared:
    """A team forfeits a game (give home_goals/away_goals for a forfeit in progress)."""
    fields = game_fields(game) | {"forfeiting_team_id": team, "reason": reason}
    return ForfeitDeclared(**(fields | overrides))


def head_injury(
    game: GameSlot, team: str, person: str, minute: int | None = None, **overrides: Any
) -> HeadInjuryRemoval:
    """A head-injury removal."""
    fields = game_fields(game) | {"team_id": team, "person_id": person, "minute": minute}
    return HeadInjuryRemoval(**(fields | overrides))


def extension(person: str, extra: int, **overrides: Any) -> SuspensionExtended:
    """A committee extension of a person's suspension."""
    fields = envelope(source="committee") | {"person_id": person, "extra_games": extra}
    return SuspensionExtended(**(fields | overrides))


def expulsion(person: str, **overrides: Any) -> PersonExpelled:
    """A committee expulsion."""
    return PersonExpelled(**(envelope(source="committee") | {"person_id": person} | overrides))


def disqualification(division_id: str, team: str, **overrides: Any) -> TeamDisqualification:
    """A committee team disqualification."""
    fields = envelope(source="committee") | {"division_id": division_id, "team_id": team}
    return TeamDisqualification(**(fields | overrides))


def confirmation(
    game: GameSlot, team: str, person: str, **overrides: Any
) -> IneligibilityConfirmed:
    """The committee confirms an ineligible participation."""
    return IneligibilityConfirmed(**(_alert_ruling(game, team, person) | overrides))


def dismissal(game: GameSlot, team: str, person: str, **overrides: Any) -> IneligibilityDismissed:
    """The committee dismisses an ineligible-participation alert."""
    return IneligibilityDismissed(**(_alert_ruling(game, team, person) | overrides))


def _alert_ruling(game: GameSlot, team: str, person: str) -> dict[str, Any]:
    return envelope(source="committee") | {
        "division_id": game.division_id,
        "game_id": game.game_id,
        "team_id": team,
        "person_id": person,
    }


def roster(
    team: str,
    players: Sequence[str | RosterPlayer],
    staff: Sequence[str] = (),
    birth_year: int = 2009,
    **overrides: Any,
) -> RosterSubmitted:
    """A U12 roster; players given by id are born in `birth_year` (U11 in 2020), no guests."""
    fields = envelope(source="registration") | {
        "division_id": "U12B",
        "team_id": team,
        "team_name": f"Team {team}",
        "age_group": "U12",
        "club": f"Club {team}",
        "players": [
            p
            if isinstance(p, RosterPlayer)
            else RosterPlayer(
                person_id=p, name=f"Person {p}", birth_date=date(birth_year, 3, 1), shirt_number=n
            )
            for n, p in enumerate(players, start=1)
        ],
        "staff": [RosterStaff(person_id=c, name=f"Person {c}") for c in staff],
    }
    return RosterSubmitted(**(fields | overrides))


def discipline_context(
    definition: DivisionDefined | None = None,
    rosters: Sequence[RosterSubmitted] = (),
    config: DisciplineConfig | None = None,
) -> tuple[DisciplineContext, dict[str, GameSlot]]:
    """A tournament of one division (U12, group A of T1-T4 unless told) and its round robin.

    Games A1..A6 start an hour apart from 09:00: A1 T1-T2, A2 T1-T3, A3 T1-T4, A4 T2-T3,
    A5 T2-T4, A6 T3-T4.
    """
    definition = definition or division()
    games = round_robin(definition)
    context = DisciplineContext.build(
        TOURNAMENT, [definition], games.values(), rosters, config or DisciplineConfig()
    )
    return context, games


def disqualified(team: str, division_id: str = "U12B", **overrides: Any) -> TeamDisqualified:
    """The committee disqualifies a team."""
    fields = envelope(source="committee") | {"division_id": division_id, "team_id": team}
    return TeamDisqualified(**(fields | overrides))


def playoff(
    game_id: str,
    home: TeamSource | str,
    away: TeamSource | str,
    *,
    hours_after_kickoff: int = 100,
    round: str = "semifinal",
    division_id: str = "U12B",
) -> GameSlot:
    """A playoff game whose sides are team ids or placeholders."""
    start = KICKOFF + timedelta(hours=hours_after_kickoff)
    sides: dict[str, Any] = {}
    for side, value in (("home", home), ("away", away)):
        key = f"{side}_source" if isinstance(value, TeamSource) else f"{side}_team_id"
        sides[key] = value
    return GameSlot(
        game_id=game_id,
        division_id=division_id,
        stage="playoff",
        round=round,
        field_id="F1",
        venue_id="V1",
        start=start,
        end=start + timedelta(minutes=60),
        **sides,
    )


def group_winner(group: str, position: int = 1) -> TeamSource:
    """The placeholder 'Winner Group A' (or another position)."""
    return TeamSource(kind="group_position", group_id=group, position=position)


def wild_card(position: int) -> TeamSource:
    """The placeholder 'Wild card n'."""
    return TeamSource(kind="wild_card", position=position)


def seed(position: int) -> TeamSource:
    """The placeholder 'Seed n'."""
    return TeamSource(kind="seed", position=position)


def semis_and_final(
    sf1: tuple[TeamSource, TeamSource],
    sf2: tuple[TeamSource, TeamSource],
    *,
    third_place: bool = False,
) -> dict[str, GameSlot]:
    """Semifinals SF1 and SF2, the final F of their winners and, with `third_place`, the
    third-place game P3 of their losers, by game id."""
    slots = [
        playoff("SF1", *sf1),
        playoff("SF2", *sf2),
        playoff("F", winner_of("SF1"), winner_of("SF2"), round="final", hours_after_kickoff=200),
    ]
    if third_place:
        slots.append(
            playoff(
                "P3",
                loser_of("SF1"),
                loser_of("SF2"),
                round="third place",
                hours_after_kickoff=199,
            )
        )
    return {slot.game_id: slot for slot in slots}


def winner_of(game_id: str) -> TeamSource:
    """The placeholder 'Winner SF1'."""
    return TeamSource(kind="winner", game_id=game_id)


def loser_of(game_id: str) -> TeamSource:
    """The placeholder 'Loser SF1'."""
    return TeamSource(kind="loser", game_id=game_id)
