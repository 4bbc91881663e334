"""Put a set of accepted events into the one order the rulebook counts in.

The rules must give the same answer whatever order the events arrived in and however often
each was delivered. Rather than trying to make every step commutative, the evaluation first
turns the events into a *set* (by event id) and then into a canonical timeline laid on the
schedule, not on arrival: a game's lineups and cards sit at its scheduled start, its result at
its scheduled end (a result counts when the game is over, so a person whose suspension is
served by a game at 09:00-10:00 may not yet appear in another team's game kicking off at 09:30,
but may in one kicking off at 10:00). Inside an instant, ties are broken by `Phase`, then game
id, minute, field time and event id. Committee rulings find their place from what they are
about: an extension sits right after the send-off it extends, an expulsion at the moment it
was ruled. A fold over that timeline is then a pure function of the set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from schemas.base import utc_sort_key
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
    GameEvent,
    GameTerminated,
    HeadInjuryRemoval,
    LineupSubmitted,
    ScoreCorrected,
    ScoreReported,
    ShootoutResult,
)
from services.discipline.context import DisciplineContext
from services.discipline.problems import (
    DisciplineProblem,
    NothingToExtend,
    OtherTournament,
    UnknownGame,
)

RESULTS = (
    ScoreReported,
    ForfeitDeclared,
    GameAbandoned,
    GameTerminated,
    ScoreCorrected,
    ShootoutResult,
)
GAME_EVENTS = (LineupSubmitted, CardIssued, HeadInjuryRemoval, *RESULTS)
RULINGS = (
    SuspensionExtended,
    PersonExpelled,
    TeamDisqualification,
    IneligibilityConfirmed,
    IneligibilityDismissed,
)
#: The committee's decisions about one alert (person, game, team).
ALERT_RULINGS = (IneligibilityConfirmed, IneligibilityDismissed)
SEND_OFF_CARDS = frozenset({"red", "second_yellow", "ejection"})


class Phase(IntEnum):
    """What comes first among steps at the same instant.

    A game that ends at an instant counts before a game that starts at it (back-to-back games),
    an expulsion applies to games starting when it is ruled, lineups precede the cards of their
    game, and an extension follows the send-off it extends.
    """

    RESULT = 0
    EXPULSION = 1
    LINEUP = 2
    INCIDENT = 3
    RULING = 4


@dataclass(frozen=True)
class Extension:
    """A committee extension, tied to the send-off (person, game) it extends."""

    ruling: SuspensionExtended
    game_id: str


@dataclass
class Timeline:
    """The events of one tournament, deduplicated and in canonical order."""

    steps: list[Any] = field(default_factory=list)
    by_game: dict[str, list[GameEvent]] = field(default_factory=dict)
    game_teams: dict[str, set[str]] = field(default_factory=dict)
    confirmations: list[IneligibilityConfirmed] = field(default_factory=list)
    dismissals: list[IneligibilityDismissed] = field(default_factory=list)
    disqualifications: list[TeamDisqualification] = field(default_factory=list)
    problems: list[DisciplineProblem] = field(default_factory=list)


def is_result(event: object) -> bool:
    """A result completes (or awards) a game; a live score does not."""
    if isinstance(event, ScoreReported):
        return event.status == "final"
    return isinstance(event, RESULTS)


def sends_off(card: CardIssued, yellows_in_game: int) -> bool:
    """A red, second-yellow or ejection card, or (counting this card) a second yellow card for
    the same person in the same game: FIFA's sending-off, the rulebook's ejection."""
    return card.card in SEND_OFF_CARDS or yellows_in_game >= 2


def people_concerned(event: object) -> frozenset[str]:
    """The people whose discipline record an event can change: the key(s) a worker re-keys by.

    A lineup concerns everyone on it, a card or head-injury removal its person, a ruling about
    a person that person; results and team rulings concern no one in particular (they change
    records only through the schedule, so a worker keeps them per tournament).
    """
    if isinstance(event, LineupSubmitted):
        return frozenset(member.person_id for member in event.members)
    person = getattr(event, "person_id", None)
    if isinstance(event, (CardIssued, HeadInjuryRemoval, *RULINGS)) and person is not None:
        return frozenset({person})
    return frozenset()


def _phase(event: GameEvent) -> Phase:
    if isinstance(event, LineupSubmitted):
        return Phase.LINEUP
    if isinstance(event, CardIssued | HeadInjuryRemoval):
        return Phase.INCIDENT
    return Phase.RESULT


def _minute(event: object) -> int:
    minute = getattr(event, "minute", None)
    return -1 if minute is None else minute


def arrange(context: DisciplineContext, events: Iterable[object]) -> Timeline:
    """The canonical timeline of the relevant events (others are ignored)."""
    timeline = Timeline()
    unique = {e.identity: e for e in events if isinstance(e, GAME_EVENTS + RULINGS)}
    keyed: list[tuple[tuple[Any, ...], Any]] = []
    extensions: list[SuspensionExtended] = []
    for event in sorted(unique.values(), key=lambda e: e.identity):
        if event.tournament_id != context.tournament_id:
            timeline.problems.append(
                OtherTournament(_where(event), f"belongs to tournament {event.tournament_id!r}")
            )
        elif isinstance(event, GameEvent):
            _place_game_event(context, timeline, keyed, event)
        elif isinstance(event, PersonExpelled):
            instant = utc_sort_key(event.occurred_at)
            keyed.append(((instant, Phase.EXPULSION, "", 0, 0.0, event.event_id), event))
        elif isinstance(event, SuspensionExtended):
            extensions.append(event)
        elif isinstance(event, ALERT_RULINGS):
            if event.game_id not in context.games:
                timeline.problems.append(
                    UnknownGame(_where(event), f"game {event.game_id!r} is not on the schedule")
                )
            elif isinstance(event, IneligibilityConfirmed):
                timeline.confirmations.append(event)
            else:
                timeline.dismissals.append(event)
        else:
            timeline.disqualifications.append(event)
    sent_off = _send_off_games(timeline) if extensions else {}
    for extension in extensions:
        _place_extension(
            context, timeline, keyed, extension, sent_off.get(extension.person_id, set())
        )
    keyed.sort(key=lambda pair: pair[0])
    timeline.steps = [event for _, event in keyed]
    return timeline


def _where(event: Any) -> str:
    return f"{event.type} {event.event_id}"


def _game_key(context: DisciplineContext, game_id: str) -> tuple[float, str]:
    return (context.start_keys[game_id], game_id)


def _instant(context: DisciplineContext, event: GameEvent, phase: Phase) -> float:
    """Lineups and incidents belong to a game's start, its result to its scheduled end."""
    if phase is Phase.RESULT:
        return utc_sort_key(context.games[event.game_id].end)
    return context.start_keys[event.game_id]


