"""Command-line options the region's commands share: the solver and its time limit, as the
scheduler's plumbing (`scheduler.milp`) takes them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from services.scheduler.milp import SOLVERS

#: The solvers `scheduler.milp` runs, as a choice Typer checks and lists in `--help`.
SolverName = StrEnum("SolverName", {name.upper(): name for name in SOLVERS})  # type: ignore[misc]
Solver = Annotated[SolverName, typer.Option(help="The MILP solver.")]
TimeLimit = Annotated[float, typer.Option(min=0.1, help="Seconds the solver may take in all.")]
HIGHS = SolverName("highs")
