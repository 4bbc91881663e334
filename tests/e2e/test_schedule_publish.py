"""`touchline schedule solve` then `publish`: the schedule reaches the gateway's schedule and
calendar feeds and the standings, over the real broker; publishing again changes nothing."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from tests.conftest import Running
from touchline.cli import app

EXAMPLE = Path(__file__).parents[2] / "examples" / "alliance-cup-demo.yaml"


def test_a_solved_schedule_is_published_to_every_reader(system: Running, tmp_path: Path) -> None:
    out = tmp_path / "schedule.json"
    solved = CliRunner().invoke(
        app, ["schedule", "solve", str(EXAMPLE), "--out", str(out), "--time-limit", "5"]
    )
    assert solved.exit_code == 0, solved.output
    publish = [
        "schedule",
        "publish",
        str(EXAMPLE),
        "--schedule",
        str(out),
        "--gateway",
        system.stack.gateway_url,
        "--token",
        system.admin.token,
    ]
    first = CliRunner().invoke(app, publish)
    assert first.exit_code == 0, first.output
    assert "7 new, 0 already published, 0 refused" in first.output
    again = CliRunner().invoke(app, publish)
    assert "0 new, 7 already published" in again.output

    base = f"{system.stack.gateway_url}/v1/tournaments/alliance-cup-demo"
    deadline = time.monotonic() + 20
    while True:
        games = httpx.get(f"{base}/schedule").json()["games"]
        divisions = httpx.get(f"{base}/standings").json()["divisions"]
        if (len(games) == 6 and divisions) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(games) == 6 and {g["division_id"] for g in games} == {"U12B"}
    assert [len(group["rows"]) for group in divisions[0]["groups"]] == [4]
    team = divisions[0]["groups"][0]["rows"][0]["team_id"]
    calendar = httpx.get(f"{base}/teams/{team}/schedule.ics")
    assert calendar.text.count("BEGIN:VEVENT") == 3  # a round robin of four: three games each
