"""Balanced teams as a PuLP model (seed 002: "The system will form teams based on player
ratings alone").

Per division: each player on exactly one team; team sizes within one of each other; the
coach's own child on the coach's team; nothing else about who plays with whom (the seed
forbids friend and coach requests). The objective is the spread (highest less lowest team
total) of four counts, most important first: Alliance players (seed 000: "all players
must be divided evenly among Core teams"), each gender, the top-rated players, then the
rating totals (`counts.py`). Each spread is bounded below by what integers allow (k teams
cannot share a total that k does not divide, so the spread is then at least the values'
common divisor: one player, or one whole rating point when ratings are whole), which is
also the bound the solver proves against: a division divided as evenly as that stops at once.

The model starts from the snake draft of the same players, first polished by swapping
players between teams (`swaps.py`: the solver alone improves a large symmetric division
slowly), so its answer is never less balanced than the baseline by the objective. Players
and teams enter in the seed's order, so ties between equally good divisions are decided by
the seed; a model solved to its proven optimum gives the same teams for the same seed (one
that runs out of time keeps its best so far, which a faster machine may improve on).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulp

from services.region.teams.balance import Assignment
from services.region.teams.counts import counts, totals
from services.region.teams.draft import seeded, snake_draft
from services.region.teams.roster import Player, RosterTeam, Season
from services.region.teams.swaps import polish
from services.scheduler.milp import run

#: The share of a division's time the swaps may take before the model starts.
POLISH = 0.5


@dataclass(frozen=True)
class FormationOptions:
    solver: str = "highs"
    time_limit: float = 20.0  # for every division together
    gap: float = 0.0


@dataclass(frozen=True)
class Formed:
    """One division: the model's teams, the snake draft's, and how the solve ended
    (`optimal`; `feasible`: the best found in time; `swaps`: the solver found nothing in
    time, the polished draft is kept)."""

    division: str
    players: tuple[Player, ...]
    teams: tuple[RosterTeam, ...]
    assignment: dict[str, str]
    snake: dict[str, str]
    status: str
    seconds: float


def form_teams(
    season: Season, seed: int, options: FormationOptions = FormationOptions()
) -> list[Formed]:
    """Every division's teams; the time limit is shared out over the divisions still to do."""
    deadline = time.perf_counter() + options.time_limit
    divisions = season.divisions()
    formed = []
    for n, division in enumerate(divisions):
        share = (deadline - time.perf_counter()) / (len(divisions) - n)
        formed.append(_form(season, division, seed, options, share))
    return formed


def _form(
    season: Season, division: str, seed: int, options: FormationOptions, limit: float
) -> Formed:
    started = time.perf_counter()
    players, teams = seeded(season.players_in(division), season.teams_in(division), seed)
    own = season.own_teams(division)
    snake = snake_draft(division, players, teams, own)
    model = _FormationModel(players, teams, own)
    team_ids = [team.id for team in teams]
    polished = polish(model.counts, team_ids, snake, frozenset(own), limit * POLISH)
    left = limit - (time.perf_counter() - started)
    outcome = run(model.prob, options.solver, left, options.gap, model.start(polished))
    assignment, status = (
        (model.assignment(), outcome.status) if outcome.solved else (polished, "swaps")
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


class _FormationModel:
    """x[p, t] = 1 when player p plays on team t; one (low, high) pair per count."""

    def __init__(
        self, players: Sequence[Player], teams: Sequence[RosterTeam], own: Mapping[str, str]
    ) -> None:
        self.players, self.teams = list(players), list(teams)
        self.prob = pulp.LpProblem("teams", pulp.LpMinimize)
        self.x = {
            (p.id, t.id): self.prob.add_variable(f"x_{i}_{j}", 0, 1, cat=pulp.LpBinary)
            for i, p in enumerate(self.players)
            for j, t in enumerate(self.teams)
        }
        self.counts = counts(self.players)
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
            step = math.gcd(*count.values.values())  # every total is a multiple of it
            uneven = sum(count.values.values()) // step % len(self.teams) != 0
            self.prob += high - low >= step * uneven
            objective.append(count.weight * (high - low))
        self.prob += pulp.lpSum(objective)

    def start(self, assignment: Assignment) -> dict[str, float]:
        """The model's values for `assignment`: a starting solution."""
        values = {var.name: float(assignment[p] == t) for (p, t), var in self.x.items()}
        for count in self.counts:
            found = totals(count, [t.id for t in self.teams], assignment).values()
            low, high = self.bounds[count.name]
            values[low.name], values[high.name] = min(found), max(found)
        return values

    def assignment(self) -> dict[str, str]:
        return {p: t for (p, t), var in self.x.items() if (var.varValue or 0) > 0.5}
