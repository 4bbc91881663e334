"""`touchline replay`: the journal, folded alone, matches the live system; a difference is
named."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from typer.testing import CliRunner

from services.gateway.journal import Journal
from tests.conftest import Running, journaled, retarget
from tests.e2e.test_walking_skeleton import EXPECTED, RESULTS, rows
from tests.scenarios import derived_by_rules, derived_everything, table_by_rules
from touchline.cli import app
from workloads import factories

IMPLIED = {"forfeit.declared", "team.disqualified"}


def run_replay(system: Running, tournament: str, *journals: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        app,
        [
            "replay",
            "--tournament",
            tournament,
            *(option for journal in journals for option in ("--journal", str(journal))),
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

    copy = copy_of(journal, tmp_path / "journal-copy.sqlite3")
    unseen = retarget(factories.score(games["A6"], 0, 4, sequence=5), tournament)
    Journal(copy).record(journaled(unseen))
    exit_code, output = run_replay(system, tournament, copy)
    assert exit_code == 1
    assert "division U12B: groups differ" in output


def copy_of(journal: Path, copy: Path) -> Path:
    with sqlite3.connect(journal) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # the WAL's recent writes included
    return copy


def test_replay_merges_the_journals_of_several_gateways_and_names_their_conflicts(
    system: Running, tmp_path: Path
) -> None:
    """Scale out: each gateway keeps its own journal, and the audit folds them together."""
    tournament, games = system.publish_division("replay-merge")
    scores = [
        retarget(factories.score(games[g], *goals), tournament) for g, goals in RESULTS.items()
    ]
    for score in scores:
        system.field.post(score)
    journal = system.stack.home / "journal.sqlite3"
    deadline = time.monotonic() + 20
    while run_replay(system, tournament, journal)[0] != 0:
        assert time.monotonic() < deadline, "the live tables never matched the journal"
        time.sleep(0.3)
    # As if the last score had been accepted by a second gateway: the first one's journal
    # lacks it, the second one's holds it, and the first score is in both (a retry).
    first = copy_of(journal, tmp_path / "first.sqlite3")
    with sqlite3.connect(first) as db:
        db.execute("DELETE FROM events WHERE event_id = ?", (str(scores[-1].event_id),))
    second = Journal(tmp_path / "second.sqlite3")
    for score in (scores[0], scores[-1]):
        second.record(journaled(score))
    code, output = run_replay(system, tournament, first)
    assert code == 1 and "division U12B: groups differ" in output
    code, output = run_replay(system, tournament, first, tmp_path / "second.sqlite3")
    assert code == 0, output
    assert "matches the 2 journals: 1 division(s)" in output

    forged = scores[1].model_copy(update={"home_goals": scores[1].home_goals + 1})
    second.record(journaled(forged))  # the same id with another result, on the other gateway
    code, output = run_replay(system, tournament, first, tmp_path / "second.sqlite3")
    assert code == 1
    assert f"event field/{scores[1].event_id}: journals 1 and 2 hold different events" in output


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
    while system.groups(tournament) != expected:
        assert time.monotonic() < deadline, "the live tables never counted the derived events"
        time.sleep(0.5)
    while (code := run_replay(system, tournament, journal))[0] != 0:
        assert time.monotonic() < deadline, code[1]
        time.sleep(0.5)
    assert "matches the journal: 1 division(s)" in code[1]
