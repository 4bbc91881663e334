"""The gateway's edge against hostile or unlucky clients, over real sockets to a real
gateway process on 127.0.0.1: slow clients are timed out, bodies over the limit are refused
while they arrive (without holding them in memory), batches are rate-limited before they
are read, and connections beyond the cap are refused at once.

Every loop here is bounded and stops by itself."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import yaml

from services.gateway.app import MAX_EVENT_BYTES
from services.gateway.auth import Role, entry_for
from touchline.broker import EmbeddedBroker, free_port
from workloads import factories

HEADER_TIMEOUT = 2.0
BODY_TIMEOUT = 2.0
MAX_CONNECTIONS = 8
MAX_PER_CLIENT = 4
#: Client addresses: all of 127.0.0.0/8 is this machine's.
ADDRESSES = ("127.0.0.1", "127.0.0.2", "127.0.0.3")
SLACK = 3.0  # a shared, loaded machine: how late a timeout may come
TOKENS = [f"edge-{n}" for n in range(8)]  # one per test: buckets are per token


@dataclass
class Gateway:
    port: int
    pid: int

    def connect(self, source: str = ADDRESSES[0]) -> socket.socket:
        """A connection from one of this machine's addresses."""
        return socket.create_connection(
            ("127.0.0.1", self.port), timeout=10, source_address=(source, 0)
        )

    def peak_memory_kib(self) -> int:
        """The process's peak resident memory so far (VmHWM), in KiB."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        [line] = [line for line in status.splitlines() if line.startswith("VmHWM:")]
        return int(line.split()[1])


@pytest.fixture(scope="module")
def gateway(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    home = tmp_path_factory.mktemp("edge")
    entries = [entry_for(token, token, Role.FIELD, ["*"]) for token in TOKENS]
    env = {k: v for k, v in os.environ.items() if k != "TOUCHLINE_TOKENS_FILE"} | {
        "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap,
        "TOUCHLINE_TOKENS": yaml.safe_dump({"tokens": entries}),
        "TOUCHLINE_JOURNAL": str(home / "journal.sqlite3"),
        "TOUCHLINE_HEADER_TIMEOUT": str(HEADER_TIMEOUT),
        "TOUCHLINE_BODY_TIMEOUT": str(BODY_TIMEOUT),
        "TOUCHLINE_MAX_CONNECTIONS": str(MAX_CONNECTIONS),
        "TOUCHLINE_MAX_CONNECTIONS_PER_CLIENT": str(MAX_PER_CLIENT),
        "TOUCHLINE_BURST_PER_TOKEN": "3",
        "TOUCHLINE_RATE_PER_TOKEN": "0.01",
    }
    port = free_port()
    with (home / "gateway.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "touchline.cli", "gateway", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise AssertionError((home / "gateway.log").read_text())
        yield Gateway(port, process.pid)
    finally:
        process.terminate()
        process.wait(10)


def headers(token: str, length: int | None, path: str = "/v1/events") -> bytes:
    size = "Transfer-Encoding: chunked" if length is None else f"Content-Length: {length}"
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\n{size}\r\n\r\n"
    ).encode()


def answer_within(sock: socket.socket, seconds: float) -> bytes | None:
    """What the server sent until it closed the connection, or None if it kept it open."""
    received = b""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if not select.select([sock], [], [], left)[0]:
            return None
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return received
        if not chunk:
            return received
        received += chunk
    return None


def status_of(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


def test_a_connection_that_sends_nothing_is_closed(gateway: Gateway) -> None:
    with gateway.connect() as sock:
        assert answer_within(sock, HEADER_TIMEOUT + SLACK) == b""


def trickled_until_408(gateway: Gateway, start: bytes, byte: bytes, timeout: float) -> None:
    """Send `start`, then `byte` four times a second: the gateway must answer 408 and
    disconnect within `timeout` (and the slack of a loaded machine)."""
    started = time.monotonic()
    with gateway.connect() as sock:
        sock.sendall(start)
        answer = None
        for _ in range(int((timeout + SLACK) / 0.25)):
            sock.sendall(byte)
            if (answer := answer_within(sock, 0.25)) is not None:
                break
    assert answer is not None, "still connected"
    assert status_of(answer) == 408
    assert time.monotonic() - started < timeout + SLACK


def test_a_client_sending_its_headers_slowly_is_told_408_and_disconnected(
    gateway: Gateway,
) -> None:
    trickled_until_408(gateway, b"GET /healthz HTTP/1.1\r\n", b"X", HEADER_TIMEOUT)


def test_a_client_sending_its_body_slowly_is_told_408_and_disconnected(gateway: Gateway) -> None:
    trickled_until_408(gateway, headers(TOKENS[0], 1000), b" ", BODY_TIMEOUT)


@pytest.mark.parametrize("path", ["/v1/events", "/v1/events:batch"])
def test_a_declared_body_over_the_limit_is_refused_before_it_is_sent(
    gateway: Gateway, path: str
) -> None:
    token = TOKENS[1] if path == "/v1/events" else TOKENS[2]
    with gateway.connect() as sock:
        sock.sendall(headers(token, 300 * 1024 * 1024, path))
        answer = answer_within(sock, SLACK)
    assert answer is not None and status_of(answer) == 413
    assert b"bytes" in answer  # names the limit


def test_an_undeclared_body_over_the_limit_is_refused_while_it_arrives_in_little_memory(
    gateway: Gateway,
) -> None:
    """300 MiB in chunks, no Content-Length: refused after the first 64 KiB or so, and the
    gateway's peak memory does not grow by anything like the body."""
    peak_before = gateway.peak_memory_kib()
    chunk = b"%x\r\n%s\r\n" % (1 << 16, b" " * (1 << 16))
    sent, answer = 0, None
    with gateway.connect() as sock:
        sock.sendall(headers(TOKENS[3], None))
        for _ in range(300 * 16):  # 300 MiB at most
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += 1 << 16
            if select.select([sock], [], [], 0)[0]:
                break
        answer = answer_within(sock, SLACK)
    assert answer and status_of(answer) == 413
    assert sent < 32 * 1024 * 1024, f"{sent} bytes were taken before the 413"
    assert gateway.peak_memory_kib() - peak_before < 32 * 1024


