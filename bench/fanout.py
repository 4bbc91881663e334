"""Fan-out benchmark: many screens and phones following one tournament's live scores.

Run: `python bench/fanout.py [--viewers 1000] [--scores 30] [--gap 0.5]`; writes
bench/reports/fanout.md. The viewers are Server-Sent Events connections to
`/v1/tournaments/{t}/live/stream` (what every public page and screen opens), all in this
one process. A field app then posts live scores one by one; for each, every viewer stamps
when the new score reached it, and the figure is the time from the POST to that stamp, over
every viewer and score. Memory per viewer is the gateway's resident memory with the viewers
connected, less before, divided by their number.

As in bench/load.py, the viewers stand for phones and TVs with CPUs of their own; here they
share two cores with the system they measure, at nice 10, and their own waits for a core
count in every latency they stamp.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

import aiohttp

from bench.pipeline import _machine, percentile
from services.gateway.auth import Role, new_token
from services.streaming.admin import ensure_topics
from touchline.broker import EmbeddedBroker
from touchline.cli import add_token, make_public
from touchline.stack import Stack
from workloads import factories

REPORT = Path(__file__).parent / "reports" / "fanout.md"


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user + system), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def resident_kib(pid: int) -> int:
    """A process's resident memory (VmRSS), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


class Viewer:
    """One SSE connection; when each score (by its text) first reached it."""

    def __init__(self) -> None:
        self.ready = asyncio.Event()
        self.seen: dict[str, float] = {}

    async def follow(self, http: aiohttp.ClientSession, url: str) -> None:
        async with http.get(url) as answer:
            answer.raise_for_status()
            name = ""
            async for raw in answer.content:
                line = raw.decode().rstrip("\r\n")
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:") and name == "hello":
                    self.ready.set()
                elif line.startswith("data:") and name == "game":
                    score = json.loads(line[5:])["score"]
                    self.seen.setdefault(score, time.perf_counter())


async def fan_out(
    stack: Stack, tid: str, token: str, viewers: int, scores: int, gap: float
) -> dict[str, float]:
    game = factories.round_robin(factories.division())["A1"]
    url = f"{stack.gateway_url}/v1/tournaments/{tid}/live/stream"
    gateway = stack.processes["gateway"].pid
    before = resident_kib(gateway)
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=None, sock_read=None)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        crowd = [Viewer() for _ in range(viewers)]
        tasks = [asyncio.create_task(v.follow(http, url)) for v in crowd]
        connect_started = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(v.ready.wait() for v in crowd)), 120)
        connected_in = time.perf_counter() - connect_started
        await asyncio.sleep(2)  # let the gateway settle before measuring it
        during = resident_kib(gateway)
        posted: dict[str, float] = {}
        gateway_cpu, client_cpu, wall = (
            cpu_seconds(gateway),
            time.process_time(),
            time.perf_counter(),
        )
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        for n in range(1, scores + 1):
            event = factories.score(
                game, n, 0, status="live", sequence=n, minute=n,
                occurred_at=game.start + timedelta(minutes=n), tournament_id=tid,
            )  # fmt: skip
            posted[f"{n} - 0"] = time.perf_counter()
            async with http.post(
                f"{stack.gateway_url}/v1/events", data=event.model_dump_json(), headers=headers
            ) as answer:
                assert answer.status == 202, await answer.text()
            await asyncio.sleep(gap)
        wall = time.perf_counter() - wall
        gateway_cpu = (cpu_seconds(gateway) - gateway_cpu) / wall
        client_cpu = (time.process_time() - client_cpu) / wall
        await asyncio.sleep(2)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    latencies = [
        (v.seen[score] - at) * 1000
        for v in crowd
        for score, at in posted.items()
        if score in v.seen
    ]
    return {
        "viewers": viewers,
        "scores": scores,
        "delivered": len(latencies),
        "expected": viewers * scores,
        "p50": percentile(latencies, 0.5),
        "p99": percentile(latencies, 0.99),
        "max": max(latencies),
        "connect_s": connected_in,
        "gateway_cpu": gateway_cpu,
        "gateway_ms_per_score": gateway_cpu * wall / scores * 1000,
        "load": os.getloadavg()[0],
        "client_cpu": client_cpu,
        "rss_before_mib": before / 1024,
        "rss_during_mib": during / 1024,
        "kib_per_viewer": (during - before) / viewers,
    }


