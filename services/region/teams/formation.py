"""Balanced teams as a PuLP model (seed 002: "The system will form teams based on player
ratings alone").

Per division: each player on exactly one team; team sizes within one of each other; the
coach's own child on the coach's team; nothing else about who plays with whom (the seed
forbids friend and coach requests). The objective is the spread (highest less lowest team
total) of four counts, most important first: Alliance players and each gender (seed 000:
"all players must be divided evenly among Core teams"), the top-rated players, then the
rating totals. Each spread is bounded below by what integers allow (k teams cannot share a
total that k does not divide, so the spread is at least 1), which is also the bound the
solver proves against: a division divided as evenly as that stops at once.

The model starts from the snake draft of the same players, so its answer is never less
balanced than the baseline by the objective. Players and teams enter the model in the seed's
order, so ties between equally good divisions are decided by the seed; a model solved to its
proven optimum gives the same teams for the same seed (one that runs out of time keeps its
best so far, which a faster machine may improve on).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulp

from services.region.teams.balance import Assignment, top_rated
from services.region.teams.draft import seeded, snake_draft
from services.region.teams.roster import Player, Season, Team
from services.scheduler.milp import run

#: A rating in whole hundredths (ratings have at most two decimal places).
SCALE = 100


@dataclass(frozen=True)
class Options:
    solver: str = "highs"
    time_limit: float = 20.0  # for every division together
    gap: float = 0.0


@dataclass(frozen=True)
class Formed:
    """One division: the model's teams, the snake draft's, and how the solve ended
    (`optimal`, `feasible`: the best found in time, or `snake`: nothing better than the
    draft was found)."""

    division: str
    players: tuple[Player, ...]
    teams: tuple[Team, ...]
    assignment: dict[str, str]
    snake: dict[str, str]
    status: str
    seconds: float


def form_teams(season: Season, seed: int, options: Options = Options()) -> list[Formed]:
    """Every division's teams; the time limit is shared out over the divisions still to do."""
    deadline = time.perf_counter() + options.time_limit
    divisions = season.divisions()
    formed = []
    for n, division in enumerate(divisions):
        share = (deadline - time.perf_counter()) / (len(divisions) - n)
        formed.append(_form(season, division, seed, options, share))
    return formed


def _form(season: Season, division: str, seed: int, options: Options, limit: float) -> Formed:
    started = time.perf_counter()
    players, teams = seeded(season.players_in(division), season.teams_in(division), seed)
    own = season.own_teams(division)
    snake = snake_draft(division, players, teams, own)
    model = _Model(players, teams, own)
    outcome = run(model.prob, options.solver, limit, options.gap, model.start(snake))
    assignment, status = (
        (model.assignment(), outcome.status) if outcome.solved else (snake, "snake")
    )
    return Formed(
        division,
        tuple(players),
        tuple(teams),
        assignment,
        snake,
        status,
        time.perf_counter() - started,
    )


@dataclass(frozen=True)
class _Count:
    """One quantity whose team totals should be even, and its weight in the objective."""

    name: str
    values: dict[str, int]  # player id -> value (players worth 0 left out)
    weight: int


class _Model:
    """x[p, t] = 1 when player p plays on team t; one (low, high) pair per count."""

    def __init__(
        self, players: Sequence[Player], teams: Sequence[Team], own: Mapping[str, str]
    ) -> None:
        self.players, self.teams = list(players), list(teams)
        self.prob = pulp.LpProblem("teams", pulp.LpMinimize)
        self.x = {
            (p.id, t.id): self.prob.add_variable(f"x_{i}_{j}", 0, 1, cat=pulp.LpBinary)
            for i, p in enumerate(self.players)
            for j, t in enumerate(self.teams)
        }
        self.counts = _counts(self.players)
        self.bounds = {
            c.name: tuple(self.prob.add_variable(f"{end}_{c.name}") for end in ("lo", "hi"))
            for c in self.counts
        }
        self._one_team_each()
        self._sizes_within_one()
        self._own_children(own)
        self._spreads()

    def _one_team_each(self) -> None:
        """Every player plays on exactly one team."""
        for p in self.players:
            self.prob += pulp.lpSum(self.x[p.id, t.id] for t in self.teams) == 1

    def _sizes_within_one(self) -> None:
        """Team sizes differ by at most one."""
        small = len(self.players) // len(self.teams)
        large = -(-len(self.players) // len(self.teams))
        for t in self.teams:
            size = pulp.lpSum(self.x[p.id, t.id] for p in self.players)
            self.prob += size >= small
            self.prob += size <= large

    def _own_children(self, own: Mapping[str, str]) -> None:
        """The coach's own child plays on the coach's team."""
        for player_id, team_id in own.items():
            self.x[player_id, team_id].lowBound = 1

    def _spreads(self) -> None:
        """Each count's team totals lie between its low and high; the objective weighs the
        spreads, each at least what whole numbers allow."""
        objective = []
        for count in self.counts:
            low, high = self.bounds[count.name]
            for t in self.teams:
                total = pulp.lpSum(v * self.x[p, t.id] for p, v in count.values.items())
                self.prob += total >= low
                self.prob += total <= high
            self.prob += high - low >= int(sum(count.values.values()) % len(self.teams) != 0)
            objective.append(count.weight * (high - low))
        self.prob += pulp.lpSum(objective)

    def start(self, assignment: Assignment) -> dict[str, float]:
        """The model's values for `assignment`: a starting solution."""
        values = {var.name: float(assignment[p] == t) for (p, t), var in self.x.items()}
        for count in self.counts:
            totals = {t.id: 0 for t in self.teams}
            for player_id, value in count.values.items():
                totals[assignment[player_id]] += value
            low, high = self.bounds[count.name]
            values[low.name], values[high.name] = min(totals.values()), max(totals.values())
        return values

    def assignment(self) -> dict[str, str]:
        return {p: t for (p, t), var in self.x.items() if (var.varValue or 0) > 0.5}


def _counts(players: Sequence[Player]) -> list[_Count]:
    """Alliance players and each gender (weighed above everything else), the top-rated
    players (one worth the highest rating), the rating totals in hundredths."""
    ratings = {p.id: int(p.rating * SCALE) for p in players}
    top = top_rated(players)
    genders = sorted({p.gender for p in players})
    top_weight = max(1, *ratings.values())
    even_weight = sum(ratings.values()) + top_weight * len(players) + 1
    counts = [
        _Count("alliance", {p.id: 1 for p in players if p.alliance}, even_weight),
        *(
            _Count(f"gender_{n}", {p.id: 1 for p in players if p.gender == g}, even_weight)
            for n, g in enumerate(genders if len(genders) > 1 else [])
        ),
        _Count("top", {p: 1 for p in top}, top_weight),
        _Count("rating", {p: r for p, r in ratings.items() if r}, 1),
    ]
    return [count for count in counts if count.values]
