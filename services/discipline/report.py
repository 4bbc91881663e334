"""The post-tournament card report, owed to home clubs and state associations.

Rulebook: "all red and yellow cards and other matters involving team conduct will be reported
to the home club and State Association of the team involved ... within seventy-two (72) hours
of the conclusion of the tournament". The report lists every card (name, shirt number, team,
game, minute) grouped by state association and home club, then every suspension still open
(they carry over to club play), and states the deadline: the scheduled end of the last game
plus 72 hours. A guest player's card goes to the club and association of the team they played
for ("the team involved"), not to their own club. Building it is pure; writing CSV and HTML
are plain functions of the report.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.discipline.context import DisciplineContext
from services.discipline.records import DisciplineView

REPORT_WINDOW = timedelta(hours=72)
CARD_NAMES = {
    "yellow": "Yellow",
    "second_yellow": "Second yellow (red)",
    "red": "Red",
    "ejection": "Ejection (red)",
}


class NoGamesToReport(ValueError):
    """A card report needs a schedule: its deadline runs from the last game."""

    def __init__(self, tournament_id: str) -> None:
        super().__init__(f"tournament {tournament_id!r} has no scheduled games")


@dataclass(frozen=True)
class CardLine:
    """One card as the report prints it."""

    state_association: str
    home_club: str
    person_id: str
    name: str
    role: str
    shirt_number: int | None
    team: str
    game_id: str
    game_start: datetime
    minute: int | None
    card: str


@dataclass(frozen=True)
class OpenSuspension:
    """Suspension games a person has not served by the end of the tournament."""

    state_association: str
    home_club: str
    person_id: str
    name: str
    team: str
    earned_in: str
    remaining: int
    expelled: bool


@dataclass(frozen=True)
class CardReport:
    """Everything the report states."""

    tournament_id: str
    last_game_end: datetime
    deadline: datetime
    finished: bool
    cards: tuple[CardLine, ...]
    open_suspensions: tuple[OpenSuspension, ...]


def card_report(context: DisciplineContext, view: DisciplineView) -> CardReport:
    """The report for the tournament as the view stands (raises NoGamesToReport)."""
    if not context.games:
        raise NoGamesToReport(context.tournament_id)
    last_end = max(game.end for game in context.games.values())
    cards = [
        CardLine(
            state_association=context.state_association(card.team_id),
            home_club=context.home_club(card.team_id),
            person_id=record.person_id,
            name=card.person_name,
            role=card.role,
            shirt_number=_shirt(context, card.team_id, record.person_id, card.shirt_number),
            team=context.team_name(card.team_id),
            game_id=card.game_id,
            game_start=context.games[card.game_id].start,
            minute=card.minute,
            card=card.card,
        )
        for record in view.records.values()
        for card in record.cards
    ]
    cards.sort(
        key=lambda c: (
            c.state_association,
            c.home_club,
            c.name,
            context.order[c.game_id],
            -1 if c.minute is None else c.minute,
        )
    )
    open_suspensions = sorted(
        (
            OpenSuspension(
                state_association=context.state_association(suspension.team_id),
                home_club=context.home_club(suspension.team_id),
                person_id=record.person_id,
                name=record.name,
                team=context.team_name(suspension.team_id),
                earned_in=suspension.game_id,
                remaining=suspension.remaining,
                expelled=record.expelled,
            )
            for record in view.records.values()
            for suspension in record.suspensions
            if suspension.remaining
        ),
        key=lambda s: (s.state_association, s.home_club, s.name, s.earned_in),
    )
    open_suspensions.extend(_expelled_without_games(context, view))
    return CardReport(
        tournament_id=context.tournament_id,
        last_game_end=last_end,
        deadline=last_end + REPORT_WINDOW,
        finished=view.finished,
        cards=tuple(cards),
        open_suspensions=tuple(open_suspensions),
    )


def _expelled_without_games(
    context: DisciplineContext, view: DisciplineView
) -> list[OpenSuspension]:
    """Expelled people with no games left to serve: still reported, against their last team."""
    found = []
    for record in view.records.values():
        if not record.expelled or record.outstanding:
            continue
        team = record.cards[-1].team_id if record.cards else ""
        found.append(
            OpenSuspension(
                state_association=context.state_association(team),
                home_club=context.home_club(team),
                person_id=record.person_id,
                name=record.name,
                team=context.team_name(team) if team else "",
                earned_in="",
                remaining=0,
                expelled=True,
            )
        )
    return found


def _shirt(context: DisciplineContext, team: str, person: str, on_card: int | None) -> int | None:
    """The shirt number on the card, else the one on the team's roster."""
    if on_card is not None:
        return on_card
    roster = context.rosters.get(team)
    if roster is None:
        return None
    return next((p.shirt_number for p in roster.players if p.person_id == person), None)


