"""Running a PuLP model on HiGHS or CBC: one way to start, stop and read any of our MILPs.

Every model here is solved single-threaded (deterministic), from a starting solution when one
is known, within a time limit and a relative gap. What comes back says whether a solution was
found, whether the solver *proved* there is none (the only "impossible" a model may report),
and the solver's proven lower bound.
"""

from __future__ import annotations

import math
import re
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pulp

SOLVERS = ("highs", "cbc")


@dataclass(frozen=True)
class Run:
    """How a solve ended. `status`: optimal, feasible, infeasible (proven) or no_solution."""

    status: str
    objective: float | None
    bound: float | None
    runtime: float

    @property
    def solved(self) -> bool:
        return self.status in ("optimal", "feasible")


class _WarmHighs(pulp.HiGHS):  # type: ignore[misc]
    """PuLP's HiGHS interface plus a starting solution (PuLP's own ignores one)."""

    def __init__(self, start: dict[str, float], **options: object) -> None:
        super().__init__(**options)
        self.start = start

    def callSolver(self, lp: pulp.LpProblem) -> None:
        import highspy

        if self.start:
            values = [0.0] * lp.solverModel.getNumCol()
            for var in lp.variables():
                values[var.index] = self.start.get(var.name, 0.0)
            solution = highspy.HighsSolution()
            solution.col_value = values
            solution.value_valid = True
            lp.solverModel.setSolution(solution)
        lp.solverModel.run()

    def findSolutionValues(self, lp: pulp.LpProblem) -> tuple[int, int]:
        """PuLP's reading, plus the node limit's status (PuLP knows only the time limit's):
        the incumbent, if there is one, like a time limit's."""
        import highspy

        model = lp.solverModel
        if model.getModelStatus() != highspy.HighsModelStatus.kSolutionLimit:
            return super().findSolutionValues(lp)  # type: ignore[no-any-return]
        if model.getInfo().primal_solution_status != highspy.SolutionStatus.kSolutionStatusFeasible:
            return pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound
        values = model.getSolution().col_value
        for var in lp.variables():
            var.varValue = values[var.index]
        return pulp.LpStatusOptimal, pulp.LpSolutionIntegerFeasible


def run(
    prob: pulp.LpProblem,
    solver: str,
    time_limit: float,
    gap: float,
    start: dict[str, float] | None = None,
    nodes: int | None = None,
) -> Run:
    """Solve `prob` in place (variables get their values) and say how it ended; with no
    time left, nothing is tried (a solver given a time limit of zero or less may run on).

    `nodes` caps the branch-and-bound nodes: unlike the time limit, a cap that stops a
    solve stops it at the same point on a busy machine as on a quiet one."""
    if time_limit <= 0.05:
        return Run("no_solution", None, None, 0.0)
    with tempfile.TemporaryDirectory() as directory:
        return _run(prob, solver, time_limit, gap, start or {}, nodes, Path(directory) / "cbc.log")


def _run(
    prob: pulp.LpProblem,
    solver: str,
    time_limit: float,
    gap: float,
    start: dict[str, float],
    nodes: int | None,
    log: Path,
) -> Run:
    started = time.perf_counter()
    engine: pulp.LpSolver
    if solver == "highs":
        capped = {} if nodes is None else {"mip_max_nodes": nodes}
        engine = _WarmHighs(
            start, msg=False, threads=1, timeLimit=time_limit, random_seed=0, gapRel=gap, **capped
        )
    else:
        for var in prob.variables():
            var.setInitialValue(start.get(var.name, 0.0))
        engine = pulp.PULP_CBC_CMD(
            msg=False,
            threads=1,
            timeLimit=time_limit,
            warmStart=bool(start),
            gapRel=gap,
            logPath=str(log),
            options=["randomSeed 1", "randomCbcSeed 1"]
            + ([] if nodes is None else [f"maxNodes {nodes}"]),
        )
    try:
        prob.solve(engine)
    except pulp.PulpSolverError:
        # A solver that dies (CBC on very large blocks) proves nothing.
        return Run("no_solution", None, None, time.perf_counter() - started)
    runtime = time.perf_counter() - started
    if prob.status == pulp.LpStatusInfeasible:
        return Run("infeasible", None, None, runtime)
    bound = _bound(engine, prob, log)
    has_solution = prob.sol_status in (1, 2) and all(
        var.varValue is not None for var in prob.variables()
    )
    if not has_solution:
        return Run("no_solution", None, bound, runtime)
    objective = 0.0 if prob.objective is None else (pulp.value(prob.objective) or 0.0)
    if not prob.isMIP():
        # An LP's optimum is its bound; PuLP reads HiGHS's time limit as "optimal" too, with
        # the simplex's last iterate, which may lie above the optimum: no bound then.
        if prob.status == pulp.LpStatusOptimal and prob.sol_status == pulp.LpSolutionOptimal:
            return Run("optimal", objective, objective, runtime)
        return Run("feasible", objective, None, runtime)
    proven = bound is not None and bound >= objective - 1e-6 * max(1.0, abs(objective))
    return Run("optimal" if proven else "feasible", objective, bound, runtime)


def _bound(engine: object, prob: pulp.LpProblem, log: Path) -> float | None:
    """The solver's proven lower bound on this model's objective."""
    # Both solvers are handed the objective without its constant term; add it back.
    offset = prob.objective.constant if prob.objective is not None else 0.0
    if isinstance(engine, pulp.HiGHS):
        info = prob.solverModel.getInfo()
        if not math.isfinite(info.mip_dual_bound):
            return None
        return float(info.mip_dual_bound) + offset
    if not log.exists():
        return None
    text = log.read_text()
    if match := re.search(r"Lower bound:\s+(-?[\d.e+-]+)", text):
        return float(match[1]) + offset
    if "Optimal solution found" in text and (
        match := re.search(r"Objective value:\s+(-?[\d.e+-]+)", text)
    ):
        return float(match[1]) + offset
    return None


def any_of(
    prob: pulp.LpProblem, name: str, terms: list[pulp.LpAffineExpression | pulp.LpVariable]
) -> pulp.LpAffineExpression | pulp.LpVariable:
    """A term that is 1 when any of `terms` (each 0 or 1) is: the term itself when there is
    one, else a new variable held above each (so counting it counts "at least one")."""
    if len(terms) == 1:
        return terms[0]
    z = prob.add_variable(name, 0, 1)
    for n, term in enumerate(terms):
        prob += z >= term, f"{name}_{n}"
    return z


def add_families(families: Mapping[str, Callable[[], object]], skip: frozenset[str]) -> None:
    """Add each family of constraints, in order, but those named in `skip`: a model built
    without some families tells which ones a proof of infeasibility needs."""
    for name, add in families.items():
        if name not in skip:
            add()


def safe(text: str) -> str:
    """A name PuLP and both solvers accept."""
    return re.sub(r"[^A-Za-z0-9_]", "_", text)
