"""Trade-offs: what more money buys, and what regional equity or concentration limits cost.

`sweep` re-optimises one scenario over several budgets; `frontier` traces value against
regional equity, `concentration` against the largest programme's or one region's share;
`solving` runs the levels side by side.
"""

from __future__ import annotations

from prioritise.tradeoffs.budgets import default_budgets, readable_budget, reference_budget
from prioritise.tradeoffs.concentration import concentration_frontier, pick_region
from prioritise.tradeoffs.frontier import Frontier, FrontierPoint, equity_frontier
from prioritise.tradeoffs.sweep import (
    BudgetSweep,
    ProgressCallback,
    SweepPoint,
    budget_sweep,
)

__all__ = [
    "BudgetSweep",
    "Frontier",
    "FrontierPoint",
    "ProgressCallback",
    "SweepPoint",
    "budget_sweep",
    "concentration_frontier",
    "default_budgets",
    "equity_frontier",
    "pick_region",
    "readable_budget",
    "reference_budget",
]
