"""The fast path: cell values from new weight vectors without re-reading the scenario."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from prioritise.scenario import load
from prioritise.scoring import build_value_model, value_tree

TUTORIAL = load(Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.toml")
MODEL = build_value_model(TUTORIAL)
METHODS = st.sampled_from(["additive", "topsis", "promethee"])


def weight_vectors(size: int) -> st.SearchStrategy[np.ndarray]:
    return arrays(float, size, elements=st.floats(0.0, 10.0)).filter(lambda w: w.sum() > 1e-6)


@settings(max_examples=80, deadline=None)
@given(weight_vectors(3), weight_vectors(2), weight_vectors(2), METHODS)
def test_cell_values_sum_to_one_for_any_weights(
    criteria: np.ndarray, enabling: np.ndarray, regional: np.ndarray, method: str
) -> None:
    values = MODEL.cell_values(criteria, enabling, regional, method)
    assert values.shape == (18,)
    assert values.sum() == pytest.approx(1.0)
    assert values.min() >= 0.0


@settings(max_examples=30, deadline=None)
@given(weight_vectors(3), weight_vectors(2), weight_vectors(2), METHODS)
def test_fast_path_agrees_with_the_full_value_tree(
    criteria: np.ndarray, enabling: np.ndarray, regional: np.ndarray, method: str
) -> None:
    tree = value_tree(
        TUTORIAL,
        method,
        group_weights={
            "criteria": criteria,
            "enabling_areas": enabling,
            "regional_criteria": regional,
        },
    )
    fast = build_value_model(TUTORIAL, method).cell_values(criteria, enabling, regional)
    assert fast == pytest.approx(tree.cells["value"].to_numpy(), abs=1e-12)


def test_batches_equal_one_draw_at_a_time() -> None:
    rng = np.random.default_rng(5)
    draws = 64
    criteria = rng.dirichlet(np.ones(3), draws)
    enabling = rng.dirichlet(np.ones(2), draws)
    regional = rng.dirichlet(np.ones(2), draws)
    for method in ("additive", "topsis", "promethee"):
        batch = MODEL.cell_values(criteria, enabling, regional, method)
        assert batch.shape == (draws, 18)
        single = np.array(
            [
                MODEL.cell_values(c, e, r, method)
                for c, e, r in zip(criteria, enabling, regional, strict=True)
            ]
        )
        assert batch == pytest.approx(single, abs=1e-14)


def test_cells_index_matches_the_value_tree_rows() -> None:
    tree = value_tree(TUTORIAL)
    assert list(MODEL.cells) == list(
        tree.cells[["programme", "enabling_area", "region"]].itertuples(index=False, name=None)
    )


def test_weights_in_any_units_and_refusals() -> None:
    base = MODEL.cell_values([1, 1, 1], [1, 3], [2, 2])
    assert MODEL.cell_values([5, 5, 5], [10, 30], [7, 7]) == pytest.approx(base)
    with pytest.raises(ValueError, match="expected 3 weights"):
        MODEL.cell_values([1, 1], [1, 1], [1, 1])
    with pytest.raises(ValueError, match="positive total"):
        MODEL.cell_values([0, 0, 0], [1, 1], [1, 1])


def test_areas_with_need_but_no_weight_fall_back_to_need() -> None:
    need = MODEL.need.copy()
    need[0] = [0.0, 3.0]  # the first programme needs human capital only
    model = replace(MODEL, need=need)
    q = model.enabling_priorities(np.array([1.0, 0.0]))  # ...but all weight is on R&D
    assert q[0].tolist() == [0.0, 1.0]
    assert q[1:, 0] == pytest.approx(1.0)
