"""The match events discipline itself implies: forfeits and team disqualifications.

Three sources, all read off a `DisciplineView`:
- too few players at kick-off plus grace is a forfeit at once (the rulebook awards the match
  when the grace period ends; no confirmation is asked for);
- an ineligible-participation alert becomes a forfeit once the committee confirms it, or
  immediately when the tournament is configured with `auto_forfeit_ineligible`. A confirmed
  second-roster alert also disqualifies the team ("the second team ... shall be deemed as the
  team that fielded an ineligible player ... will be disqualified");
- a committee disqualification becomes the `team.disqualified` match event.
Ids are derived from (game, team) and (team), so each forfeit and each disqualification exists
once however many alerts, confirmations or recomputations lead to it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypeVar

from schemas.base import REASON_MAX_LENGTH
from schemas.match import ForfeitDeclared, TeamDisqualified
from services.discipline.config import DisciplineConfig
from services.discipline.context import DisciplineContext
from services.discipline.ids import derive
from services.discipline.records import Alert, DisciplineView

Reason = Literal["insufficient_players", "ineligible_player"]
K = TypeVar("K")
W = TypeVar("W", bound=str)


def implied_match_events(
    context: DisciplineContext, view: DisciplineView
) -> list[ForfeitDeclared | TeamDisqualified]:
    """Every forfeit and disqualification the view implies, deterministic ids, sorted by id."""
    forfeits: dict[tuple[str, str], tuple[datetime, Reason, str]] = {}
    disqualified: dict[str, tuple[datetime, str, str]] = {}

    def forfeit(game: str, team: str, moment: datetime, reason: Reason, division: str) -> None:
        keep_earliest(forfeits, (game, team), (moment, reason, division))

    def disqualify(team: str, moment: datetime, why: str, division: str) -> None:
        keep_earliest(disqualified, team, (moment, why, division))

    confirmed = {(c.game_id, c.team_id, c.person_id): c for c in view.confirmations}
    for alert in view.alerts:
        if alert.reason == "too_few_players":
            forfeit(
                alert.game_id,
                alert.team_id,
                alert.occurred_at,
                "insufficient_players",
                alert.division_id,
            )
            continue
        confirmation = confirmed.get(alert.key)
        if confirmation is None and not forfeits_unasked(alert, context.config):
            continue
        moment = confirmation.occurred_at if confirmation else alert.occurred_at
        forfeit(alert.game_id, alert.team_id, moment, "ineligible_player", alert.division_id)
        if alert.reason == "second_roster":
            why = f"fielded {alert.person_name or alert.person_id}, who played for another team"
            disqualify(alert.team_id, moment, why, alert.division_id)
    for confirmation in view.confirmations:
        forfeit(
            confirmation.game_id,
            confirmation.team_id,
            confirmation.occurred_at,
            "ineligible_player",
            confirmation.division_id,
        )
    for ruling in view.disqualifications:
        disqualify(ruling.team_id, ruling.occurred_at, ruling.reason, ruling.division_id)

    events: list[ForfeitDeclared | TeamDisqualified] = [
        derive(
            ForfeitDeclared,
            context.tournament_id,
            moment,
            (game, team),
            division_id=division,
            game_id=game,
            forfeiting_team_id=team,
            reason=reason,
        )
        for (game, team), (moment, reason, division) in forfeits.items()
    ]
    events.extend(
        derive(
            TeamDisqualified,
            context.tournament_id,
            moment,
            (team,),
            division_id=division,
            team_id=team,
            reason=why[:REASON_MAX_LENGTH],
        )
        for team, (moment, why, division) in disqualified.items()
    )
    return sorted(events, key=lambda e: str(e.event_id))


def forfeits_unasked(alert: Alert, config: DisciplineConfig) -> bool:
    """Whether an alert is a forfeit without the committee's confirmation: too few players
    (the grace period ended), or any alert when the tournament forfeits automatically."""
    return alert.reason == "too_few_players" or config.auto_forfeit_ineligible


def keep_earliest(
    found: dict[K, tuple[datetime, W, str]], key: K, entry: tuple[datetime, W, str]
) -> None:
    """Keep the earliest (moment, reason) per key, so the order of the sources does not
    matter; `entry` ends with its division."""
    earlier = found.get(key)
    if earlier is None or entry[:2] < earlier[:2]:
        found[key] = entry
