"""Running a MILP: a node cap stops a solve at the same point on any machine, and only a
proven optimum is reported as one."""

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


def transport(seed: int, size: int) -> pulp.LpProblem:
    """An assignment LP of `size` x `size`: too large for HiGHS to finish in 60 ms."""
    rng = random.Random(seed)
    prob = pulp.LpProblem("transport", pulp.LpMinimize)
    x = {(i, j): prob.add_variable(f"x{i}_{j}", 0) for i in range(size) for j in range(size)}
    prob += pulp.lpSum(rng.randint(1, 1000) * v for v in x.values())
    for i in range(size):
        prob += pulp.lpSum(x[i, j] for j in range(size)) == 1
        prob += pulp.lpSum(x[j, i] for j in range(size)) == 1
    return prob


def test_an_lp_stopped_by_its_clock_is_no_optimum_and_no_bound() -> None:
    """PuLP reads HiGHS's time limit on an LP as "optimal", with the simplex's last iterate
    (the scheduler's XL bound came out 13% above the LP's optimum on a loaded machine): an
    LP that did not finish gives no bound."""
    exact = milp.run(transport(1, 300), "highs", CLOCK, 0.0)
    assert exact.status == "optimal" and exact.objective is not None
    stopped = milp.run(transport(1, 300), "highs", 0.06, 0.0)
    assert stopped.status != "optimal" or stopped.objective == pytest.approx(exact.objective)
    assert stopped.bound is None or stopped.bound <= exact.objective + 1e-6
