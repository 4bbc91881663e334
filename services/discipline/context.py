"""What discipline needs to know besides the events: the schedule, the rosters, the settings.

The worker keeps these per tournament and passes them in whole; the rules never look anything
up themselves. Games are ordered the way the rulebook counts them: by scheduled start time
(the game id breaks a tie, so the order never depends on arrival).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from schemas.base import recency, utc_sort_key
from schemas.referees import RefereesAssigned
from schemas.roster import RosterSubmitted
from schemas.schedule import DivisionDefined, GameSlot, TeamInfo
from services.discipline.config import DisciplineConfig
from services.ledger import Ledger, is_live_score


@dataclass(frozen=True)
class DisciplineContext:
    """One tournament's schedule, rosters and discipline settings."""

    tournament_id: str
    divisions: Mapping[str, DivisionDefined] = field(default_factory=dict)
    games: Mapping[str, GameSlot] = field(default_factory=dict)
    rosters: Mapping[str, RosterSubmitted] = field(default_factory=dict)
    config: DisciplineConfig = field(default_factory=DisciplineConfig)

    @classmethod
    def build(
        cls,
        tournament_id: str,
        divisions: Iterable[DivisionDefined] = (),
        games: Iterable[GameSlot] = (),
        rosters: Iterable[RosterSubmitted] = (),
        config: DisciplineConfig | None = None,
    ) -> DisciplineContext:
        """A context from lists (each keyed by its own id)."""
        return cls(
            tournament_id=tournament_id,
            divisions={d.division_id: d for d in divisions},
            games={g.game_id: g for g in games},
            rosters={r.team_id: r for r in rosters},
            config=config or DisciplineConfig(),
        )

    @cached_property
    def start_keys(self) -> dict[str, float]:
        """Game id -> its start as a number that sorts like the instant (offsets ignored)."""
        return {game_id: utc_sort_key(game.start) for game_id, game in self.games.items()}

    @cached_property
    def order(self) -> dict[str, int]:
        """Game id -> its place in schedule order (0 is the first game to start)."""
        ranked = sorted(self.games, key=lambda g: (self.start_keys[g], g))
        return {game_id: place for place, game_id in enumerate(ranked)}

    @cached_property
    def teams(self) -> dict[str, TeamInfo]:
        """Team id -> its registration in the division definitions."""
        return {team.team_id: team for d in self.divisions.values() for team in d.teams}

    @cached_property
    def rostered(self) -> dict[str, frozenset[str]]:
        """Team id -> everyone who may be on its lineups: registered players and staff, and the
        coaches the division definition names (only for teams with a registered roster)."""
        return {
            team_id: frozenset(
                [p.person_id for p in roster.players]
                + [s.person_id for s in roster.staff]
                + (self.teams[team_id].coach_ids if team_id in self.teams else [])
            )
            for team_id, roster in self.rosters.items()
        }

    def team_name(self, team_id: str) -> str:
        """The team's name, or its id when it is not known."""
        team = self.teams.get(team_id)
        return team.name if team else team_id

    def home_club(self, team_id: str) -> str:
        """The team's club, from the roster if registered there, else the division definition."""
        return self._team_fact(team_id, "club")

    def person_home_club(self, team_id: str, person_id: str) -> str:
        """A person's own club: a guest player's home club if the roster names one."""
        roster = self.rosters.get(team_id)
        if roster is not None:
            for player in roster.players:
                if player.person_id == person_id and player.home_club:
                    return player.home_club
        return self.home_club(team_id)

    def state_association(self, team_id: str) -> str:
        """The team's state association, from the roster or the division definition."""
        return self._team_fact(team_id, "state_association")

    def _team_fact(self, team_id: str, name: Literal["club", "state_association"]) -> str:
        """A fact the roster and the division definition both may give: the roster's wins."""
        roster = self.rosters.get(team_id)
        given: str = getattr(roster, name) if roster is not None else ""
        if given:
            return given
        team = self.teams.get(team_id)
        return getattr(team, name) if team else ""

    def age_group(self, division_id: str) -> str | None:
        """The division's age group, if the division is defined."""
        division = self.divisions.get(division_id)
        return division.age_group if division else None


def context_from_ledger(
    tournament_id: str, ledger: Ledger, config: DisciplineConfig
) -> DisciplineContext:
    """The schedule and the latest roster of every team, as the rules want them."""
    rosters = sorted(
        (e for e in ledger.events.values() if isinstance(e, RosterSubmitted)),
        key=recency,
    )
    return DisciplineContext.build(
        tournament_id, ledger.divisions.values(), ledger.games.values(), rosters, config
    )


def counts_for_discipline(event: object) -> bool:
    """Every input but live scores (most of a match day's traffic, and no suspension is
    served by a game still being played) and referee crews (no rule reads them)."""
    return not is_live_score(event) and not isinstance(event, RefereesAssigned)
