"""The HiGHS re-solve machinery on small allocation models built by hand."""

from __future__ import annotations

from dataclasses import replace

import highspy
import numpy as np
import pytest
from scipy.optimize import linprog

from prioritise.allocate.matrices import new_highs as quiet_highs
from prioritise.robustness.lp import MatrixModel
from prioritise.robustness.solve import (
    ReSolver,
    group_start,
    restricted_integer,
    solve_fresh,
)

SLOPES = np.array([1.0, 0.6, 0.3, 0.1])
BREAKS = np.array([0.0, 0.25, 0.5, 1.0, 2.0])


def allocation_model(
    n_cells: int,
    years: int,
    budgets: list[float],
    scale: np.ndarray,
    floor: tuple[list[int], float] | None = None,
    ticket: float | None = None,
    max_lines: int | None = None,
) -> MatrixModel:
    """x[c, t] money, s[c, k] segments (Σ_k s ≤ Σ_t x), Σ_c x[c, t] ≤ budget_t; optionally a
    floor on the share of some cells and binaries z_c with x ≤ M z, Σ_t x ≥ ticket · z,
    s ≤ width · z, Σ z ≤ max_lines."""
    k = len(SLOPES)
    widths = np.diff(BREAKS)
    mip = ticket is not None or max_lines is not None
    x = lambda c, t: c * years + t  # noqa: E731
    s = lambda c, j: n_cells * years + c * k + j  # noqa: E731
    z = lambda c: n_cells * (years + k) + c  # noqa: E731
    n_cols = n_cells * (years + k + (1 if mip else 0))
    rows: list[list[tuple[int, float]]] = []
    lower: list[float] = []
    upper: list[float] = []

    def row(entries: list[tuple[int, float]], low: float, high: float) -> None:
        rows.append(entries)
        lower.append(low)
        upper.append(high)

    total = sum(budgets)
    big = total
    for c in range(n_cells):
        row(
            [(s(c, j), 1.0) for j in range(k)] + [(x(c, t), -1.0) for t in range(years)],
            -np.inf,
            0.0,
        )
        if mip:
            row([(x(c, t), 1.0) for t in range(years)] + [(z(c), -big)], -np.inf, 0.0)
            row([(x(c, t), 1.0) for t in range(years)] + [(z(c), -(ticket or 0.0))], 0.0, np.inf)
            for j in range(k):
                row([(s(c, j), 1.0), (z(c), -widths[j] * scale[c])], -np.inf, 0.0)
    for t in range(years):
        row([(x(c, t), 1.0) for c in range(n_cells)], -np.inf, budgets[t])
    if floor is not None:
        members, share = floor
        row(
            [
                (x(c, t), (1.0 if c in members else 0.0) - share)
                for c in range(n_cells)
                for t in range(years)
            ],
            0.0,
            np.inf,
        )
    if max_lines is not None:
        row([(z(c), 1.0) for c in range(n_cells)], -np.inf, float(max_lines))
    triplets = sorted((col, r, v) for r, entries in enumerate(rows) for col, v in entries)
    cols = np.array([t[0] for t in triplets])
    col_upper = np.full(n_cols, np.inf)
    value_cell = np.full(n_cols, -1)
    value_factor = np.zeros(n_cols)
    amount_cell = np.full(n_cols, -1)
    start = np.zeros(n_cols)
    width = np.zeros(n_cols)
    integer = np.zeros(n_cols, bool)
    for c in range(n_cells):
        for t in range(years):
            amount_cell[x(c, t)] = c
        for j in range(k):
            col_upper[s(c, j)] = widths[j] * scale[c]
            value_cell[s(c, j)] = c
            value_factor[s(c, j)] = SLOPES[j]
            start[s(c, j)] = BREAKS[j] * scale[c]
            width[s(c, j)] = widths[j] * scale[c]
        if mip:
            col_upper[z(c)] = 1.0
            integer[z(c)] = True
    return MatrixModel(
        col_lower=np.zeros(n_cols),
        col_upper=col_upper,
        row_lower=np.array(lower),
        row_upper=np.array(upper),
        a_start=np.searchsorted(cols, np.arange(n_cols + 1)).astype(np.int32),
        a_index=np.array([t[1] for t in triplets], dtype=np.int32),
        a_value=np.array([t[2] for t in triplets]),
        base_cost=np.zeros(n_cols),
        value_cell=value_cell,
        value_factor=value_factor,
        amount_cell=amount_cell,
        n_cells=n_cells,
        segment_start=start,
        segment_width=width,
        integer=integer,
        max_funded=max_lines,
    )


