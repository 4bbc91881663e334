"""What the committee's desk shows, as plain data for its templates: the queue, its filters
and open count, the names of things. Every label is made here; no rule is: an alert's status
comes from the discipline rules (`services.discipline.alert_status`), a table's ties from the
standings, and this module only words them and says which action fits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from schemas.discipline import (
    HeadInjuryViolation,
    IneligibleParticipation,
    SuspensionCarriedOver,
    SuspensionIssued,
    SuspensionServed,
)
from services.discipline.context import DisciplineContext
from services.discipline.records import Alert, DisciplineView

#: The rule each alert reason stands for, in the committee's words.
RULES = {
    "suspended": "A suspended person sits out until the suspension is served, for every team "
    "they are on.",
    "expelled": "An expelled person takes no further part in the tournament.",
    "unrostered": "Only people on the team's registered roster may be on its lineup.",
    "second_roster": "A player plays for one team only: the second team fielded an ineligible "
    "player.",
    "too_few_players": "Too few players by kick-off plus the grace period: the game is a forfeit.",
    "game_roster_limit": "More players on the lineup than the game-day roster allows.",
}
REASONS = {
    "suspended": "suspended",
    "expelled": "expelled",
    "unrostered": "not on the roster",
    "second_roster": "played for another team",
    "too_few_players": "too few players",
    "game_roster_limit": "game-day roster too long",
}
ALERT_STATUS = {
    "open": "Open: awaiting a ruling",
    "confirmed": "Confirmed: the game is a forfeit",
    "dismissed": "Dismissed: no forfeit",
    "automatic": "Forfeit by rule (no ruling needed)",
}
STATUS_FILTERS = {"all": "Everything", "open": "Open: awaiting a ruling", "closed": "Closed"}
#: The notices the queue shows besides the alerts, by type: the item's kind and title.
NOTICE_ITEMS: dict[type, tuple[str, str]] = {
    SuspensionIssued: ("suspension", "Suspension issued"),
    SuspensionServed: ("served", "Suspension game served"),
    SuspensionCarriedOver: ("carried_over", "Suspension carried over"),
    HeadInjuryViolation: ("head_injury", "Head-injury violation"),
}


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    danger: bool = False


@dataclass(frozen=True)
class Item:
    """One line of the committee's queue."""

    kind: str
    title: str
    occurred_at: datetime
    division_id: str
    status: str
    status_label: str
    summary: str
    person: Link | None = None
    team: Link | None = None
    game: str = ""
    rule: str = ""
    lineup: tuple[str, ...] = ()
    actions: tuple[Link, ...] = ()

    person_id: str = ""
    team_id: str = ""

    @property
    def open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class DeskNames:
    """How the desk names a tournament's teams, games, divisions and people."""

    context: DisciplineContext
    view: DisciplineView
    desk: str  # the desk's address: /console/{t}/discipline
    people: Mapping[str, str] = field(default_factory=dict)

    def team(self, team_id: str) -> str:
        return self.context.team_name(team_id)

    def division(self, division_id: str) -> str:
        found = self.context.divisions.get(division_id)
        return found.name if found else division_id

    def division_of(self, team_id: str) -> str:
        divisions = self.context.divisions.values()
        found = (d.division_id for d in divisions if any(t.team_id == team_id for t in d.teams))
        return next(found, "")

    def last_end(self, division_id: str) -> datetime | None:
        """When the division's last game ends (where a tie of its tables stands in time)."""
        ends = [g.end for g in self.context.games.values() if g.division_id == division_id]
        return max(ends, default=None)

    def game(self, game_id: str | None) -> str:
        slot = self.context.games.get(game_id or "")
        if slot is None:
            return game_id or ""
        home = self.team(slot.home_team_id) if slot.home_team_id else "?"
        away = self.team(slot.away_team_id) if slot.away_team_id else "?"
        return f"{game_id}: {home} v {away}, {slot.start.strftime('%a %d %b %H:%M')}"

    def person(self, person_id: str, seen_as: str = "") -> str:
        record = self.view.records.get(person_id)
        return (record.name if record else "") or seen_as or self.people.get(person_id, person_id)

    def person_link(self, person_id: str, seen_as: str = "") -> Link:
        return Link(self.person(person_id, seen_as), f"{self.desk}/people/{person_id}")

    def team_link(self, team_id: str) -> Link:
        return Link(self.team(team_id), f"{self.desk}/teams/{team_id}")

    def action(self, name: str, label: str, danger: bool = False, **given: str) -> Link:
        return Link(label, f"{self.desk}/actions/{name}?{urlencode(given)}", danger)


def people_of(context: DisciplineContext, lineups: Iterable[Any]) -> dict[str, str]:
    """Person id -> name, from the rosters and the lineups (for people with no record)."""
    found = {p.person_id: p.name for r in context.rosters.values() for p in r.players}
    found |= {s.person_id: s.name for r in context.rosters.values() for s in r.staff}
    for lineup in lineups:
        found |= {m.person_id: m.name for m in lineup.members}
    return found


def queue(
    names: DeskNames,
    notices: Iterable[Any],
    lineups: Mapping[tuple[str, str], Any],
    snapshots: Iterable[Mapping[str, Any]],
) -> list[Item]:
    """Everything the committee follows, newest first: the worker's notices (alerts with
    the status the rules give them) and the ties the tables cannot break."""
    alerts = {alert.key: alert for alert in names.view.alerts}
    items = [
        item
        for notice in notices
        if (item := _notice_item(names, notice, alerts, lineups)) is not None
    ]
    items.extend(_tie_items(names, snapshots))
    return sorted(items, key=lambda i: i.occurred_at, reverse=True)


