"""Solving the allocation model with CBC, the solver bundled with PuLP (`--solver cbc`)."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import numpy as np
import pulp

from prioritise.allocate.matrices import Outcome, cbc_gap


def solve_cbc(
    problem: pulp.LpProblem,
    columns: list[pulp.LpVariable],
    rows: list[pulp.LpConstraint],
    time_limit: float | None,
    gap: float | None,
    integer: bool,
) -> Outcome:
    """Solve a built model with PuLP's bundled CBC, reading the gap from its log; `integer`
    says whether it has funding decisions to branch on (False: its LP relaxation)."""
    with tempfile.TemporaryDirectory(prefix="prioritise-cbc-") as folder:
        log_path = Path(folder) / "cbc.log"
        with warnings.catch_warnings():  # PuLP 3.3 announces its bundled CBC for removal in 4.0
            warnings.filterwarnings("ignore", message="PULP_CBC_CMD", category=DeprecationWarning)
            solver = pulp.PULP_CBC_CMD(
                msg=False, timeLimit=time_limit, gapRel=gap, mip=integer, logPath=str(log_path)
            )
        problem.solve(solver)
        log = log_path.read_text(errors="replace") if log_path.exists() else ""
    status, sol_status = problem.status, problem.sol_status
    found = sol_status in (pulp.LpSolutionOptimal, pulp.LpSolutionIntegerFeasible)
    if status == pulp.LpStatusInfeasible:
        verdict, found = "infeasible", False
    elif sol_status == pulp.LpSolutionOptimal:
        verdict = "optimal"
    elif found:
        verdict = "feasible"
    else:
        verdict = "not_solved" if status == pulp.LpStatusNotSolved else "error"
    found_gap = cbc_gap(log) if integer and found else None
    values = np.array([v.varValue or 0.0 for v in columns]) if found else np.array([])
    # CBC reports duals of a maximisation as d(objective)/d(rhs) already
    rates = np.array([0.0 if row.pi is None else row.pi for row in rows])
    return Outcome(verdict, found, found_gap, values, rates, note=pulp.LpStatus[status])
