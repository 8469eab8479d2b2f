"""The allocation model in matrix form, and solving it with HiGHS directly.

Robustness analysis re-solves one model many times with new objective coefficients (only the
cell values change between weight draws); the matrix form lets it do so without rebuilding.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import re
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import repeat
from typing import Any

import highspy
import numpy as np

INFINITY = highspy.kHighsInf
FEASIBLE_SOLUTION = 2
"""HiGHS's code for "a feasible primal solution is available"."""

log = logging.getLogger(__name__)
_STDOUT_SWAP = threading.Lock()
_BANNER_PASSED = False
"""Whether a `Highs()` has been made with fd 1 redirected (the banner comes only once)."""


def _flush_c_streams() -> None:
    """Flush C's stdio buffers, where HiGHS writes, so nothing leaks out later."""
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(None).fflush(None)


@contextlib.contextmanager
def solver_banner_silenced() -> Iterator[None]:
    """Point file descriptor 1 at the null device while a solver is set up.

    Some highspy releases print a banner on the C-level standard output as soon as the
    first `Highs()` is made, before any option can silence it; `--json` output must stay
    the only thing on standard output, and a Spanish terminal should not show English
    solver credits, so the construction happens with fd 1 redirected. Only the first: once
    a `Highs()` has been made, fd 1 is left alone, so that a solve on another thread (the
    baselines beside the search) never hides what the command prints meanwhile.
    """
    global _BANNER_PASSED
    if _BANNER_PASSED:
        yield
        return
    with _STDOUT_SWAP:
        try:
            sys.stdout.flush()
            saved = os.dup(1)
        except (OSError, ValueError, AttributeError):  # no fd 1 to protect
            yield
            return
        sink = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(sink, 1)
            yield
            _BANNER_PASSED = True  # every block makes a `Highs()`: the banner is behind us
        finally:
            _flush_c_streams()
            os.dup2(saved, 1)
            os.close(saved)
            os.close(sink)


AGGREGATOR_OFF = 1 << 12
"""`presolve_rule_off` bit of HiGHS's aggregator presolve rule. With it, HiGHS 1.16 spends over
a minute presolving the default scenario's LP without rules (10 s per pass, deaf to the time
limit) that solves in 0.03 s without it; the mixed-integer models solve as fast without it."""


def configure(highs: highspy.Highs) -> None:
    """The options every HiGHS instance of the project runs with: silent, no aggregator."""
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("presolve_rule_off", AGGREGATOR_OFF)


def new_highs() -> highspy.Highs:
    """A HiGHS instance that has printed nothing and will print nothing."""
    with solver_banner_silenced():
        highs = highspy.Highs()
    configure(highs)
    return highs


def status_name(highs: highspy.Highs, status: highspy.HighsModelStatus) -> str:
    """HiGHS's own words for a model status, for messages and the log."""
    return str(highs.modelStatusToString(status))


