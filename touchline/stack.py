"""Start and stop the whole system as separate processes: what `touchline up`, the demo and
the end-to-end tests share.

With no KAFKA_BOOTSTRAP_SERVERS, the embedded broker is started first and every topic is
created; since that broker starts empty, the workers' local state is cleared and the gateway
republishes its whole journal, so nothing accepted before a full stop is lost.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from services.files import open_private, private_directory
from services.streaming.admin import ensure_topics
from services.streaming.topics import DEFAULT_PARTITIONS, TOPICS
from touchline.broker import EmbeddedBroker, die_with_parent, free_port, stop_gracefully

SERVICES = ("standings", "discipline")
MAX_RESTARTS = 3


def replica_name(service: str, replica: int = 1) -> str:
    """A process's name: the service's for the first replica, `service-N` for the others."""
    return service if replica == 1 else f"{service}-{replica}"


def service_and_replica(name: str) -> tuple[str, int]:
    service, _, replica = name.partition("-")
    return service, int(replica or 1)


class StackError(RuntimeError):
    """A part of the system did not start."""


@dataclass
class Stack:
    """The broker (unless external), the gateway and every worker, with their logs."""

    home: Path
    gateway_port: int = 0
    bootstrap: str | None = None
    tokens_file: Path | None = None
    broker_port: int = 0
    app_prefix: str = "touchline"
    partitions: int = DEFAULT_PARTITIONS
    extra_env: dict[str, str] = field(default_factory=dict)  # settings for every process
    broker: EmbeddedBroker | None = field(default=None, init=False)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict, init=False)
    restarts: dict[str, int] = field(default_factory=dict, init=False)
    #: The ports of gateway replicas after the first (`gateway_port`).
    gateway_ports: dict[int, int] = field(default_factory=dict, init=False)

    @property
    def gateway_url(self) -> str:
        return self.url_of(1)

    def url_of(self, gateway: int) -> str:
        """The address of a gateway replica."""
        port = self.gateway_port if gateway == 1 else self.gateway_ports[gateway]
        return f"http://127.0.0.1:{port}"

    def journal_of(self, gateway: int) -> Path:
        """A gateway replica's own journal (each replica keeps one; none is shared)."""
        return self.home / ("journal.sqlite3" if gateway == 1 else f"journal-{gateway}.sqlite3")

    def _state_of(self, replica: int) -> Path:
        """Where a worker replica keeps its local state: every replica its own."""
        return self.home / ("data" if replica == 1 else f"data-{replica}")

    def _ready_file(self, name: str) -> Path:
        service, replica = service_and_replica(name)
        ready = self.home / ("ready" if replica == 1 else f"ready-{replica}")
        return ready / f"{service}.ready"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    def env(self) -> dict[str, str]:
        assert self.bootstrap is not None
        extra = {
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap,
            "TOUCHLINE_DATA_DIR": str(self._state_of(1)),
            "TOUCHLINE_READY_DIR": str(self._ready_file("standings").parent),
            "TOUCHLINE_JOURNAL": str(self.journal_of(1)),
            "TOUCHLINE_APP_PREFIX": self.app_prefix,
            "TOUCHLINE_PARTITIONS": str(self.partitions),
        }
        if self.tokens_file is not None:
            extra["TOUCHLINE_TOKENS_FILE"] = str(self.tokens_file)
        return os.environ | extra | self.extra_env

    def start(self, timeout: float = 60.0) -> Stack:
        """Start everything and wait until it is ready; on any failure stop what started."""
        try:
            return self._start(timeout)
        except BaseException:
            self.stop()
            raise

    def _start(self, timeout: float) -> Stack:
        private_directory(self.logs)  # and the home: the journal, state and logs
        fresh_broker = self.bootstrap is None
        if fresh_broker:
            self.broker = EmbeddedBroker(self.broker_port, log_path=self.logs / "broker.log")
            self.bootstrap = self.broker.start().bootstrap
            shutil.rmtree(self.home / "data", ignore_errors=True)
        assert self.bootstrap is not None
        ensure_topics(self.bootstrap, TOPICS, self.partitions)
        shutil.rmtree(self.home / "ready", ignore_errors=True)
        for name in SERVICES:
            self.start_worker(name)
        self.gateway_port = self.gateway_port or free_port()
        self.start_gateway(rebuild=fresh_broker)
        self.wait_ready(timeout)
        return self

    def _spawn(self, name: str, args: list[str], extra_env: dict[str, str] | None = None) -> None:
        log = open_private(self.logs / f"{name}.log")
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", "touchline.cli", *args],
            env=self.env() | (extra_env or {}),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )

    def start_worker(self, service: str, replica: int = 1) -> None:
        """Start a worker; replicas of one service share its consumer group and each keeps
        its own local state."""
        name = replica_name(service, replica)
        ready = self._ready_file(name)
        ready.unlink(missing_ok=True)
        extra = {"TOUCHLINE_DATA_DIR": str(self._state_of(replica))}
        self._spawn(name, ["worker", service], extra | {"TOUCHLINE_READY_DIR": str(ready.parent)})

    def start_gateway(self, rebuild: bool = False, replica: int = 1) -> None:
        """Start a gateway; a replica after the first gets a port and a journal of its own."""
        if replica == 1:
            port = self.gateway_port
        else:
            port = self.gateway_ports.setdefault(replica, free_port())
        extra = {"TOUCHLINE_REBUILD": "1" if rebuild else "0"}
        extra["TOUCHLINE_JOURNAL"] = str(self.journal_of(replica))
        self._spawn(replica_name("gateway", replica), ["gateway", "--port", str(port)], extra)

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Block until every worker reported ready and every gateway has read the broker,
        restarting (a few times) any that exits meanwhile."""
        deadline = time.monotonic() + timeout
        waiting = set(self.processes)
        while waiting and time.monotonic() < deadline:
            self.revive()
            for name in sorted(waiting):
                if self._is_ready(name):
                    waiting.discard(name)
            time.sleep(0.1)
        if waiting:
            raise StackError(f"not ready after {timeout:.0f} s: {sorted(waiting)}; see {self.logs}")

    def revive(self) -> list[str]:
        """Restart every process that exited on its own, like a supervisor would (each at
        most MAX_RESTARTS times; then raise with the end of its log). Returns who restarted."""
        revived = []
        for name, process in list(self.processes.items()):
            if process.poll() is None:
                continue
            self.restarts[name] = self.restarts.get(name, 0) + 1
            if self.restarts[name] > MAX_RESTARTS:
                raise StackError(
                    f"{name} exited with {process.returncode} {MAX_RESTARTS + 1} times; "
                    f"the end of its log:\n{self.log_tail(name)}"
                )
            with (self.logs / f"{name}.log").open("a") as log:
                log.write(f"\n--- exited with {process.returncode}; restarting ---\n")
            service, replica = service_and_replica(name)
            if service == "gateway":
                self.start_gateway(replica=replica)
            else:
                self.start_worker(service, replica)
            revived.append(name)
        return revived

    def log_tail(self, name: str, lines: int = 25) -> str:
        """The last lines of a process's log, for an error message."""
        path = self.logs / f"{name}.log"
        if not path.exists():
            return "(no log)"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def _is_ready(self, name: str) -> bool:
        service, replica = service_and_replica(name)
        if service != "gateway":
            return self._ready_file(name).exists()
        try:
            answer = httpx.get(f"{self.url_of(replica)}/healthz", timeout=1.0)
        except httpx.HTTPError:
            return False
        return answer.status_code == 200 and answer.json().get("caught_up") is True

    def kill(self, name: str) -> None:
        """Kill one process at once (SIGKILL), as a power cut would."""
        process = self.processes.pop(name)
        process.kill()
        process.wait()

    def stop_process(self, name: str, timeout: float = 10.0) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        stop_gracefully(process, timeout)

    def stop(self) -> None:
        """Stop the gateway and workers (gracefully, then firmly), then the broker."""
        for name in list(self.processes):
            self.stop_process(name)
        if self.broker is not None:
            self.broker.stop()
            self.broker = None

    def __enter__(self) -> Stack:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
