"""Group commit: concurrent writers share rounds; each gets its own results, or the error."""

from __future__ import annotations

import asyncio
import threading

import pytest

from services.gateway.group_commit import GroupCommit


async def test_writes_waiting_together_share_one_round_and_get_their_own_results() -> None:
    rounds: list[list[int]] = []
    release = threading.Event()

    def write(items: list[int]) -> list[int]:
        rounds.append(items)
        if len(rounds) == 1:
            release.wait(5)  # the first round is slow; everyone else queues behind it
        return [item * 10 for item in items]

    group: GroupCommit[int, int] = GroupCommit(write)
    first = asyncio.create_task(group.submit([1]))
    await asyncio.sleep(0.05)
    others = [asyncio.create_task(group.submit([n, n + 1])) for n in (2, 4, 6)]
    await asyncio.sleep(0.05)
    release.set()
    assert await first == [10]
    assert await asyncio.gather(*others) == [[20, 30], [40, 50], [60, 70]]
    assert rounds == [[1], [2, 3, 4, 5, 6, 7]]


async def test_a_failed_round_fails_its_writers_and_the_next_round_still_runs() -> None:
    def write(items: list[str]) -> list[str]:
        if "bad" in items:
            raise OSError("disk full")
        return items

    group: GroupCommit[str, str] = GroupCommit(write)
    with pytest.raises(OSError, match="disk full"):
        await group.submit(["bad"])
    assert await group.submit(["good"]) == ["good"]