def test_a_batch_is_rate_limited_before_its_body_is_read(gateway: Gateway) -> None:
    """The bucket holds 3 events: a batch of 3 empties it, and the next batch is refused
    on its headers alone, its body never sent."""
    game = factories.round_robin(factories.division())["A1"]
    batch = [factories.score(game, 1, 0).model_dump(mode="json") for _ in range(3)]
    auth = {"Authorization": f"Bearer {TOKENS[4]}"}
    url = f"http://127.0.0.1:{gateway.port}/v1/events:batch"
    assert httpx.post(url, json=batch, headers=auth, timeout=10).status_code == 200
    with gateway.connect() as sock:
        sock.sendall(headers(TOKENS[4], 10 * MAX_EVENT_BYTES, "/v1/events:batch"))
        answer = answer_within(sock, SLACK)
    assert answer is not None and status_of(answer) == 429


def refused_of(sockets: list[socket.socket]) -> list[bytes | None]:
    """The answers of the connections the gateway answered at once (refusals)."""
    time.sleep(0.5)  # well within the header timeout: the held ones are still held
    answered = set(select.select(sockets, [], [], 0)[0])
    return [answer_within(sock, SLACK) for sock in sockets if sock in answered]


def assert_serves_again(gateway: Gateway) -> None:
    health = f"http://127.0.0.1:{gateway.port}/healthz"
    for _ in range(50):  # the closed ones are forgotten, and the gateway serves again
        if httpx.get(health, timeout=5).status_code == 200:
            return
        time.sleep(0.1)
    raise AssertionError("the gateway stayed full")


def test_connections_beyond_the_cap_are_refused_at_once(gateway: Gateway) -> None:
    sockets = [gateway.connect(ADDRESSES[n % 3]) for n in range(MAX_CONNECTIONS + 2)]
    try:
        refused = refused_of(sockets)
        assert refused and all(a and status_of(a) == 503 for a in refused)
        assert 0 < len(sockets) - len(refused) <= MAX_CONNECTIONS
    finally:
        for sock in sockets:
            sock.close()
    assert_serves_again(gateway)


def test_one_address_cannot_take_every_connection(gateway: Gateway) -> None:
    """Issue 12, item 6: the cap is per client address as well as global."""
    sockets = [gateway.connect(ADDRESSES[0]) for _ in range(MAX_PER_CLIENT + 2)]
    try:
        refused = refused_of(sockets)
        assert len(refused) == 2
        assert all(a and b"too many connections from your address" in a for a in refused)
        other = gateway.connect(ADDRESSES[1])  # another client is still served
        try:
            other.sendall(b"GET /healthz HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n")
            answer = answer_within(other, SLACK)
            assert answer is not None and status_of(answer) == 200
        finally:
            other.close()
    finally:
        for sock in sockets:
            sock.close()
    assert_serves_again(gateway)


def test_an_ordinary_event_still_goes_through(gateway: Gateway) -> None:
    game = factories.round_robin(factories.division())["A1"]
    event = json.loads(factories.score(game, 2, 2).model_dump_json())
    answer = httpx.post(
        f"http://127.0.0.1:{gateway.port}/v1/events",
        json=event,
        headers={"Authorization": f"Bearer {TOKENS[5]}"},
        timeout=10,
    )
    assert answer.status_code == 202
