"""A program with some columns held, made small: rows left with one free column become bounds.

With its funding decisions held, most of an allocation program is fixed: a line not funded
loses its money and its segments (88 % of the default scenario's lines). Folding the rows left
with one free column into that column's bounds, in turn, leaves an LP a tenth of the size, which
HiGHS solves in a few milliseconds where the whole program takes tens: the nearest split of a
fair baseline (docs/model.md §10.2) and the quick lower bound of each rule's price (§8.2).
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
from scipy import sparse

from prioritise.allocate.deadline import Deadline
from prioritise.allocate.matrices import INFINITY, LinearProgram, new_highs, pass_columns
from prioritise.allocate.watchdog import run_watched

FEASIBLE = 1e-7
"""How far, relative to a bound (and at least absolutely), a row or column left with nothing
free may miss it: HiGHS's own feasibility tolerance."""


@dataclass(frozen=True)
class Reduced:
    """The program with some columns held at `fixed` and rows folded into column bounds:
    lower ≤ matrix · y ≤ upper and col_lower ≤ y ≤ col_upper over the `free` columns.
    `feasible` is false when what is held already breaks a row or a bound (nothing free is
    left there to mend it)."""

    matrix: sparse.csr_matrix
    lower: np.ndarray
    upper: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    fixed: np.ndarray
    free: np.ndarray
    feasible: bool = True


def _within(value: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> bool:
    slack = FEASIBLE * np.maximum(1.0, np.abs(value))
    return bool(np.all(value >= lower - slack) and np.all(value <= upper + slack))


def reduced(program: LinearProgram, held: np.ndarray, values: np.ndarray) -> Reduced:
    """`program` with the columns `held` at `values`, then, in turn, each row left with one
    free column made a bound on it and each column whose bounds meet held there."""
    n, m = len(program.objective), len(program.row_lower)
    matrix = sparse.csr_matrix((program.values, (program.rows, program.cols)), shape=(m, n))
    matrix.eliminate_zeros()  # a zero entry (a line with no plain money) bounds nothing
    fixed = np.where(held, values, 0.0)
    is_fixed = held.copy()
    col_lower, col_upper = program.col_lower.copy(), program.col_upper.copy()
    col_lower[held] = col_upper[held] = values[held]
    live = np.ones(m, dtype=bool)
    for _ in range(n):  # each round holds at least one more column, or stops
        entries = matrix[live][:, ~is_fixed]
        count = np.diff(entries.indptr)
        single = np.flatnonzero(count == 1)
        if not len(single):
            break
        rows = np.flatnonzero(live)[single]
        shift = matrix[rows] @ fixed
        coefficient = entries.data[entries.indptr[single]]
        column = np.flatnonzero(~is_fixed)[entries.indices[entries.indptr[single]]]
        low = (program.row_lower[rows] - shift) / coefficient
        high = (program.row_upper[rows] - shift) / coefficient
        low, high = np.where(coefficient > 0, low, high), np.where(coefficient > 0, high, low)
        np.maximum.at(col_lower, column, np.nan_to_num(low, nan=-INFINITY))
        np.minimum.at(col_upper, column, np.nan_to_num(high, nan=INFINITY))
        live[rows] = False
        meet = ~is_fixed & (col_upper <= col_lower)
        fixed[meet] = col_lower[meet]
        is_fixed |= meet
        live &= np.diff(matrix[:, ~is_fixed].indptr) > 0
    free = np.flatnonzero(~is_fixed)
    held_part = matrix @ fixed  # each row's activity from the held columns
    by_free = matrix[:, free]
    settled = np.diff(by_free.indptr) == 0  # rows with no free column left
    feasible = _within(
        fixed[is_fixed], program.col_lower[is_fixed], program.col_upper[is_fixed]
    ) and _within(held_part[settled], program.row_lower[settled], program.row_upper[settled])
    return Reduced(
        by_free[live],
        program.row_lower[live] - held_part[live],
        program.row_upper[live] - held_part[live],
        col_lower[free],
        col_upper[free],
        fixed,
        free,
        feasible,
    )


def reduced_optimum(part: Reduced, objective: np.ndarray, deadline: Deadline) -> np.ndarray | None:
    """Column values (every column of the program) of the LP over the reduced program that
    maximises `objective`; None if what is held breaks a rule, or it is not solved to
    optimality by `deadline`. With every column held there is nothing left to solve: the held
    values are the answer."""
    if not part.feasible:
        return None
    if not len(part.free):
        return None if deadline.expired else part.fixed.copy()
    columns = part.matrix.tocsc()
    bounds = (part.col_lower, part.col_upper, part.lower, part.upper)
    highs = new_highs()
    pass_columns(
        highs, objective[part.free], bounds, (columns.indptr, columns.indices, columns.data)
    )
    if not run_watched(highs, deadline) or deadline.expired:
        return None
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    found = part.fixed.copy()
    found[part.free] = np.asarray(highs.getSolution().col_value, dtype=float)
    return found
