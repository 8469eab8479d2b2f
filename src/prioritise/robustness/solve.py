"""Re-solving one allocation model with new objective coefficients, straight through HiGHS.

Between robustness draws only the cell values V change, so only the objective changes: the
model is passed to HiGHS once per process, and each draw changes the column costs and
re-solves with the primal simplex (the old optimum stays feasible) from a given optimal basis
(the group's, or another draw's: see `prioritise.robustness.parallel`). The solver state left
by the previous draw is cleared first; since HiGHS keeps some state that clearing does not
reach, the caller also starts each chunk of draws on a fresh `ReSolver`, cut by draw number.

Funding decisions (the binaries of `min_ticket` and `max_lines`) are handled in one of two
ways, chosen by `integer`:

- False (the default): each draw solves the LP relaxation of the funding decisions. On the
  allocation model it is tight: on the Chile scenario with the group's weights its value is
  0.14 % above the integer optimum, and it funds all 150 lines of that optimum plus 7 more,
  thinly. Solving each draw's integer problem takes 20 s to a minute there; fixing the
  binaries at the group's values would freeze the set of funded cells, which is exactly what
  the core index measures.
- True: after the relaxation, a mixed-integer problem restricted to the cells the relaxation
  funds plus the group's lines (always feasible, as the group's split is), with a node limit
  (deterministic, unlike a time limit). Every split obeys every rule; about 2 s a draw on the
  Chile scenario, within 1 % of the relaxation's bound.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import highspy
import numpy as np

from prioritise.allocate.matrices import new_highs as quiet_highs
from prioritise.allocate.matrices import status_name
from prioritise.robustness.lp import MatrixModel
from prioritise.text import LocalizedError, Message, msg

log = logging.getLogger(__name__)

INTEGER_GAP = 1e-4
INTEGER_NODES = 50
CANDIDATE = 1e-7
"""With `integer`, a cell is a candidate line when the relaxation gives its decision more."""
PRIMAL_SIMPLEX = 4
FEASIBLE = 2
_LINE = 0.5


class SolveError(LocalizedError, RuntimeError):
    """A model could not be solved; the message says which one and why."""


@dataclass(frozen=True)
class Solved:
    """One solve: objective (with the model's offset), column values, CPU seconds in HiGHS.

    `bound` is an upper bound on the best objective: the LP relaxation's value (the
    objective itself when nothing was rounded).
    """

    objective: float
    columns: np.ndarray
    seconds: float
    iterations: int
    bound: float
    basis: tuple[np.ndarray, np.ndarray] | None = None


def new_highs(mip_gap: float | None = None) -> highspy.Highs:
    """A quiet HiGHS with a fixed seed.

    The thread count is left alone: HiGHS keeps one thread scheduler per process, and
    asking for another count than an earlier solve in the same process used is refused by
    newer releases (the solve then ends with status "Not Set"). Simplex solves are serial,
    so the answer does not depend on it.
    """
    highs = quiet_highs()
    highs.setOptionValue("random_seed", 0)
    if mip_gap is not None:
        highs.setOptionValue("mip_rel_gap", mip_gap)
    return highs


def run_highs(highs: highspy.Highs, what: str | Message) -> float:
    """Solve; raise a plain SolveError unless HiGHS reports an optimum. Returns CPU seconds.

    CPU time rather than wall-clock time, so that the figure means the solver's own work
    even when other programs share the cores.
    """
    start = time.process_time()
    highs.run()
    seconds = time.process_time() - start
    status = highs.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        name = status_name(highs, status)
        where = what.text("en") if isinstance(what, Message) else what  # for a log, not a reader
        log.warning("HiGHS stopped on %s with status %r", where, name)
        raise SolveError("robustness.solve.stopped", what=what, status=name)
    return seconds


def columns_of(highs: highspy.Highs) -> np.ndarray:
    return np.asarray(highs.getSolution().col_value, dtype=float)


def objective_of(highs: highspy.Highs) -> float:
    return float(highs.getInfo().objective_function_value)


def incumbent(columns: np.ndarray) -> highspy.HighsSolution:
    """A known feasible solution, to hand HiGHS as a starting incumbent."""
    solution = highspy.HighsSolution()
    solution.col_value = list(columns)
    solution.value_valid = True
    return solution


def cost_scale(costs: np.ndarray) -> float:
    """A factor bringing the largest cost to 1.

    Cell values are shares (about 1e-3 per cell on the Chile scenario), so unscaled costs sit
    close to HiGHS' absolute optimality tolerance (1e-7) and a solve could stop 1e-5 short.
    """
    largest = float(np.abs(costs).max(initial=0.0))
    return 1.0 / largest if largest > 0 else 1.0


def solve_fresh(model: MatrixModel, costs: np.ndarray, what: str = "model") -> Solved:
    """Solve the relaxation from scratch (presolve, no warm start): the fast path's reference."""
    highs = new_highs()
    scale = cost_scale(costs)
    model.load_into(highs, np.asarray(costs, dtype=float) * scale, relax=True)
    seconds = run_highs(highs, what)
    objective = (objective_of(highs) - model.offset) / scale + model.offset
    iterations = int(highs.getInfo().simplex_iteration_count)
    return Solved(objective, columns_of(highs), seconds, iterations, objective)