def greedy_value(values: np.ndarray, scale: np.ndarray, budget: float) -> float:
    """With one budget row only, the optimum fills segments by value per unit, best first."""
    widths = np.diff(BREAKS)
    pieces = sorted(
        (
            (v * slope, w * sc)
            for v, sc in zip(values, scale, strict=True)
            for slope, w in zip(SLOPES, widths, strict=True)
        ),
        reverse=True,
    )
    left, earned = budget, 0.0
    for rate, width in pieces:
        take = min(width, left)
        earned += rate * take
        left -= take
    return earned


def scipy_value(model: MatrixModel, costs: np.ndarray) -> float:
    """The same LP through scipy's own interface (minimisation, inequality rows split)."""
    n = model.n_cols
    dense = np.zeros((model.n_rows, n))
    for col in range(n):
        for pos in range(model.a_start[col], model.a_start[col + 1]):
            dense[model.a_index[pos], col] = model.a_value[pos]
    upper_rows = np.isfinite(model.row_upper)
    lower_rows = np.isfinite(model.row_lower)
    a_ub = np.vstack([dense[upper_rows], -dense[lower_rows]])
    b_ub = np.concatenate([model.row_upper[upper_rows], -model.row_lower[lower_rows]])
    bounds = list(
        zip(
            model.col_lower,
            np.where(np.isfinite(model.col_upper), model.col_upper, None),
            strict=True,
        )
    )
    result = linprog(-costs, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    assert result.status == 0
    return -float(result.fun)


@pytest.fixture()
def draws() -> np.ndarray:
    rng = np.random.default_rng(2)
    return rng.dirichlet(np.full(8, 2.0), size=25)


def test_re_solve_matches_the_greedy_optimum(draws: np.ndarray) -> None:
    """One budget row: the greedy fill is optimal, an independent calculation."""
    scale = np.linspace(0.5, 2.0, 8)
    model = allocation_model(8, 1, [5.0], scale)
    start, _ = group_start(model, model.costs(np.full(8, 1 / 8)))
    solver = ReSolver(model, start)
    for values in draws:
        solved = solver.solve(model.costs(values))
        expected = greedy_value(values, scale, 5.0)
        assert solved.objective == pytest.approx(expected, rel=1e-9)
        assert model.value_of(values, model.cell_amounts(solved.columns)) == pytest.approx(
            expected, rel=1e-9
        )


def test_re_solve_matches_fresh_and_scipy_solves(draws: np.ndarray) -> None:
    scale = np.linspace(0.5, 2.0, 8)
    model = allocation_model(8, 3, [2.0, 3.0, 3.0], scale, floor=([0, 1], 0.3))
    start, _ = group_start(model, model.costs(np.full(8, 1 / 8)))
    solver = ReSolver(model, start)
    for values in draws:
        costs = model.costs(values)
        fast = solver.solve(costs)
        assert fast.objective == pytest.approx(solve_fresh(model, costs).objective, rel=1e-6)
        assert fast.objective == pytest.approx(scipy_value(model, costs), rel=1e-6)
        amounts = model.cell_amounts(fast.columns)
        assert amounts[[0, 1]].sum() >= 0.3 * amounts.sum() - 1e-9
        assert amounts.sum() <= 8.0 + 1e-9


def test_answers_do_not_depend_on_what_was_solved_before(draws: np.ndarray) -> None:
    """Years make the optimum degenerate (any split over years is optimal), the case where a
    warm start from the previous draw would change the answer; from the group's basis it
    does not."""
    model = allocation_model(8, 3, [2.0, 3.0, 3.0], np.linspace(0.5, 2.0, 8))
    start, _ = group_start(model, model.costs(np.full(8, 1 / 8)))
    one = ReSolver(model, start)
    forward = [one.solve(model.costs(v)).columns for v in draws]
    other = ReSolver(model, start)
    backward = [other.solve(model.costs(v)).columns for v in draws[::-1]][::-1]
    for a, b in zip(forward, backward, strict=True):
        assert np.array_equal(a, b)


def test_value_of_reads_the_split_from_cell_totals() -> None:
    scale = np.array([1.0, 2.0])
    model = allocation_model(2, 1, [10.0], scale)
    values = np.array([0.7, 0.3])
    # cell 0 holds 0.75 (= 0.25 + 0.25 + 0.25 of scale 1), cell 1 holds 5 (past saturation 4)
    amounts = np.array([0.75, 5.0])
    expected = 0.7 * (0.25 + 0.6 * 0.25 + 0.3 * 0.25) + 0.3 * (
        0.5 + 0.6 * 0.5 + 0.3 * 1.0 + 0.1 * 2.0
    )
    assert model.value_of(values, amounts) == pytest.approx(expected)
    columns = np.zeros(model.n_cols)
    columns[[0, 1]] = amounts  # money columns only: canonical() fills the segments in order
    assert model.value_of(values, model.cell_amounts(model.canonical(columns))) == pytest.approx(
        expected
    )
    assert model.costs(values) @ model.canonical(columns) == pytest.approx(expected)


def test_funding_decisions_relaxed_and_integer() -> None:
    """Relaxed draws bound the integer optimum; integer draws obey min ticket and max lines."""
    rng = np.random.default_rng(9)
    scale = np.linspace(0.5, 1.5, 10)
    model = allocation_model(10, 2, [3.0, 3.0], scale, ticket=0.8, max_lines=4)
    group = model.costs(np.full(10, 0.1))
    relaxed_start, _ = group_start(model, group)
    integer_start, _ = group_start(model, group, integer=True)
    assert integer_start.integer and not relaxed_start.integer
    relaxed, integer = ReSolver(model, relaxed_start), ReSolver(model, integer_start)
    decisions = np.flatnonzero(model.integer)
    for values in rng.dirichlet(np.ones(10), size=8):
        costs = model.costs(values)
        loose, tight = relaxed.solve(costs), integer.solve(costs)
        assert loose.objective == pytest.approx(loose.bound)
        assert tight.bound == pytest.approx(loose.objective, rel=1e-9)
        assert tight.objective <= loose.objective + 1e-9
        lines = tight.columns[decisions]
        assert np.allclose(lines, np.round(lines), atol=1e-6)
        assert np.round(lines).sum() <= 4
        funded = model.cell_amounts(tight.columns)
        assert np.all((funded < 1e-7) | (funded >= 0.8 - 1e-7))
        exact = restricted_integer(model, costs, np.ones(model.n_cols), None, "all lines")
        assert tight.objective >= exact[0] * (1 - 1e-3)  # a 1e-4 gap on both sides


def test_the_model_goes_to_highs_as_written_with_its_offset_and_sense() -> None:
    """Costs, bounds, matrix, integer columns, offset and sense as the model holds them; the
    value HiGHS reports includes the offset."""
    model = replace(
        allocation_model(4, 2, [1.0, 1.0], np.ones(4), ticket=0.3, max_lines=2), offset=0.25
    )
    assert model.is_mip
    costs = np.linspace(0.1, 1.0, model.n_cols)
    highs = quiet_highs()
    model.load_into(highs, costs)
    lp = highs.getLp()
    assert lp.sense_ == highspy.ObjSense.kMaximize
    assert lp.offset_ == 0.25
    np.testing.assert_array_equal(lp.col_cost_, costs)
    np.testing.assert_array_equal(lp.col_upper_, model.col_upper)
    np.testing.assert_array_equal(lp.a_matrix_.index_, model.a_index)
    np.testing.assert_array_equal(lp.a_matrix_.value_, model.a_value)
    kinds = np.array([int(kind) for kind in lp.integrality_])
    np.testing.assert_array_equal(kinds != 0, model.integer)
    highs.run()
    found = np.asarray(highs.getSolution().col_value)
    assert highs.getInfo().objective_function_value == pytest.approx(costs @ found + 0.25)
    relaxed, upper = quiet_highs(), model.col_upper * 0.5
    model.load_into(relaxed, costs, relax=True, col_upper=upper)
    lp = relaxed.getLp()
    assert not any(int(kind) for kind in lp.integrality_)
    np.testing.assert_array_equal(lp.col_upper_, upper)
