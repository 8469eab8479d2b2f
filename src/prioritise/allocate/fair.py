"""The fair baselines, solved on one model (docs/model.md §10.2).

Each plain split made to obey every rule is the optimum of the closeness model
(`closeness_input`): the optimiser's rules, with the curve g in place of the returns and the
plain split as each line's scale. The plain splits differ only in that scale, which sits in the
upper bounds of the curve's segments and in the rows tying each segment to its line's funding
decision; so the model is built once and only those numbers move from one split to the next.
Only the amounts are read: a baseline needs no shadow price, sentence or source of money.

`with_baselines` adds the baselines to an allocation solved without them, so that a screen can
show a new split first and its comparisons when they are ready: the same baselines as an
`optimise` that computes them at once.
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from prioritise.allocate.baselines import (
    FAIR_GAP,
    FAIR_SECONDS,
    baselines,
    closeness_input,
    plain_splits,
)
from prioritise.allocate.checks import pre_checks
from prioritise.allocate.deadline import NO_DEADLINE, Deadline, deadline_for
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.pulp_model import ModelBuilder, run
from prioritise.allocate.results import Allocation


def _segment_rows(builder: ModelBuilder) -> list[list[int]] | None:
    """Per cell, the row of each segment `s[c, k] ≤ width_k · scale_c · z_c` (they follow the
    cell's link row); None when the model is not laid out so (then it is built afresh)."""
    if builder.z is None:
        return []
    found = []
    for link, c in builder.funding_links:
        rows = [link + 1 + k for k in range(builder.s.shape[1])]
        for k, row in enumerate(rows):
            expr = builder.rows[row].expr if row < len(builder.rows) else {}
            if len(expr) != 2 or builder.s[c, k] not in expr or builder.z[c] not in expr:
                return None
        found.append(rows)
    return found


def rescaled(builder: ModelBuilder, scale: np.ndarray) -> ModelBuilder:
    """The closeness model of another plain split (`scale`: money per cell), from `builder`,
    the closeness model of one split: its segment bounds and segment rows moved in place (a
    new model only when its rows are not laid out as `_segment_rows` expects)."""
    data = replace(builder.data, cell_scale=np.asarray(scale, dtype=float))
    rows = _segment_rows(builder)
    if rows is None:
        return ModelBuilder(data)
    active = [k for k, slope in enumerate(data.slopes) if slope > 0]
    upper = data.widths[active][None, :] * data.scale.reshape(-1)[:, None]
    for (c, k), segment in np.ndenumerate(builder.s):
        segment.upBound = float(upper[c, k])
    if builder.z is not None:
        for c, cell_rows in enumerate(rows):
            for k, row in enumerate(cell_rows):
                builder.rows[row].expr[builder.z[c]] = -float(upper[c, k])
    builder.data = data
    builder._cached_matrix = None  # the matrix is read again from the changed rows
    return builder


def _optimum(builder: ModelBuilder, solver: str, deadline: Deadline) -> np.ndarray | None:
    """Money per cell and year of the closeness model's optimum; None unless it was proven
    (within `FAIR_GAP`). With funding decisions, the LP with them held gives the amounts."""
    solving = deadline.for_solvers()  # FAIR_SECONDS for the solver: the building does not count
    outcome = run(builder, solver, solving, FAIR_GAP)
    if outcome.status != "optimal":
        return None
    values = outcome.values
    if builder.z_columns is not None:  # the best amounts for the lines it funds
        with builder.funding_fixed(values[builder.z_columns]):
            fixed = run(builder, solver, solving, None, mip=False)
        if fixed.has_solution:
            values = fixed.values
    return builder.amounts(values)


def fair_splits(
    data: AllocationInput, solver: str = "highs", deadline: Deadline = NO_DEADLINE
) -> dict[str, np.ndarray]:
    """Each plain baseline made to obey every rule (docs/model.md §10.2); a baseline whose
    search does not finish within `FAIR_SECONDS`, or by `deadline`, is left out."""
    if pre_checks(data):  # the rules cannot all hold: no split obeys them
        return {}
    found: dict[str, np.ndarray] = {}
    builder: ModelBuilder | None = None
    for name, target in plain_splits(data).items():
        if deadline.expired:
            break
        scale = target.sum(axis=3)
        if builder is None:
            builder = ModelBuilder(closeness_input(data, scale))
        else:
            builder = rescaled(builder, scale)
        amounts = _optimum(builder, solver, deadline.within(FAIR_SECONDS))
        if amounts is not None:
            found[name] = amounts
    return found


def with_baselines(
    result: Allocation, solver: str = "highs", time_limit: float | Deadline | None = None
) -> Allocation:
    """`result` (solved with `with_baselines=False`) with its baselines (docs/model.md §10),
    as `optimise` would have added them; an allocation without a split comes back as it is."""
    data = result.data
    if not result.solved or data is None or result.objective is None:
        return result
    start = time.perf_counter()
    found = fair_splits(data, solver, deadline_for(time_limit).for_solvers())
    reference = None if result.yardstick is None else result.yardstick.reference
    fair = baselines(data, result.objective, reference, found)
    seconds = {**result.seconds, "baselines": time.perf_counter() - start}
    return replace(result, baselines=fair, seconds=seconds)
