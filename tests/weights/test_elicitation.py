"""Weights from points, ranks (rank-order centroid) and AHP pairwise comparisons."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.weights import (
    RANDOM_INDEX,
    ahp,
    normalise,
    points_weights,
    rank_order_centroid,
    roc_weights,
)

positive_lists = st.lists(st.floats(0.0, 1e6), min_size=1, max_size=12).filter(
    lambda xs: sum(xs) > 1e-9
)

# Saaty (2008), "Decision making with the analytic hierarchy process", Int. J. Services
# Sciences 1(1), 83-98, Table 2: which drink is consumed more in the U.S.?
DRINKS = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
DRINKS_MATRIX = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]
DRINKS_WEIGHTS = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]

# Saaty (1990), "How to make a decision: the analytic hierarchy process", EJOR 48, 9-26,
# Table 2: a family's criteria for buying a house.
HOUSE = ["size", "transport", "neighbourhood", "age", "yard", "modern", "condition", "finance"]
HOUSE_MATRIX = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
HOUSE_WEIGHTS = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]


# --------------------------------------------------------------------------- points


def test_points_in_any_units_normalise_to_one() -> None:
    assert normalise([30, 20, 50]).tolist() == pytest.approx([0.3, 0.2, 0.5])
    assert normalise([3, 2, 5]).tolist() == pytest.approx([0.3, 0.2, 0.5])


@pytest.mark.parametrize(
    ("values", "message"),
    [([1, -2, 3], "cannot be negative"), ([0, 0], "all zero"), ([1, float("nan")], "finite")],
)
def test_bad_points_raise_plain_errors(values: list[float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        normalise(values, what="stakeholders[0].criteria")


def test_points_weights_missing_items_get_zero_and_unknown_items_fail() -> None:
    weights = points_weights({"growth": 30, "jobs": 10}, ["growth", "exports", "jobs"])
    assert weights.to_dict() == pytest.approx({"growth": 0.75, "exports": 0.0, "jobs": 0.25})
    with pytest.raises(ValueError, match="unknown item 'grwoth'"):
        points_weights({"grwoth": 1}, ["growth"])


@settings(max_examples=60, deadline=None)
@given(positive_lists, st.floats(1e-3, 1e3))
def test_normalised_points_sum_to_one_and_ignore_units(values: list[float], unit: float) -> None:
    weights = normalise(values)
    assert weights.sum() == pytest.approx(1.0)
    assert np.all(weights >= 0)
    assert normalise([v * unit for v in values]) == pytest.approx(weights, abs=1e-12)


# --------------------------------------------------------------------------- ranks


def test_roc_weights_match_barron_and_barrett() -> None:
    """Barron & Barrett (1996), Management Science 42(11), Table 1: ROC for n = 4 and n = 3."""
    assert roc_weights(4) == pytest.approx([0.5208, 0.2708, 0.1458, 0.0625], abs=1e-4)
    assert roc_weights(3) == pytest.approx([0.6111, 0.2778, 0.1111], abs=1e-4)


def test_tied_items_share_the_average_of_their_positions() -> None:
    weights = rank_order_centroid(["a", ["b", "c"], "d"])
    roc = roc_weights(4)
    assert weights["a"] == pytest.approx(roc[0])
    assert weights["b"] == weights["c"] == pytest.approx((roc[1] + roc[2]) / 2)
    assert weights["d"] == pytest.approx(roc[3])
    assert weights.sum() == pytest.approx(1.0)


def test_unranked_items_are_tied_last() -> None:
    weights = rank_order_centroid(["b"], ["a", "b", "c"])
    roc = roc_weights(3)
    assert list(weights.index) == ["a", "b", "c"]
    assert weights["b"] == pytest.approx(roc[0])
    assert weights["a"] == weights["c"] == pytest.approx((roc[1] + roc[2]) / 2)


def test_a_ranking_naming_an_item_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="'a' is ranked twice"):
        rank_order_centroid(["a", ["b", "a"]])
    with pytest.raises(ValueError, match="unknown item 'z'"):
        rank_order_centroid(["z"], ["a"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=10))
def test_roc_weights_sum_to_one_and_never_increase_down_the_ranking(sizes: list[int]) -> None:
    ranking = [[f"x{i}_{j}" for j in range(size)] for i, size in enumerate(sizes)]
    weights = rank_order_centroid(ranking)
    assert weights.sum() == pytest.approx(1.0)
    per_group = [weights[group[0]] for group in ranking]
    assert all(a >= b - 1e-15 for a, b in itertools.pairwise(per_group))


# --------------------------------------------------------------------------- AHP, published


def test_ahp_reproduces_saaty_2008_drinks_example() -> None:
    """Saaty (2008), Table 2: eigenvector .177 .019 .042 .116 .190 .129 .327, C.R. = .022."""
    result = ahp(DRINKS_MATRIX, DRINKS)
    assert result.weights.to_numpy() == pytest.approx(DRINKS_WEIGHTS, abs=5e-4)
    assert result.cr == pytest.approx(0.022, abs=5e-4)
    assert result.consistent


def test_ahp_reproduces_and_flags_saaty_1990_house_example() -> None:
    """Saaty (1990), EJOR 48, Table 2: weights as listed, lambda_max 9.669, CI .238, CR .169."""
    result = ahp(HOUSE_MATRIX, HOUSE)
    assert result.weights.to_numpy() == pytest.approx(HOUSE_WEIGHTS, abs=5e-4)
    assert result.lambda_max == pytest.approx(9.669, abs=5e-4)
    assert result.ci == pytest.approx(0.238, abs=5e-4)
    assert result.cr == pytest.approx(0.169, abs=5e-4)
    assert not result.consistent
    # flagged, not rejected: the message names the judgement furthest from w_i / w_j
    assert result.worst is not None
    assert (result.worst.row, result.worst.column) == ("neighbourhood", "condition")
    assert result.worst.given == pytest.approx(6)
    english, spanish = result.message().text("en"), result.message().text("es")
    assert "above 0.10" in english and "'neighbourhood'" in english
    assert "sobre 0,10" in spanish and "'neighbourhood'" in spanish


def test_alonso_lamata_table_gives_a_slightly_different_ratio() -> None:
    saaty = ahp(HOUSE_MATRIX, random_index="saaty")
    alonso = ahp(HOUSE_MATRIX, random_index="alonso_lamata")
    assert alonso.cr == pytest.approx(saaty.ci / RANDOM_INDEX["alonso_lamata"][7])
    assert alonso.weights.to_numpy() == pytest.approx(saaty.weights.to_numpy())


# --------------------------------------------------------------------------- AHP, independent


def _reference_ahp(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Straightforward eigen-decomposition with scipy and a loop to pick the Perron root."""
    values, vectors = scipy.linalg.eig(matrix)
    best = 0
    for k in range(len(values)):
        if values[k].real > values[best].real:
            best = k
    vector = [abs(x.real) for x in vectors[:, best]]
    total = sum(vector)
    return np.array([x / total for x in vector]), float(values[best].real)


