"""Sensitivity: how far each group weight can move before the result changes (docs/model.md §14).

`ranking` finds the stability intervals of the programme ranking (exact crossings for the
additive method and PROMETHEE, bisection for TOPSIS), `splits` gives the optimised split at any
weights and `portfolio` re-solves it along a weight, `analysis` runs both for every weight and
finds the weights that decide the edges of the top three and of funding, and `result` holds
what comes out.
"""

from __future__ import annotations

from prioritise.sensitivity.analysis import Prepared, prepare, run_sensitivity
from prioritise.sensitivity.errors import SensitivityError
from prioritise.sensitivity.portfolio import SECONDS, PortfolioSearch
from prioritise.sensitivity.ranking import moved, priorities_along, ranking_intervals
from prioritise.sensitivity.result import (
    NEAR,
    UNEXPLORED,
    Decider,
    SensitivityResult,
    WeightInterval,
)
from prioritise.sensitivity.splits import SHARE_LIMIT

__all__ = [
    "NEAR",
    "SECONDS",
    "SHARE_LIMIT",
    "UNEXPLORED",
    "Decider",
    "PortfolioSearch",
    "Prepared",
    "SensitivityError",
    "SensitivityResult",
    "WeightInterval",
    "moved",
    "prepare",
    "priorities_along",
    "ranking_intervals",
    "run_sensitivity",
]
