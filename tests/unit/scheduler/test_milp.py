"""Running a MILP: a node cap stops a solve at the same point on any machine."""

from __future__ import annotations

import random

import pulp
import pytest

from services.scheduler import milp

CLOCK = 60.0  # far more than a capped solve needs; a solve that reaches it was not capped


def market_split(seed: int, rows: int = 4, columns: int = 30) -> pulp.LpProblem:
    """Cornuéjols and Dawande's market split: hard for branch and bound at any size, so a
    small node cap is reached long before the optimum."""
    rng = random.Random(seed)
    prob = pulp.LpProblem("split", pulp.LpMinimize)
    x = [prob.add_variable(f"x{i}", 0, 1, cat="Integer") for i in range(columns)]
    over = [prob.add_variable(f"over{j}", 0) for j in range(rows)]
    under = [prob.add_variable(f"under{j}", 0) for j in range(rows)]
    prob += pulp.lpSum(over) + pulp.lpSum(under)
    for j in range(rows):
        a = [rng.randint(0, 99) for _ in range(columns)]
        prob += pulp.lpSum(a[i] * x[i] for i in range(columns)) + over[j] - under[j] == sum(a) // 2
    return prob


@pytest.mark.parametrize("solver", milp.SOLVERS)
def test_a_node_cap_stops_the_search_with_its_incumbent_the_same_each_time(solver: str) -> None:
    runs = [milp.run(market_split(1), solver, CLOCK, 0.0, nodes=10) for _ in range(2)]
    assert [run.status for run in runs] == ["feasible", "feasible"]
    assert runs[0].objective == runs[1].objective
    assert all(run.runtime < CLOCK for run in runs)


def test_a_capped_solve_still_proves_what_it_reaches() -> None:
    prob = pulp.LpProblem("easy", pulp.LpMinimize)
    x = prob.add_variable("x", 0, 10, cat="Integer")
    prob += x
    prob += x >= 3.5
    run = milp.run(prob, "highs", CLOCK, 0.0, nodes=1)
    assert (run.status, run.objective) == ("optimal", 4.0)
