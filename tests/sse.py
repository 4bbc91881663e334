"""Reads a Server-Sent Events feed in the background, as a display would, for assertions."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx


class SseRecorder:
    """Collects every (event name, JSON data) an SSE endpoint sends."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        self.received: list[tuple[str, Any]] = []
        self._client = httpx.Client(timeout=httpx.Timeout(5.0, read=None))
        self._connected = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(url, headers or {}), daemon=True)
        self._thread.start()
        if not self._connected.wait(10):
            raise TimeoutError(f"no SSE connection to {url}")

    def _read(self, url: str, headers: dict[str, str]) -> None:
        """Connect as a display's EventSource does: until connected, a refused or failed
        connection (a gateway still starting) is tried again after a moment."""
        while not self._connected.is_set():
            name = "message"
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    response.raise_for_status()
                    self._connected.set()
                    for line in response.iter_lines():
                        if line.startswith("event:"):
                            name = line.removeprefix("event:").strip()
                        elif line.startswith("data:"):
                            self.received.append((name, json.loads(line.removeprefix("data:"))))
            except (httpx.HTTPError, RuntimeError):
                if self._connected.is_set() or self._client.is_closed:
                    return
                time.sleep(0.2)

    def wait_for(self, predicate: Callable[[Any], bool], timeout: float = 20.0) -> Any:
        """The first received data satisfying `predicate`, waiting up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for _, data in list(self.received):
                if predicate(data):
                    return data
            time.sleep(0.02)
        last = self.received[-1][1] if self.received else None
        raise AssertionError(f"nothing matched within {timeout} s; last received: {last}")

    def close(self) -> None:
        self._client.close()
