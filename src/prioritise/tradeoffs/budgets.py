"""The budgets a sweep proposes when none are given: a quarter to four times the scenario's
own, and a reference, each written the way a person would (32.8, not 32.8125), so that the
command line and the app propose the same levels."""

from __future__ import annotations

import math
from collections.abc import Iterable

from prioritise.scenario.schema import Scenario
from prioritise.text import rounded, significant_places

__all__ = ["default_budgets", "readable_budget", "reference_budget"]

REFERENCE_USD = 700_000_000.0
"""Emilia-Romagna's smart-specialisation budget for 2014–2020, in USD."""
FACTORS = (0.25, 0.5, 1.0, 2.0, 4.0)
"""The proposed budgets as multiples of the scenario's own."""
SIGNIFICANT = 3
"""Significant digits of a proposed budget: 32.8 and 65.6, not 32.8125 and 65.625."""


def reference_budget(scenario: Scenario) -> float | None:
    """Emilia-Romagna's 700 M USD in the scenario's unit (None for other currencies)."""
    meta = scenario.scenario
    if meta.currency.upper() != "USD":
        return None
    return REFERENCE_USD / meta.unit


def readable_budget(value: float, digits: int = SIGNIFICANT) -> float:
    """`value` to `digits` significant digits (half-up), never fewer than its whole part."""
    if value <= 0 or not math.isfinite(value):
        return value
    return rounded(value, significant_places(value, digits))


def proposed_budgets(budgets: Iterable[float], exact: Iterable[float]) -> list[float]:
    """`budgets` each to three significant digits but those in `exact` (the scenario's own
    budget, the reference), which mark a level and are kept as they are; sorted, once each."""
    kept = [float(value) for value in exact]
    chosen = {
        value
        if any(math.isclose(value, own, rel_tol=1e-9) for own in kept)
        else readable_budget(value)
        for value in map(float, budgets)
    }
    return sorted(chosen)


def default_budgets(scenario: Scenario) -> list[float]:
    """A quarter to four times the scenario's budget, and the 700 M USD reference."""
    total = float(scenario.budget.total)
    reference = reference_budget(scenario)
    exact = [total, *([] if reference is None else [reference])]
    return proposed_budgets([total * factor for factor in FACTORS] + exact[1:], exact)
