"""Re-solving a built allocation model after small changes: one HiGHS instance, warm starts.

The price of a rule by re-solving (docs/model.md §8.2) solves the model again with a few rows
loosened or coefficients changed. The built model is handed to HiGHS once; each change is applied
to that instance, solved from a known feasible point (the optimum before the change stays feasible
when a rule is relaxed), and undone. Sensitivity analysis (docs/model.md §14) changes only the
objective (`Change.objective`, new cell values): HiGHS starts from the last basis it found.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

import highspy
import numpy as np

from prioritise.allocate.deadline import NO_DEADLINE, Deadline
from prioritise.allocate.matrices import (
    FEASIBLE_SOLUTION,
    INFINITY,
    LinearProgram,
    highs_verdict,
    new_highs,
    pass_program,
)
from prioritise.allocate.staged import stages, start_from
from prioritise.allocate.watchdog import run_watched


@dataclass
class Change:
    """Temporary edits of a model: new (lower, upper) bounds of rows and columns, new
    coefficients at (row, column) and, optionally, a whole new objective (maximised)."""

    rows: dict[int, tuple[float, float]] = field(default_factory=dict)
    columns: dict[int, tuple[float, float]] = field(default_factory=dict)
    coefficients: dict[tuple[int, int], float] = field(default_factory=dict)
    objective: np.ndarray | None = None

    def merged(self, other: Change) -> Change:
        return Change(
            {**self.rows, **other.rows},
            {**self.columns, **other.columns},
            {**self.coefficients, **other.coefficients},
            self.objective if other.objective is None else other.objective,
        )


FREE = (-INFINITY, INFINITY)
"""Row bounds of a row that no longer constrains anything."""


@dataclass(frozen=True)
class Resolved:
    """One re-solve: verdict, column values (empty without a solution), gap and seconds."""

    status: str
    values: np.ndarray
    gap: float | None
    seconds: float

    @property
    def found(self) -> bool:
        return len(self.values) > 0


Basis = highspy.HighsBasis
"""A simplex basis of a loaded model: which columns and rows are basic."""


class Session:
    """A model loaded into HiGHS once, re-solved under temporary changes.

    `mip=False` solves the LP relaxation of the funding decisions (docs/model.md §12.3).
    """

    def __init__(
        self, program: LinearProgram, gap: float | None, *, mip: bool = True, staged: bool = True
    ) -> None:
        self.program = program
        self.gap = gap
        self.staged = staged
        self.highs = new_highs()
        if gap is not None:
            self.highs.setOptionValue("mip_rel_gap", float(gap))
        self.integer = mip and bool(program.integer.any())
        pass_program(self.highs, program, mip=mip)
        self._keys: tuple[np.ndarray, np.ndarray] | None = None
        self.lost = False

    def _position(self, row: int, column: int) -> int | None:
        """Where the coefficient at (row, column) lies among the program's triplets, None
        where there is none: a sorted key per triplet, made once, searched (a dictionary of
        every triplet took longer to make than the re-solves that used it)."""
        program = self.program
        width = len(program.objective)
        row, column = int(row), int(column)
        if not (0 <= row < len(program.row_lower) and 0 <= column < width):
            return None
        if self._keys is None:
            keys = program.rows.astype(np.int64) * width + program.cols
            order = np.argsort(keys, kind="stable")
            self._keys = (keys[order], order)
        keys, order = self._keys
        key = row * width + column
        at = int(np.searchsorted(keys, key))
        return int(order[at]) if at < len(keys) and keys[at] == key else None

    def coefficient(self, row: int, column: int) -> float:
        """The original coefficient at (row, column), 0 where there is none."""
        at = self._position(row, column)
        return 0.0 if at is None else float(self.program.values[at])

    def changed_program(self, change: Change) -> LinearProgram:
        """The model with `change` applied, as matrices (what the staged solve reads)."""
        program = self.program
        if not (change.coefficients or change.rows or change.columns) and change.objective is None:
            return program
        rows, cols, values = program.rows, program.cols, program.values
        added = []
        if change.coefficients:
            values = values.copy()
            for (row, column), value in change.coefficients.items():
                at = self._position(row, column)
                if at is None:
                    added.append((row, column, value))
                else:
                    values[at] = value
        if added:
            new_rows, new_cols, new_values = (np.array(part) for part in zip(*added, strict=True))
            rows = np.concatenate([rows, new_rows.astype(rows.dtype)])
            cols = np.concatenate([cols, new_cols.astype(cols.dtype)])
            values = np.concatenate([values, new_values.astype(float)])
        row_lower, row_upper = program.row_lower.copy(), program.row_upper.copy()
        for row, (low, up) in change.rows.items():
            row_lower[row], row_upper[row] = low, up
        col_lower, col_upper = program.col_lower.copy(), program.col_upper.copy()
        for column, (low, up) in change.columns.items():
            col_lower[column], col_upper[column] = low, up
        objective = program.objective if change.objective is None else change.objective
        return replace(
            program,
            objective=np.asarray(objective, dtype=float),
            rows=rows,
            cols=cols,
            values=values,
            row_lower=row_lower,
            row_upper=row_upper,
            col_lower=col_lower,
            col_upper=col_upper,
        )

    @contextlib.contextmanager
    def changed(self, change: Change) -> Iterator[None]:
        """Apply `change` for the duration of the block, then restore the original model."""
        highs = self.highs
        for row, (low, up) in change.rows.items():
            highs.changeRowBounds(row, low, up)
        for column, (low, up) in change.columns.items():
            highs.changeColBounds(column, low, up)
        for (row, column), value in change.coefficients.items():
            highs.changeCoeff(row, column, value)
        if change.objective is not None:
            self._set_objective(change.objective)
        try:
            yield
        finally:
            if not self.lost:  # an instance left running is never touched again
                self._restore(change)

    def _restore(self, change: Change) -> None:
        program, highs = self.program, self.highs
        for row in change.rows:
            highs.changeRowBounds(row, program.row_lower[row], program.row_upper[row])
        for column in change.columns:
            highs.changeColBounds(column, program.col_lower[column], program.col_upper[column])
        for row, column in change.coefficients:
            highs.changeCoeff(row, column, self.coefficient(row, column))
        if change.objective is not None:
            self._set_objective(program.objective)

    def basis(self) -> Basis:
        """The basis of the last solve, to start a later one from (`start_from_basis`)."""
        return self.highs.getBasis()

    def start_from_basis(self, basis: Basis) -> None:
        """Make the next solve start from `basis` (one this model's `basis()` gave)."""
        self.highs.setBasis(basis)

    def _set_objective(self, objective: np.ndarray) -> None:
        costs = -np.asarray(objective, dtype=float)  # HiGHS holds the model as a minimisation
        self.highs.changeColsCost(len(costs), np.arange(len(costs), dtype=np.int32), costs)

    def solve(
        self,
        change: Change | None = None,
        *,
        start: np.ndarray | None = None,
        time_limit: float | None = None,
        deadline: Deadline = NO_DEADLINE,
    ) -> Resolved:
        """Solve under `change`, from `start` (a feasible point of the changed model), within
        `time_limit` seconds and by `deadline`; a solve the deadline cuts short is "not_solved"
        (and the session then answers nothing more). A time limit used up before the branching
        leaves the better of the rounded split and `start`, "feasible"."""
        highs = self.highs
        if deadline.expired or self.lost:
            return Resolved("not_solved", np.array([]), None, 0.0)
        begin = time.perf_counter()
        program = self.changed_program(change or Change()) if self.integer else self.program
        undecided = self.integer and bool(
            (program.integer & (program.col_lower < program.col_upper)).any()
        )
        settled, split = Change(), None
        if self.staged and undecided:  # proven without branching, or a better start (§19)
            split = stages(program, deadline.within(time_limit), self.gap)
            if split.proven(self.gap) and split.values is not None:
                return Resolved("optimal", split.values, split.gap(), time.perf_counter() - begin)
            if split.values is not None and (
                start is None or program.objective @ split.values > program.objective @ start
            ):
                start = split.values
            if start is not None:
                split = split.starting_from(np.asarray(start, dtype=float))
            settled = Change(columns={column: (v, v) for column, v in split.settled.items()})
            if time_limit is not None:
                time_limit -= time.perf_counter() - begin
                if time_limit <= 0:  # its own time used up: the better of the two splits
                    seconds = time.perf_counter() - begin
                    if start is None:
                        return Resolved("not_solved", np.array([]), None, seconds)
                    best = np.asarray(start, dtype=float)
                    gap = split.gap_of(float(program.objective @ best))
                    return Resolved("feasible", best, gap, seconds)
        with self.changed((change or Change()).merged(settled)):
            if self.integer:
                start_from(highs, None if start is None else np.asarray(start, dtype=float))
            if not run_watched(highs, deadline, time_limit):
                self.lost = True  # left running: never touched again
                return Resolved("not_solved", np.array([]), None, time.perf_counter() - begin)
            seconds = time.perf_counter() - begin
            info = highs.getInfo()
            verdict, found = highs_verdict(
                highs.getModelStatus(), info.primal_solution_status == FEASIBLE_SOLUTION
            )
            values = (
                np.asarray(highs.getSolution().col_value, dtype=float) if found else np.array([])
            )
            gap = None
            if found and self.integer:  # the whole model's, also where settled lines were held
                gap = float(info.mip_gap) if split is None else split.branched_gap(highs)
        return Resolved(verdict, values, gap, seconds)


def held_decisions(
    program: LinearProgram, values: np.ndarray, deadline: Deadline = NO_DEADLINE
) -> np.ndarray:
    """Column values of the LP with the funding decisions of `values` held, solved from
    scratch: of the splits with those lines funded, the one `optimise` reports (it finishes
    every mixed-integer solve so, for its duals); `values` as they are if that LP finds none."""
    columns = np.flatnonzero(program.integer)
    if not len(columns):
        return values
    lower, upper = program.col_lower.copy(), program.col_upper.copy()
    lower[columns] = upper[columns] = np.round(values[columns])
    held = replace(program, col_lower=lower, col_upper=upper)
    final = Session(held, None, mip=False).solve(deadline=deadline)
    return final.values if final.found else values


def optimised_split(
    program: LinearProgram, gap: float | None, *, mip: bool = True, deadline: Deadline = NO_DEADLINE
) -> Resolved:
    """The split of `program` exactly as `optimise` reports it, solved from scratch: the stages
    of docs/model.md §19 to `gap`, then, with funding decisions, `held_decisions`. For a
    reader's check of a result found otherwise (the sensitivity ends, §14.3)."""
    session = Session(program, gap, mip=mip)
    found = session.solve(deadline=deadline)
    if found.status != "optimal" or not session.integer:
        return found
    return replace(found, values=held_decisions(program, found.values, deadline))
