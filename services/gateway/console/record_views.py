"""A person's record, a team's record, the card report's countdown and a ruling's effect,
as plain data for the committee's templates. What they say comes from the discipline view
(the worker's rules over the worker's inputs), the notices and the standings; this module
only words it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from schemas.discipline import (
    IneligibilityConfirmed,
    IneligibilityDismissed,
    PersonExpelled,
    SuspensionExtended,
    TeamDisqualification,
)
from schemas.match import ScoreCorrected, TiebreakDecided
from services.discipline.ids import derived_id
from services.discipline.report import CARD_NAMES
from services.gateway.console.committee_views import DeskNames, Item, Link
from services.ledger import Ledger


@dataclass(frozen=True)
class WordedCard:
    game: str
    team: str
    card: str
    minute: str


@dataclass(frozen=True)
class SuspensionLine:
    team: str
    earned_in: str
    games: str
    served_in: tuple[str, ...]
    remaining: int


@dataclass(frozen=True)
class WordedRecord:
    """One person's or one team's discipline, worded."""

    title: str
    facts: tuple[str, ...]
    teams: tuple[Link, ...]
    people: tuple[tuple[Link, str], ...]
    cards: tuple[WordedCard, ...]
    suspensions: tuple[SuspensionLine, ...]
    items: tuple[Item, ...]
    actions: tuple[Link, ...]


def person_record(
    names: DeskNames, person_id: str, lineups: Iterable[Any], items: Iterable[Item]
) -> WordedRecord:
    """Every card, suspension and game served of one person, across every team they are on."""
    record = names.view.records.get(person_id)
    cards = record.cards if record else ()
    suspensions = record.suspensions if record else ()
    on_teams = {r.team_id for r in names.context.rosters.values() if _rostered(r, person_id)}
    on_teams |= {lu.team_id for lu in lineups if any(m.person_id == person_id for m in lu.members)}
    on_teams |= {c.team_id for c in cards} | {s.team_id for s in suspensions}
    facts = [
        f"Suspension games earned {record.games_earned if record else 0}, "
        f"served {record.games_served if record else 0}, "
        f"still to serve {record.outstanding if record else 0}."
    ]
    if record is not None and record.expelled_at is not None:
        facts.append(f"Expelled from the tournament at {_when(record.expelled_at)}.")
    return WordedRecord(
        title=names.person(person_id),
        facts=tuple(facts),
        teams=tuple(names.team_link(t) for t in sorted(on_teams)),
        people=(),
        cards=tuple(_card(names, c, with_team=True) for c in cards),
        suspensions=tuple(_suspension(names, s) for s in suspensions),
        items=tuple(i for i in items if i.person_id == person_id),
        actions=(
            names.action("extend", "Extend a suspension", True, person_id=person_id),
            names.action("expel", "Expel", True, person_id=person_id),
        ),
    )


def team_record(names: DeskNames, team_id: str, items: Iterable[Item]) -> WordedRecord:
    """A team's people and what they owe, its cards and suspensions, and its alerts."""
    view = names.view
    roster = names.context.rosters.get(team_id)
    members = (
        [
            (p.person_id, f"#{p.shirt_number}" if p.shirt_number else "player")
            for p in roster.players
        ]
        if roster
        else []
    )
    members += [(s.person_id, s.role) for s in roster.staff] if roster else []
    people = tuple(
        (names.person_link(pid), f"{role}; {_owed(names, pid)}") for pid, role in members
    )
    cards = [
        (record, card)
        for record in view.records.values()
        for card in record.cards
        if card.team_id == team_id
    ]
    suspensions = [s for r in view.records.values() for s in r.suspensions if s.team_id == team_id]
    facts = [f"Division: {names.division(names.division_of(team_id))}."]
    if roster is not None and roster.club:
        facts.append(f"Club: {roster.club}.")
    facts += [
        f"Disqualified by the committee: {d.reason or 'no reason given'}."
        for d in view.disqualifications
        if d.team_id == team_id
    ]
    return WordedRecord(
        title=names.team(team_id),
        facts=tuple(facts),
        teams=(),
        people=people,
        cards=tuple(
            WordedCard(
                f"{names.person(r.person_id)}: {names.game(c.game_id)}",
                names.team(team_id),
                CARD_NAMES[c.card],
                _minute(c.minute),
            )
            for r, c in cards
        ),
        suspensions=tuple(_suspension(names, s) for s in suspensions),
        items=tuple(i for i in items if i.team_id == team_id),
        actions=(
            names.action(
                "disqualify", "Disqualify the team", True,
                division_id=names.division_of(team_id), team_id=team_id,
            ),
        ),
    )  # fmt: skip


def countdown(deadline: datetime, now: datetime) -> str:
    """'2 days 4 h 10 min left', or 'overdue by 3 h 5 min'."""
    left = deadline - now
    words = _span(abs(left))
    return f"{words} left" if left >= timedelta(0) else f"overdue by {words}"


@dataclass(frozen=True)
class Effect:
    """What a ruling has done so far: `folded` once the rules and tables show it."""

    folded: bool
    text: str
    division_id: str = ""


