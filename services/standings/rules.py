"""Standings as a pure fold over a division's accepted events: the entry point.

No Kafka, no clock: the same definition, games and set of events always give the same
snapshot, whatever order the events arrived in and however often each was posted. The steps
live in modules named after them: `game_events` (events by game), `results` (each game's
effective result), `table` (records), `tiebreakers` (order), `qualification` (winners, wild
cards, seeds), `bracket` (playoffs); `profiles` holds the competitions' rules as data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from schemas.match import HeadInjuryRemoval, LineupSubmitted, MatchEvent, QuarterLineup
from schemas.referees import RefereesAssigned
from schemas.roster import RosterSubmitted
from schemas.schedule import DivisionDefined, GameSlot, GroupInfo
from schemas.standings import GroupTable, StandingsSnapshot, TableRow
from services.ledger import Ledger, is_live_score
from services.standings.bracket import BracketInputs, build_bracket
from services.standings.game_events import DivisionEvents, sort_events
from services.standings.profiles import RuleProfile, profile
from services.standings.qualification import GroupStanding, qualify
from services.standings.results import GameResult, half_time, outcome
from services.standings.table import Record, build_records
from services.standings.tiebreakers import Block, TieContext, order


def compute_division(
    division: DivisionDefined,
    games: Mapping[str, GameSlot],
    events: Iterable[MatchEvent],
    version: int,
    *,
    rules: RuleProfile | None = None,
) -> StandingsSnapshot:
    """The division's tables, winners, wild cards, seeds and bracket under its rule profile.

    `rules` overrides the profile named by `division.rules`; an unknown profile name raises
    `profiles.UnknownRuleProfile`.
    """
    rules = rules or profile(division.rules)
    by_game = sort_events(events)
    standings = [_group(group, games, by_game, rules, division) for group in division.groups]
    every_record = {team: rec for s in standings for team, rec in s.records.items()}
    every_game = [game for s in standings for game in s.outcomes]
    across = TieContext(rules, every_record, every_game, decisions=by_game.decisions)
    playoff_slots = [
        slot
        for slot in games.values()
        if slot.stage == "playoff" and slot.division_id == division.division_id
    ]
    qualification = qualify(
        standings,
        across,
        format=division.playoff.format,
        qualifiers=division.playoff.qualifiers,
        seed_winners=_has_seeds(playoff_slots),
    )
    names = {team.team_id: team.name for team in division.teams}
    inputs = BracketInputs(
        qualification=qualification,
        group_of={team: g.group_id for g in division.groups for team in g.team_ids},
        events=by_game,
        disqualified=by_game.disqualified,
        half_time=half_time(division),
    )
    return StandingsSnapshot(
        tournament_id=division.tournament_id,
        division_id=division.division_id,
        division_name=division.name,
        rules=rules.profile_id,
        version=version,
        groups=[_table(s, names) for s in standings],
        division_winners=[team for team in qualification.winners if team is not None],
        wild_cards=_known_prefix(qualification.wild_cards),
        seeds=_known_prefix(qualification.seeds),
        unresolved=qualification.unresolved,
        bracket=build_bracket(playoff_slots, inputs, names),
    )


def snapshot_of(
    ledger: Ledger, rules: RuleProfile | None = None, extra: Iterable[MatchEvent] = ()
) -> StandingsSnapshot | None:
    """The snapshot of a division's ledger, as the worker publishes it (None until the
    division is defined); `rules` and `extra` events are the offline command's options."""
    definition = next(iter(ledger.divisions.values()), None)
    if definition is None:
        return None
    events = [*ledger.events.values(), *extra]
    return compute_division(definition, ledger.games, events, ledger.version, rules=rules)


def _has_seeds(slots: Sequence[GameSlot]) -> bool:
    """Some playoff seat is a seed ('Seed 1'), so a winners bracket must rank its winners."""
    return any(
        source is not None and source.kind == "seed"
        for slot in slots
        for source in (slot.home_source, slot.away_source)
    )


def _known_prefix(positions: Sequence[str | None]) -> list[str]:
    """Qualifiers in order up to the first place an unresolved tie still decides."""
    known: list[str] = []
    for team in positions:
        if team is None:
            break
        known.append(team)
    return known


def _group(
    group: GroupInfo,
    games: Mapping[str, GameSlot],
    by_game: DivisionEvents,
    rules: RuleProfile,
    division: DivisionDefined,
) -> GroupStanding:
    members = set(group.team_ids)
    slots = sorted(
        (
            slot
            for slot in games.values()
            if slot.stage == "group"
            and slot.group_id == group.group_id
            and slot.division_id == division.division_id
            and slot.home_team_id in members
            and slot.away_team_id in members
        ),
        key=lambda slot: (slot.start, slot.game_id),
    )
    disqualified = members & by_game.disqualified
    half = half_time(division)
    results: list[GameResult | None] = [
        outcome(
            slot.game_id,
            slot.home_team_id or "",
            slot.away_team_id or "",
            by_game.of(slot.game_id),
            playoff=False,
            disqualified=disqualified,
            half_time=half,
        )
        for slot in slots
    ]
    played = [result for result in results if result is not None]
    cards = [
        card
        for slot in slots
        for card in by_game.of(slot.game_id).cards
        if card.team_id in (slot.home_team_id, slot.away_team_id)
    ]
    records = build_records(group.team_ids, played, rules, cards=cards, disqualified=disqualified)
    last_games = {
        team: slot.game_id for slot in slots for team in (slot.home_team_id, slot.away_team_id)
    }
    context = TieContext(rules, records, played, last_games, by_game.decisions, group.group_id)
    return GroupStanding(
        group_id=group.group_id,
        blocks=order(group.team_ids, context),
        records=records,
        outcomes=played,
        complete=None not in results,
    )


def _table(standing: GroupStanding, names: Mapping[str, str]) -> GroupTable:
    rows: list[TableRow] = []
    for rank, block in _ranked(standing.blocks):
        rows.extend(_row(rank, standing.records[team], block, names) for team in block.teams)
    return GroupTable(
        group_id=standing.group_id,
        rows=rows,
        unresolved=[list(block.teams) for block in standing.blocks if len(block.teams) > 1],
        complete=standing.complete,
    )


def _ranked(blocks: Sequence[Block]) -> list[tuple[int, Block]]:
    """Each block with its rank; the teams of an unresolved block share the best one."""
    ranked, position = [], 1
    for block in blocks:
        ranked.append((position, block))
        position += len(block.teams)
    return ranked


def _row(rank: int, record: Record, block: Block, names: Mapping[str, str]) -> TableRow:
    return TableRow(
        rank=rank,
        team_id=record.team_id,
        team_name=names.get(record.team_id, record.team_id),
        played=record.played,
        won=record.won,
        drawn=record.drawn,
        lost=record.lost,
        goals_for=record.goals_for,
        goals_against=record.goals_against,
        goal_difference=record.goal_difference,
        points=record.points,
        decided_by=block.decided_by,
        forfeited=record.forfeited,
        disqualified=record.disqualified,
    )


def counts_for_standings(event: Any) -> bool:
    """Lineups, rosters, head-injury removals and rulings are discipline's business,
    registrations the registration desk's; live scores, quarter lineups (playing time) and
    referee crews change no table."""
    sheets = LineupSubmitted | QuarterLineup | HeadInjuryRemoval | RosterSubmitted
    if isinstance(event, sheets | RefereesAssigned):
        return False
    return not event.type.startswith(("ruling.", "registration.")) and not is_live_score(event)
