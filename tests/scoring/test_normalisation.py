"""Normalisation and the additive value model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from prioritise.scoring import (
    additive,
    decision_input,
    normalise_values,
    rank_scores,
    shares,
)

matrices = arrays(
    float,
    st.tuples(st.integers(2, 7), st.integers(1, 5)),
    elements=st.floats(-1e3, 1e3, allow_nan=False).map(lambda x: round(x, 3)),
)


def _weights(k: int) -> np.ndarray:
    return np.linspace(1.0, 2.0, k)


# --------------------------------------------------------------------------- normalisation


def test_min_max_and_fixed_scale() -> None:
    values = np.array([[1.0, 20.0], [3.0, 60.0], [5.0, 10.0]])
    out = normalise_values(
        values, np.array([True, True]), np.array([0.0, np.nan]), np.array([10.0, np.nan])
    )
    assert out[:, 0].tolist() == pytest.approx([0.1, 0.3, 0.5])  # fixed scale [0, 10]
    assert out[:, 1].tolist() == pytest.approx([0.2, 1.0, 0.0])  # min–max over alternatives


def test_direction_min_flips() -> None:
    values = np.array([[2.0], [4.0], [10.0]])
    up = normalise_values(values, True)
    down = normalise_values(values, False)
    assert down == pytest.approx(1 - up)
    assert normalise_values(values, False, 0.0, 10.0)[:, 0].tolist() == pytest.approx([0.8, 0.6, 0])


def test_a_constant_column_normalises_to_zero_in_either_direction() -> None:
    values = np.array([[7.0, 1.0], [7.0, 2.0]])
    assert normalise_values(values, np.array([True, True]))[:, 0].tolist() == [0.0, 0.0]
    assert normalise_values(values, np.array([False, True]))[:, 0].tolist() == [0.0, 0.0]


def test_normalisation_along_another_axis() -> None:
    tensor = np.array([[[1.0], [3.0]], [[10.0], [30.0]]])  # 2 programmes × 2 regions × 1
    out = normalise_values(tensor, True, axis=1)
    assert out[:, :, 0].tolist() == [[0.0, 1.0], [0.0, 1.0]]


def test_shares_and_ranks() -> None:
    assert shares(np.array([1.0, 3.0])).tolist() == [0.25, 0.75]
    assert shares(np.zeros(4)).tolist() == [0.25] * 4
    assert rank_scores(np.array([0.2, 0.9, 0.5, 0.9])).tolist() == [4, 1, 3, 1]


# --------------------------------------------------------------------------- additive


def test_additive_hand_example_with_contributions() -> None:
    """Two criteria, weights 0.6 / 0.4; growth on a fixed 1-5 scale, cost minimised."""
    matrix = pd.DataFrame({"growth": [5, 3, 1], "cost": [30, 10, 20]}, index=["a", "b", "c"])
    result = additive(
        matrix, {"growth": 3, "cost": 2}, {"growth": "max", "cost": "min"}, {"growth": (1, 5)}
    )
    # normalised: growth 1, .5, 0; cost 0, 1, .5 -> scores .6, .7, .2
    assert result.scores.to_dict() == pytest.approx({"a": 0.6, "b": 0.7, "c": 0.2})
    assert result.priorities.to_dict() == pytest.approx({"a": 0.4, "b": 0.7 / 1.5, "c": 0.2 / 1.5})
    assert result.ranks.to_dict() == {"a": 2, "b": 1, "c": 3}
    contributions = result.contributions
    assert contributions is not None
    assert contributions.loc["b"].to_dict() == pytest.approx({"growth": 0.2, "cost": 0.4 / 1.5})
    assert contributions.sum(axis=1).to_numpy() == pytest.approx(result.priorities.to_numpy())


def test_additive_with_nothing_to_separate_the_alternatives_splits_equally() -> None:
    result = additive([[2.0, 5.0], [2.0, 5.0]], [1, 1])
    assert result.priorities.tolist() == [0.5, 0.5]
    assert result.contributions is not None
    assert result.contributions.sum(axis=1).tolist() == pytest.approx([0.5, 0.5])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"matrix": [[1.0, float("nan")]], "weights": [1, 1]}, "'a1' on criterion 'c2'"),
        ({"matrix": [[1.0, 2.0]], "weights": [1]}, "1 values for 2 criteria"),
        ({"matrix": [[1.0, 2.0]], "weights": [1, -1]}, "zero or more"),
        ({"matrix": [[1.0]], "weights": [1], "directions": ["up"]}, "direction 'up'"),
        ({"matrix": [[7.0]], "weights": [1], "scales": {"c1": (1, 5)}}, "outside the criterion"),
        ({"matrix": [[1.0]], "weights": {"x": 1}}, "'c1' is missing"),
    ],
)
def test_bad_input_gives_plain_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        additive(**kwargs)


def test_decision_input_takes_labels_from_a_dataframe() -> None:
    data = decision_input(pd.DataFrame({"x": [1.0, 2.0]}, index=["p", "q"]), {"x": 5})
    assert data.alternatives == ["p", "q"] and data.criteria == ["x"]
    assert data.weights.tolist() == [1.0]


@settings(max_examples=60, deadline=None)
@given(matrices, st.integers(0, 4), st.floats(0.01, 1000.0))
def test_scaling_a_criterion_changes_nothing_under_min_max(
    matrix: np.ndarray, column: int, factor: float
) -> None:
    column = column % matrix.shape[1]
    scaled = matrix.copy()
    scaled[:, column] *= factor
    weights = _weights(matrix.shape[1])
    base, other = additive(matrix, weights), additive(scaled, weights)
    assert other.priorities.to_numpy() == pytest.approx(base.priorities.to_numpy(), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(matrices, st.integers(0, 6), st.integers(0, 6), st.lists(st.booleans(), min_size=5))
def test_a_dominating_alternative_never_ranks_below(
    matrix: np.ndarray, better: int, worse: int, ups: list[bool]
) -> None:
    n, k = matrix.shape
    better, worse = better % n, worse % n
    assume(better != worse)
    directions = ["max" if up else "min" for up in ups[:k]]
    sign = np.where(ups[:k], 1.0, -1.0)
    matrix = matrix.copy()
    # make `better` at least as good as `worse` on every criterion, strictly on the first
    matrix[better] = np.where(
        sign * matrix[better] >= sign * matrix[worse], matrix[better], matrix[worse]
    )
    matrix[better, 0] = matrix[worse, 0] + sign[0] * 1.0
    result = additive(matrix, _weights(k), directions)
    assert result.ranks.iloc[better] <= result.ranks.iloc[worse]


@settings(max_examples=60, deadline=None)
@given(matrices, st.integers(0, 4))
def test_flipping_a_direction_reverses_that_criterions_contribution(
    matrix: np.ndarray, column: int
) -> None:
    column = column % matrix.shape[1]
    assume(np.ptp(matrix[:, column]) > 0)
    k = matrix.shape[1]
    up = additive(matrix, _weights(k), ["max"] * k)
    down = additive(matrix, _weights(k), ["max" if j != column else "min" for j in range(k)])
    assert down.normalised.iloc[:, column].to_numpy() == pytest.approx(
        1 - up.normalised.iloc[:, column].to_numpy()
    )
    assert up.contributions is not None and down.contributions is not None
    before = up.contributions.iloc[:, column].to_numpy()
    after = down.contributions.iloc[:, column].to_numpy()
    # whoever contributed most on that criterion now contributes least, and vice versa
    assert np.argmax(before) in np.flatnonzero(after == after.min())
    assert np.argmin(before) in np.flatnonzero(after == after.max())


@settings(max_examples=50, deadline=None)
@given(matrices)
def test_additive_priorities_and_contributions_add_up(matrix: np.ndarray) -> None:
    result = additive(matrix, _weights(matrix.shape[1]))
    assert result.priorities.sum() == pytest.approx(1.0)
    assert result.contributions is not None
    assert result.contributions.sum(axis=1).to_numpy() == pytest.approx(
        result.priorities.to_numpy(), abs=1e-12
    )
