"""Load benchmark: simulated field apps posting a match day at once, with nothing lost.

Run: `python bench/load.py [--apps 200] [--rate 200] [--seconds 30]`; writes
bench/reports/load.md. Each simulated field app runs one division (a group of four, six
games in turn on its field) and posts what a referee's phone would: lineups, live scores,
cards and final scores, all apps together at `--rate` events per second. Per event that
changes a table (finals, cards) it measures the time from POST to the new table on the SSE
feed, and at the end checks every division's table against what was accepted (0 lost).
Raw broker figures and the batch endpoint's throughput come from the same run and broker.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import httpx

sys.path.insert(0, str(Path(__file__).parents[1]))

from bench.pipeline import Feed, _machine, percentile, pipeline, raw_broker, system_on
from schemas import codec
from tests import factories
from touchline.broker import EmbeddedBroker, ensure_topics
from touchline.stack import Stack

REPORT = Path(__file__).parent / "reports" / "load.md"


def field_app_day(
    tid: str, app: int, rng: random.Random
) -> tuple[list[Any], list[tuple[Any, bool]]]:
    """One field app's division schedule (published beforehand by the director) and its
    events in posting order, each with whether it changes the table."""
    teams = [f"A{app}T{t}" for t in range(4)]
    definition = factories.division(f"D{app}", {f"G{app}": teams}).model_copy(
        update={"tournament_id": tid}
    )
    games = list(factories.round_robin(definition).values())
    schedule = [definition] + [
        factories.scheduled(g).model_copy(update={"tournament_id": tid}) for g in games
    ]
    events: list[tuple[Any, bool]] = []
    for game in games:

        def at(minute: int, g: Any = game) -> dict[str, Any]:
            return {"occurred_at": g.start + timedelta(minutes=minute), "tournament_id": tid}

        for team in (game.home_team_id, game.away_team_id):
            lineup = factories.lineup(game, team, factories.squad(team, 11))
            events.append((lineup.model_copy(update=at(-10)), False))
        goals = [0, 0]
        for sequence in range(1, rng.randint(2, 6)):
            goals[rng.randint(0, 1)] += 1
            live = factories.score(game, *goals, status="live", sequence=sequence)
            events.append((live.model_copy(update=at(sequence * 8)), False))
        if rng.random() < 0.4:
            card = factories.card(game, game.home_team_id, f"{game.home_team_id}-P3", "yellow")
            events.append((card.model_copy(update=at(30)), True))
        final = factories.score(game, *goals, sequence=99)
        events.append((final.model_copy(update=at(60)), True))
    return schedule, events


async def field_apps(
    stack: Stack, token: str, apps: int, rate: float, seconds: float
) -> dict[str, float]:
    """All apps posting together at `rate` events/s in total, for at most `seconds`.

    The SSE reader stamps when each division version arrives; latencies are computed from
    those stamps afterwards, so measuring adds no work while the apps post.
    """
    tid = f"load-{uuid.uuid4().hex[:6]}"
    rng = random.Random(2026)
    schedules, days = zip(*(field_app_day(tid, app, rng) for app in range(apps)), strict=True)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    feed = Feed(f"{stack.gateway_url}/v1/tournaments/{tid}/standings/stream", headers)
    reader = asyncio.create_task(feed.run())
    await feed.connected.wait()
    published = [event for schedule in schedules for event in schedule]
    async with httpx.AsyncClient(base_url=stack.gateway_url, headers=headers, timeout=60) as http:
        for start in range(0, len(published), 500):
            body = b"[" + b",".join(codec.encode(e) for e in published[start : start + 500]) + b"]"
            (await http.post("/v1/events:batch", content=body)).raise_for_status()
    per_division = len(schedules[0])
    await feed.until(lambda v: len(v) == apps and min(v.values()) >= per_division, 120)
    posts: list[tuple[str, int, float]] = []  # (division, version it makes, when posted)
    accept_ms: list[float] = []
    server_ms: list[float] = []  # the gateway's own time for the same requests
    accepted = {f"D{app}": per_division for app in range(apps)}
    interval = apps / rate  # each app posts one event every `interval` seconds
    stop_at = time.perf_counter() + seconds

    async def one_app(app: int) -> None:
        """One phone: its own connection, one event every `interval` seconds. (aiohttp, not
        httpx: the client's own CPU time on this shared 2-core machine shows up as the
        gateway's latency, and httpx costs several times more per request.)"""
        division = f"D{app}"
        await asyncio.sleep(rng.random() * interval)
        async with aiohttp.ClientSession(
            stack.gateway_url,
            headers=headers,
            connector=aiohttp.TCPConnector(limit=1),
            timeout=aiohttp.ClientTimeout(total=30),
        ) as http:
            for event, counts in days[app]:
                if time.perf_counter() > stop_at:
                    return
                started = time.perf_counter()
                async with http.post("/v1/events", data=codec.encode(event)) as answer:
                    answer.raise_for_status()
                    await answer.read()
                accept_ms.append((time.perf_counter() - started) * 1000)
                server_ms.append(float(answer.headers["Server-Timing"].split("dur=")[1]))
                if counts:
                    accepted[division] += 1
                    posts.append((division, accepted[division], started))
                await asyncio.sleep(max(0.0, interval - (time.perf_counter() - started)))

    began = time.perf_counter()
    await asyncio.gather(*(one_app(app) for app in range(apps)))
    posting = time.perf_counter() - began
    done = dict(accepted)
    await feed.until(lambda v: all(v.get(d, 0) >= n for d, n in done.items()), 120)
    reader.cancel()
    lost = sum(max(0, n - feed.versions.get(d, 0)) for d, n in accepted.items())
    latencies = [
        (arrival - started) * 1000
        for division, version, started in posts
        if (arrival := feed.arrived(division, version)) is not None
    ]
    return {
        "apps": apps,
        "events_per_s": len(accept_ms) / posting,
        "accept_p50_ms": percentile(accept_ms, 0.5),
        "accept_p99_ms": percentile(accept_ms, 0.99),
        "server_p50_ms": percentile(server_ms, 0.5),
        "server_p99_ms": percentile(server_ms, 0.99),
        "p50_ms": percentile(latencies, 0.5),
        "p99_ms": percentile(latencies, 0.99),
        "measured": len(latencies),
        "lost": lost,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=200)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--batch-events", type=int, default=20_000)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="touchline-load-"))
    with EmbeddedBroker(log_path=home / "broker.log") as broker:
        ensure_topics(broker.bootstrap)
        raw = asyncio.run(raw_broker(broker.bootstrap, 20_000, 100))
        with system_on(broker, home) as (stack, token):
            day = asyncio.run(field_apps(stack, token, args.apps, args.rate, args.seconds))
            batch = asyncio.run(pipeline(stack, token, args.batch_events, 20))
    rows = [
        (
            "raw aiokafka produce / consume (msg/s)",
            f"{raw['produce_per_s']:,.0f} / {raw['consume_per_s']:,.0f}",
        ),
        (
            "raw one-message latency p50 / p99 (ms)",
            f"{raw['latency_p50_ms']:.1f} / {raw['latency_p99_ms']:.1f}",
        ),
        (
            f"{day['apps']:.0f} field apps: events accepted per second",
            f"{day['events_per_s']:,.0f}",
        ),
        (
            "time to accept a POST p50 / p99 (ms)",
            f"{day['accept_p50_ms']:.1f} / {day['accept_p99_ms']:.1f} (inside the gateway "
            f"{day['server_p50_ms']:.1f} / {day['server_p99_ms']:.1f})",
        ),
        (
            "time to appear on the standings feed p50 / p99 (ms)",
            f"{day['p50_ms']:.1f} / {day['p99_ms']:.1f} ({day['measured']:.0f} events)",
        ),
        ("events lost (field apps / batches)", f"{day['lost']:.0f} / {batch['lost']:.0f}"),
        (
            "batch endpoint to the standings feed (events/s)",
            f"{batch['end_to_end_per_s']:,.0f} ({batch['accept_per_s']:,.0f} accepted/s)",
        ),
    ]
    table = "\n".join(f"| {name} | {figure} |" for name, figure in rows)
    report = f"""# Load benchmark

One run on the embedded broker, on this machine ({_machine()}): {args.apps} field apps at
{args.rate:.0f} events/s in total for at most {args.seconds:.0f} s, then
{args.batch_events:,} events through `POST /v1/events:batch`.

| measure | figure |
| --- | ---: |
{table}
"""
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report)
    print(report)


if __name__ == "__main__":
    main()
