"""The scheduler benchmark reports a failed run as a failure: never a hang, never a crash."""

from __future__ import annotations

import os

from bench.runner import Record, in_fresh_process, listed, table
from bench.scheduler import COLUMNS
from services.scheduler.construct import ConstructionFailed, Unplaceable
from services.scheduler.games import Game


def stuck(*_: object) -> Record:
    """Fails the way the construction does: its exception cannot be rebuilt from its message,
    so it cannot cross a process boundary."""
    raise ConstructionFailed(Unplaceable(Game("U12-A1", "U12", "group", "group", 1), {}))


def dies(*_: object) -> Record:
    os._exit(3)


def test_an_exception_the_parent_cannot_unpickle_comes_back_as_a_failure() -> None:
    record = in_fresh_process(("S", "highs", 7, 1.0), stuck)
    assert record == {
        "tier": "S",
        "solver": "highs",
        "seed": 7,
        "error": "ConstructionFailed: no slot for U12-A1",
    }


def test_a_worker_that_dies_is_a_failure() -> None:
    record = in_fresh_process(("R", "cbc", 2, 1.0), dies)
    assert (record["tier"], record["seed"]) == ("R", 2)
    assert str(record["error"]).startswith("worker died")


def run(seed: int, objective: float, bound: float | None, **extra: object) -> Record:
    return {
        "tier": "R", "solver": "highs", "seed": seed, "teams": 200, "fields": 30, "days": 3,
        "games": 300, "first_seconds": 0.5, "first_clean": True, "final_seconds": 60.0,
        "final_clean": True, "objective": objective, "bound": bound,
        "gap": None if bound is None else (objective - bound) / objective, "peak_mb": 300.0,
        "replan_seconds": 2.0, "replan_moved": 4, "replan_clean": True, **extra,
    }  # fmt: skip


def test_the_table_gives_the_median_and_spread_over_seeds_and_counts_failures() -> None:
    results = [
        run(1, 1000.0, 900.0),
        run(2, 1200.0, None),
        run(3, 1100.0, 1000.0, final_clean=False),
        {"tier": "R", "solver": "highs", "seed": 4, "error": "ConstructionFailed: no slot"},
    ]
    header, _, row = table({"R/highs": results}, COLUMNS).splitlines()
    cells = dict(zip(header.strip("|").split(" | "), row.strip("|").split(" | "), strict=True))
    cells = {title.strip(): cell.strip() for title, cell in cells.items()}
    assert cells["runs"] == "4"
    assert cells["objective"] == "1100.0 (1000.0-1200.0)"
    assert cells["bound"] == "950.0 (900.0-1000.0)"  # the unproven bound is left out
    assert cells["teams"] == "200"
    assert (cells["failed"], cells["checker"]) == ("1", "VIOLATIONS in 1")
    assert listed({"R/highs": results}) == "- R/highs seed 4: ConstructionFailed: no slot"
    assert len(cells) == len(COLUMNS) + 5
