"""Per-token rate limiting: a token bucket, so one flooding field app gets 429, not the
gateway's whole capacity. A batch costs one unit per event."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    """`rate` events per second per token, with bursts of up to `burst`."""

    rate: float
    burst: float
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def take(self, who: str, cost: float = 1.0) -> float:
        """Spend `cost` from `who`'s bucket: 0 if allowed, else seconds until it would be."""
        now = self.clock()
        tokens, last = self._buckets.get(who, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if cost > tokens:
            self._buckets[who] = (tokens, now)
            return (cost - tokens) / self.rate
        self._buckets[who] = (tokens - cost, now)
        return 0.0