def restricted_integer(
    model: MatrixModel,
    costs: np.ndarray,
    relaxed: np.ndarray,
    known: np.ndarray | None,
    what: str | Message,
) -> tuple[float, np.ndarray, float]:
    """The integer problem over the relaxation's funded cells (plus `known`'s lines).

    `known` is a feasible split (the group's) offered as the first incumbent; its lines stay
    candidates, so a solution always exists. Returns (objective, columns, seconds).
    """
    decisions = np.flatnonzero(model.integer)
    candidates = relaxed[decisions] > CANDIDATE
    if known is not None:
        candidates |= known[decisions] > _LINE
    scale = cost_scale(costs)
    upper = model.col_upper.copy()
    upper[decisions[~candidates]] = 0.0
    highs = new_highs(INTEGER_GAP)
    highs.setOptionValue("mip_max_nodes", INTEGER_NODES)
    model.load_into(highs, np.asarray(costs, dtype=float) * scale, col_upper=upper)
    if known is not None:
        highs.setSolution(incumbent(known))
    start = time.process_time()
    highs.run()
    seconds = time.process_time() - start
    if highs.getInfo().primal_solution_status != FEASIBLE:
        raise SolveError("robustness.solve.funding_rules", what=what)
    objective = (objective_of(highs) - model.offset) / scale + model.offset
    return objective, columns_of(highs), seconds


@dataclass(frozen=True)
class WarmStart:
    """The group's split and the LP basis every draw starts from, as plain arrays.

    Plain arrays travel to worker processes (a HiGHS basis object does not pickle).
    """

    columns: np.ndarray
    objective: float
    bound: float
    col_status: np.ndarray
    row_status: np.ndarray
    integer: bool = False

    def basis(self) -> highspy.HighsBasis:
        return make_basis(self.col_status, self.row_status)


_STATUS = [highspy.HighsBasisStatus(code) for code in range(6)]


def make_basis(col_status: np.ndarray, row_status: np.ndarray) -> highspy.HighsBasis:
    """A HiGHS basis from status codes (a lookup table: a basis has ~20 000 entries)."""
    basis = highspy.HighsBasis()
    basis.col_status = [_STATUS[code] for code in col_status.tolist()]
    basis.row_status = [_STATUS[code] for code in row_status.tolist()]
    basis.valid = True
    return basis


def basis_codes(highs: highspy.Highs) -> tuple[np.ndarray, np.ndarray]:
    """The current basis as two int8 arrays (they pickle; HiGHS' own object does not)."""
    basis = highs.getBasis()
    return (
        np.array([int(v) for v in basis.col_status], dtype=np.int8),
        np.array([int(v) for v in basis.row_status], dtype=np.int8),
    )


def group_start(
    model: MatrixModel, costs: np.ndarray, integer: bool = False
) -> tuple[WarmStart, float]:
    """Solve the group's problem once; its LP basis is every draw's starting point."""
    highs = new_highs()
    scale = cost_scale(costs)
    model.load_into(highs, np.asarray(costs, dtype=float) * scale, relax=True)
    seconds = run_highs(highs, msg("robustness.solve.group_problem"))
    col_status, row_status = basis_codes(highs)
    relaxed = columns_of(highs)
    bound = (objective_of(highs) - model.offset) / scale + model.offset
    integer = integer and model.is_mip
    if not integer:
        return WarmStart(relaxed, bound, bound, col_status, row_status), seconds
    objective, columns, more = restricted_integer(
        model, costs, relaxed, None, msg("robustness.solve.group")
    )
    return WarmStart(columns, objective, bound, col_status, row_status, True), seconds + more


class ReSolver:
    """One HiGHS instance holding the model; `solve(costs)` re-optimises a new objective."""

    def __init__(
        self, model: MatrixModel, start: WarmStart, basis: highspy.HighsBasis | None = None
    ) -> None:
        self.model = model
        self.start = start
        self.highs = new_highs()
        self.highs.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)
        model.load_into(self.highs, np.zeros(model.n_cols), relax=True)
        self._all = np.arange(model.n_cols, dtype=np.int32)
        self._basis = start.basis() if basis is None else basis

    def solve(
        self,
        costs: np.ndarray,
        what: str | Message = "draw",
        basis: highspy.HighsBasis | None = None,
        keep_basis: bool = False,
    ) -> Solved:
        """The best split for these column costs (see the module docstring for binaries).

        The simplex starts from `basis` (the group's optimal basis by default); with
        `keep_basis` the optimal LP basis comes back too, for other draws to start from.
        """
        highs = self.highs
        # clearSolver drops what the last solve left (factorisation, edge weights), so the
        # path from the group's basis depends on these costs alone
        highs.clearSolver()
        scale = cost_scale(costs)
        highs.changeColsCost(self.model.n_cols, self._all, np.asarray(costs, dtype=float) * scale)
        highs.setBasis(self._basis if basis is None else basis)
        seconds = run_highs(highs, what)
        iterations = int(highs.getInfo().simplex_iteration_count)
        relaxed = columns_of(highs)
        bound = (objective_of(highs) - self.model.offset) / scale + self.model.offset
        codes = basis_codes(highs) if keep_basis else None
        if not self.start.integer:
            return Solved(bound, relaxed, seconds, iterations, bound, codes)
        objective, columns, more = restricted_integer(
            self.model, costs, relaxed, self.start.columns, what
        )
        return Solved(objective, columns, seconds + more, iterations, bound, codes)
