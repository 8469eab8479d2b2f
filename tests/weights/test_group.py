"""Group aggregation of stakeholders' weights and the consensus measures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from prioritise.weights.group import (
    KendallW,
    aggregate_weights,
    agreement_matrix,
    average_ranks,
    chi2_sf,
    consensus,
    group_weights,
    kendall_w,
    stakeholder_shares,
)

# --------------------------------------------------------------------------- shares


def test_shares_follow_influence_by_stakeholder() -> None:
    assert stakeholder_shares([1, 1, 2]).tolist() == pytest.approx([0.25, 0.25, 0.5])


def test_each_group_counts_equally_and_splits_by_influence() -> None:
    shares = stakeholder_shares([1, 3, 1, 2], ["public", "public", "private", "academia"], "group")
    assert shares.tolist() == pytest.approx([1 / 12, 3 / 12, 1 / 3, 1 / 3])


def test_a_group_without_influence_drops_out() -> None:
    shares = stakeholder_shares([0, 1, 1], ["civil", "public", "private"], "group")
    assert shares.tolist() == pytest.approx([0, 0.5, 0.5])
    with pytest.raises(ValueError, match="zero influence"):
        stakeholder_shares([0, 0])


# --------------------------------------------------------------------------- aggregation


def test_arithmetic_mean_of_normalised_weights() -> None:
    table = np.array([[50, 50], [80, 20]])  # rows in points, normalised first
    assert aggregate_weights(table, np.array([1, 1])).tolist() == pytest.approx([0.65, 0.35])
    assert aggregate_weights(table, np.array([3, 1])).tolist() == pytest.approx([0.575, 0.425])


def test_geometric_mean_is_renormalised() -> None:
    # sqrt(0.5 * 0.8) : sqrt(0.5 * 0.2) = 2 : 1
    combined = aggregate_weights(np.array([[0.5, 0.5], [0.8, 0.2]]), np.array([1, 1]), "geometric")
    assert combined.tolist() == pytest.approx([2 / 3, 1 / 3])


def test_geometric_mean_zeroes_an_item_someone_gave_nothing() -> None:
    table = np.array([[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])
    combined = aggregate_weights(table, np.array([1, 1]), "geometric")
    assert combined[2] == 0.0 and combined.sum() == pytest.approx(1.0)
    # ...unless that stakeholder has no say
    assert aggregate_weights(table, np.array([0, 1]), "geometric")[2] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="use the arithmetic mean"):
        aggregate_weights(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([1, 1]), "geometric")


def test_group_weights_by_group() -> None:
    table = pd.DataFrame([[1, 0], [1, 0], [0, 1]], index=["a", "b", "c"], columns=["x", "y"])
    groups = {"a": "public", "b": "public", "c": "private"}
    by_person = group_weights(table, {"a": 1, "b": 1, "c": 1}, groups)
    by_group = group_weights(table, {"a": 1, "b": 1, "c": 1}, groups, count="group")
    assert by_person.to_dict() == pytest.approx({"x": 2 / 3, "y": 1 / 3})
    assert by_group.to_dict() == pytest.approx({"x": 0.5, "y": 0.5})


@settings(max_examples=60, deadline=None)
@given(
    arrays(float, st.tuples(st.integers(1, 6), st.integers(2, 6)), elements=st.floats(0.01, 100)),
    st.sampled_from(["arithmetic", "geometric"]),
)
def test_group_weights_sum_to_one_within_the_stakeholders_range(
    table: np.ndarray, method: str
) -> None:
    shares = np.linspace(1.0, 2.0, table.shape[0])
    combined = aggregate_weights(table, shares, method)
    assert combined.sum() == pytest.approx(1.0)
    rows = table / table.sum(axis=1, keepdims=True)
    if method == "arithmetic":
        assert np.all(combined >= rows.min(axis=0) - 1e-12)
        assert np.all(combined <= rows.max(axis=0) + 1e-12)


# --------------------------------------------------------------------------- Kendall's W


def test_kendall_w_hand_computed_with_a_tie() -> None:
    """Three raters, four items, rater 3 ties the first two.

    Rank sums 3.5, 6.5, 8, 12 (mean 7.5), S = 37.5; ties T = 2^3 - 2 = 6;
    W = 12 S / (m^2 (n^3 - n) - m T) = 450 / (540 - 18) = 0.862069; chi2 = m (n - 1) W.
    """
    ranks = np.array([[1, 2, 3, 4], [1, 3, 2, 4], [1.5, 1.5, 3, 4]])
    result = kendall_w(ranks)
    assert result.w == pytest.approx(450 / 522)
    assert result.chi2 == pytest.approx(9 * 450 / 522)
    assert result.df == 3
    assert result.p_value == pytest.approx(scipy.stats.chi2.sf(9 * 450 / 522, 3))
    assert result.reading == "very strong agreement"


@pytest.mark.parametrize("seed", range(10))
def test_kendall_w_matches_scipy_friedman_with_ties(seed: int) -> None:
    """Friedman's tie-corrected statistic is m (n - 1) W (Siegel & Castellan 1988, 7.2, 9.4)."""
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(2, 8)), int(rng.integers(3, 9))
    weights = rng.integers(1, 5, size=(m, n)).astype(float)  # small integers: plenty of ties
    ranks = average_ranks(weights)
    result = kendall_w(ranks)
    statistic, p_value = scipy.stats.friedmanchisquare(*ranks.T)
    assert result.w == pytest.approx(statistic / (m * (n - 1)), abs=1e-12)
    assert result.p_value == pytest.approx(p_value, rel=1e-9, abs=1e-15)