def _place_game_event(
    context: DisciplineContext,
    timeline: Timeline,
    keyed: list[tuple[tuple[Any, ...], Any]],
    event: GameEvent,
) -> None:
    slot = context.games.get(event.game_id)
    if slot is None:
        timeline.problems.append(
            UnknownGame(_where(event), f"game {event.game_id!r} is not on the schedule")
        )
        return
    timeline.by_game.setdefault(event.game_id, []).append(event)
    teams = timeline.game_teams.setdefault(
        event.game_id, {t for t in (slot.home_team_id, slot.away_team_id) if t is not None}
    )
    team_id = getattr(event, "team_id", None)
    if team_id is not None:
        teams.add(team_id)
    if isinstance(event, HeadInjuryRemoval):
        return
    phase = _phase(event)
    within = (_minute(event), utc_sort_key(event.occurred_at), event.event_id)
    keyed.append(((_instant(context, event, phase), phase, event.game_id, *within), event))


def _send_off_games(timeline: Timeline) -> dict[str, set[str]]:
    """Person -> the games in which they were sent off (red, second yellow, two yellows)."""
    yellows: dict[tuple[str, str], int] = defaultdict(int)
    sent_off: dict[str, set[str]] = defaultdict(set)
    for game_id, game_events in timeline.by_game.items():
        for card in game_events:
            if not isinstance(card, CardIssued):
                continue
            if card.card == "yellow":
                yellows[(card.person_id, game_id)] += 1
            if sends_off(card, yellows[(card.person_id, game_id)]):
                sent_off[card.person_id].add(game_id)
    return sent_off


def _place_extension(
    context: DisciplineContext,
    timeline: Timeline,
    keyed: list[tuple[tuple[Any, ...], Any]],
    ruling: SuspensionExtended,
    games: set[str],
) -> None:
    """Tie an extension to the send-off it extends (`games`: the person's send-off games)."""
    if ruling.game_id is not None:
        target = ruling.game_id if ruling.game_id in games else None
        missing = f"person {ruling.person_id!r} was not sent off in game {ruling.game_id!r}"
    else:
        before = [g for g in games if context.games[g].start < ruling.occurred_at]
        target = max(before, key=lambda g: _game_key(context, g)) if before else None
        missing = f"person {ruling.person_id!r} has no send-off in a game before the ruling"
    if target is None:
        timeline.problems.append(NothingToExtend(_where(ruling), missing))
        return
    key = (context.start_keys[target], Phase.RULING, target, 0, 0.0, ruling.event_id)
    keyed.append((key, Extension(ruling, target)))
