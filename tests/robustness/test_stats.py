"""Summaries of many draws, checked on numbers worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from prioritise.robustness.stats import (
    cell_summary,
    central_weights,
    classify,
    rank_acceptability,
    rank_positions,
    region_summary,
)


def test_rank_acceptability_by_hand() -> None:
    """Four draws of P over programmes a, b, c; the tie in the last draw goes to a (first)."""
    priorities = np.array(
        [
            [0.5, 0.3, 0.2],  # a b c
            [0.2, 0.5, 0.3],  # b c a
            [0.3, 0.5, 0.2],  # b a c
            [0.4, 0.4, 0.2],  # a b c (tie: a first)
        ]
    )
    table = rank_acceptability(priorities, ["a", "b", "c"])
    expected = np.array([[0.5, 0.25, 0.25], [0.5, 0.5, 0.0], [0.0, 0.25, 0.75]])
    assert np.allclose(table.to_numpy(), expected)
    assert list(table.columns) == [1, 2, 3]
    assert np.allclose(table.sum(axis=1), 1.0) and np.allclose(table.sum(axis=0), 1.0)
    assert rank_positions(priorities)[1].tolist() == [2, 0, 1]


def test_central_weights_average_the_draws_where_a_programme_leads() -> None:
    priorities = np.array([[0.6, 0.4], [0.3, 0.7], [0.8, 0.2]])
    weights = {"criteria": np.array([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3]])}
    found = central_weights(priorities, weights, {"criteria": ["growth", "jobs"]}, ["p", "q"])
    assert found["p"]["criteria"] == pytest.approx({"growth": 0.8, "jobs": 0.2})
    assert found["q"]["criteria"] == pytest.approx({"growth": 0.2, "jobs": 0.8})
    never = central_weights(
        priorities[[0, 2]],
        {"criteria": weights["criteria"][[0, 2]]},
        {"criteria": ["growth", "jobs"]},
        ["p", "q"],
    )
    assert never["q"] is None


def test_core_index_quantiles_and_classes() -> None:
    cells = pd.MultiIndex.from_tuples([("p", "e", "r1"), ("p", "e", "r2"), ("p", "e", "r3")])
    # ten draws: cell 1 always funded, cell 2 in 5 of 10, cell 3 never (only round-off money)
    amounts = np.zeros((10, 3))
    amounts[:, 0] = np.arange(1, 11)
    amounts[:5, 1] = 2.0
    amounts[:, 2] = 1e-9
    table = cell_summary(amounts, cells, np.array([5.0, 0.0, 0.0]), total=100.0)
    assert table["core_index"].tolist() == [1.0, 0.5, 0.0]
    assert table.loc[("p", "e", "r1"), "p50"] == pytest.approx(5.5)
    assert table.loc[("p", "e", "r1"), "p10"] == pytest.approx(1.9)  # linear interpolation
    assert table.loc[("p", "e", "r1"), "p90"] == pytest.approx(9.1)
    assert table["group_funded"].tolist() == [True, False, False]
    classes = classify(pd.Series([1.0, 0.9, 0.899, 0.1, 0.05, 0.0]))
    assert classes.tolist() == ["core", "core", "contested", "contested", "rare", "never"]


def test_population_share_probability() -> None:
    """Region r1 has 25 % of the people; it gets 30 %, 20 %, 25 % of the money in three draws."""
    money = np.array([[3.0, 7.0], [2.0, 8.0], [2.5, 7.5]])
    table = region_summary(money, ["r1", "r2"], np.array([1.0, 3.0]), np.array([2.5, 7.5]))
    assert table["population_share"].tolist() == pytest.approx([0.25, 0.75])
    assert table["p_population_share"].tolist() == pytest.approx([2 / 3, 2 / 3])
    unknown = region_summary(money, ["r1", "r2"], np.array([np.nan, 3.0]), np.zeros(2))
    assert np.isnan(unknown.loc["r1", "p_population_share"])


def test_one_amount_in_every_draw_reads_the_same_at_every_quantile() -> None:
    """2.625 in nine draws and 2.6249999999 (the solver's dust) in one: 'from 2.62' beside
    'typically 2.63' would be one amount written two ways."""
    cells = pd.MultiIndex.from_tuples([("p", "e", "r1")])
    amounts = np.full((10, 1), 2.625)
    amounts[3, 0] = 2.625 - 1e-10
    table = cell_summary(amounts, cells, np.array([2.625]), total=30.0)
    row = table.loc[("p", "e", "r1")]
    assert row["p10"] == row["p50"] == row["p90"] == row["mean"] == 2.625
    assert f"{row['p10']:.2f}" == f"{row['p50']:.2f}"