def test_average_ranks_match_scipy_rankdata() -> None:
    weights = np.array([[0.4, 0.2, 0.2, 0.2], [0.1, 0.5, 0.3, 0.1]])
    expected = np.vstack([scipy.stats.rankdata(-row) for row in weights])
    assert average_ranks(weights) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("w", "reading"),
    [(0.05, "very weak"), (0.3, "weak"), (0.5, "moderate"), (0.7, "strong"), (0.95, "very strong")],
)
def test_readings_follow_schmidt_bands(w: float, reading: str) -> None:
    assert KendallW(w, 0.0, 3, 1.0, 4, 4).reading == f"{reading} agreement"


def test_everyone_tying_everything_has_no_ranking() -> None:
    result = kendall_w(np.full((3, 4), 2.5))
    assert np.isnan(result.w)
    assert "no rankings" in result.describe()


@pytest.mark.parametrize("df", [1, 2, 3, 4, 7, 12, 25])
@pytest.mark.parametrize("x", [0.01, 0.5, 1.0, 3.3, 10.0, 40.0, 120.0])
def test_chi2_tail_matches_scipy(x: float, df: int) -> None:
    assert chi2_sf(x, df) == pytest.approx(scipy.stats.chi2.sf(x, df), rel=1e-9, abs=1e-300)


# --------------------------------------------------------------------------- agreement map


@pytest.mark.parametrize("seed", range(8))
def test_kendall_tau_b_matches_scipy(seed: int) -> None:
    rng = np.random.default_rng(seed)
    table = pd.DataFrame(rng.integers(0, 4, size=(4, 7)).astype(float) + 1.0, index=list("abcd"))
    matrix = agreement_matrix(table, "kendall")
    for x in table.index:
        for y in table.index:
            tau = scipy.stats.kendalltau(table.loc[x], table.loc[y]).statistic
            assert matrix.loc[x, y] == pytest.approx(tau, abs=1e-12)


def test_spearman_matches_scipy() -> None:
    rng = np.random.default_rng(7)
    table = pd.DataFrame(rng.random((3, 6)), index=["p", "q", "r"])
    matrix = agreement_matrix(table, "spearman")
    rho = scipy.stats.spearmanr(table.to_numpy().T).statistic
    assert matrix.to_numpy() == pytest.approx(rho, abs=1e-12)


def test_consensus_reports_spread_and_who_holds_the_extremes() -> None:
    table = pd.DataFrame(
        [[60, 30, 10], [20, 50, 30], [40, 40, 20]],
        index=["ministry", "industry", "university"],
        columns=["growth", "exports", "jobs"],
    )
    result = consensus(table)
    growth = result.dispersion.loc["growth"]
    assert growth["mean"] == pytest.approx(0.4)
    assert growth["std"] == pytest.approx(np.std([0.6, 0.2, 0.4]))
    assert (growth["min_by"], growth["max_by"]) == ("industry", "ministry")
    assert result.kendall is not None and 0 <= result.kendall.w <= 1
    assert result.agreement.loc["ministry", "industry"] == pytest.approx(-1 / 3)
    assert "stakeholders over 3 items" in result.describe()


def test_agreement_reads_in_both_languages() -> None:
    weights = pd.DataFrame(
        [[0.5, 0.3, 0.2], [0.6, 0.25, 0.15], [0.4, 0.4, 0.2]],
        index=["a", "b", "c"],
        columns=["x", "y", "z"],
    )
    found = consensus(weights)
    english, spanish = found.describe("en"), found.describe("es")
    assert "Kendall's W" in english and "stakeholders" in english
    assert "W de Kendall" in spanish and "actores" in spanish and "stakeholders" not in spanish
