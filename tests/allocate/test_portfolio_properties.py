"""Hypothesis: any small choice of initiatives — dependencies in circles included, musts that
cannot hold — has the optimum brute force finds, or none when brute force finds none."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.allocate.portfolio_input import PortfolioInput
from prioritise.allocate.portfolio_model import solve_portfolio
from prioritise.allocate.value_for_money import value_frontier
from tests.allocate.portfolio_helpers import best_subset


@st.composite
def choices(draw: st.DrawFn) -> PortfolioInput:
    n = draw(st.integers(1, 8))
    years = draw(st.integers(1, 3))
    amount = st.floats(0.0, 5.0, allow_nan=False).map(lambda v: round(v, 2))
    costs = np.array([[draw(amount) for _ in range(years)] for _ in range(n)])
    values = np.array([draw(st.floats(0.0, 1.0, allow_nan=False)) for _ in range(n)])
    pair = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1])
    requires = tuple(draw(st.lists(pair, max_size=4, unique=True)))
    excludes = tuple({tuple(sorted(p)) for p in draw(st.lists(pair, max_size=3, unique=True))})
    flags = st.sets(st.integers(0, n - 1), max_size=2)
    budgets = np.array([draw(st.floats(0.5, 8.0, allow_nan=False)) for _ in range(years)])
    return PortfolioInput(
        ids=tuple(f"i{k}" for k in range(n)),
        values=values,
        costs=costs,
        min_share=np.ones(n),
        years=tuple(range(2030, 2030 + years)),
        year_budgets=budgets,
        total=float(budgets.sum()),
        carry_over=draw(st.booleans()),
        requires=requires,
        excludes=excludes,  # type: ignore[arg-type]
        must=frozenset(draw(flags)),
        must_not=frozenset(draw(flags)),
        own_pool=(None,) * n,
    )


@settings(max_examples=60, deadline=None)
@given(choices())
def test_the_model_finds_what_brute_force_finds(data: PortfolioInput) -> None:
    found = solve_portfolio(data)
    best = best_subset(data)
    if best is None:
        assert found.status == "infeasible"
    else:
        assert found.objective == pytest.approx(best[0], abs=1e-7)


@settings(max_examples=15, deadline=None)
@given(choices(), st.lists(st.floats(0.5, 20.0, allow_nan=False), min_size=1, max_size=4))
def test_frontier_points_at_any_levels_are_optimal(data: PortfolioInput, levels: list) -> None:
    frontier = value_frontier(data, levels)
    for point in frontier.points:
        best = best_subset(data.with_budget(point.budget))
        assert point.objective == pytest.approx(None if best is None else best[0], abs=1e-7)
