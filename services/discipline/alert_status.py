"""Where each ineligible-participation alert stands once the committee's rulings are read.

A confirmation makes the game a forfeit, and a forfeit once sent is never withdrawn, so a
confirmed alert stays confirmed whatever follows (a score correction undoes the result, not
the ruling). A forfeit the rules made without asking (`forfeits_unasked`) is settled the same
way. Otherwise a dismissal closes the alert; a confirmation after it still forfeits the game
(the committee reverses itself only by another ruling, never by editing one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from schemas.discipline import IneligibilityConfirmed, IneligibilityDismissed
from services.discipline.config import DisciplineConfig
from services.discipline.forfeits import forfeits_unasked
from services.discipline.records import Alert, AlertStatus

Keys = set[tuple[str, str, str]]


def status_of(
    alert: Alert, confirmed: Keys, dismissed: Keys, config: DisciplineConfig
) -> AlertStatus:
    """The status of one alert, given the (game, team, person) keys ruled on."""
    if alert.key in confirmed:
        return "confirmed"
    if forfeits_unasked(alert, config):
        return "automatic"
    return "dismissed" if alert.key in dismissed else "open"


def with_status(
    alerts: Iterable[Alert],
    confirmations: Iterable[IneligibilityConfirmed],
    dismissals: Iterable[IneligibilityDismissed],
    config: DisciplineConfig,
) -> list[Alert]:
    """Every alert with its status."""
    confirmed = {(c.game_id, c.team_id, c.person_id) for c in confirmations}
    dismissed = {(d.game_id, d.team_id, d.person_id) for d in dismissals}
    return [
        replace(alert, status=status_of(alert, confirmed, dismissed, config)) for alert in alerts
    ]
