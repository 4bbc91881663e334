"""What discipline knows about people after a fold: cards, suspensions, alerts.

These are read models (frozen, rebuilt on every evaluation), not events: the events are the
facts, these are what the facts add up to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from schemas.discipline import (
    IneligibilityConfirmed,
    IneligibilityDismissed,
    IneligibleReason,
    Notice,
    TeamDisqualification,
)
from services.discipline.problems import DisciplineProblem

AlertReason = IneligibleReason
#: Where an alert stands: waiting for the committee, confirmed (a forfeit), dismissed (no
#: forfeit), or a forfeit the rules made without asking (too few players, automatic mode).
AlertStatus = Literal["open", "confirmed", "dismissed", "automatic"]


@dataclass(frozen=True)
class CardRecord:
    """One card shown to a person, as the report lists it."""

    event_id: str
    division_id: str
    game_id: str
    team_id: str
    person_name: str
    role: str
    card: str
    shirt_number: int | None
    minute: int | None
    occurred_at: datetime


@dataclass(frozen=True)
class Suspension:
    """Games a person must sit out with the team with which the send-off was earned.

    `automatic` is the rulebook's minimum of one game; `extra` is what the committee added.
    `served_in` lists the team's games that counted, in schedule order.
    """

    team_id: str
    game_id: str
    automatic: int = 1
    extra: int = 0
    served_in: tuple[str, ...] = ()

    @property
    def games(self) -> int:
        """Games to serve in all."""
        return self.automatic + self.extra

    @property
    def remaining(self) -> int:
        """Games still to serve."""
        return max(self.games - len(self.served_in), 0)


@dataclass(frozen=True)
class PersonRecord:
    """One person's discipline across every team they are on."""

    person_id: str
    name: str
    cards: tuple[CardRecord, ...] = ()
    suspensions: tuple[Suspension, ...] = ()
    expelled_at: datetime | None = None

    @property
    def expelled(self) -> bool:
        """Out for the rest of the tournament."""
        return self.expelled_at is not None

    @property
    def games_earned(self) -> int:
        """Suspension games earned (automatic and committee extensions)."""
        return sum(s.games for s in self.suspensions)

    @property
    def games_served(self) -> int:
        """Suspension games served."""
        return sum(len(s.served_in) for s in self.suspensions)

    @property
    def outstanding(self) -> int:
        """Suspension games still to serve."""
        return sum(s.remaining for s in self.suspensions)


@dataclass(frozen=True)
class Alert:
    """Someone (or, for the team reasons, a whole lineup) not allowed on a game-day lineup."""

    division_id: str
    game_id: str
    team_id: str
    person_id: str
    person_name: str
    reason: AlertReason
    detail: str
    occurred_at: datetime
    status: AlertStatus = "open"

    @property
    def key(self) -> tuple[str, str, str]:
        """What a committee ruling about this alert names: (game, team, person)."""
        return (self.game_id, self.team_id, self.person_id)


@dataclass(frozen=True)
class DisciplineView:
    """Everything one tournament's accepted events imply for discipline.

    `notices` is the complete set this state implies (deterministic ids); `finished` says the
    whole schedule has been played, so unserved suspensions carry over.
    """

    tournament_id: str
    records: Mapping[str, PersonRecord] = field(default_factory=dict)
    alerts: tuple[Alert, ...] = ()
    notices: tuple[Notice, ...] = ()
    confirmations: tuple[IneligibilityConfirmed, ...] = ()
    dismissals: tuple[IneligibilityDismissed, ...] = ()
    disqualifications: tuple[TeamDisqualification, ...] = ()
    problems: tuple[DisciplineProblem, ...] = ()
    finished: bool = False
