"""What many re-optimised splits say together: core index, quantiles, rank acceptability.

Pure arithmetic over the draws' arrays, so it is tested on hand-made numbers.

- Core index of a cell: the share of draws in which it is funded (money above a tolerance),
  after Liesiö, Mild & Salo (2007), Preference programming for robust portfolio modeling and
  project selection, EJOR 181(3), 1488-1505, here for a continuous split.
- Rank acceptability b_k(p): the share of draws in which programme p ranks k-th by P(p);
  central weights: the mean weight vector of the draws where p ranks first (Lahdelma, R. &
  Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability analysis for group
  decision making. Operations Research 49(3), 444-454). Ties are broken by programme order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

QUANTILES = (0.1, 0.5, 0.9)
CORE_THRESHOLD = 0.9
CONTESTED_THRESHOLD = 0.1
FUNDED_SHARE = 1e-6
"""A cell counts as funded when its money exceeds this share of the budget (solver round-off)."""
SHARE_TOLERANCE = 1e-9


def funded_tolerance(total: float) -> float:
    return FUNDED_SHARE * max(float(total), 1e-300)


DUST_DECIMALS = 6
"""Amounts are rounded to a millionth of the scenario's unit before they are summarised:
HiGHS's feasibility tolerances are near 1e-7, so a figure equal in every draw can come back a
few units of 1e-8 apart (a millionth of a million USD is one dollar)."""


def without_dust(values: np.ndarray) -> np.ndarray:
    return np.round(np.asarray(values, dtype=float), DUST_DECIMALS)


def quantile_frame(values: np.ndarray, index: pd.Index) -> pd.DataFrame:
    """P10 / P50 / P90 and mean of each column of a draws × items array. The solver's dust is
    rounded off first (`without_dust`): an amount of 2.625 in every draw, solved as 2.62499996
    in one, would otherwise read "from 2.62" beside "typically 2.63"."""
    values = without_dust(values)
    q = np.quantile(values, QUANTILES, axis=0)
    return pd.DataFrame(
        {"p10": q[0], "p50": q[1], "p90": q[2], "mean": values.mean(axis=0)}, index=index
    )


def cell_summary(
    amounts: np.ndarray, cells: pd.MultiIndex, group: np.ndarray, total: float
) -> pd.DataFrame:
    """Per cell: core index, P10/P50/P90 and mean of its money, and the group's amount."""
    tolerance = funded_tolerance(total)
    table = quantile_frame(amounts, cells)
    table.insert(0, "core_index", (amounts > tolerance).mean(axis=0))
    table["group"] = without_dust(group)
    table["group_funded"] = group > tolerance
    return table


def classify(core_index: pd.Series) -> pd.Series:
    """'core' (funded in >= 90 % of draws), 'contested' (10-90 %), 'rare' (< 10 %) or 'never'."""
    labels = np.where(
        core_index >= CORE_THRESHOLD - SHARE_TOLERANCE,
        "core",
        np.where(
            core_index >= CONTESTED_THRESHOLD - SHARE_TOLERANCE,
            "contested",
            np.where(core_index > 0, "rare", "never"),
        ),
    )
    return pd.Series(labels, index=core_index.index, name="class")


def region_summary(
    region_money: np.ndarray, regions: list[str], population: np.ndarray, group: np.ndarray
) -> pd.DataFrame:
    """P10/P50/P90 of each region's money, and how often it gets its population share.

    A region's share is of the money allocated in that draw. Regions without a population
    figure get NaN for the probability.
    """
    table = quantile_frame(region_money, pd.Index(regions, dtype=object, name="region"))
    people = np.asarray(population, dtype=float)
    known = np.isfinite(people)
    population_share = np.full(people.shape, np.nan)
    if known.any() and people[known].sum() > 0:
        population_share[known] = people[known] / people[known].sum()
    spent = region_money.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(spent > 0, region_money / spent, 0.0)
    reached = shares >= population_share[None, :] - SHARE_TOLERANCE
    probability = np.where(known, reached.mean(axis=0), np.nan)
    table["population_share"] = population_share
    table["p_population_share"] = probability
    table["group"] = without_dust(group)
    return table


def rank_positions(priorities: np.ndarray) -> np.ndarray:
    """Rank (0 = first) of each programme in each draw; ties go to the earlier programme."""
    order = np.argsort(-np.asarray(priorities, dtype=float), axis=1, kind="stable")
    ranks = np.empty_like(order)
    rows = np.arange(order.shape[0])[:, None]
    ranks[rows, order] = np.arange(order.shape[1])[None, :]
    return ranks


def rank_acceptability(priorities: np.ndarray, programmes: list[str]) -> pd.DataFrame:
    """Share of draws in which each programme holds each rank (rows sum to 1)."""
    ranks = rank_positions(priorities)
    n = len(programmes)
    counts = np.stack([(ranks == k).sum(axis=0) for k in range(n)], axis=1)
    return pd.DataFrame(
        counts / max(ranks.shape[0], 1),
        index=pd.Index(programmes, dtype=object, name="programme"),
        columns=pd.RangeIndex(1, n + 1, name="rank"),
    )


def central_weights(
    priorities: np.ndarray,
    weights: dict[str, np.ndarray],
    items: dict[str, list[str]],
    programmes: list[str],
) -> dict[str, dict[str, dict[str, float]] | None]:
    """Mean weights of the draws where each programme ranks first (None if it never does)."""
    first = rank_positions(priorities) == 0
    result: dict[str, dict[str, dict[str, float]] | None] = {}
    for j, programme in enumerate(programmes):
        mask = first[:, j]
        if not mask.any():
            result[programme] = None
            continue
        result[programme] = {
            name: dict(zip(items[name], map(float, weights[name][mask].mean(axis=0)), strict=True))
            for name in weights
        }
    return result


@dataclass(frozen=True)
class DrawArrays:
    """The raw outcome of the draws, kept for charts (fan charts, heatmaps)."""

    cell_amounts: np.ndarray  # draws × cells
    objective: np.ndarray  # draws
    priorities: np.ndarray  # draws × programmes
    weights: dict[str, np.ndarray]  # weight set -> draws × items
    solver_seconds: np.ndarray  # draws
    bound: np.ndarray  # draws: upper bound on each draw's best value (LP relaxation)

    @property
    def gap(self) -> np.ndarray:
        """Per draw, the share of value by which a better split could at most exist."""
        room = np.maximum(self.bound - self.objective, 0.0)
        return room / np.maximum(np.abs(self.bound), 1e-300)