def _random_reciprocal(rng: np.random.Generator, n: int) -> np.ndarray:
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9]
    matrix = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i, j] = scale[rng.integers(len(scale))]
            matrix[j, i] = 1 / matrix[i, j]
    return matrix


@pytest.mark.parametrize("seed", range(12))
def test_ahp_matches_scipy_eigenvectors_on_random_matrices(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 10))
    matrix = _random_reciprocal(rng, n)
    result = ahp(matrix)
    weights, lambda_max = _reference_ahp(matrix)
    assert result.weights.to_numpy() == pytest.approx(weights, abs=1e-9)
    assert result.lambda_max == pytest.approx(lambda_max, rel=1e-9)
    assert result.cr == pytest.approx((lambda_max - n) / (n - 1) / RANDOM_INDEX["saaty"][n - 1])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.05, 20.0), min_size=3, max_size=9))
def test_consistent_matrices_give_back_their_weights(raw: list[float]) -> None:
    truth = np.array(raw) / sum(raw)
    result = ahp(truth[:, None] / truth[None, :])
    assert result.weights.to_numpy() == pytest.approx(truth, abs=1e-9)
    assert result.cr == pytest.approx(0.0, abs=1e-9)
    assert result.worst is None


def test_one_triangle_is_enough() -> None:
    upper = [
        [1 if i == j else (v if j > i else None) for j, v in enumerate(row)]
        for i, row in enumerate(DRINKS_MATRIX)
    ]
    assert ahp(upper).weights.to_numpy() == pytest.approx(ahp(DRINKS_MATRIX).weights.to_numpy())


