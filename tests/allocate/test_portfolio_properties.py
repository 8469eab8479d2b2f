"""Hypothesis: any small choice of initiatives — dependencies in circles included, musts that
cannot hold — has the optimum brute force finds, or none when brute force finds none."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from prioritise.allocate.portfolio import Portfolio
from prioritise.allocate.portfolio_input import PoolInput, PortfolioInput
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


@settings(max_examples=40, deadline=None)
@given(choices(), st.data())
def test_money_from_pools_and_from_the_budget_add_up_to_what_is_spent(
    data: PortfolioInput, draw: st.DataObject
) -> None:
    """What the text says came from the pools, plus what the budget rows say they gave, is
    every amount funded; neither exceeds what it had."""
    n, years = data.count, len(data.years)
    pools = tuple(
        PoolInput(
            id=f"k{k}",
            per_year=tuple(draw.draw(st.floats(0.0, 3.0)) for _ in range(years))
            if yearly
            else None,
            total=None if yearly else draw.draw(st.floats(0.0, 6.0)),
            members=frozenset(draw.draw(st.sets(st.integers(0, n - 1), min_size=1))),
        )
        for k, yearly in enumerate(draw.draw(st.lists(st.booleans(), min_size=1, max_size=2)))
    )
    data = replace(data, pools=pools, carry_over=False)
    portfolio = Portfolio(data, solve_portfolio(data))
    if not portfolio.solved:
        return
    spent = sum(amount for _, _, amount in portfolio.funded())
    slack = portfolio.solution.slack
    from_budget = sum(
        float(data.year_budgets[t]) - slack[f"budget[{year}]"] for t, year in enumerate(data.years)
    )
    pooled = portfolio.from_pools()
    available = sum(sum(p.per_year) if p.per_year else p.total or 0.0 for p in pools)
    assert pooled + from_budget == pytest.approx(spent, abs=1e-6)
    assert -1e-9 <= pooled <= available + 1e-6

    frontier = value_frontier(data, [data.initiatives_budget])
    (point,) = frontier.points  # the frontier says the same of its point at this budget
    assert point.cost == pytest.approx(spent, abs=1e-6)
    assert point.from_pools == pytest.approx(pooled, abs=1e-6)


FREE_AND_ALMOST_WORTHLESS = PortfolioInput(
    ids=("i0", "i1", "i2"),
    values=np.array([0.0, 5.96e-08, 1.0]),
    costs=np.zeros((3, 3)),
    min_share=np.ones(3),
    years=(2030, 2031, 2032),
    year_budgets=np.ones(3),
    total=3.0,
    carry_over=False,
    requires=((1, 2),),
    excludes=(),
    must=frozenset(),
    must_not=frozenset(),
    own_pool=(None,) * 3,
)
"""Found by hypothesis: a free initiative worth 6e-8 of the whole was left out while the
objective was in raw values, whose absolute gap of 1e-6 the solver may leave open."""


@settings(max_examples=40, deadline=None)
@given(choices())
@example(FREE_AND_ALMOST_WORTHLESS)
def test_the_portfolio_index_is_the_share_of_every_initiative_funded_in_full(
    data: PortfolioInput,
) -> None:
    """100 = every initiative funded in full (docs/model.md §15.5): the optimum's index is
    brute force's value over the sum of all values, and with room for everything it is 100."""
    assume(data.values.sum() > 1e-6)
    assert sum(data.points(float(v)) for v in data.values) == pytest.approx(100)
    best = best_subset(data)
    found = Portfolio(data, solve_portfolio(data)).to_json()
    expected = None if best is None else 100 * best[0] / float(data.values.sum())
    assert found["value_index"] == pytest.approx(expected, abs=1e-6)
    roomy = np.full(len(data.years), float(data.costs.sum()) + 1.0)
    free = replace(data, excludes=(), must_not=frozenset(), year_budgets=roomy)
    everything = Portfolio(free, solve_portfolio(free)).to_json()
    assert everything["value_index"] == pytest.approx(100, abs=1e-6)
    assert everything["full_value"] == pytest.approx(float(data.values.sum()))
