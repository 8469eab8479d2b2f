"""Portfolio intervals checked by fresh optimisations just inside and just outside each end."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.allocate import allocation_input, optimise
from prioritise.scoring import value_tree
from prioritise.sensitivity import SHARE_LIMIT, moved, prepare, run_sensitivity
from prioritise.sensitivity.portfolio import TOLERANCE
from tests.factories import make_scenario

GAP = 1e-7


def fresh_shares(scenario, weight_set: str, items: list[str], weights: np.ndarray) -> np.ndarray:
    """Programme shares of the budget from a new value tree and a new optimisation."""
    override = {weight_set: dict(zip(items, map(float, weights), strict=True))}
    tree = value_tree(scenario, group_weights=override)
    values = np.asarray(tree.cells["value"], float).reshape(tree.model.shape)
    data = allocation_input(scenario, values)
    result = optimise(data, gap=GAP, with_baselines=False, diagnose=False)
    assert result.status == "optimal"
    return result.totals.programme["share"].to_numpy(float)


@pytest.mark.parametrize("seed", [1, 4])
def test_a_fresh_optimisation_confirms_each_end(seed: int) -> None:
    scenario = make_scenario(seed, programmes=4, areas=2, regions=3)
    result = run_sensitivity(scenario)
    tree = value_tree(scenario)
    checked = 0
    for interval in result.weights:
        group = tree.weights[interval.set]
        items, weights = [str(i) for i in group.index], group.to_numpy(float)
        k = items.index(interval.id)
        base = fresh_shares(scenario, interval.set, items, weights)
        for end, outward in ((interval.portfolio[0], -1), (interval.portfolio[1], 1)):
            for point in (end, end - outward * TOLERANCE):
                if not min(interval.portfolio) <= point <= max(interval.portfolio):
                    continue
                inside = fresh_shares(scenario, interval.set, items, moved(weights, k, point))
                assert np.abs(inside - base).max() <= SHARE_LIMIT + 1e-6
            beyond = end + outward * TOLERANCE
            if 0.0 <= beyond <= 1.0 and end not in (0.0, 1.0):
                outside = fresh_shares(scenario, interval.set, items, moved(weights, k, beyond))
                assert np.abs(outside - base).max() > SHARE_LIMIT - 1e-6
                checked += 1
    assert checked > 0


def test_the_search_reports_what_it_could_not_finish_in_time() -> None:
    scenario = make_scenario(2, programmes=4)
    result = run_sensitivity(scenario, seconds=0.0)
    assert not any(w.portfolio_complete for w in result.weights)
    for w in result.weights:
        assert w.portfolio == (w.current, w.current)


def test_the_reference_split_is_the_optimised_one() -> None:
    scenario = make_scenario(5, programmes=4)
    prepared = prepare(scenario)
    tree = value_tree(scenario)
    data = allocation_input(scenario, np.asarray(tree.cells["value"]).reshape(tree.model.shape))
    fresh = optimise(data, gap=GAP, with_baselines=False, diagnose=False)
    np.testing.assert_allclose(
        prepared.search.base, fresh.totals.programme["share"].to_numpy(float), atol=1e-6
    )


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000), programmes=st.integers(2, 5), areas=st.integers(2, 3))
def test_every_interval_holds_the_current_weight_and_lies_in_0_1(
    seed: int, programmes: int, areas: int
) -> None:
    result = run_sensitivity(make_scenario(seed, programmes=programmes, areas=areas))
    assert {w.set for w in result.weights} == {"criteria", "enabling_areas", "regional_criteria"}
    for w in result.weights:
        for low, high in (w.first_place, w.ranking, w.portfolio):
            assert 0.0 <= low <= w.current <= high <= 1.0
        assert w.first_place[0] <= w.ranking[0] and w.ranking[1] <= w.first_place[1]
        if w.set != "criteria":
            assert w.first_place == w.ranking == (0.0, 1.0)