@dataclass
class LinearProgram:
    """maximise objective · v  s.t.  row_lower ≤ A v ≤ row_upper,  col_lower ≤ v ≤ col_upper.

    A is given as (rows, cols, values) triplets; v is integer where `integer` is true.
    `column_kind` is "x" (money of a cell in a year), "s" (a returns-curve segment), "z"
    (funding decision), "total" (programme or region total) or "slack"; `column_cell` is the
    flat cell index (programme, area, region in C order) or -1, `column_year` and
    `column_segment` likewise. `objective_for(values)` gives the objective for other cell
    values; `amounts(solution)` the money per (programme, area, region, year). An x column
    with a year (column_year ≥ 0) is a committed cell's money that year; one without is a
    cell's money over the horizon, spread across years like the "year" columns (the free
    money of each year).
    """

    objective: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    integer: np.ndarray
    column_kind: np.ndarray
    column_cell: np.ndarray
    column_year: np.ndarray
    column_segment: np.ndarray
    slopes: np.ndarray
    row_names: list[str]
    shape: tuple[int, int, int, int]

    def objective_for(self, values: np.ndarray) -> np.ndarray:
        """Objective coefficients for cell values V of shape (P, E, R)."""
        flat = np.asarray(values, dtype=float).reshape(-1)
        cost = np.zeros(len(self.objective))
        segment = self.column_kind == "s"
        cost[segment] = flat[self.column_cell[segment]] * self.slopes[self.column_segment[segment]]
        return cost

    def amounts(self, solution: np.ndarray) -> np.ndarray:
        """Money per (programme, area, region, year) from a vector of column values."""
        return money_by_year(
            self.column_kind, self.column_cell, self.column_year, solution, self.shape
        )

    def columnwise(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The matrix by columns as HiGHS takes it (starts, row indices, values), sorted once
        per program: a program is never changed in place (`dataclasses.replace` makes a new
        one), and the many solves of one program (re-solves, stages, lanes) share the order."""
        key = (id(self.rows), id(self.cols), id(self.values))
        cached = self.__dict__.get("_columnwise")
        if cached is not None and cached[0] == key:
            return cached[1]
        order = np.lexsort((self.rows, self.cols))
        counts = np.bincount(self.cols, minlength=len(self.objective))
        found = (
            np.concatenate(([0], np.cumsum(counts))).astype(np.int32),
            self.rows[order].astype(np.int32),
            np.asarray(self.values[order], dtype=float),
        )
        self.__dict__["_columnwise"] = (key, found)
        return found


@dataclass(frozen=True)
class RowMatrix:
    """A PuLP model's rows as triplets and bounds, and where each row's terms start."""

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    starts: np.ndarray

    @classmethod
    def read(cls, rows: Sequence[Any], columns: Sequence[Any]) -> RowMatrix:
        position = {id(v): i for i, v in enumerate(columns)}
        at: list[int] = []
        cols: list[int] = []
        values: list[float] = []
        lower, upper = np.empty(len(rows)), np.empty(len(rows))
        for i, row in enumerate(rows):
            expr = row.expr
            cols.extend(map(position.__getitem__, map(id, expr)))
            values.extend(expr.values())
            at.extend(repeat(i, len(expr)))
            lower[i], upper[i] = _row_bounds(row)
        return cls(
            np.asarray(at, dtype=np.int64),
            np.asarray(cols, dtype=np.int64),
            np.asarray(values, dtype=float),
            lower,
            upper,
            np.concatenate([[0], np.cumsum([len(row.expr) for row in rows])]),
        )

    def moved(self, rows: Sequence[Any], indices: Iterable[int]) -> RowMatrix | None:
        """The matrix with rows `indices` read again, in new arrays (programs read before keep
        theirs); None when one of them changed its number of terms (read everything again)."""
        values, lower, upper = self.values.copy(), self.lower.copy(), self.upper.copy()
        for i in indices:
            row = rows[i]
            begin, end = self.starts[i], self.starts[i + 1]
            if len(row.expr) != end - begin:
                return None
            values[begin:end] = list(row.expr.values())
            lower[i], upper[i] = _row_bounds(row)
        return replace(self, values=values, lower=lower, upper=upper)


def _row_bounds(row: Any) -> tuple[float, float]:
    low, high = row.getLb(), row.getUb()
    return -INFINITY if low is None else low, INFINITY if high is None else high


def money_by_year(
    kind: np.ndarray,
    cell: np.ndarray,
    year: np.ndarray,
    solution: np.ndarray,
    shape: tuple[int, int, int, int],
) -> np.ndarray:
    """Money per (programme, area, region, year): committed cells have a column per year;
    every other cell one column for the horizon, spread like the free money of each year."""
    p, e, r, t = shape
    result = np.zeros((p * e * r, t))
    money = kind == "x"
    cells, years, amounts = cell[money], year[money], np.maximum(solution[money], 0.0)
    dated = years >= 0
    result[cells[dated], years[dated]] = amounts[dated]
    free = np.zeros(t)
    free[year[kind == "year"]] = np.maximum(solution[kind == "year"], 0.0)
    profile = free / free.sum() if free.sum() > 0 else np.full(t, 1.0 / t)
    result[cells[~dated]] = amounts[~dated, None] * profile
    return result.reshape(shape)


def pass_columns(
    highs: highspy.Highs,
    objective: np.ndarray,
    bounds: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    columns: tuple[np.ndarray, np.ndarray, np.ndarray],
    integer: np.ndarray | None = None,
    *,
    offset: float = 0.0,
    as_maximum: bool = False,
) -> None:
    """Load a model into `highs`, maximising `objective` (+ `offset`), from `bounds` (columns'
    lower and upper, rows' lower and upper), the matrix by `columns` (starts, row indices,
    values) and the integer columns (`integer`, none if not given). HiGHS holds it as a
    minimisation (costs negated) unless `as_maximum`. The arrays go to HiGHS whole: a `HighsLp`
    filled field by field converts every number on its own, ten times slower on the
    25-region scenario (docs/model.md §19). HiGHS reads as many numbers as the model's sizes
    say, so arrays of other lengths are refused here (a defect of the caller). A model HiGHS
    refuses (a coefficient it finds too large) leaves it empty, as the model object did: the
    solve then says so ("empty"), and the caller reports an error."""
    start, index, value = (np.asarray(part) for part in columns)
    cost = np.asarray(objective, dtype=float).reshape(-1)
    if not as_maximum:
        cost = -cost
    sense = highspy.ObjSense.kMaximize if as_maximum else highspy.ObjSense.kMinimize
    col_lower, col_upper, row_lower, row_upper = (np.asarray(b, dtype=float) for b in bounds)
    kinds = np.zeros(len(cost), dtype=np.int32) if integer is None else integer.astype(np.int32)
    sizes = (len(col_lower), len(col_upper), len(kinds), len(start) - 1)
    if (
        any(size != len(cost) for size in sizes)
        or len(row_upper) != len(row_lower)
        or len(index) != len(value)
        or int(start[-1]) != len(value)
    ):
        raise ValueError(f"arrays of a model of {len(cost)} columns do not agree in length")
    status = highs.passModel(
        len(cost),
        len(row_lower),
        len(value),
        int(highspy.MatrixFormat.kColwise),
        int(sense),
        float(offset if as_maximum else -offset),
        cost,
        col_lower,
        col_upper,
        row_lower,
        row_upper,
        np.asarray(start, dtype=np.int32),
        np.asarray(index, dtype=np.int32),
        np.asarray(value, dtype=float),
        kinds,
    )
    if status == highspy.HighsStatus.kError:
        log.info("HiGHS refused a model of %d columns and %d rows", len(cost), len(row_lower))


def pass_program(
    highs: highspy.Highs,
    program: LinearProgram,
    objective: np.ndarray | None = None,
    mip: bool = True,
    columns: tuple[np.ndarray, np.ndarray] | None = None,
) -> None:
    """Load `program` into `highs` (maximising `objective`, the program's own if none), its
    integer columns only if `mip`, and other column bounds (lower, upper) if given."""
    col_lower, col_upper = (program.col_lower, program.col_upper) if columns is None else columns
    pass_columns(
        highs,
        program.objective if objective is None else objective,
        (col_lower, col_upper, program.row_lower, program.row_upper),
        program.columnwise(),
        program.integer if mip else None,
    )


def highs_lp(program: LinearProgram, objective: np.ndarray, mip: bool) -> highspy.HighsLp:
    """A highspy model object of the program in minimisation form (costs negated), for a
    caller that edits the model before passing it (`pass_program` is quicker: a model object
    converts every number on its own)."""
    start, index, value = program.columnwise()
    model = highspy.HighsLp()
    model.num_col_ = len(objective)
    model.num_row_ = len(program.row_lower)
    model.col_cost_ = -np.asarray(objective, dtype=float)
    model.col_lower_, model.col_upper_ = program.col_lower, program.col_upper
    model.row_lower_, model.row_upper_ = program.row_lower, program.row_upper
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = np.asarray(start).astype(np.int32)
    model.a_matrix_.index_ = np.asarray(index).astype(np.int32)
    model.a_matrix_.value_ = np.asarray(value, dtype=float)
    if mip and program.integer.any():
        model.integrality_ = [
            highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
            for flag in program.integer
        ]
    return model


def solve_linear_program(
    program: LinearProgram,
    objective: np.ndarray | None = None,
    *,
    mip: bool = True,
    time_limit: float | None = None,
) -> tuple[str, float | None, np.ndarray]:
    """Solve with HiGHS directly: (status, objective value, column values).

    Status is "optimal", "feasible" (stopped with a solution) or HiGHS's own words otherwise.
    """
    cost = program.objective if objective is None else np.asarray(objective, dtype=float)
    highs = new_highs()
    if time_limit is not None:
        highs.setOptionValue("time_limit", float(time_limit))
    pass_program(highs, program, cost, mip)
    highs.run()
    status = highs.getModelStatus()
    if highs.getInfo().primal_solution_status != FEASIBLE_SOLUTION:
        return highs.modelStatusToString(status), None, np.array([])
    values = np.asarray(highs.getSolution().col_value, dtype=float)
    verdict = "optimal" if status == highspy.HighsModelStatus.kOptimal else "feasible"
    return verdict, float(cost @ values), values


@dataclass
class Outcome:
    """What one solver run found: verdict, solution, duals as d(objective)/d(rhs), time."""

    status: str
    has_solution: bool
    gap: float | None
    values: np.ndarray
    rates: np.ndarray
    seconds: float = 0.0
    note: str = ""


def highs_verdict(status: highspy.HighsModelStatus, found: bool) -> tuple[str, bool]:
    """optimal | feasible (stopped with a solution) | infeasible | not_solved | error."""
    kinds = highspy.HighsModelStatus
    if status == kinds.kOptimal:
        return "optimal", found
    if status in (kinds.kInfeasible, kinds.kUnboundedOrInfeasible):
        return "infeasible", False
    if found:
        return "feasible", True
    stopped = (
        kinds.kTimeLimit,
        kinds.kIterationLimit,
        kinds.kInterrupt,
        kinds.kSolutionLimit,
        getattr(kinds, "kHighsInterrupt", kinds.kInterrupt),  # named so by newer highspy only
    )
    return ("not_solved" if status in stopped else "error"), False


def cbc_gap(log: str) -> float | None:
    """Relative gap from CBC's last 'best objective X (best possible Y)' log line."""
    number = r"([-+0-9.eE]+)"
    found = re.findall(rf"best objective {number} \(best possible {number}\)", log)
    if not found:
        return None
    best, bound = (float(v) for v in found[-1])
    return abs(bound - best) / max(abs(best), 1e-12)
