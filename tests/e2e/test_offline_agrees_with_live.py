"""The offline commands show what the live system shows: a tournament recorded through the
gateway, the broker and both workers, then read back from the journal by
`touchline standings compute` and `touchline discipline report --journal`."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from typer.testing import CliRunner

from schemas import codec
from services.gateway.journal import Journal
from services.tournament_fold import fold_tournament
from tests.conftest import Running, retarget
from tests.scenarios import derived_everything
from touchline.cli import app
from workloads import factories as f

RUNNER = CliRunner()


def wait_for(check: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.5)


def table_view(snapshot: dict[str, Any]) -> list[Any]:
    """What a display shows of a snapshot's tables and qualifiers (live or offline JSON)."""
    return [
        [
            (
                row.get("team_id", row.get("team")),
                row["points"],
                row["forfeited"],
                row["disqualified"],
            )
            for row in group["rows" if "rows" in group else "table"]
        ]
        for group in snapshot["groups"]
    ] + [[group["complete"] for group in snapshot["groups"]]]


def test_standings_compute_and_the_card_report_agree_with_the_live_system(
    system: Running, tmp_path: Path
) -> None:
    """DESIGN: every fold is a function of the set of events, so the offline commands, folding
    the journal with the workers' own fold, show the live tables, qualifiers and flags and
    pick the roster the worker picks. T1's newer roster (club "New Club", all eight players)
    is posted first and an older one (three players, "Old Club") after it: a reader where the
    last line wins would pick the older one, call five of T1's players unrostered and send
    T1-P1's red card to the wrong club. Rulebook: cards are "reported to the home club ... of
    the team involved"."""
    tournament, _ = system.publish_division("offline")
    newer = f.roster("T1", f.squad("T1", 8), club="New Club")
    newer = newer.model_copy(update={"occurred_at": f.KICKOFF - timedelta(hours=1)})
    older = f.roster("T1", f.squad("T1", 3), club="Old Club")
    older = older.model_copy(update={"occurred_at": f.KICKOFF - timedelta(days=7)})
    answers = system.admin.post_batch([retarget(newer, tournament), retarget(older, tournament)])
    assert {answer["status"] for answer in answers} == {"accepted"}
    field, committee = derived_everything(tournament)
    system.field.post_batch(field)
    system.committee.post_batch(committee)

    journal = system.stack.home / "journal.sqlite3"
    lines = [entry.body.decode() for entry in Journal(journal).events(tournament)]
    events_file = tmp_path / "events.jsonl"
    events_file.write_text("\n".join(lines) + "\n")
    computed = RUNNER.invoke(
        app, ["standings", "compute", "--input", str(events_file), "--format", "json"]
    )
    assert computed.exit_code == 0, computed.output
    offline = json.loads(computed.stdout)
    [division] = offline["divisions"]

    def live() -> dict[str, Any] | None:
        divisions = system.field.standings(tournament)["divisions"]
        return divisions[0] if divisions else None  # None: not folded yet

    wait_for(
        lambda: (shown := live()) is not None and table_view(shown) == table_view(offline),
        f"the live tables never matched the offline ones: {table_view(offline)}",
    )
    snapshot = live()
    assert snapshot is not None
    assert {k: snapshot[k] for k in ("division_winners", "wild_cards", "seeds", "bracket")} == {
        k: division[k] for k in ("division_winners", "wild_cards", "seeds", "bracket")
    }
    flagged = {row[0] for row in table_view(offline)[0] if row[3]}
    assert flagged == {"T3", "T4"}  # disqualified: T3 by discipline, T4 by the committee

    folded = fold_tournament(
        tournament, [codec.decode(codec.INBOUND_EVENT, line.encode()) for line in lines]
    )
    expected = {str(n.event_id) for n in folded.view.notices}
    assert not any(
        n.type == "ineligible.participation" and n.team_id == "T1" for n in folded.view.notices
    )

    def live_notices() -> set[str]:
        answer = httpx.get(
            f"{system.stack.gateway_url}/v1/tournaments/{tournament}/notices",
            headers={"Authorization": f"Bearer {system.committee.token}"},
        )
        return {n["event_id"] for n in answer.json()["notices"]}

    wait_for(lambda: live_notices() == expected, "the live notices never matched the journal's")

    out = tmp_path / "report"
    command = ["discipline", "report", "--tournament", tournament, "--journal", str(journal)]
    report = RUNNER.invoke(app, [*command, "--out", str(out)])
    assert report.exit_code == 0, report.output
    cards = (out / f"{tournament}-cards.csv").read_text().splitlines()
    assert any(",New Club,Person T1-P1,T1-P1," in line for line in cards), cards
    assert not any("Old Club" in line for line in cards)
