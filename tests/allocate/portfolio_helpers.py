"""Brute force over every subset of initiatives: the independent answer the optimiser must match."""

from __future__ import annotations

from itertools import combinations

import numpy as np

from prioritise.allocate.portfolio_input import PortfolioInput


def feasible(data: PortfolioInput, chosen: set[int]) -> bool:
    """Every rule checked by hand for one subset, funded whole (own pools only)."""
    if not data.must <= chosen or chosen & data.must_not:
        return False
    if any(i in chosen and j not in chosen for i, j in data.requires):
        return False
    if any(i in chosen and j in chosen for i, j in data.excludes):
        return False
    general = [i for i in chosen if data.own_pool[i] is None]
    spent = data.costs[general].sum(axis=0) if general else np.zeros(len(data.years))
    limits = data.year_budgets
    if data.carry_over:
        spent, limits = np.cumsum(spent), np.cumsum(limits)
    if np.any(spent > limits + 1e-9):
        return False
    for pool in data.pools:
        members = [i for i in chosen if data.own_pool[i] == pool.id]
        use = data.costs[members].sum(axis=0) if members else np.zeros(len(data.years))
        if pool.per_year is not None and np.any(use > np.array(pool.per_year) + 1e-9):
            return False
        if pool.total is not None and use.sum() > pool.total + 1e-9:
            return False
    for limit in data.limits:
        money = sum(float(data.costs[i].sum()) for i in chosen if i in limit.members)
        bound = limit.share * data.total
        if (limit.bound == "max" and money > bound + 1e-9) or (
            limit.bound == "min" and money < bound - 1e-9
        ):
            return False
    return True


def best_subset(data: PortfolioInput) -> tuple[float, set[int]] | None:
    """The largest total value of any feasible subset (None: no subset is feasible)."""
    best: tuple[float, set[int]] | None = None
    for size in range(data.count + 1):
        for subset in combinations(range(data.count), size):
            chosen = set(subset)
            if feasible(data, chosen):
                value = float(sum(data.values[i] for i in chosen))
                if best is None or value > best[0] + 1e-12:
                    best = (value, chosen)
    return best
