"""Polish an assignment by swapping players between teams before the model starts from it.

The model proves how good a division can be, but its solver improves a large symmetric
division slowly; exchanging two players (or moving one from a larger team to a smaller)
between the teams at the top and bottom of a count finds most of the gain in a fraction of
a second. A swap is kept when it lowers the weighted spreads, or keeps them and brings the
totals closer together (the sum of squares), so ties at the top are worked down too. Every
step is deterministic: the same start, the same result.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence

from services.region.teams.counts import Count, totals

Score = tuple[int, int]


class _State:
    def __init__(
        self, counts: Sequence[Count], team_ids: Sequence[str], assignment: Mapping[str, str]
    ) -> None:
        self.counts, self.team_ids = counts, list(team_ids)
        self.team_of = dict(assignment)
        self.totals = {c.name: totals(c, team_ids, assignment) for c in counts}
        self.sizes = dict.fromkeys(team_ids, 0)
        for team in assignment.values():
            self.sizes[team] += 1

    def score(self) -> Score:
        spread = squares = 0
        for c in self.counts:
            values = self.totals[c.name].values()
            spread += c.weight * (max(values) - min(values))
            squares += c.weight * sum(v * v for v in values)
        return spread, squares

    def exchange(self, a: str | None, b: str | None, team_a: str, team_b: str) -> None:
        """Player a (if any) goes from team_a to team_b, player b (if any) the other way."""
        for c in self.counts:
            va = c.values.get(a, 0) if a else 0
            vb = c.values.get(b, 0) if b else 0
            self.totals[c.name][team_a] += vb - va
            self.totals[c.name][team_b] += va - vb
        if a:
            self.team_of[a] = team_b
        if b:
            self.team_of[b] = team_a
        self.sizes[team_a] += (b is not None) - (a is not None)
        self.sizes[team_b] += (a is not None) - (b is not None)


def polish(
    counts: Sequence[Count],
    team_ids: Sequence[str],
    assignment: Mapping[str, str],
    fixed: frozenset[str],
    seconds: float,
) -> dict[str, str]:
    """The assignment after the best improving exchange, again and again, until none
    improves or `seconds` are spent. Players in `fixed` never move; sizes stay within one."""
    deadline = time.perf_counter() + seconds
    state = _State(counts, team_ids, assignment)
    best = state.score()
    while time.perf_counter() < deadline:
        step = _best_step(state, fixed, best)
        if step is None:
            break
        best = step[0]
        state.exchange(*step[1])
    return state.team_of


def _best_step(
    state: _State, fixed: frozenset[str], best: Score
) -> tuple[Score, tuple[str | None, str | None, str, str]] | None:
    """The best exchange between the teams at a count's top and bottom, first for the
    most important count that has one."""
    for team_a, team_b in _extreme_pairs(state):
        members_a = [p for p, t in state.team_of.items() if t == team_a and p not in fixed]
        members_b = [p for p, t in state.team_of.items() if t == team_b and p not in fixed]
        moves: list[tuple[str | None, str | None]] = [(a, b) for a in members_a for b in members_b]
        if state.sizes[team_a] > state.sizes[team_b]:
            moves += [(a, None) for a in members_a]
        if state.sizes[team_b] > state.sizes[team_a]:
            moves += [(None, b) for b in members_b]
        found = None
        for a, b in moves:
            state.exchange(a, b, team_a, team_b)
            score = state.score()
            state.exchange(b, a, team_a, team_b)
            if score < best:
                best, found = score, (a, b, team_a, team_b)
        if found:
            return best, found
    return None


def _extreme_pairs(state: _State) -> Iterator[tuple[str, str]]:
    """(top team, bottom team) of each count, heaviest count first, then the top and the
    bottom of each with every other team."""
    ordered = sorted(state.counts, key=lambda c: -c.weight)
    ends = []
    for c in ordered:
        total = state.totals[c.name]
        ends.append(
            (
                max(state.team_ids, key=lambda t: total[t]),
                min(state.team_ids, key=lambda t: total[t]),
            )
        )
    yield from ((top, bottom) for top, bottom in ends if top != bottom)
    for top, bottom in ends:
        yield from ((top, t) for t in state.team_ids if t not in (top, bottom))
        yield from ((t, bottom) for t in state.team_ids if t not in (top, bottom))
