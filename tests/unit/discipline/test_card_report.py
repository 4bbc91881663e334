"""`touchline discipline report`: every card by state association and home club, open
suspensions, and the 72-hour deadline."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from schemas.codec import encode
from schemas.roster import RosterPlayer
from services.discipline.config import DisciplineConfig
from services.discipline.evaluate import evaluate
from services.discipline.event_log import read_event_log
from services.discipline.report import CardReport, card_report, cards_csv, suspensions_csv
from touchline.cli import app
from workloads import factories as f

T = f.TOURNAMENT


def tournament_events() -> list[Any]:
    """Schedule, a T1 roster with a guest, three send-offs and a caution; A6 not played."""
    definition = f.division()
    games = f.round_robin(definition)
    guest = RosterPlayer(
        person_id="G1",
        name="Gil Guest",
        birth_date=date(2009, 1, 1),
        shirt_number=15,
        guest=True,
        home_club="Guest FC",
    )
    roster = f.roster("T1", ["T1-P1", guest])
    return [
        definition,
        *(f.scheduled(game) for game in games.values()),
        roster,
        f.card(games["A1"], "T1", "T1-P1", "yellow", minute=12, shirt_number=7),
        f.card(games["A1"], "T1", "G1", "red", minute=30),  # shirt from the roster
        f.card(games["A4"], "T2", "C1", "ejection", minute=40, role="coach"),
        f.card(games["A5"], "T4", "T4-P9", "second_yellow", minute=70, shirt_number=9),
        *(f.score(games[g], 1, 0) for g in ("A1", "A2", "A3", "A4", "A5")),
    ]


def report_of(events: list[Any]) -> CardReport:
    """The card report of these events, read back through the JSON-lines event log."""
    log = read_event_log([encode(e).decode() for e in events], T, file="events.jsonl")
    context = log.context(T, DisciplineConfig())
    return card_report(context, evaluate(context, log.events))


def test_the_report_lists_every_card_grouped_by_association_and_club() -> None:
    """Rulebook: "all red and yellow cards ... will be reported to the home club and State
    Association of the team involved"; "Uniform numbers must be accompanied by player names if
    a card is issued". Guest G1 (own club Guest FC) played for T1: the card goes to T1's club
    and association, the team involved."""
    report = report_of(tournament_events())
    assert cards_csv(report).splitlines() == [
        "state_association,home_club,name,person_id,role,shirt_number,team,game,game_start,"
        "minute,card",
        "SA T1,Club T1,Person G1,G1,player,15,Team T1,A1,2026-11-21T09:00:00+00:00,30,red",
        "SA T1,Club T1,Person T1-P1,T1-P1,player,7,Team T1,A1,2026-11-21T09:00:00+00:00,12,yellow",
        "SA T2,Club T2,Person C1,C1,coach,,Team T2,A4,2026-11-21T12:00:00+00:00,40,ejection",
        "SA T4,Club T4,Person T4-P9,T4-P9,player,9,Team T4,A5,2026-11-21T13:00:00+00:00,70,"
        "second_yellow",
    ]


def test_the_report_lists_open_suspensions_and_the_72_hour_deadline() -> None:
    """Rulebook: cards are reported "within seventy-two (72) hours of the conclusion of the
    tournament"; a suspension "which cannot be served during the event" carries over."""
    report = report_of(tournament_events())
    # G1 (T1, A1) served in A2; C1 (T2, A4) served in A5; T4-P9 (T4, A5): T4's A6 not played.
    assert suspensions_csv(report).splitlines() == [
        "state_association,home_club,name,person_id,team,earned_in_game,games_remaining,expelled",
        "SA T4,Club T4,Person T4-P9,T4-P9,Team T4,A5,1,no",
    ]
    assert report.last_game_end.isoformat() == "2026-11-21T15:00:00+00:00"
    assert report.deadline.isoformat() == "2026-11-24T15:00:00+00:00"
    assert not report.finished


def write_log(tmp_path: Path, events: list[Any], extra: Sequence[str] = ()) -> Path:
    """A JSON-lines event file of these events, then the `extra` raw lines."""
    path = tmp_path / "events.jsonl"
    lines = [encode(e).decode() for e in events]
    path.write_text("\n".join([*lines, *extra]) + "\n")
    return path


def test_the_command_writes_csv_and_a_printable_page_stating_the_deadline(tmp_path: Path) -> None:
    """Rulebook: the report is due "within seventy-two (72) hours of the conclusion of the
    tournament"; issue: "as CSV and as a printable HTML page; it states the deadline"."""
    log = write_log(tmp_path, tournament_events(), [json.dumps({"type": "standings.snapshot"})])
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app, ["discipline", "report", "--tournament", T, "--input", str(log), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "4 card(s), 1 open suspension(s); due by 2026-11-24T15:00:00+00:00 (last game ends "
        "2026-11-21T15:00:00+00:00); provisional: not every game has a result"
    )
    assert sorted(p.name for p in out.iterdir()) == [
        f"{T}-card-report.html",
        f"{T}-cards.csv",
        f"{T}-open-suspensions.csv",
    ]
    page = (out / f"{T}-card-report.html").read_text()
    assert "by 2026-11-24 15:00 UTC (72 hours after the last game" in page
    assert "<h3>SA T1 / Club T1</h3>" in page and "Guest FC" not in page
    assert "<td>Person G1</td><td>15</td>" in page
    assert "@media print" in page


def test_bad_lines_are_named_and_nothing_is_written(tmp_path: Path) -> None:
    """Bad input gets a specific error naming the line and field, never a traceback."""
    bad_card = json.loads(encode(tournament_events()[8]))
    bad_card["minute"] = -3
    log = write_log(tmp_path, tournament_events()[:8], ["{not json", json.dumps(bad_card)])
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app, ["discipline", "report", "--tournament", T, "--input", str(log), "--out", str(out)]
    )
    assert result.exit_code == 1
    assert f"{log}:9: not valid JSON" in result.output
    assert f"{log}:10: minute: Input should be greater than or equal to 0" in result.output
    assert not out.exists()