def filtered(items: list[Item], division: str, status: str) -> list[Item]:
    """The items of one division ("" for all) and status ("open", "closed" or "all")."""
    return [
        i
        for i in items
        if (not division or i.division_id == division)
        and (status == "all" or (status == "open") == i.open)
    ]


def _notice_item(
    names: DeskNames,
    notice: Any,
    alerts: Mapping[tuple[str, str, str], Alert],
    lineups: Mapping[tuple[str, str], Any],
) -> Item | None:
    if isinstance(notice, IneligibleParticipation):
        return _alert_item(
            names, notice, alerts.get((notice.game_id, notice.team_id, notice.person_id)), lineups
        )
    if type(notice) not in NOTICE_ITEMS:
        return None
    kind, title = NOTICE_ITEMS[type(notice)]
    person = names.person_link(notice.person_id, notice.person_name)
    common = {
        "kind": kind,
        "title": title,
        "occurred_at": notice.occurred_at,
        "division_id": getattr(notice, "division_id", "") or names.division_of(notice.team_id),
        "person": person,
        "team": names.team_link(notice.team_id),
        "person_id": notice.person_id,
        "team_id": notice.team_id,
        "game": names.game(getattr(notice, "game_id", None)),
    }
    if isinstance(notice, SuspensionIssued):
        record = names.view.records.get(notice.person_id)
        owed = record.outstanding if record else notice.total_outstanding
        actions = [
            names.action(
                "extend", "Extend", person_id=notice.person_id, game_id=notice.game_id or ""
            ),
            names.action("expel", "Expel", True, person_id=notice.person_id),
        ]
        return Item(
            status="serving" if owed else "served",
            status_label=f"{owed} game(s) still to serve" if owed else "Served",
            summary=f"{notice.games} game(s): {notice.reason}",
            actions=tuple(actions),
            **common,
        )
    if isinstance(notice, SuspensionServed):
        return Item(
            status="served",
            status_label=f"{notice.remaining} game(s) left",
            summary=f"sat out game {notice.game_id}",
            **common,
        )
    if isinstance(notice, SuspensionCarriedOver):
        return Item(
            status="carried_over",
            status_label=f"{notice.remaining} game(s) carry over",
            summary=f"to club play ({notice.home_club or 'home club not known'})",
            **common,
        )
    return Item(  # a HeadInjuryViolation, the last kind of NOTICE_ITEMS
        status="reported",
        status_label="Reported",
        summary=notice.detail,
        rule="A player removed for a suspected head injury may not return to that match.",
        actions=(names.action("expel", "Expel", True, person_id=notice.person_id),),
        **common,
    )


def _alert_item(
    names: DeskNames,
    notice: IneligibleParticipation,
    alert: Alert | None,
    lineups: Mapping[tuple[str, str], Any],
) -> Item:
    status = alert.status if alert is not None else "open"
    given = {
        "division_id": notice.division_id,
        "game_id": notice.game_id,
        "team_id": notice.team_id,
        "person_id": notice.person_id,
    }
    actions = {
        "open": (
            names.action("confirm", "Confirm (forfeit)", True, **given),
            names.action("dismiss", "Dismiss", **given),
        ),
        "dismissed": (names.action("confirm", "Confirm after all (forfeit)", True, **given),),
    }.get(
        status,
        (
            names.action(
                "correct",
                "Correct the score",
                division_id=notice.division_id,
                game_id=notice.game_id,
            ),
        ),
    )
    lineup = lineups.get((notice.game_id, notice.team_id))
    team_level = notice.reason in ("too_few_players", "game_roster_limit")
    return Item(
        kind="alert",
        title="Ineligible participation",
        occurred_at=notice.occurred_at,
        division_id=notice.division_id,
        status=status,
        status_label=ALERT_STATUS[status],
        summary=f"{REASONS[notice.reason]}: {notice.detail}",
        person=None if team_level else names.person_link(notice.person_id, notice.person_name),
        team=names.team_link(notice.team_id),
        game=names.game(notice.game_id),
        rule=RULES[notice.reason],
        lineup=tuple(m.name for m in lineup.members) if lineup is not None else (),
        actions=actions,
        person_id="" if team_level else notice.person_id,
        team_id=notice.team_id,
    )


def _tie_items(names: DeskNames, snapshots: Iterable[Mapping[str, Any]]) -> list[Item]:
    """A tie only kicks or lots can break, per group table and across the division, once
    the tables it is in are complete (before, more games may still break it)."""
    items = []
    for snapshot in snapshots:
        division = snapshot["division_id"]
        groups = snapshot.get("groups", ())
        ties = [(g["group_id"], tie) for g in groups if g["complete"] for tie in g["unresolved"]]
        if all(g["complete"] for g in groups):
            ties += [("", tie) for tie in snapshot.get("unresolved", ())]
        moment = names.last_end(division)
        for group, teams in ties if moment is not None else ():
            where = f"group {group}" if group else "across the division"
            items.append(
                Item(
                    kind="tie",
                    title="Unresolved tie",
                    occurred_at=moment,
                    division_id=division,
                    status="open",
                    status_label="Open: needs kicks or lots",
                    summary=f"{names.division(division)}, {where}: "
                    + ", ".join(names.team(t) for t in teams),
                    actions=(
                        names.action(
                            "tiebreak",
                            "Decide the tie",
                            division_id=division,
                            group_id=group,
                            teams=",".join(teams),
                        ),
                    ),
                )
            )
    return items