#: CSV header -> the attribute of a `CardLine` it shows.
CARD_COLUMNS = {
    "state_association": "state_association",
    "home_club": "home_club",
    "name": "name",
    "person_id": "person_id",
    "role": "role",
    "shirt_number": "shirt_number",
    "team": "team",
    "game": "game_id",
    "game_start": "game_start",
    "minute": "minute",
    "card": "card",
}
#: CSV header -> the attribute of an `OpenSuspension` it shows.
SUSPENSION_COLUMNS = {
    "state_association": "state_association",
    "home_club": "home_club",
    "name": "name",
    "person_id": "person_id",
    "team": "team",
    "earned_in_game": "earned_in",
    "games_remaining": "remaining",
    "expelled": "expelled",
}


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def _cell(value: object) -> str:
    """A CSV cell: None empty, a time in ISO 8601, a flag yes or no."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _blank(value)


def _csv(columns: dict[str, str], items: Iterable[object]) -> str:
    """A CSV document: the header row, then one row per item."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(getattr(item, name)) for name in columns.values()] for item in items)
    return out.getvalue()


def cards_csv(report: CardReport) -> str:
    """Every card, one row each, grouped by state association and home club."""
    return _csv(CARD_COLUMNS, report.cards)


def suspensions_csv(report: CardReport) -> str:
    """Every open suspension, one row per person and team."""
    return _csv(SUSPENSION_COLUMNS, report.open_suspensions)


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
h3 { font-size: 1rem; margin-bottom: .3rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1rem; }
th, td { border: 1px solid #999; padding: .25rem .5rem; text-align: left; font-size: .9rem; }
th { background: #eee; }
.deadline { font-weight: bold; border: 2px solid #111; padding: .5rem; display: inline-block; }
section { break-inside: avoid; }
@media print { body { margin: 0; } th { background: none; } }
"""


def _row(cells: list[str], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{html.escape(cell)}</{tag}>" for cell in cells) + "</tr>"


def _card_table(cards: list[CardLine]) -> str:
    head = _row(["Name", "Shirt", "Role", "Team", "Game", "Kick-off", "Minute", "Card"], "th")
    body = "".join(
        _row(
            [
                c.name,
                _blank(c.shirt_number),
                c.role,
                c.team,
                c.game_id,
                c.game_start.strftime("%Y-%m-%d %H:%M %Z"),
                _blank(c.minute),
                CARD_NAMES[c.card],
            ]
        )
        for c in cards
    )
    return f"<table>{head}{body}</table>"


def card_report_html(report: CardReport) -> str:
    """A printable page: deadline, cards by state association and club, open suspensions."""
    title = f"Card report: {report.tournament_id}"
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>"
        f"{html.escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        "<p class='deadline'>Due to each home club, state association and the US Youth "
        f"Soccer National Office by {report.deadline.strftime('%Y-%m-%d %H:%M %Z')} "
        f"(72 hours after the last game, which ends "
        f"{report.last_game_end.strftime('%Y-%m-%d %H:%M %Z')}).</p>",
    ]
    if not report.finished:
        parts.append("<p><strong>Provisional:</strong> not every game has a result yet.</p>")
    parts.append(f"<h2>Cards ({len(report.cards)})</h2>")
    if not report.cards:
        parts.append("<p>No cards were shown.</p>")
    groups: dict[tuple[str, str], list[CardLine]] = {}
    for card in report.cards:
        groups.setdefault((card.state_association, card.home_club), []).append(card)
    for (association, club), cards in groups.items():
        parts.append(
            f"<section><h3>{html.escape(association or 'No state association')} / "
            f"{html.escape(club or 'No club')}</h3>{_card_table(cards)}</section>"
        )
    parts.append(f"<h2>Open suspensions ({len(report.open_suspensions)})</h2>")
    if report.open_suspensions:
        head = _row(
            [
                "State association",
                "Home club",
                "Name",
                "Team",
                "Earned in",
                "Games left",
                "Expelled",
            ],
            "th",
        )
        body = "".join(
            _row(
                [
                    s.state_association,
                    s.home_club,
                    s.name,
                    s.team,
                    s.earned_in,
                    str(s.remaining),
                    "yes" if s.expelled else "no",
                ]
            )
            for s in report.open_suspensions
        )
        parts.append(f"<table>{head}{body}</table>")
    else:
        parts.append("<p>None: every suspension was served.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
