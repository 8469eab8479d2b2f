"""What the choice of initiatives needs, as plain arrays (docs/model.md §15.2).

`PortfolioInput` holds each initiative's value, yearly costs, least share, line and
dependencies, the money each year has for initiatives, the funding pools and the split's share
rules as they apply to the money initiatives receive. It is built from a scenario
(`portfolio_input`) and changed by diagnosis (`without`, `with_budget`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from prioritise.allocate.input import AllocationError, _share_rules
from prioritise.scenario.schema import Scenario
from prioritise.scoring.initiatives import InitiativeValues, initiative_values
from prioritise.scoring.tree import value_tree

__all__ = ["PoolInput", "PortfolioInput", "ShareLimit", "portfolio_input"]

GENERAL = "budget"
"""The source every initiative without a `pool` of its own draws on: the budget's share."""


@dataclass(frozen=True)
class PoolInput:
    """A pool: its id, money per year (`per_year`) or in total, and who may draw on it."""

    id: str
    per_year: tuple[float, ...] | None
    total: float | None
    members: frozenset[int]


@dataclass(frozen=True)
class ShareLimit:
    """A programme's or region's floor or cap on the money initiatives receive, as a share
    of the whole budget: `group` programme or region, `bound` min or max."""

    group: str
    item: str
    bound: str
    share: float
    members: tuple[int, ...]

    @property
    def name(self) -> str:
        return f"{self.group}_share[{self.item}].{self.bound}"


@dataclass(frozen=True)
class PortfolioInput:
    ids: tuple[str, ...]
    values: np.ndarray
    costs: np.ndarray
    """Initiatives × years."""
    min_share: np.ndarray
    """1 for an initiative funded whole or not at all; its `partial.min` otherwise."""
    years: tuple[int, ...]
    year_budgets: np.ndarray
    """The money each year has for initiatives: the budget's yearly amount × initiatives_share."""
    total: float
    """The whole budget (all years, all of it, split included): what shares are shares of."""
    carry_over: bool = False
    requires: tuple[tuple[int, int], ...] = ()
    excludes: tuple[tuple[int, int], ...] = ()
    must: frozenset[int] = frozenset()
    must_not: frozenset[int] = frozenset()
    own_pool: tuple[str | None, ...] = ()
    pools: tuple[PoolInput, ...] = ()
    limits: tuple[ShareLimit, ...] = ()
    currency: str = "USD"
    unit: float = 1.0
    language: str = "es"
    names: dict[str, str] = field(default_factory=dict)
    """Initiatives' names by id."""
    labels: dict[str, str] = field(default_factory=dict)
    """Programmes', regions' and pools' names by id, for rules in words."""

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def total_costs(self) -> np.ndarray:
        return self.costs.sum(axis=1)

    @property
    def initiatives_budget(self) -> float:
        return float(self.year_budgets.sum())

    @property
    def full_value(self) -> float:
        """Σ value(i): every initiative funded in full, 100 on the portfolio index (§15.5)."""
        return float(self.values.sum())

    def points(self, value: float) -> float:
        """`value`, a sum of initiative values, on the portfolio index (docs/model.md §15.5):
        100 = every initiative of the scenario funded in full."""
        full = self.full_value
        return 100.0 * value / full if full > 0 else 0.0

    def sources(self, i: int) -> list[str]:
        """The money initiative i may draw on: its own pool alone, or the budget and every
        pool that lists it."""
        own = self.own_pool[i] if self.own_pool else None
        if own is not None:
            return [own]
        return [GENERAL, *(pool.id for pool in self.pools if i in pool.members)]

    def with_budget(self, amount: float) -> PortfolioInput:
        """The same choice with `amount` for initiatives in all: years keep their proportions,
        and the whole budget that shares are shares of moves with it."""
        current = self.initiatives_budget
        if current > 0:
            factor = amount / current
            return replace(self, year_budgets=self.year_budgets * factor, total=self.total * factor)
        years = np.full(len(self.years), amount / len(self.years))
        return replace(self, year_budgets=years, total=amount)


