"""Discipline over HTTP and the real broker: a coach of two teams is sent off with one; the
notice reaches the committee's stream; the coach on the other team's lineup raises an alert;
the committee confirms; the forfeit shows in the standings; the suspension is served by the
right game; the card report lists it all."""

from __future__ import annotations

import csv
import io
import uuid
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tests.conftest import Running, retarget
from tests.sse import SseRecorder
from touchline.cli import app
from workloads import factories as f


def row_of(snapshot: dict[str, Any], team: str) -> dict[str, Any]:
    return next(r for g in snapshot["groups"] for r in g["rows"] if r["team_id"] == team)


def test_a_coach_sent_off_with_one_team_is_stopped_on_the_other_until_served(
    system: Running, tmp_path: Path
) -> None:
    tournament = f"coach-{uuid.uuid4().hex[:8]}"
    u12 = f.division("U12B", coaches={"T1": ["C1"]})
    u13 = f.division("U13B", {"B": ["X1", "X2", "X3", "X4"]}, age_group="U13")
    u13 = u13.model_copy(
        update={"teams": [u13.teams[0].model_copy(update={"coach_ids": ["C1"]}), *u13.teams[1:]]}
    )
    a, b = f.round_robin(u12), f.round_robin(u13)  # A1 T1-T2 09:00, A2 T1-T3 10:00; B2 X1-X3
    system.admin.post_batch(
        [
            retarget(e, tournament)
            for e in (u12, u13, *(f.scheduled(g) for g in (*a.values(), *b.values())))
        ]
    )
    committee = {"Authorization": f"Bearer {system.committee.token}"}
    gateway = system.stack.gateway_url
    notices = SseRecorder(f"{gateway}/v1/tournaments/{tournament}/notices/stream", committee)
    standings = SseRecorder(f"{gateway}/v1/tournaments/{tournament}/standings/stream")
    try:
        ejection = f.card(a["A1"], "T1", "C1", "ejection", role="coach", minute=55)
        system.field.post_batch(
            [retarget(ejection, tournament), retarget(f.score(a["A1"], 0, 2), tournament)]
        )
        issued = notices.wait_for(lambda n: n["type"] == "suspension.issued")
        assert (issued["person_id"], issued["team_id"], issued["games"]) == ("C1", "T1", 1)

        lineup = f.lineup(b["B2"], "X1", f.squad("X1", 11), staff=["C1"])
        system.field.post(retarget(lineup, tournament))
        alert = notices.wait_for(lambda n: n["type"] == "ineligible.participation")
        assert (alert["game_id"], alert["team_id"], alert["reason"]) == ("B2", "X1", "suspended")

        system.field.post(retarget(f.score(b["B2"], 3, 0), tournament))
        system.committee.post(retarget(f.confirmation(b["B2"], "X1", "C1"), tournament))
        table = standings.wait_for(
            lambda s: s["division_id"] == "U13B" and row_of(s, "X1")["forfeited"]
        )
        x1, x3 = row_of(table, "X1"), row_of(table, "X3")
        assert (x1["points"], x1["goals_against"]) == (0, 4)  # the 3-0 on the field is void
        assert (x3["points"], x3["goals_for"]) == (3, 4)

        system.field.post(retarget(f.score(a["A2"], 1, 1), tournament))
        served = notices.wait_for(lambda n: n["type"] == "suspension.served")
        assert (served["game_id"], served["team_id"], served["remaining"]) == ("A2", "T1", 0)
    finally:
        notices.close()
        standings.close()

    result = CliRunner().invoke(
        app,
        [
            "discipline",
            "report",
            "--tournament",
            tournament,
            "--journal",
            str(system.stack.home / "journal.sqlite3"),
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    cards = list(csv.DictReader(io.StringIO((tmp_path / f"{tournament}-cards.csv").read_text())))
    assert [(c["person_id"], c["team"], c["game"], c["minute"], c["card"]) for c in cards] == [
        ("C1", "Team T1", "A1", "55", "ejection")
    ]
    assert "0 open suspension(s)" in result.output
