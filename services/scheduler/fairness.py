"""How a schedule treats each team: rest, long waits, early/late kick-offs, venues.

The objective folds everything into one number of penalty points; a director (and the
benchmark) also wants to see whether any team got a bad deal, which an average hides. These
are plain counts from a finished schedule, independent of the weights. Only known teams
count: a playoff slot's teams are not known until the standings fill it in.
"""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from services.scheduler.games import Game
from services.scheduler.objective import early_late_counts
from services.scheduler.placement import Placement
from services.scheduler.tournament import Tournament

#: A wait between two games of one day longer than this is a long gap.
LONG_GAP_MINUTES = 180


@dataclass(frozen=True)
class TeamFairness:
    """One team's tournament as the team lives it."""

    games: int
    # Minutes from a final whistle to the team's next kick-off, overnight too; None below 2 games.
    min_rest: int | None
    long_gaps: int  # waits over LONG_GAP_MINUTES between consecutive games of one day
    early_late: int  # early or late kick-offs over the tournament
    venues: int  # venues the team plays at over the tournament
    most_venues_a_day: int


@dataclass(frozen=True)
class Fairness:
    """Per-team metrics, and a flat summary over the teams for reports and benchmarks."""

    teams: dict[str, TeamFairness]

    @property
    def summary(self) -> dict[str, float | None]:
        """Worst and median rest, teams with long gaps, early/late range, most venues.

        Rest values are None when no team plays twice.
        """
        teams = list(self.teams.values())
        rests = [t.min_rest for t in teams if t.min_rest is not None]
        early_late = [t.early_late for t in teams] or [0]
        return {
            "min_rest_minutes": min(rests, default=None),
            "median_min_rest_minutes": statistics.median(rests) if rests else None,
            "teams_with_long_gaps": sum(1 for t in teams if t.long_gaps),
            "early_late_max": max(early_late),
            "early_late_min": min(early_late),
            "early_late_spread": max(early_late) - min(early_late),
            "venues_max": max((t.venues for t in teams), default=0),
            "venues_per_day_max": max((t.most_venues_a_day for t in teams), default=0),
        }


def fairness(
    tournament: Tournament, games: Iterable[Game], schedule: Mapping[str, Placement]
) -> Fairness:
    """Every team's metrics (teams without a known game get zeros) for a schedule."""
    listed = list(games)
    by_id = {game.id: game for game in listed}
    played: dict[str, list[Placement]] = defaultdict(list)
    for game_id, placement in schedule.items():
        for team in by_id[game_id].teams:
            played[team].append(placement)
    early_late = early_late_counts(tournament, listed, schedule)
    return Fairness(
        {
            team.id: _team(tournament, played[team.id], early_late[team.id])
            for team in tournament.teams
        }
    )


def _team(tournament: Tournament, placements: list[Placement], early_late: int) -> TeamFairness:
    """One team's metrics from its placements, in time order."""
    ordered = sorted(placements, key=lambda p: tournament.day_offset[p.day] + p.start)
    rests = [
        tournament.day_offset[b.day] + b.start - tournament.day_offset[a.day] - a.end
        for a, b in itertools.pairwise(ordered)
    ]
    same_day = [b.start - a.end for a, b in itertools.pairwise(ordered) if a.day == b.day]
    venues_by_day: dict[str, set[str]] = defaultdict(set)
    for p in ordered:
        venues_by_day[p.day].add(tournament.field[p.field].venue)
    return TeamFairness(
        games=len(ordered),
        min_rest=min(rests, default=None),
        long_gaps=sum(1 for gap in same_day if gap > LONG_GAP_MINUTES),
        early_late=early_late,
        venues=len(set().union(*venues_by_day.values())),
        most_venues_a_day=max((len(v) for v in venues_by_day.values()), default=0),
    )
