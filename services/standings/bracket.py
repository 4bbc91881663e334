"""Fill the playoff bracket from its placeholders and advance it with playoff results.

The scheduler publishes playoff games whose teams are `TeamSource` placeholders ("Winner Group
A", "Wild card 1", "Seed 2", "Winner SF1", "Loser SF2"); this module names the teams as soon as
they are known. Rules applied:

- Seeds and wild cards of the first round are seated by `pairing.pair_first_round`, so that
  no wild card meets its own division's winner, and no two teams of one group meet, in the
  first round when a pairing avoids it.
- "In the case of a draw at the end of regulation time in the playoff rounds, the winner will
  be determined" by kicks from the penalty mark: a drawn playoff game waits, with status
  `needs_shootout`, for a `ShootoutResult` (the latest one counts).
- Forfeits in the playoffs are 1-0 (see `results`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from schemas.schedule import GameSlot, TeamSource
from schemas.standings import BracketGame
from services.standings.game_events import DivisionEvents, newest
from services.standings.pairing import pair_first_round
from services.standings.qualification import Position, Qualification
from services.standings.results import outcome


@dataclass(frozen=True)
class BracketInputs:
    """What filling the bracket needs besides the playoff games."""

    qualification: Qualification
    group_of: Mapping[str, str]
    events: DivisionEvents
    disqualified: Collection[str]
    half_time: int


def build_bracket(
    slots: Sequence[GameSlot], inputs: BracketInputs, names: Mapping[str, str]
) -> list[BracketGame]:
    """Every playoff game, in schedule order, with the teams and results known so far."""
    ordered = sorted(slots, key=lambda slot: (slot.start, slot.game_id))
    by_id = {slot.game_id: slot for slot in ordered}
    ranked = {"seed": inputs.qualification.seeds, "wild_card": inputs.qualification.wild_cards}
    seated = pair_first_round(ordered, ranked, inputs.group_of)
    done: dict[str, BracketGame] = {}

    def team(explicit: str | None, source: TeamSource | None, visiting: frozenset[str]) -> Position:
        if explicit is not None:
            return explicit
        if source is None:
            return None
        if source.kind == "group_position":
            order = inputs.qualification.group_orders.get(source.group_id or "", [])
            return _at(order, source.position)
        if source.kind in ranked:
            seat = (source.kind, source.position or 0)
            return seated[seat] if seat in seated else _at(ranked[source.kind], source.position)
        feeder = source.game_id or ""
        if feeder not in by_id or feeder in visiting:
            return None
        game = play(by_id[feeder], visiting | {feeder})
        if game.winner_team_id is None:
            return None
        if source.kind == "winner":
            return game.winner_team_id
        return game.away_team_id if game.winner_team_id == game.home_team_id else game.home_team_id

    def play(slot: GameSlot, visiting: frozenset[str]) -> BracketGame:
        if slot.game_id not in done:
            home = team(slot.home_team_id, slot.home_source, visiting)
            away = team(slot.away_team_id, slot.away_source, visiting)
            done[slot.game_id] = _game(slot, home, away, inputs, names)
        return done[slot.game_id]

    return [play(slot, frozenset({slot.game_id})) for slot in ordered]


def _at(positions: Sequence[Position], position: int | None) -> Position:
    if position is None or not 1 <= position <= len(positions):
        return None
    return positions[position - 1]


def _label(team: Position, source: TeamSource | None, names: Mapping[str, str]) -> str:
    if team is not None:
        return names.get(team, team)
    return source.label if source is not None else "To be decided"


def _game(
    slot: GameSlot,
    home: Position,
    away: Position,
    inputs: BracketInputs,
    names: Mapping[str, str],
) -> BracketGame:
    labels = {
        "game_id": slot.game_id,
        "round": slot.round,
        "home_team_id": home,
        "away_team_id": away,
        "home_label": _label(home, slot.home_source, names),
        "away_label": _label(away, slot.away_source, names),
    }
    if home is None or away is None:
        return BracketGame(**labels, status="waiting")
    events = inputs.events.of(slot.game_id)
    result = outcome(
        slot.game_id,
        home,
        away,
        events,
        playoff=True,
        disqualified=inputs.disqualified,
        half_time=inputs.half_time,
    )
    if result is None:
        return BracketGame(**labels, status="ready")
    score = {"home_goals": result.home_goals, "away_goals": result.away_goals}
    if result.winner is not None or result.forfeited_by:
        return BracketGame(**labels, **score, winner_team_id=result.winner, status="played")
    shootout = newest(events.shootouts)
    if shootout is None:
        return BracketGame(**labels, **score, status="needs_shootout")
    winner = home if shootout.home_kicks > shootout.away_kicks else away
    return BracketGame(
        **labels,
        **score,
        home_kicks=shootout.home_kicks,
        away_kicks=shootout.away_kicks,
        winner_team_id=winner,
        status="played",
    )
