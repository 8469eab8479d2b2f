"""The allocation model as matrices: how its objective follows the cell values V.

Built once from `prioritise.allocate`'s matrix form (`LinearProgram`); robustness draws then
only compute new column costs from new cell values, and read each split's money per cell and
its value from column values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import highspy
import numpy as np

from prioritise.allocate.input import AllocationInput
from prioritise.allocate.matrices import LinearProgram, pass_columns


@dataclass(frozen=True)
class MatrixModel:
    """A maximisation model in column-wise sparse form, with how costs follow cell values.

    Column j's objective coefficient is `base_cost[j] + V[value_cell[j]] * value_factor[j]`
    (no value term where `value_cell[j] < 0`); column j's value adds to the money of cell
    `amount_cell[j]` (none where negative). `integer` marks the binary funding decisions, and
    `max_funded` is the most of them that may be 1 (`max_lines`), if any.

    Value columns are the segments of the concave returns curve: segment j of a cell covers
    the money from `segment_start[j]` to `segment_start[j] + segment_width[j]`. With them a
    split's value can be read from its cell totals alone (`value_of`), whatever the segment
    columns of a solution say where a cell's value was zero.
    """

    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    a_start: np.ndarray
    a_index: np.ndarray
    a_value: np.ndarray
    base_cost: np.ndarray
    value_cell: np.ndarray
    value_factor: np.ndarray
    amount_cell: np.ndarray
    n_cells: int
    segment_start: np.ndarray
    segment_width: np.ndarray
    integer: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    offset: float = 0.0
    max_funded: int | None = None

    @property
    def n_cols(self) -> int:
        return int(self.col_lower.size)

    @property
    def n_rows(self) -> int:
        return int(self.row_lower.size)

    @property
    def is_mip(self) -> bool:
        return bool(self.integer.size and self.integer.any())

    def costs(self, values: np.ndarray) -> np.ndarray:
        """Objective coefficients for cell values V (n_cells,) or a batch (draws, n_cells)."""
        v = np.asarray(values, dtype=float)
        linked = self.value_cell >= 0
        picked = np.take(v, np.where(linked, self.value_cell, 0), axis=-1)
        return self.base_cost + np.where(linked, picked * self.value_factor, 0.0)

    def cell_amounts(self, column_values: np.ndarray) -> np.ndarray:
        """Money per cell from column values (amount columns summed over years)."""
        linked = self.amount_cell >= 0
        return np.bincount(
            self.amount_cell[linked],
            weights=np.asarray(column_values)[linked],
            minlength=self.n_cells,
        )

    def segment_fill(self, amounts: np.ndarray) -> np.ndarray:
        """Each value column's money when a cell's segments fill in order (zero elsewhere)."""
        linked = self.value_cell >= 0
        money = np.take(np.asarray(amounts, float), np.where(linked, self.value_cell, 0), axis=-1)
        filled = np.clip(money - self.segment_start, 0.0, self.segment_width)
        return np.where(linked, filled, 0.0)

    def value_of(self, values: np.ndarray, amounts: np.ndarray) -> np.ndarray | float:
        """Objective value of cell totals `amounts` under cell values V (batches broadcast)."""
        return (self.costs(values) * self.segment_fill(amounts)).sum(axis=-1) + self.offset

    def canonical(self, columns: np.ndarray) -> np.ndarray:
        """The same split with every cell's segments filled in order (feasible, never worse)."""
        result = np.array(columns, dtype=float)
        linked = self.value_cell >= 0
        result[linked] = self.segment_fill(self.cell_amounts(columns))[linked]
        return result

    def load_into(
        self,
        highs: highspy.Highs,
        costs: np.ndarray,
        relax: bool = False,
        col_upper: np.ndarray | None = None,
    ) -> None:
        """Hand the model to HiGHS, maximising `costs`; `relax` drops integrality (the LP
        relaxation), `col_upper` replaces the columns' upper bounds."""
        pass_columns(
            highs,
            costs,
            (
                self.col_lower,
                self.col_upper if col_upper is None else col_upper,
                self.row_lower,
                self.row_upper,
            ),
            (self.a_start, self.a_index, self.a_value),
            self.integer if self.is_mip and not relax else None,
            offset=self.offset,
            as_maximum=True,
        )


def matrix_model(program: LinearProgram, data: AllocationInput) -> MatrixModel:
    """Our view of allocate's matrix form: sparse columns, value segments, money columns."""
    n_cols = len(program.objective)
    order = np.lexsort((program.rows, program.cols))
    counts = np.bincount(program.cols, minlength=n_cols)
    kind = np.asarray(program.column_kind).astype(str)
    cell = np.asarray(program.column_cell, dtype=np.int64)
    segment = np.asarray(program.column_segment, dtype=np.int64)
    is_segment = kind == "s"
    safe_segment = np.where(is_segment, segment, 0)
    safe_cell = np.where(is_segment, cell, 0)
    scale = data.scale.reshape(-1)[safe_cell]
    breakpoints = np.asarray(data.breakpoints, dtype=float)
    widths = np.diff(breakpoints)
    values = np.asarray(data.values, dtype=float)
    return MatrixModel(
        col_lower=np.asarray(program.col_lower, dtype=float),
        col_upper=np.asarray(program.col_upper, dtype=float),
        row_lower=np.asarray(program.row_lower, dtype=float),
        row_upper=np.asarray(program.row_upper, dtype=float),
        a_start=np.concatenate(([0], np.cumsum(counts))).astype(np.int32),
        a_index=np.asarray(program.rows)[order].astype(np.int32),
        a_value=np.asarray(program.values, dtype=float)[order],
        base_cost=np.asarray(program.objective, float) - program.objective_for(values),
        value_cell=np.where(is_segment, cell, -1),
        value_factor=np.where(is_segment, np.asarray(program.slopes)[safe_segment], 0.0),
        amount_cell=np.where(kind == "x", cell, -1),
        n_cells=int(values.size),
        segment_start=np.where(is_segment, scale * breakpoints[safe_segment], 0.0),
        segment_width=np.where(is_segment, scale * widths[safe_segment], 0.0),
        integer=np.asarray(program.integer, dtype=bool),
        max_funded=data.constraints.max_lines,
    )