def _pools(scenario: Scenario, index: dict[str, int]) -> tuple[PoolInput, ...]:
    found = []
    for pool in scenario.pools:
        members = {index[name] for name in pool.initiatives if name in index}
        for k, item in enumerate(scenario.initiatives):
            if (
                item.pool == pool.id
                or (item.programme is not None and item.programme in pool.programmes)
                or (item.region is not None and item.region in pool.regions)
            ):
                members.add(k)
        per_year = pool.year_amounts()
        found.append(
            PoolInput(
                pool.id,
                None if per_year is None else tuple(per_year),
                None if per_year is not None else float(pool.amount),  # type: ignore[arg-type]
                frozenset(members),
            )
        )
    return tuple(found)


def _limits(scenario: Scenario, whole: bool) -> tuple[ShareLimit, ...]:
    """Caps always; floors only when initiatives have the whole budget (in a mixed scenario
    the split makes up the floors, docs/model.md §15.2)."""
    found = []
    for group, ids in (("programme", scenario.programme_ids), ("region", scenario.region_ids)):
        rules = _share_rules(scenario.constraints, tuple(ids), group)
        attribute = "programme" if group == "programme" else "region"
        for item, (low, high) in rules.items():
            members = tuple(
                k for k, x in enumerate(scenario.initiatives) if getattr(x, attribute) == item
            )
            if high is not None:
                found.append(ShareLimit(group, item, "max", high.bound, members))
            if low is not None and whole:
                found.append(ShareLimit(group, item, "min", low.bound, members))
    return tuple(found)


def _labels(scenario: Scenario) -> dict[str, str]:
    lang = scenario.scenario.language
    found: dict[str, str] = {}
    for group in (scenario.programmes, scenario.regions, scenario.pools):
        for item in group:
            name = item.names.get(lang) or item.name
            if name:
                found[item.id] = name
    return found


def portfolio_input(
    scenario: Scenario,
    values: InitiativeValues | None = None,
    budget: float | None = None,
) -> PortfolioInput:
    """The choice of initiatives in `scenario`, at its budget or at `budget` in total (years
    keep their proportions); `values` as scored (the group's weights) unless given."""
    if not scenario.initiatives:
        raise AllocationError("allocate.portfolio.none")
    if values is None:
        values = initiative_values(scenario, value_tree(scenario))
    index = {item.id: k for k, item in enumerate(scenario.initiatives)}
    total = float(scenario.budget.total if budget is None else budget)
    years = np.asarray(scenario.budget.year_amounts(), dtype=float)
    years = years * (total / float(years.sum())) if years.sum() > 0 else years
    share = scenario.initiatives_share
    requires = tuple(
        (k, index[other])
        for k, item in enumerate(scenario.initiatives)
        for other in item.requires
        if other in index
    )
    pairs = {
        tuple(sorted((k, index[other])))
        for k, item in enumerate(scenario.initiatives)
        for other in item.excludes
        if other in index and index[other] != k
    }
    return PortfolioInput(
        ids=tuple(index),
        values=values.value.reindex(list(index)).to_numpy(float),
        costs=np.array([item.cost for item in scenario.initiatives], dtype=float),
        min_share=np.array([item.min_share for item in scenario.initiatives], dtype=float),
        years=tuple(scenario.years),
        year_budgets=years * share,
        total=total,
        carry_over=scenario.budget.carry_over,
        requires=requires,
        excludes=tuple(sorted(pairs)),  # type: ignore[arg-type]
        must=frozenset(k for k, item in enumerate(scenario.initiatives) if item.must),
        must_not=frozenset(k for k, item in enumerate(scenario.initiatives) if item.must_not),
        own_pool=tuple(item.pool for item in scenario.initiatives),
        pools=_pools(scenario, index),
        limits=_limits(scenario, share >= 1.0),
        currency=scenario.scenario.currency,
        unit=scenario.scenario.unit,
        language=scenario.scenario.language,
        names={
            item.id: item.names.get(scenario.scenario.language) or item.name
            for item in scenario.initiatives
        },
        labels=_labels(scenario),
    )
