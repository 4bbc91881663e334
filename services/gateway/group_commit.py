"""Group commit: writes that arrive while a transaction is in flight share the next one.

Every accepted event must be on disk (fsync) before the gateway answers. One transaction per
request makes 200 concurrent field apps queue behind 200 fsyncs; grouping them makes the
cost one fsync per *round*, however many requests are waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class GroupCommit(Generic[Item, Result]):
    """Runs `write(items) -> results` (blocking, one result per item) in a worker thread,
    once for all the items submitted while the previous write was running."""

    def __init__(self, write: Callable[[list[Item]], Sequence[Result]]) -> None:
        self._write = write
        self._waiting: list[tuple[list[Item], asyncio.Future[list[Result]]]] = []
        self._running: asyncio.Task[None] | None = None

    async def submit(self, items: list[Item]) -> list[Result]:
        """Write `items` with whatever else is waiting; their results, in order."""
        future: asyncio.Future[list[Result]] = asyncio.get_running_loop().create_future()
        self._waiting.append((items, future))
        if self._running is None or self._running.done():
            self._running = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._waiting:
            round_, self._waiting = self._waiting, []
            items = [item for batch, _ in round_ for item in batch]
            try:
                results = list(await asyncio.to_thread(self._write, items))
            except Exception as exc:  # every waiter of this round learns why
                for _, future in round_:
                    if not future.done():
                        future.set_exception(exc)
                continue
            start = 0
            for batch, future in round_:
                if not future.done():
                    future.set_result(results[start : start + len(batch)])
                start += len(batch)