def test_rounded_reciprocals_are_accepted_but_real_clashes_are_not() -> None:
    rounded = [[1, 3, 5], [0.333, 1, 3], [0.2, 0.333, 1]]
    assert ahp(rounded).weights.sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match=r"matrix\[0\]\[1\] = 3 and matrix\[1\]\[0\] = 3"):
        ahp([[1, 3], [3, 1]], ["a", "b"], what="stakeholders[1].pairwise.criteria")


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 2], [0.5]], "square"),
        ([[1, -2], [-0.5, 1]], "positive"),
        ([[2, 2], [0.5, 1]], "must be 1"),
    ],
)
def test_malformed_matrices_are_refused(matrix: list[list[float]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ahp(matrix)


def test_more_than_fifteen_items_is_refused_with_advice() -> None:
    with pytest.raises(ValueError, match="points or ranks"):
        ahp(np.ones((16, 16)))


# --------------------------------------------------------------------------- AHP, incomplete


def test_harker_recovers_a_consistent_matrix_with_missing_judgements() -> None:
    truth = np.array([0.4, 0.3, 0.2, 0.1])
    full = truth[:, None] / truth[None, :]
    partial = full.copy()
    partial[0, 3] = partial[3, 0] = 0  # missing, as 0
    partial[1, 2] = partial[2, 1] = np.nan  # missing, as NaN
    result = ahp(partial, list("abcd"))
    assert result.missing == 2
    assert result.weights.to_numpy() == pytest.approx(truth, abs=1e-12)
    assert result.cr == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_harker_weights_are_the_eigenvector_of_the_completed_matrix(seed: int) -> None:
    """Harker (1987): filling each gap with w_i / w_j leaves w the principal eigenvector."""
    rng = np.random.default_rng(100 + seed)
    n = 6
    matrix = _random_reciprocal(rng, n)
    gaps = [(0, 5), (1, 3), (2, 4)]
    partial = matrix.copy()
    for i, j in gaps:
        partial[i, j] = partial[j, i] = np.nan
    result = ahp(partial)
    w = result.weights.to_numpy()
    completed = matrix.copy()
    for i, j in gaps:
        completed[i, j], completed[j, i] = w[i] / w[j], w[j] / w[i]
    weights, lambda_max = _reference_ahp(completed)
    assert w == pytest.approx(weights, abs=1e-9)
    assert result.lambda_max == pytest.approx(lambda_max, rel=1e-9)


def test_disconnected_comparisons_are_refused_naming_the_groups() -> None:
    matrix = [[1, 2, None, None], [0.5, 1, None, None], [None, None, 1, 3], [None, None, 1 / 3, 1]]
    with pytest.raises(ValueError, match="never link a and b with c and d"):
        ahp(matrix, list("abcd"))


def test_weights_errors_speak_the_readers_language() -> None:
    from prioritise.weights.elicitation import WeightsError

    with pytest.raises(WeightsError) as caught:
        normalise([1, -2.5])
    assert str(caught.value) == "weights: weights cannot be negative (found -2.50)"
    assert caught.value.text("es") == (
        "ponderaciones: las ponderaciones no pueden ser negativas (se encontró -2,50)"
    )