def find_ruling(ledger: Ledger, event_id: str) -> Any | None:
    """The committee's (or an admin's) event with this id, once it is back from the broker."""
    for event in ledger.events.values():
        if str(event.event_id) == event_id and event.producer in ("committee", "admin"):
            return event
    return None


def effect(
    names: DeskNames,
    ruling: Any,
    ledger: Ledger,
    notices: Iterable[Any],
    snapshots: Mapping[str, Mapping[str, Any]],
    standings_after: int,
) -> Effect:
    """The effect of a ruling, as the discipline view, the notices and the tables show it.
    `standings_after` is the division's table version when the ruling was posted."""
    tournament = names.context.tournament_id
    problems = [str(p) for p in names.view.problems if str(ruling.event_id) in str(p)]
    if problems:
        return Effect(True, "The rules could not apply it: " + "; ".join(problems))
    division = getattr(ruling, "division_id", "")
    table = snapshots.get(division, {})
    ids = {str(e.event_id) for e in ledger.events.values()}
    if isinstance(ruling, IneligibilityConfirmed):
        forfeit = str(derived_id(tournament, "forfeit.declared", ruling.game_id, ruling.team_id))
        done = forfeit in ids and _row(table, ruling.team_id).get("forfeited", False)
        return Effect(
            done,
            f"Game {names.game(ruling.game_id)} is a forfeit of {names.team(ruling.team_id)}; "
            "the table below scores it."
            if done
            else "Waiting for discipline to declare the forfeit and the standings to score it.",
            division,
        )
    if isinstance(ruling, IneligibilityDismissed):
        key = (ruling.game_id, ruling.team_id, ruling.person_id)
        done = any(a.key == key and a.status != "open" for a in names.view.alerts)
        return Effect(
            done, "The alert is closed: no forfeit." if done else "Waiting for discipline."
        )
    if isinstance(ruling, SuspensionExtended):
        wanted = derived_id(
            tournament,
            "suspension.issued",
            ruling.person_id,
            ruling.game_id or "",
            str(ruling.event_id),
        )
        issued = [n for n in notices if n.event_id == wanted]
        return Effect(
            bool(issued),
            f"{names.person(ruling.person_id)} now has {issued[0].total_outstanding} game(s) "
            "to serve."
            if issued
            else "Waiting for discipline to issue the extended suspension.",
        )
    if isinstance(ruling, PersonExpelled):
        record = names.view.records.get(ruling.person_id)
        done = record is not None and record.expelled
        return Effect(
            done,
            f"{names.person(ruling.person_id)} is expelled: any lineup with them from "
            f"{_when(ruling.occurred_at)} on is an alert."
            if done
            else "Waiting for discipline.",
        )
    if isinstance(ruling, TeamDisqualification):
        out = str(derived_id(tournament, "team.disqualified", ruling.team_id))
        done = out in ids and _row(table, ruling.team_id).get("disqualified", False)
        return Effect(
            done,
            f"{names.team(ruling.team_id)} is disqualified; the table below shows it."
            if done
            else "Waiting for discipline and the standings.",
            division,
        )
    if isinstance(ruling, ScoreCorrected | TiebreakDecided):
        done = table.get("version", 0) > standings_after
        return Effect(
            done,
            "The standings have folded it: the table below includes it."
            if done
            else "Waiting for the standings to fold it.",
            division,
        )
    return Effect(False, "Not a ruling of this desk.")


def _rostered(roster: Any, person_id: str) -> bool:
    return any(p.person_id == person_id for p in (*roster.players, *roster.staff))


def _owed(names: DeskNames, person_id: str) -> str:
    record = names.view.records.get(person_id)
    owed = record.outstanding if record else 0
    if record is not None and record.expelled:
        return "expelled"
    return f"{owed} game(s) to serve" if owed else "nothing to serve"


def _card(names: DeskNames, card: Any, with_team: bool) -> WordedCard:
    return WordedCard(
        names.game(card.game_id),
        names.team(card.team_id) if with_team else "",
        CARD_NAMES[card.card],
        _minute(card.minute),
    )


def _suspension(names: DeskNames, suspension: Any) -> SuspensionLine:
    extra = f" + {suspension.extra} by the committee" if suspension.extra else ""
    return SuspensionLine(
        team=names.team(suspension.team_id),
        earned_in=names.game(suspension.game_id),
        games=f"{suspension.automatic} automatic{extra}",
        served_in=tuple(names.game(g) for g in suspension.served_in),
        remaining=suspension.remaining,
    )


def _row(snapshot: Mapping[str, Any], team_id: str) -> Mapping[str, Any]:
    for group in snapshot.get("groups", ()):
        for row in group["rows"]:
            if row["team_id"] == team_id:
                return row
    return {}


def _minute(minute: int | None) -> str:
    return "" if minute is None else f"{minute}'"


def _when(moment: datetime) -> str:
    return moment.strftime("%a %d %b %H:%M %Z").strip()


def _span(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    parts += [f"{hours} h"] if days or hours else []
    return " ".join([*parts, f"{minutes} min"])
