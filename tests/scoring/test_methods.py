"""TOPSIS and PROMETHEE II: published examples, loop re-implementations and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from prioritise.scoring.methods import (
    PreferenceFunction,
    preference_degree,
    promethee_flows,
    promethee_ii,
    topsis,
    topsis_closeness,
)

# Hwang & Yoon (1981), Multiple Attribute Decision Making, the TOPSIS example: buying a fighter
# aircraft. Criteria: max speed, ferry range, max payload, purchasing cost (minimise),
# reliability, manoeuvrability.
AIRCRAFT = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]
AIRCRAFT_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
AIRCRAFT_DIRECTIONS = ["max", "max", "max", "min", "max", "max"]

positive_matrices = arrays(
    float,
    st.tuples(st.integers(2, 7), st.integers(1, 5)),
    elements=st.floats(0.5, 1e3, allow_nan=False).map(lambda x: round(x, 3)),
)
all_functions = [
    PreferenceFunction("usual"),
    PreferenceFunction("u_shape", q=1.0),
    PreferenceFunction("v_shape", p=3.0),
    PreferenceFunction("level", q=1.0, p=3.0),
    PreferenceFunction("linear", q=0.5, p=2.5),
    PreferenceFunction("gaussian", s=1.5),
]


# --------------------------------------------------------------------------- TOPSIS


def test_topsis_reproduces_hwang_and_yoon_fighter_aircraft() -> None:
    """Published relative closeness C* = 0.643, 0.268, 0.613, 0.312: A1 > A3 > A4 > A2.

    The book rounds intermediate values to four decimals, hence the 1e-3 tolerance.
    """
    result = topsis(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_DIRECTIONS)
    assert result.scores.to_numpy() == pytest.approx([0.643, 0.268, 0.613, 0.312], abs=1e-3)
    assert result.ranks.tolist() == [1, 4, 2, 3]
    assert result.priorities.sum() == pytest.approx(1.0)
    assert result.contributions is None


def _loop_topsis(matrix: np.ndarray, weights: np.ndarray, ups: list[bool]) -> list[float]:
    n, k = matrix.shape
    w = [x / sum(weights) for x in weights]
    norms = [math.sqrt(sum(matrix[i][j] ** 2 for i in range(n))) for j in range(k)]
    v = [[matrix[i][j] / norms[j] * w[j] for j in range(k)] for i in range(n)]
    best = [
        max(v[i][j] for i in range(n)) if ups[j] else min(v[i][j] for i in range(n))
        for j in range(k)
    ]
    worst = [
        min(v[i][j] for i in range(n)) if ups[j] else max(v[i][j] for i in range(n))
        for j in range(k)
    ]
    out = []
    for i in range(n):
        plus = math.sqrt(sum((v[i][j] - best[j]) ** 2 for j in range(k)))
        minus = math.sqrt(sum((v[i][j] - worst[j]) ** 2 for j in range(k)))
        out.append(minus / (plus + minus))
    return out


@pytest.mark.parametrize("seed", range(10))
def test_topsis_matches_a_loop_implementation(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(3, 9)), int(rng.integers(2, 6))
    matrix = rng.uniform(1, 100, size=(n, k))
    weights = rng.uniform(0.1, 1, size=k)
    ups = [bool(b) for b in rng.integers(0, 2, size=k)]
    result = topsis(matrix, weights, ["max" if u else "min" for u in ups])
    assert result.scores.to_numpy() == pytest.approx(_loop_topsis(matrix, weights, ups), abs=1e-12)


def test_topsis_batches_weights() -> None:
    rng = np.random.default_rng(3)
    matrix = rng.uniform(1, 10, size=(5, 3))
    batch = rng.uniform(0.1, 1, size=(4, 3))
    ups = np.array([True, False, True])
    together = topsis_closeness(matrix, batch, ups)[0]
    one_by_one = [topsis_closeness(matrix, row, ups)[0] for row in batch]
    assert together == pytest.approx(np.array(one_by_one))


@settings(max_examples=60, deadline=None)
@given(positive_matrices, st.integers(0, 4), st.floats(0.01, 1000.0))
def test_scaling_a_criterion_changes_nothing_in_topsis(
    matrix: np.ndarray, column: int, factor: float
) -> None:
    column = column % matrix.shape[1]
    scaled = matrix.copy()
    scaled[:, column] *= factor
    weights = np.linspace(1, 2, matrix.shape[1])
    base = topsis(matrix, weights).scores.to_numpy()
    assert topsis(scaled, weights).scores.to_numpy() == pytest.approx(base, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(positive_matrices, st.integers(0, 6), st.integers(0, 6), st.lists(st.booleans(), min_size=5))
def test_a_dominating_alternative_never_ranks_below_in_topsis(
    matrix: np.ndarray, better: int, worse: int, ups: list[bool]
) -> None:
    n, k = matrix.shape
    better, worse = better % n, worse % n
    assume(better != worse)
    sign = np.where(ups[:k], 1.0, -1.0)
    matrix = matrix.copy()
    matrix[better] = np.where(
        sign * matrix[better] >= sign * matrix[worse], matrix[better], matrix[worse]
    )
    matrix[better, 0] = max(0.1, matrix[worse, 0] + sign[0] * 1.0)
    assume(sign[0] * (matrix[better, 0] - matrix[worse, 0]) > 0)
    result = topsis(matrix, np.linspace(1, 2, k), ["max" if u else "min" for u in ups[:k]])
    assert result.ranks.iloc[better] <= result.ranks.iloc[worse]


def test_topsis_with_identical_alternatives_is_indifferent() -> None:
    assert topsis([[1.0, 2.0], [1.0, 2.0]], [1, 1]).scores.tolist() == [0.5, 0.5]


# --------------------------------------------------------------------------- PROMETHEE II


def test_promethee_reproduces_zhao_peng_li_example() -> None:
    """Zhao, Peng & Li (2013), Procedia Computer Science 17, 181-188: usual criterion,
    weights 0.5 / 0.3 / 0.2, published net flows 0.1, -0.3, 0.2."""
    result = promethee_ii([[4, 3, 2], [3, 2, 4], [5, 1, 3]], [0.5, 0.3, 0.2])
    assert result.scores.to_numpy() == pytest.approx([0.1, -0.3, 0.2])
    assert result.phi_plus.to_numpy() == pytest.approx([0.55, 0.35, 0.6])
    assert result.ranks.tolist() == [2, 3, 1]


@pytest.mark.parametrize(
    ("spec", "d", "expected"),
    [
        (PreferenceFunction("usual"), [-1, 0, 0.01, 5], [0, 0, 1, 1]),
        (PreferenceFunction("u_shape", q=1), [0.5, 1, 1.5], [0, 0, 1]),
        (PreferenceFunction("v_shape", p=4), [-1, 1, 2, 4, 9], [0, 0.25, 0.5, 1, 1]),
        (PreferenceFunction("level", q=1, p=3), [0.5, 1, 2, 3, 3.5], [0, 0, 0.5, 0.5, 1]),
        (PreferenceFunction("linear", q=1, p=3), [0.5, 1, 2, 3, 4], [0, 0, 0.5, 1, 1]),
        (
            PreferenceFunction("gaussian", s=1),
            [-1, 0, 1, 2],
            [0, 0, 1 - math.exp(-0.5), 1 - math.exp(-2)],
        ),
    ],
)
def test_preference_functions_follow_brans_definitions(
    spec: PreferenceFunction, d: list[float], expected: list[float]
) -> None:
    """The six generalised criteria of Brans & Vincke (1985), evaluated by hand."""
    assert preference_degree(np.array(d, float), spec).tolist() == pytest.approx(expected)


def _loop_promethee(
    matrix: np.ndarray, weights: np.ndarray, ups: list[bool], specs: list[PreferenceFunction]
) -> list[float]:
    n, k = matrix.shape
    w = [x / sum(weights) for x in weights]

    def degree(d: float, spec: PreferenceFunction) -> float:
        q, p, s = spec.q or 0.0, spec.p or 0.0, spec.s or 1.0
        if d <= 0:
            return 0.0
        if spec.function == "usual":
            return 1.0
        if spec.function == "u_shape":
            return 1.0 if d > q else 0.0
        if spec.function == "v_shape":
            return min(d / p, 1.0)
        if spec.function == "level":
            return 0.0 if d <= q else (0.5 if d <= p else 1.0)
        if spec.function == "linear":
            return 0.0 if d <= q else min((d - q) / (p - q), 1.0)
        return 1.0 - math.exp(-d * d / (2 * s * s))

    net = []
    for a in range(n):
        out_flow = in_flow = 0.0
        for b in range(n):
            if a == b:
                continue
            for j in range(k):
                diff = matrix[a][j] - matrix[b][j]
                if not ups[j]:
                    diff = -diff
                out_flow += w[j] * degree(diff, specs[j])
                in_flow += w[j] * degree(-diff, specs[j])
        net.append((out_flow - in_flow) / (n - 1))
    return net


@pytest.mark.parametrize("seed", range(10))
def test_promethee_matches_a_loop_implementation(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(2, 8)), 6
    matrix = rng.uniform(0, 6, size=(n, k)).round(1)
    weights = rng.uniform(0.1, 1, size=k)
    ups = [bool(b) for b in rng.integers(0, 2, size=k)]
    result = promethee_ii(matrix, weights, ["max" if u else "min" for u in ups], all_functions)
    expected = _loop_promethee(matrix, weights, ups, all_functions)
    assert result.scores.to_numpy() == pytest.approx(expected, abs=1e-12)


@settings(max_examples=50, deadline=None)
@given(positive_matrices)
def test_net_flows_balance_and_contributions_add_up(matrix: np.ndarray) -> None:
    k = matrix.shape[1]
    result = promethee_ii(matrix, np.linspace(1, 3, k), functions=all_functions[:k])
    assert result.scores.sum() == pytest.approx(0.0, abs=1e-12)
    assert result.priorities.sum() == pytest.approx(1.0)
    assert result.priorities.min() >= 0
    assert result.contributions is not None
    assert result.contributions.sum(axis=1).to_numpy() == pytest.approx(
        result.priorities.to_numpy(), abs=1e-12
    )


def test_single_criterion_flows_are_linear_in_the_weights() -> None:
    rng = np.random.default_rng(11)
    matrix = rng.uniform(0, 5, size=(6, 3))
    ups = np.array([True, False, True])
    specs = all_functions[:3]
    single = promethee_flows(matrix, np.ones(3), ups, specs)[3]
    weights = np.array([0.2, 0.5, 0.3])
    assert promethee_flows(matrix, weights, ups, specs)[2] == pytest.approx(single @ weights)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"function": "v_shape"}, "needs a threshold p"),
        ({"function": "linear", "q": 3, "p": 1}, "q below p"),
        ({"function": "gaussian", "s": 0}, "s above zero"),
        ({"function": "cubic"}, "not known"),
    ],
)
def test_bad_preference_functions_are_refused(spec: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PreferenceFunction.of(spec)


def test_preference_function_from_an_object_with_attributes() -> None:
    class Spec:
        function, q, p, s = "level", 1.0, 2.0, None

    assert PreferenceFunction.of(Spec()) == PreferenceFunction("level", 1.0, 2.0)
    assert PreferenceFunction.of(None) == PreferenceFunction("usual")


def test_scoring_errors_speak_the_readers_language() -> None:
    from prioritise.scoring.normalisation import ScoringError

    with pytest.raises(ScoringError) as caught:
        PreferenceFunction("linear", q=3, p=1)
    assert str(caught.value) == "the 'linear' preference function needs q below p"
    assert caught.value.text("es") == "la función de preferencia 'linear' requiere q menor que p"