def render(args: argparse.Namespace, found: dict[str, float]) -> str:
    verdict = "under" if found["p99"] < 200 else "OVER"
    latency = f"{found['p50']:.1f} / {found['p99']:.1f} / {found['max']:.1f}"
    memory = f"{found['rss_before_mib']:.1f} / {found['rss_during_mib']:.1f}"
    cpu = f"{found['gateway_cpu']:.2f} / {found['gateway_ms_per_score']:.1f}"
    load = f"{found['load']:.1f}"
    return f"""# Fan-out benchmark

One run on the embedded broker, on this machine ({_machine()}): {found["viewers"]:.0f}
Server-Sent Events viewers of one tournament's live feed (`/v1/tournaments/{{t}}/live/stream`,
what every public page and venue screen opens), the viewers in one client process at nice 10;
then a field app posts {found["scores"]:.0f} live scores, {args.gap} s apart. Latency is from
the POST to the new score reaching a viewer, over every viewer and score.

| measure | figure |
| --- | ---: |
| viewers connected (each got its first message) in | {found["connect_s"]:.1f} s |
| scores delivered / expected | {found["delivered"]:.0f} / {found["expected"]:.0f} |
| POST to every viewer: p50 / p99 / max (ms) | {latency} |
| gateway resident memory before / with the viewers (MiB) | {memory} |
| memory per viewer (KiB) | {found["kib_per_viewer"]:.1f} |
| gateway CPU while posting: share of a core / ms per score sent to every viewer | {cpu} |
| the machine's load average (1 min) during the run, on {os.cpu_count()} cores | {load} |

p99 is {verdict} the 200 ms bar. Run: `python bench/fanout.py --viewers {found["viewers"]:.0f}
--scores {found["scores"]:.0f} --gap {args.gap}`.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=1000)
    parser.add_argument("--scores", type=int, default=30)
    parser.add_argument("--gap", type=float, default=0.5)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="touchline-fanout-"))
    token = new_token()
    tid = f"fanout-{uuid.uuid4().hex[:6]}"
    add_token(home / "tokens.yaml", "bench", token, Role.ADMIN, ["*"])
    make_public(home / "tokens.yaml", [tid])
    # Every viewer holds a connection: the gateway's cap must leave room for them.
    # Every viewer here comes from one address: the cap per client address must let them in.
    room = str(args.viewers + 100)
    limits = {"TOUCHLINE_MAX_CONNECTIONS": room, "TOUCHLINE_MAX_CONNECTIONS_PER_CLIENT": room}
    with EmbeddedBroker(log_path=home / "broker.log") as broker:
        ensure_topics(broker.bootstrap)
        stack = Stack(
            home / "stack", bootstrap=broker.bootstrap, tokens_file=home / "tokens.yaml",
            app_prefix=f"f{uuid.uuid4().hex[:6]}", extra_env=limits,
        )  # fmt: skip
        with stack:
            definition = factories.division().model_copy(update={"tournament_id": tid})
            schedule = [definition] + [
                factories.scheduled(g).model_copy(update={"tournament_id": tid})
                for g in factories.round_robin(definition).values()
            ]
            from services.gateway.client import GatewayClient

            GatewayClient(stack.gateway_url, token).post_batch(schedule)
            time.sleep(1)
            os.nice(10)
            found = asyncio.run(fan_out(stack, tid, token, args.viewers, args.scores, args.gap))
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(render(args, found))
    print(REPORT.read_text())


if __name__ == "__main__":
    main()
