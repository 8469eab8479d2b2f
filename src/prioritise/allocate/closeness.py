"""The closeness model of a fair baseline, made from the optimiser's own program (§10.2).

The closeness model (`baselines.closeness_input`) keeps every rule of the scenario and swaps
the returns curve for the curve g, scaled to the plain split. In the program, only the curve's
segments move: their columns (bounds and value), their place in each cell's link row
(Σ_k s[c, k] ≤ X_c) and, with funding decisions, the rows tying each segment to its line's
decision (s[c, k] ≤ width_k · t_c · z_c). So the program is rewritten from the one `optimise`
has already built, column for column and row for row as `ModelBuilder` would build it, in
numpy, in a few milliseconds instead of a second model build (a tenth of a second on the
default scenario). A test holds the two equal.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from prioritise.allocate.baselines import closeness_input
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.matrices import INFINITY, LinearProgram


def closeness_program(
    program: LinearProgram, data: AllocationInput, scale: np.ndarray
) -> LinearProgram:
    """The program of `closeness_input(data, scale)`, from `program`, the optimiser's program
    of `data` (`scale`: the plain split's money per cell)."""
    closeness = closeness_input(data, scale)
    kind, cell = program.column_kind, program.column_cell
    old = np.flatnonzero(kind == "s")
    if len(old) == 0 or np.any(np.diff(old) != 1):
        raise ValueError("the program's segments are not one block of columns")
    if np.any(np.diff(program.rows) < 0):
        raise ValueError("the program's entries are not in row order")
    slopes = np.asarray(closeness.slopes, dtype=float)
    active = np.flatnonzero(slopes > 0)
    count, per_cell = data.n_cells, len(active)
    first = int(old[0])
    shift = count * per_cell - len(old)
    moved = np.arange(len(kind))
    moved[old[-1] + 1 :] += shift  # the columns after the segments move along

    def segment(c: np.ndarray, k: np.ndarray) -> np.ndarray:
        return first + c * per_cell + k

    rows, cols, values = program.rows, program.cols, program.values
    m = len(program.row_lower)
    is_segment = kind[cols] == "s"
    is_decision = kind[cols] == "z"
    row_has_segment = np.bincount(rows[is_segment], minlength=m) > 0
    row_has_decision = np.bincount(rows[is_decision], minlength=m) > 0
    tying = row_has_segment & row_has_decision  # s[c, k] ≤ width · S_c · z_c
    row_cell = np.full(m, -1)
    row_cell[rows[is_segment]] = cell[cols[is_segment]]
    row_decision = np.full(m, -1)
    row_decision[rows[is_decision]] = cols[is_decision]

    # Rows, each with a sort key (old row, place): kept rows at (i, 0); a cell's new tying rows
    # where its first old tying row stood, in segment order.
    kept = np.flatnonzero(~tying)
    tying_rows = np.flatnonzero(tying)
    cells_tied, first_tie = np.unique(row_cell[tying_rows], return_index=True)
    anchors = tying_rows[first_tie]
    key_row = np.concatenate([kept, np.repeat(anchors, per_cell)])
    key_place = np.concatenate(
        [np.zeros(len(kept), int), np.tile(np.arange(per_cell), len(anchors))]
    )
    order = np.lexsort((key_place, key_row))
    position = np.empty(len(order), int)
    position[order] = np.arange(len(order))
    new_of_kept = np.full(m, -1)
    new_of_kept[kept] = position[: len(kept)]
    new_tying = position[len(kept) :]

    widths = closeness.widths[active]
    target = np.asarray(scale, dtype=float).reshape(-1)
    # Entries: each kept row's entries but its segments, in their order; a link row's new
    # segments first (the builder writes them first); each new tying row's two entries.
    keep = ~is_segment & ~tying[rows]
    link_rows = np.flatnonzero(row_has_segment & ~tying)
    link_cells = row_cell[link_rows]
    tie_cells = np.repeat(cells_tied, per_cell)
    tie_k = np.tile(np.arange(per_cell), len(cells_tied))
    parts = [
        (  # new segments in each link row
            np.repeat(new_of_kept[link_rows], per_cell),
            segment(np.repeat(link_cells, per_cell), np.tile(np.arange(per_cell), len(link_rows))),
            np.ones(len(link_rows) * per_cell),
            np.zeros(len(link_rows) * per_cell),
        ),
        (  # every other entry of the kept rows
            new_of_kept[rows[keep]],
            moved[cols[keep]],
            values[keep],
            1.0 + np.flatnonzero(keep),
        ),
        (  # s[c, k] − width_k · t_c · z_c ≤ 0, segment then decision
            np.repeat(new_tying, 2),
            np.column_stack(
                [segment(tie_cells, tie_k), moved[row_decision[np.repeat(anchors, per_cell)]]]
            ).reshape(-1),
            np.column_stack(
                [np.ones(len(tie_cells)), -(widths[tie_k] * target[tie_cells])]
            ).reshape(-1),
            np.zeros(2 * len(tie_cells)),
        ),
    ]
    new_rows, new_cols, new_values, place = (np.concatenate(p) for p in zip(*parts, strict=True))
    entry_order = np.lexsort((place, new_rows))

    lower = np.empty(len(order))
    upper = np.empty(len(order))
    lower[new_of_kept[kept]] = program.row_lower[kept]
    upper[new_of_kept[kept]] = program.row_upper[kept]
    lower[new_tying], upper[new_tying] = -INFINITY, 0.0
    names = [""] * len(order)
    for i in kept:
        names[new_of_kept[i]] = program.row_names[i]

    all_cells = np.repeat(np.arange(count), per_cell)
    all_k = np.tile(np.arange(per_cell), count)
    values_per_cell = np.full(count, 1.0 / count)  # `closeness_input`'s cell values

    def columns(old_values: np.ndarray, new_values: np.ndarray) -> np.ndarray:
        return np.concatenate([old_values[:first], new_values, old_values[old[-1] + 1 :]])

    return replace(
        program,
        objective=columns(program.objective, values_per_cell[all_cells] * slopes[active][all_k]),
        rows=new_rows[entry_order],
        cols=new_cols[entry_order],
        values=new_values[entry_order],
        row_lower=lower,
        row_upper=upper,
        col_lower=columns(program.col_lower, np.zeros(count * per_cell)),
        col_upper=columns(program.col_upper, widths[all_k] * target[all_cells]),
        integer=columns(program.integer, np.zeros(count * per_cell, dtype=bool)),
        column_kind=columns(kind, np.full(count * per_cell, "s")),
        column_cell=columns(cell, all_cells),
        column_year=columns(program.column_year, np.full(count * per_cell, -1)),
        column_segment=columns(program.column_segment, active[all_k]),
        slopes=slopes,
        row_names=names,
    )
