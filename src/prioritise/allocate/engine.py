"""Solving a built model: PuLP's HiGHS engine, handed the whole model in one call, and `run`.

A model with funding decisions is solved in stages (`staged`, docs/model.md §19); `cbc` runs
CBC. Shadow prices come from the LP with the funding decisions held fixed, normalised so that a
positive price means "relaxing this constraint by one unit of money adds this much value"
(HiGHS and CBC report duals of a maximisation with opposite signs; tests lock both).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import numpy as np
import pulp

from prioritise.allocate.cbc import solve_cbc
from prioritise.allocate.deadline import NO_DEADLINE, Deadline, deadline_for
from prioritise.allocate.input import AllocationError
from prioritise.allocate.matrices import (
    FEASIBLE_SOLUTION,
    LinearProgram,
    Outcome,
    configure,
    highs_verdict,
    pass_program,
    solver_banner_silenced,
)
from prioritise.allocate.pulp_model import ModelBuilder
from prioritise.allocate.staged import stages, start_from
from prioritise.allocate.watchdog import run_watched

log = logging.getLogger(__name__)
SOLVERS = ("highs", "cbc")


class HighsEngine(pulp.HiGHS):
    """pulp.HiGHS, handed the whole model in one call, reporting status and gap exactly, and
    stopped at `deadline` whatever it is doing (`prioritise.allocate.watchdog`)."""

    def __init__(
        self,
        builder: ModelBuilder,
        deadline: Deadline = NO_DEADLINE,
        staged: bool = True,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.builder = builder
        self.deadline = deadline
        self.staged = staged
        self.outcome: Outcome | None = None

    def createAndConfigureSolver(self, lp: pulp.LpProblem) -> None:
        with solver_banner_silenced():  # no banner on standard output
            super().createAndConfigureSolver(lp)
        configure(lp.solverModel)

    def buildSolverModel(self, lp: pulp.LpProblem) -> None:
        self._pass(lp, self.builder.linear_program())

    def _pass(self, lp: pulp.LpProblem, program: LinearProgram) -> None:
        pass_program(lp.solverModel, program, mip=self.mip)

    def actualSolve(self, lp: pulp.LpProblem) -> int:
        program = self.builder.linear_program()
        integer = self.mip and self.builder.has_integers()
        start, start_gap, split = None, None, None
        if integer and self.staged:  # a proven split without branching, or a start for it (§19)
            split = stages(program, self.deadline, self.gapRel)
            if split.proven(self.gapRel) and split.values is not None:
                self.outcome = Outcome("optimal", True, split.gap(), split.values, np.array([]))
                lp.assignStatus(pulp.LpStatusOptimal)
                return lp.status
            start, start_gap = split.values, split.gap()
            program = split.settled_program(program)
        self.createAndConfigureSolver(lp)
        self._pass(lp, program)
        highs = lp.solverModel
        start_from(highs, start)
        if not run_watched(highs, self.deadline):  # out of time: the rounded split, if any
            if start is not None:
                self.outcome = Outcome("feasible", True, start_gap, start, np.array([]))
                lp.assignStatus(pulp.LpStatusOptimal)
                return lp.status
            self.outcome = Outcome("not_solved", False, None, np.array([]), np.array([]))
            lp.assignStatus(pulp.LpStatusNotSolved)
            return lp.status
        status, info, solution = highs.getModelStatus(), highs.getInfo(), highs.getSolution()
        found = info.primal_solution_status == FEASIBLE_SOLUTION
        verdict, found = highs_verdict(status, found)
        if verdict == "error":
            log.warning("HiGHS stopped with status %r", highs.modelStatusToString(status))
        gap = None
        if integer and found:  # the whole model's, also where settled lines were held
            gap = float(info.mip_gap) if split is None else split.branched_gap(highs)
        # HiGHS solved the minimisation form: its duals are d(-objective)/d(rhs)
        rates = -np.asarray(solution.row_dual, dtype=float) if solution.dual_valid else None
        self.outcome = Outcome(
            verdict,
            found,
            gap,
            np.asarray(solution.col_value, dtype=float) if found else np.array([]),
            rates if rates is not None else np.array([]),
            note=highs.modelStatusToString(status),
        )
        lp.assignStatus(pulp.LpStatusOptimal if found else pulp.LpStatusNotSolved)
        return lp.status


def run(
    builder: ModelBuilder,
    solver: str,
    time_limit: float | Deadline | None,
    gap: float | None,
    mip: bool = True,
    staged: bool = True,
) -> Outcome:
    """Solve the built model within `time_limit` (seconds from now, or a shared deadline);
    `staged` False hands a mixed-integer model to HiGHS whole (docs/model.md §19)."""
    deadline = deadline_for(time_limit)
    if solver not in SOLVERS:
        raise AllocationError(
            "allocate.error.unknown_solver", solver=solver, solvers=", ".join(SOLVERS)
        )
    start = time.perf_counter()
    if solver == "highs":
        engine = HighsEngine(builder, deadline, staged, msg=False, mip=mip, gapRel=gap)
        try:
            builder.problem.solve(engine)
        finally:  # PuLP keeps the engine, which keeps the builder: a cycle that only Python's
            # full collections free, holding HiGHS's copy of the model (docs/model.md §19)
            builder.problem.solver = builder.problem.solverModel = None
        outcome = engine.outcome
        if outcome is None:
            raise AllocationError("allocate.error.no_result")
    else:
        left = deadline.remaining()
        if left is not None and left <= 0:
            outcome = Outcome("not_solved", False, None, np.array([]), np.array([]))
        else:
            outcome = solve_cbc(
                builder.problem,
                builder.columns,
                builder.rows,
                left,
                gap,
                mip and builder.has_integers(),
            )
    outcome.seconds = time.perf_counter() - start
    return outcome
