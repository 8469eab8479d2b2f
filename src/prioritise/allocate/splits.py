"""What a split of the budget is worth: the objective, evaluated independently of any solver.

The optimiser, the baselines, the prices and the tests all value a split with this arithmetic
(docs/model.md §7.1), so a number printed anywhere means the same thing.
"""

from __future__ import annotations

import numpy as np

from prioritise.allocate.input import AllocationInput


def cell_earnings(data: AllocationInput, amounts: np.ndarray) -> np.ndarray:
    """Value each cell earns: V · S · h(X / S), for X of shape (P, E, R)."""
    scale = data.scale
    earned = np.zeros(data.shape)
    points = np.asarray(data.breakpoints, dtype=float)
    for start, width, slope in zip(points[:-1], data.widths, data.slopes, strict=True):
        earned += slope * np.clip(amounts - scale * start, 0.0, scale * width)
    return data.values * earned


def objective_of(data: AllocationInput, amounts: np.ndarray) -> float:
    """The optimiser's objective for any split, with or without a year axis."""
    amounts = np.asarray(amounts, dtype=float)
    if amounts.ndim == 4:
        amounts = amounts.sum(axis=3)
    return float(cell_earnings(data, amounts).sum())


def spread_over_years(data: AllocationInput, amounts: np.ndarray) -> np.ndarray:
    """Cell totals split across years in proportion to the year budgets."""
    weights = data.year_budgets / data.year_budgets.sum()
    return amounts[..., None] * weights


def proportional_split(data: AllocationInput) -> np.ndarray:
    """The spreadsheet way: the whole budget in proportion to cell values."""
    return spread_over_years(data, data.values * data.total)


def population_split(data: AllocationInput) -> np.ndarray | None:
    """Regions get money in proportion to population, and inside a region by cell value."""
    population = np.asarray(data.population, dtype=float)
    if np.any(~np.isfinite(population)) or population.sum() <= 0:
        return None
    region_money = data.total * population / population.sum()
    inside = data.values.sum(axis=(0, 1))
    weights = np.where(
        inside > 0,
        data.values / np.where(inside > 0, inside, 1.0),
        1.0 / (len(data.programmes) * len(data.areas)),
    )
    return spread_over_years(data, weights * region_money)
