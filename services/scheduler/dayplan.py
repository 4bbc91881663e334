"""The day plan: which day each game is played, chosen by a small MILP over the whole cup.

This is the master problem of the search (`search.py`). It sees days, not kick-offs: every
constraint here is a *relaxation* of the real rules, so when this model is infeasible no
schedule exists, and its constraint families say why. The families:

- games per team per day: group games plus one per playoff round the team could reach, at most
  the division's daily limit and at most what fits in that day's field hours around the
  team's unavailability (games back to back with the rest between them);
- slots per field class per day: the games of the divisions a class of fields hosts, shared
  out among the classes that host them, at most the slots each class has that day;
- playoff order: no playoff game on a day before one of its feeders;
- coaches: the play of two of a coach's teams (of different divisions) on one day fits the
  day's field hours, since the coach must see both;
- cuts: sets of (game, day) that the slot model proved cannot all hold at once.

Its objective is only a preference: rounds spread over the days before the playoffs, as the
greedy construction would.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

import pulp

from services.scheduler import milp
from services.scheduler.construct import target_days
from services.scheduler.explain import games_that_fit
from services.scheduler.games import Game
from services.scheduler.slots import Slot
from services.scheduler.tournament import Field, Tournament

Cut = frozenset[tuple[str, str]]
"""(game id, day id) pairs that cannot all hold at once."""

FAMILIES = {
    "team days": "games per team per day (the daily limit, and what fits in the day's field "
    "hours around the team's unavailability)",
    "field classes": "game slots per day on the fields each division may use",
    "playoff order": "no playoff game on a day before the games that feed it",
    "coaches": "a coach's two teams' play per day within the day's field hours",
    "cuts": "days proven, game by game, not to hold the games planned for them",
}
"""The rule families of the master, for saying which ones a proof of infeasibility needed."""


@dataclass(frozen=True)
class Plan:
    """A day for every game, or why there is none (`run.status == "infeasible"`)."""

    run: milp.Run
    days: dict[str, str]


class DayPlan:
    """The master MILP: y[g, d] = 1 when game g is played on day d."""

    def __init__(self, tournament: Tournament, games: list[Game], slots: list[Slot]) -> None:
        self.t = tournament
        self.games = games
        self.by_day: dict[str, list[Slot]] = defaultdict(list)
        for slot in slots:
            self.by_day[slot.day].append(slot)
        self.index = {day.id: i for i, day in enumerate(tournament.days)}
        self.allowed = {g.id: self._days_for(g) for g in games}
        # Who may play what, looked up per team and day for every count below.
        self.of_team: dict[str, list[Game]] = defaultdict(list)
        self.of_division: dict[str, list[Game]] = defaultdict(list)
        for game in games:
            self.of_division[game.division].append(game)
            for team in game.candidates:
                self.of_team[team].append(game)
        self.prob = pulp.LpProblem("days", pulp.LpMinimize)
        self.y = {
            (g.id, d): self.prob.add_variable(f"y_{milp.safe(g.id)}_{d}", cat="Binary")
            for g in games
            for d in self.allowed[g.id]
        }
        self.cuts: list[Cut] = []
        self.skip: frozenset[str] = frozenset()

    @property
    def dayless(self) -> list[Game]:
        """Games no day can take (no field of theirs open, or the playoff day has none)."""
        return [g for g in self.games if not self.allowed[g.id]]

    def _days_for(self, game: Game) -> list[str]:
        division = self.t.division[game.division]
        days = []
        for day in self.t.days:
            if game.stage == "playoff" and division.playoff_day not in (None, day.id):
                continue
            if any(self.t.field[s.field].hosts(division) for s in self.by_day[day.id]):
                days.append(day.id)
        return days

    def build(self, skip: frozenset[str] = frozenset()) -> DayPlan:
        """The master without the families in `skip` (keys of `FAMILIES`)."""
        self.skip = skip
        self._one_day_per_game()
        self._team_days()
        families = {
            "field classes": self._field_classes,
            "playoff order": self._playoff_order,
            "coaches": self._coaches,
        }
        milp.add_families(families, skip)
        targets = target_days(self.t, self.games)
        self.prob += pulp.lpSum(
            abs(self.index[d] - targets[g]) * var
            for (g, d), var in self.y.items()
            if targets[g] != self.index[d]
        )
        return self

    def _one_day_per_game(self) -> None:
        for game in self.games:
            days = [self.y[(game.id, d)] for d in self.allowed[game.id]]
            self.prob += pulp.lpSum(days) == 1, f"day_{milp.safe(game.id)}"

    def _count(self, team: str, day: str) -> pulp.LpAffineExpression:
        """Games the team may play that day: its group games plus one per playoff round it
        could reach (as the checker counts them)."""
        mine = [g for g in self.of_team[team] if (g.id, day) in self.y]
        group = [self.y[(g.id, day)] for g in mine if g.stage == "group"]
        rounds: dict[str, list[pulp.LpVariable]] = defaultdict(list)
        for g in mine:
            if g.stage == "playoff":
                rounds[g.round].append(self.y[(g.id, day)])
        reached = [
            milp.any_of(self.prob, f"reach_{milp.safe(team)}_{milp.safe(name)}_{day}", vars_)
            for name, vars_ in sorted(rounds.items())
        ]
        return pulp.lpSum(group + reached)

    def _team_days(self) -> None:
        self.counts: dict[tuple[str, str], pulp.LpAffineExpression] = {}
        for team in self.t.teams:
            division = self.t.division[team.division]
            for day in self.t.days:
                count = self._count(team.id, day.id)
                self.counts[(team.id, day.id)] = count
                room = games_that_fit(self.t, division, self.by_day[day.id], team.id)
                limit = min(division.max_games_per_day, room)
                if "team days" not in self.skip:
                    self.prob += count <= limit, f"per_day_{milp.safe(team.id)}_{day.id}"

    def _field_classes(self) -> None:
        """Games of each division on a day, shared out to the field classes that host it."""
        classes: dict[tuple[str, frozenset[str] | None], list[Field]] = defaultdict(list)
        for field in self.t.fields:
            classes[(field.size, field.divisions)].append(field)
        for day in self.t.days:
            slots_of = defaultdict(int)
            for slot in self.by_day[day.id]:
                f = self.t.field[slot.field]
                slots_of[(f.size, f.divisions)] += 1
            share: dict[tuple[object, ...], list[pulp.LpVariable]] = defaultdict(list)
            for division in self.t.divisions:
                hosting = [c for c, fields in classes.items() if fields[0].hosts(division)]
                mine = [
                    self.y[(g.id, day.id)]
                    for g in self.of_division[division.id]
                    if (g.id, day.id) in self.y
                ]
                if not mine:
                    continue
                parts = []
                for n, key in enumerate(hosting):
                    part = self.prob.add_variable(f"w_{milp.safe(division.id)}_{day.id}_{n}", 0)
                    share[key].append(part)
                    parts.append(part)
                self.prob += (
                    pulp.lpSum(parts) == pulp.lpSum(mine),
                    f"share_{milp.safe(division.id)}_{day.id}",
                )
            for n, (key, parts) in enumerate(sorted(share.items(), key=str)):
                self.prob += pulp.lpSum(parts) <= slots_of[key], f"class_{day.id}_{n}"

    def _playoff_order(self) -> None:
        days = [day.id for day in self.t.days]
        by_id = {g.id: g for g in self.games}
        for game in self.games:
            for feeder in game.feeders:
                for day in self.allowed[game.id]:
                    later = [
                        self.y[(feeder, d)]
                        for d in days[self.index[day] + 1 :]
                        if d in self.allowed[by_id[feeder].id]
                    ]
                    if later:
                        self.prob += (
                            self.y[(game.id, day)] + pulp.lpSum(later) <= 1,
                            f"order_{milp.safe(feeder)}_{milp.safe(game.id)}_{day}",
                        )

    def _coaches(self) -> None:
        """Two teams of one coach in different divisions: their play fits the day's hours."""
        pairs = set()
        for teams in self.t.teams_of_coach.values():
            for a, b in itertools.combinations(teams, 2):
                if self.t.team[a].division != self.t.team[b].division:
                    pairs.add((min(a, b), max(a, b)))
        for a, b in sorted(pairs):
            da = self.t.division[self.t.team[a].division]
            db = self.t.division[self.t.team[b].division]
            for day in self.t.days:
                windows = [
                    w
                    for f in self.t.fields
                    if f.hosts(da) or f.hosts(db)
                    for w in f.windows.get(day.id, ())
                ]
                if not windows:
                    continue
                span = max(w.end for w in windows) - min(w.start for w in windows)
                self.prob += (
                    da.play_minutes * self.counts[(a, day.id)]
                    + db.play_minutes * self.counts[(b, day.id)]
                    <= span,
                    f"coach_{milp.safe(a)}_{milp.safe(b)}_{day.id}",
                )

    def cut(self, pairs: Cut) -> None:
        """Forbid these (game, day) pairs from all holding at once (a proven conflict)."""
        self.cuts.append(pairs)
        if "cuts" in self.skip:
            return
        vars_ = [self.y[pair] for pair in sorted(pairs) if pair in self.y]
        self.prob += pulp.lpSum(vars_) <= len(vars_) - 1, f"cut_{len(self.cuts)}"

    def solve(self, solver: str = "highs", time_limit: float = 30.0) -> Plan:
        if self.dayless:
            return Plan(milp.Run("infeasible", None, None, 0.0), {})
        run = milp.run(self.prob, solver, time_limit, 1e-3)
        if not run.solved:
            return Plan(run, {})
        days = {g: d for (g, d), var in self.y.items() if (var.varValue or 0) > 0.5}
        return Plan(run, days)
