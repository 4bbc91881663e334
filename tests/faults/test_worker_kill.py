"""kill -9 the workers in the middle of a match day: after a restart, the live tables and
notices equal the pure fold of every accepted event (issue: nothing lost, nothing doubled)."""

from __future__ import annotations

import random
import shutil
import threading
import time
import uuid
from datetime import timedelta
from typing import Any

import httpx

from schemas import codec
from schemas.match import CardIssued, ScoreReported
from services.gateway.journal import Journal
from services.replay import replay
from tests.conftest import Running, retarget
from touchline.stack import Stack
from workloads import factories


def match_day(tournament: str, seed: int = 7, events: int = 1_000) -> tuple[list[Any], list[Any]]:
    """Two divisions of two groups of four, and `events` events: score updates (final reports
    with rising sequence), cards (some red), duplicates of earlier events."""
    rng = random.Random(seed)
    schedule: list[Any] = []
    games: list[Any] = []
    for division in ("U12B", "U14G"):
        groups = {f"{division}{g}": [f"{division}{g}T{t}" for t in range(4)] for g in "AB"}
        definition = retarget(factories.division(division, groups), tournament)
        schedule.append(definition)
        for game in factories.round_robin(definition).values():
            game = game.model_copy(update={"game_id": f"{division}-{game.game_id}"})
            games.append(game)
            schedule.append(retarget(factories.scheduled(game), tournament))
    day: list[Any] = []
    while len(day) < events:
        game = rng.choice(games)
        if rng.random() < 0.1:
            team = rng.choice([game.home_team_id, game.away_team_id])
            day.append(
                retarget(
                    CardIssued(
                        **factories.envelope(occurred_at=game.start + timedelta(minutes=20)),
                        division_id=game.division_id,
                        game_id=game.game_id,
                        team_id=team,
                        person_id=f"{team}-P{rng.randint(1, 14)}",
                        person_name="Player",
                        card=rng.choice(["yellow", "yellow", "red"]),
                        minute=20,
                    ),
                    tournament,
                )
            )
        elif day and rng.random() < 0.1:
            day.append(rng.choice(day))
        else:
            day.append(
                retarget(
                    factories.score(
                        game,
                        rng.randint(0, 5),
                        rng.randint(0, 5),
                        sequence=len(day),
                        occurred_at=game.end,
                    ),
                    tournament,
                )
            )
    return schedule, day


def assert_live_equals_replay(system: Running, tournament: str, within: float = 60) -> None:
    """The live tables and notices become exactly the pure fold of the journal."""
    stack = system.stack
    replayed = replay(tournament, Journal(stack.home / "journal.sqlite3").events(tournament))
    expected_tables, expected_notices = replayed.tables, set(replayed.notices)
    deadline = time.monotonic() + within
    while True:
        live = system.field.standings(tournament)
        tables = {d["division_id"]: d for d in live["divisions"]}
        notices = {n["event_id"] for n in system.committee.notices(tournament)}
        if (
            tables == expected_tables and notices == expected_notices
        ) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert tables == expected_tables
    assert notices == expected_notices


def test_workers_killed_mid_match_day_recover_to_the_pure_fold(own_system: Running) -> None:
    tournament = f"kill-{uuid.uuid4().hex[:8]}"
    schedule, events = match_day(tournament)
    own_system.admin.post_batch(schedule)
    stack = own_system.stack
    posting_done = threading.Event()

    def post_all() -> None:
        for start in range(0, len(events), 50):
            answers = own_system.field.post_batch(events[start : start + 50])
            assert {a["status"] for a in answers} <= {"accepted", "duplicate"}
            time.sleep(0.05)
        posting_done.set()

    poster = threading.Thread(target=post_all)
    poster.start()
    for victim in ("standings", "discipline"):
        time.sleep(1.0)
        stack.kill(victim)
        stack.start_worker(victim)
    poster.join(120)
    assert posting_done.is_set()
    stack.wait_ready(60)

    assert any(isinstance(e, ScoreReported) for e in events)
    assert_live_equals_replay(own_system, tournament)


def test_a_worker_that_dies_on_its_own_is_restarted_and_keeps_serving(
    own_system: Running,
) -> None:
    stack = own_system.stack
    tournament, games = own_system.publish_division("revive")
    stack.processes["standings"].kill()  # a crash, not a stop the stack asked for
    stack.processes["standings"].wait()
    stack.wait_ready()
    assert stack.restarts == {"standings": 1}
    own_system.field.post(retarget(factories.score(games["A1"], 1, 0), tournament))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        divisions = httpx.get(f"{stack.gateway_url}/v1/tournaments/{tournament}/standings").json()
        if divisions["divisions"] and divisions["divisions"][0]["groups"][0]["rows"][0]["played"]:
            break
        time.sleep(0.2)
    assert divisions["divisions"][0]["groups"][0]["rows"][0]["points"] == 3


def test_a_tournament_bigger_than_a_broker_message_is_kept_and_recovered(
    own_system: Running,
) -> None:
    """Over a megabyte of lineups (the broker's message limit) in one tournament: both
    workers keep folding, and a discipline worker killed with its local state lost recovers
    all of it from the broker."""
    stack = own_system.stack
    tournament, games = own_system.publish_division("big")
    slots = list(games.values())
    lineups = [
        retarget(factories.lineup(game, team, factories.squad(team, 18)), tournament)
        for n in range(720)
        for game in [slots[n % len(slots)]]
        for team in [(game.home_team_id, game.away_team_id)[n % 2]]
    ]
    assert sum(len(codec.encode(lineup)) for lineup in lineups) > 1024 * 1024
    for start in range(0, len(lineups), 240):
        own_system.field.post_batch(lineups[start : start + 240])
    red = factories.card(slots[0], slots[0].home_team_id, f"{slots[0].home_team_id}-P3", "red")
    own_system.field.post(retarget(red, tournament))
    own_system.field.post(retarget(factories.score(slots[0], 2, 1), tournament))
    assert_live_equals_replay(own_system, tournament)
    assert_no_crash(stack)

    stack.kill("discipline")
    shutil.rmtree(stack.home / "data" / f"{stack.app_prefix}-discipline")
    stack.start_worker("discipline")
    stack.wait_ready(60)
    second = factories.card(slots[1], slots[1].away_team_id, f"{slots[1].away_team_id}-P4", "red")
    own_system.field.post(retarget(second, tournament))
    assert_live_equals_replay(own_system, tournament)
    notices = own_system.committee.notices(tournament)
    assert {n["person_id"] for n in notices} >= {red.person_id, second.person_id}
    assert_no_crash(stack)


def assert_no_crash(stack: Stack) -> None:
    assert stack.revive() == []
    for name in ("standings", "discipline"):
        assert "Crashed" not in (stack.logs / f"{name}.log").read_text(), f"{name} crashed"
