"""What the Trade-offs page proposes and quotes, without Streamlit: budgets to sweep written
the way a person would, and a mixed scenario's own share rules, set on the whole budget.

In a mixed scenario the page analyses the lines' money (`allocate.lines_scenario`), whose
share rules are those of the file lowered by what the initiatives get; the page quotes the
file's own rules beside them, so that neither is read as the other.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from prioritise.scenario import Scenario
from prioritise.text import rounded, significant_places

SIGNIFICANT = 3
"""Significant digits of a proposed budget: 32.8 and 65.6, not 32.8125 and 65.625."""


def readable_budget(value: float, digits: int = SIGNIFICANT) -> float:
    """`value` to `digits` significant digits (half-up), never fewer than its whole part."""
    if value <= 0 or not math.isfinite(value):
        return value
    return rounded(value, significant_places(value, digits))


def proposed_budgets(budgets: Iterable[float], exact: Iterable[float]) -> list[float]:
    """Budgets to propose for a sweep, each to three significant digits but those in `exact`
    (the scenario's own budget, a reference), which mark a level and are kept as they are."""
    kept = [float(value) for value in exact]
    chosen = {
        value
        if any(math.isclose(value, own, rel_tol=1e-9) for own in kept)
        else readable_budget(value)
        for value in map(float, budgets)
    }
    return sorted(chosen)


def whole_budget_cap(scenario: Scenario, kind: str, region: str | None = None) -> float | None:
    """The file's cap that a concentration frontier of kind `kind` replaces, as a share of
    the whole budget: `max_programme_share` for "programme"; for "metropolitan", the tighter
    of `region`'s own cap and `max_region_share`. None if the file sets none."""
    rules = scenario.constraints
    if kind == "programme":
        return None if rules.max_programme_share is None else float(rules.max_programme_share)
    own = rules.region_share.get(region) if region is not None else None
    caps = [rules.max_region_share, None if own is None else own.max]
    found = [float(cap) for cap in caps if cap is not None]
    return min(found) if found else None


def mixed(scenario: Scenario) -> bool:
    """Whether part of the budget funds initiatives and the rest is split across lines."""
    return 0 < scenario.initiatives_share < 1


def has_region_floors(scenario: Scenario) -> bool:
    """Whether the file sets a floor on any region's share of the budget."""
    rules = scenario.constraints
    own = (bounds.min for bounds in rules.region_share.values())
    return any(floor for floor in (rules.min_region_share, *own))
