"""`touchline replay`: the journal, folded alone, matches the live system; a difference is
named."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from typer.testing import CliRunner

from services.gateway.journal import Journal
from tests import factories
from tests.conftest import Running, journaled, retarget
from tests.e2e.test_walking_skeleton import EXPECTED, RESULTS, rows
from tests.scenarios import derived_by_rules, derived_everything, table_by_rules
from touchline.cli import app

IMPLIED = {"forfeit.declared", "team.disqualified"}


def run_replay(system: Running, tournament: str, journal: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        [
            "replay",
            "--tournament",
            tournament,
            "--journal",
            str(journal),
            "--gateway",
            system.stack.gateway_url,
            "--token",
            system.committee.token,
        ],
    )
    return result.exit_code, result.output


def test_replay_agrees_with_the_live_system_and_names_what_differs(
    system: Running, tmp_path: Path
) -> None:
    tournament, games = system.publish_division("replay")
    for game_id, goals in RESULTS.items():
        system.field.post(retarget(factories.score(games[game_id], *goals), tournament))
    journal = system.stack.home / "journal.sqlite3"
    deadline = time.monotonic() + 20
    while (code := run_replay(system, tournament, journal))[0] != 0:
        assert time.monotonic() < deadline, code[1]
        time.sleep(0.3)
    assert "matches the journal: 1 division(s)" in code[1]
    assert rows(system.field.standings(tournament)["divisions"][0]) == EXPECTED

    copy = tmp_path / "journal-copy.sqlite3"
    with sqlite3.connect(journal) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # the WAL's recent writes included
    unseen = retarget(factories.score(games["A6"], 0, 4, sequence=5), tournament)
    Journal(copy).record(journaled(unseen))
    exit_code, output = run_replay(system, tournament, copy)
    assert exit_code == 1
    assert "division U12B: groups differ" in output
    assert "version: journal" in output


def test_replay_folds_the_forfeits_and_disqualifications_discipline_derives(
    system: Running,
) -> None:
    tournament, _ = system.publish_division("replay-derived")
    field, committee = derived_everything(tournament)
    system.field.post_batch(field)
    system.committee.post_batch(committee)
    implied = [e for e in derived_by_rules(tournament, [*field, *committee]) if e.type in IMPLIED]
    expected = table_by_rules(tournament, [*field, *implied])
    journal = system.stack.home / "journal.sqlite3"
    deadline = time.monotonic() + 60
    while system.field.standings(tournament)["divisions"][0]["groups"] != expected:
        assert time.monotonic() < deadline, "the live tables never counted the derived events"
        time.sleep(0.5)
    while (code := run_replay(system, tournament, journal))[0] != 0:
        assert time.monotonic() < deadline, code[1]
        time.sleep(0.5)
    assert "matches the journal: 1 division(s)" in code[1]
