"""What the Trade-offs page quotes, without Streamlit: a mixed scenario's own share rules,
set on the whole budget (the budgets it proposes are `tradeoffs.default_budgets`).

In a mixed scenario the page analyses the lines' money (`allocate.lines_scenario`), whose
share rules are those of the file lowered by what the initiatives get; the page quotes the
file's own rules beside them, so that neither is read as the other.
"""

from __future__ import annotations

from prioritise.scenario import Scenario


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
