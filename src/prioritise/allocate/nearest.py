"""Of a fair baseline's equally close splits, the one nearest its plain split (docs/model.md §10.2).

The closeness Σ_c t_c · g(X_c / t_c) is linear between g's breakpoints, with the same slopes for
every line, so money can move between two lines whose X_c / t_c lie in the same segment without
changing it: its optimum is a set of splits, and the simplex returns whichever vertex its path
reaches. Another scaling or another HiGHS release reaches another, whose value differs (by up to
3 index points on the default scenario). With the funding decisions held and the closeness kept
at its optimum (to 10⁻⁸ of it), the split nearest the plain split in Σ_j (v_j − τ_j)² / τ_j over
the money columns (each line's money, each year for a line with commitments, and the free money
of each year) is unique: a strictly convex quadratic program over a convex set. Clarabel, an
interior-point solver, solves it; the baseline then depends on the scenario alone.
"""

from __future__ import annotations

import logging

import clarabel
import numpy as np
from scipy import sparse

from prioritise.allocate.deadline import Deadline
from prioritise.allocate.matrices import INFINITY, LinearProgram
from prioritise.allocate.reduction import Reduced, reduced, reduced_optimum

log = logging.getLogger(__name__)
SOLVED = (clarabel.SolverStatus.Solved, clarabel.SolverStatus.AlmostSolved)

NO_BOUND = 1e20
"""A bound this far out is none (some columns carry the largest float as their upper bound)."""
CLOSENESS_TOLERANCE = 1e-8
"""How far below its optimum (relative) the closeness may fall for the nearer split."""


def money_targets(program: LinearProgram, target: np.ndarray) -> np.ndarray:
    """τ of every column: the plain split's money in it (`target`, money per cell and year,
    flattened to cells × years), NaN for a column that holds no money."""
    flat = np.asarray(target, dtype=float).reshape(-1, program.shape[3])
    kind, cell, year = program.column_kind, program.column_cell, program.column_year
    found = np.full(len(kind), np.nan)
    money = kind == "x"
    dated = money & (year >= 0)
    found[dated] = flat[cell[dated], year[dated]]
    whole = money & (year < 0)
    found[whole] = flat[cell[whole]].sum(axis=1)
    free_cells = np.unique(cell[whole])
    spare = kind == "year"  # the free money of each year: the lines without commitments'
    found[spare] = flat[free_cells][:, year[spare]].sum(axis=0)
    return found


def distance_weights(tau: np.ndarray) -> np.ndarray:
    """1 / τ_j for every money column (a τ_j of 0 as the smallest positive one), 0 elsewhere."""
    counted = ~np.isnan(tau)
    positive = tau[counted & (tau > 0)]
    smallest = positive.min() if len(positive) else 1.0
    weight = np.zeros(len(tau))
    weight[counted] = 1.0 / np.maximum(tau[counted], smallest)
    return weight


def _conic(
    rows: sparse.csr_matrix, low: np.ndarray, high: np.ndarray
) -> tuple[sparse.csc_matrix, np.ndarray, list[object]]:
    """low ≤ rows · y ≤ high in Clarabel's form, A y + s = b with s in a cone: equal bounds as
    zero-cone rows, the others as nonnegative ones; a bound beyond `NO_BOUND` is none."""
    equal = np.isclose(low, high, rtol=0.0, atol=1e-12) & (np.abs(high) < NO_BOUND)
    above = ~equal & (high < NO_BOUND)
    below = ~equal & (low > -NO_BOUND)
    a = sparse.vstack([rows[equal], rows[above], -rows[below]]).tocsc()
    b = np.concatenate([high[equal], high[above], -low[below]])
    cones = [
        clarabel.ZeroConeT(int(equal.sum())),
        clarabel.NonnegativeConeT(int(above.sum() + below.sum())),
    ]
    return a, b, cones


def best_closeness(part: Reduced, objective: np.ndarray, deadline: Deadline) -> float | None:
    """The largest closeness with the funding decisions held: the LP over the reduced program
    (a few milliseconds, where the whole program with its decisions fixed takes tens); None if
    it is not solved by `deadline`."""
    found = reduced_optimum(part, objective, deadline)
    return None if found is None else float(objective @ found)


def nearest_split(
    program: LinearProgram, values: np.ndarray, target: np.ndarray, deadline: Deadline
) -> np.ndarray | None:
    """Column values of the split nearest `target` among the closest splits of the closeness
    `program` with the funding decisions of `values`; None if it is not found by `deadline`
    (a baseline that depended on the time it had would not be the baseline)."""
    held = program.integer.copy()
    part = reduced(program, held, np.where(held, np.round(values), values))
    best = best_closeness(part, program.objective, deadline)
    if best is None:
        return None
    tau = money_targets(program, target)
    free, fixed = part.free, part.fixed
    floor = best - CLOSENESS_TOLERANCE * abs(best) - float(program.objective @ fixed)
    rows = sparse.vstack(
        [
            part.matrix,
            sparse.csr_matrix(program.objective[free]),  # the closeness kept
            sparse.identity(len(free), format="csr"),  # the columns' bounds
        ]
    ).tocsr()
    low = np.concatenate([part.lower, [floor], part.col_lower])
    high = np.concatenate([part.upper, [INFINITY], part.col_upper])
    a, b, cones = _conic(rows, low, high)
    # Σ w (y − τ)² = yᵀ diag(w) y − 2 wτ · y + a constant; Clarabel minimises ½ yᵀPy + q · y
    weight = distance_weights(tau)[free]
    p = sparse.diags(2.0 * weight, format="csc")
    q = -2.0 * weight * np.nan_to_num(tau[free])

    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.max_threads = 1
    settings.tol_gap_abs = settings.tol_gap_rel = settings.tol_feas = 1e-10
    left = deadline.remaining()
    if left is not None:
        if left <= 0:
            return None
        settings.time_limit = left
    solution = clarabel.DefaultSolver(p, q, a, b, cones, settings).solve()
    if solution.status not in SOLVED:
        log.info("no nearest split: %s", solution.status)
        return None
    found = fixed.copy()
    found[free] = np.clip(np.asarray(solution.x), part.col_lower, part.col_upper)
    return found
