"""A small HTTP client for the gateway, as a field app would use it: retries on a bad
connection (posting an event twice is harmless: its id makes it idempotent)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import BaseModel

from schemas import codec


class GatewayRefused(RuntimeError):
    """The gateway answered with an error that retrying will not fix."""


@dataclass
class GatewayClient:
    url: str
    token: str
    attempts: int = 5
    timeout: float = 10.0

    def _post(self, path: str, body: bytes) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        for attempt in range(self.attempts):
            try:
                answer = httpx.post(
                    self.url + path, content=body, headers=headers, timeout=self.timeout
                )
            except httpx.TransportError:
                if attempt == self.attempts - 1:
                    raise
            else:
                if answer.status_code < 500 and answer.status_code != 429:
                    return answer
            time.sleep(0.2 * 2**attempt)
        return answer

    def post(self, event: BaseModel) -> dict[str, Any]:
        """Post one event; the gateway's answer (accepted or duplicate)."""
        answer = self._post("/v1/events", codec.encode(event))
        if answer.status_code not in (200, 202):
            raise GatewayRefused(f"{answer.status_code}: {answer.text}")
        return answer.json()

    def post_batch(self, events: list[BaseModel]) -> list[dict[str, Any]]:
        """Post a backlog in one request; the answer for each event."""
        body = b"[" + b",".join(codec.encode(event) for event in events) + b"]"
        answer = self._post("/v1/events:batch", body)
        if answer.status_code != 200:
            raise GatewayRefused(f"{answer.status_code}: {answer.text}")
        return answer.json()

    def standings(self, tournament_id: str) -> dict[str, Any]:
        answer = httpx.get(
            f"{self.url}/v1/tournaments/{tournament_id}/standings", timeout=self.timeout
        )
        answer.raise_for_status()
        return answer.json()

    def notices(self, tournament_id: str) -> list[dict[str, Any]]:
        """Every discipline notice so far (a committee or admin token)."""
        answer = httpx.get(
            f"{self.url}/v1/tournaments/{tournament_id}/notices",
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=self.timeout,
        )
        answer.raise_for_status()
        notices: list[dict[str, Any]] = answer.json()["notices"]
        return notices
