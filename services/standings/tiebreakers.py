"""Order teams by a rule profile's criteria, saying which criterion placed each team.

The procedure is one recursive function over a set of level teams (`_settle`): try criteria
in order; the first that tells some of them apart splits them into smaller groups, each of
which is settled again, from the top (`restart_on_split`), from the start of the head-to-head
block (`reapply_mutual`, at the block's end) or from the next criterion. A set that reaches a
decision criterion (kicks, lots, an outside ranking) without a matching `TiebreakDecided`
event stays together as an unresolved block.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from schemas.match import TiebreakDecided
from services.standings.game_events import newest
from services.standings.profiles import Criterion, RuleProfile
from services.standings.results import GameResult
from services.standings.table import Record, counted_goals, points

Values = dict[str, int]
Measure = Callable[[Sequence[str], frozenset[str], "TieContext"], Values]


@dataclass(frozen=True)
class TieContext:
    """What the criteria may look at."""

    profile: RuleProfile
    records: Mapping[str, Record]
    games: Sequence[GameResult] = ()
    """Group games with a result: head-to-head criteria read the ones among the tied teams."""
    last_games: Mapping[str, str] = field(default_factory=dict)
    """Each team's last scheduled group game (UEFA's last-round kicks)."""
    decisions: Sequence[TiebreakDecided] = ()
    group_id: str | None = None
    """The group being ordered; None for an order across the division (wild cards, seeds)."""


@dataclass(frozen=True)
class Block:
    """Teams at one place of the order: one team, or several that only a decision can part."""

    teams: tuple[str, ...]
    decided_by: str | None
    """The criterion that separated this team; None for an unresolved block."""


def _overall(attribute: str, sign: int = 1) -> Measure:
    def measure(teams: Sequence[str], among: frozenset[str], ctx: TieContext) -> Values:
        return {team: sign * getattr(ctx.records[team], attribute) for team in teams}

    return measure


def _mutual(index: int) -> Measure:
    """Points (0), goal difference (1) or goals scored (2) in the games among `among`."""

    def measure(teams: Sequence[str], among: frozenset[str], ctx: TieContext) -> Values:
        mini: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for game in ctx.games:
            if game.home in among and game.away in among:
                for team in (game.home, game.away):
                    scored, conceded = game.goals(team)
                    tb_for, _, tb_difference = counted_goals(scored, conceded, ctx.profile.goal_cap)
                    line = mini[team]
                    line[0] += points(ctx.profile, game, team)
                    line[1] += tb_difference
                    line[2] += tb_for
        return {team: mini[team][index] for team in teams}

    return measure


MEASURES: dict[str, Measure] = {
    "points": _overall("points"),
    "goal_difference": _overall("tb_difference"),
    "goals_scored": _overall("tb_for"),
    "goals_allowed": _overall("tb_against", sign=-1),
    "shutouts": _overall("shutouts"),
    "wins": _overall("won"),
    "fair_play": _overall("fair_play"),
    "mutual_points": _mutual(0),
    "mutual_goal_difference": _mutual(1),
    "mutual_goals_scored": _mutual(2),
}


def order(teams: Sequence[str], ctx: TieContext) -> list[Block]:
    """The teams best first, as blocks; `ctx.profile.criteria[0]` places teams not level."""
    blocks: list[Block] = []
    _settle(sorted(teams), 0, frozenset(teams), ctx, blocks, ctx.profile.criteria[0].label)
    return blocks


def _settle(
    tied: list[str],
    start: int,
    among: frozenset[str],
    ctx: TieContext,
    out: list[Block],
    placed_by: str,
) -> None:
    if len(tied) == 1:
        out.append(Block((tied[0],), placed_by))
        return
    criteria = ctx.profile.criteria
    for index in range(start, len(criteria)):
        criterion = criteria[index]
        if _block_ends(criteria, index, ctx.profile) and frozenset(tied) < among:
            first = next(i for i, c in enumerate(criteria) if c.mutual)
            _settle(tied, first, frozenset(tied), ctx, out, placed_by)
            return
        if not _applies(criterion, tied, ctx):
            continue
        if criterion.decision is not None:
            values = _decided(criterion, tied, ctx)
            if values is None:
                out.append(Block(tuple(tied), None))
                return
        else:
            values = MEASURES[criterion.measure](tied, among, ctx)
        parts = _partition(tied, values)
        if len(parts) == 1:
            continue
        for part in parts:
            if ctx.profile.restart_on_split:
                _settle(part, 0, frozenset(part), ctx, out, criterion.label)
            elif criterion.mutual:
                _settle(part, index + 1, among, ctx, out, criterion.label)
            else:
                _settle(part, index + 1, frozenset(part), ctx, out, criterion.label)
        return
    out.append(Block(tuple(tied), None))


def _block_ends(criteria: Sequence[Criterion], index: int, profile: RuleProfile) -> bool:
    """UEFA: the head-to-head block has just ended (time to reapply it to a smaller tie)."""
    return (
        profile.reapply_mutual
        and index > 0
        and criteria[index - 1].mutual
        and not criteria[index].mutual
    )


def _applies(criterion: Criterion, tied: Sequence[str], ctx: TieContext) -> bool:
    if criterion.applies == "always":
        return True
    if len(tied) != 2:
        return False
    if criterion.applies == "two_teams":
        return True
    first, second = tied
    last = ctx.last_games.get(first)
    if last is None or last != ctx.last_games.get(second):
        return False
    return any(
        game.game_id == last and {game.home, game.away} == {first, second} and not game.winner
        for game in ctx.games
    )


def _decided(criterion: Criterion, tied: Sequence[str], ctx: TieContext) -> Values | None:
    """The latest matching decision as values (earlier in its ranking = higher), or None."""

    def matches(decision: TiebreakDecided) -> bool:
        same_scope = decision.group_id == ctx.group_id or (
            decision.method == "ranking" and decision.group_id is None
        )
        return (
            decision.method == criterion.decision
            and same_scope
            and set(tied) <= set(decision.ranking)
        )

    decision = newest(d for d in ctx.decisions if matches(d))
    if decision is None:
        return None
    return {team: -decision.ranking.index(team) for team in tied}


def _partition(tied: Sequence[str], values: Mapping[str, int]) -> list[list[str]]:
    """The teams grouped by value, best value first, each group sorted by id."""
    by_value: defaultdict[int, list[str]] = defaultdict(list)
    for team in tied:
        by_value[values[team]].append(team)
    return [sorted(by_value[value]) for value in sorted(by_value, reverse=True)]
