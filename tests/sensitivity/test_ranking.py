"""First-place and ranking intervals against the priorities recomputed on a fine grid of t."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.scoring import value_tree
from prioritise.sensitivity import moved, ranking_intervals
from tests.factories import make_scenario
from tests.sensitivity.helpers import additive_priorities, normalised, proportional, rankings

GRID = np.linspace(0.0, 1.0, 20001)
SLACK = 1e-3


def _check(holds: np.ndarray, interval: tuple[float, float]) -> None:
    """Inside the interval (away from its ends by the slack) the property holds; outside it
    fails, at least next to each end that is not 0 or 1."""
    low, high = interval
    inside = (low + SLACK < GRID) & (high - SLACK > GRID)
    assert holds[inside].all()
    if low > 0:
        assert not holds[(low - SLACK > GRID) & (low - 5 * SLACK < GRID)].all()
        assert not holds[low - SLACK > GRID].any()
    if high < 1:
        assert not holds[(high + SLACK < GRID) & (high + 5 * SLACK > GRID)].all()
        assert not holds[high + SLACK < GRID].any()


@pytest.mark.parametrize("seed", range(8))
def test_intervals_match_a_fine_grid_of_recomputed_priorities(seed: int) -> None:
    scenario = make_scenario(seed, programmes=6, stakeholders=4)
    tree = value_tree(scenario)
    items, matrix = normalised(scenario)
    weights = tree.weights["criteria"].reindex(items).to_numpy(float)
    current = additive_priorities(matrix, weights)[0]
    np.testing.assert_allclose(current, tree.programmes.reindex(scenario.programme_ids), atol=1e-12)
    base = rankings(current[None, :])[0]
    for k in range(len(items)):
        first, whole = ranking_intervals(tree.model, weights, k)
        order = rankings(additive_priorities(matrix, proportional(weights, k, GRID)))
        _check(order[:, 0] == base[0], first)
        _check((order == base).all(axis=1), whole)
        assert first[0] <= whole[0] <= weights[k] <= whole[1] <= first[1]


def test_the_convention_keeps_the_other_weights_in_proportion() -> None:
    weights = np.array([0.5, 0.3, 0.2])
    row = moved(weights, 1, 0.65)
    assert row[1] == pytest.approx(0.65)
    assert row.sum() == pytest.approx(1.0)
    assert row[0] / row[2] == pytest.approx(0.5 / 0.2)
    np.testing.assert_allclose(moved(weights, 1, 0.3), weights)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    method=st.sampled_from(["additive", "topsis", "promethee"]),
    programmes=st.integers(2, 7),
)
def test_every_interval_holds_the_current_weight_and_lies_in_0_1(
    seed: int, method: str, programmes: int
) -> None:
    tree = value_tree(make_scenario(seed, programmes=programmes), method=method)
    weights = tree.weights["criteria"].to_numpy(float)
    for k in range(len(weights)):
        for low, high in ranking_intervals(tree.model, weights, k):
            assert 0.0 <= low <= weights[k] + 1e-12
            assert weights[k] - 1e-12 <= high <= 1.0


@pytest.mark.parametrize("method", ["topsis", "promethee"])
def test_other_methods_agree_with_their_own_priorities_on_a_grid(method: str) -> None:
    tree = value_tree(make_scenario(3, programmes=5), method=method)
    weights = tree.weights["criteria"].to_numpy(float)
    for k in range(len(weights)):
        first, whole = ranking_intervals(tree.model, weights, k)
        rows = tree.model.programme_priorities(proportional(weights, k, GRID))
        base = rankings(tree.model.programme_priorities(weights)[None, :])[0]
        order = rankings(rows)
        _check(order[:, 0] == base[0], first)
        _check((order == base).all(axis=1), whole)
