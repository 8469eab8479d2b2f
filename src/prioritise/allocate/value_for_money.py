"""Value for money: the efficient frontier of portfolios across budgets (docs/model.md §15.4).

For each budget level b (the money for initiatives over all years, years in the scenario's
proportions) the frontier holds the best portfolio at b, found exactly by the model. The
levels are every distinct cumulative cost along the order of buy, an even grid of
`GRID_POINTS` up to what every initiative costs together, and the scenario's own budget; or
the levels asked for. At the scenario's budget, the *marginal* initiatives are those the
nearest lower level with another portfolio drops (first out if the budget falls) and those
the nearest higher level with another portfolio adds (first in if it rises).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from prioritise.allocate.input import AllocationError
from prioritise.allocate.portfolio_explain import order_of_buy, ratio
from prioritise.allocate.portfolio_input import PortfolioInput, portfolio_input
from prioritise.allocate.portfolio_model import solve_portfolio
from prioritise.allocate.text import index_points
from prioritise.scenario.schema import Scenario
from prioritise.text import Integer, Message, Money, MoneyUnit, Number, msg

__all__ = ["Frontier", "FrontierPoint", "budget_levels", "value_frontier"]

GRID_POINTS = 10


@dataclass(frozen=True)
class FrontierPoint:
    budget: float
    objective: float | None
    """None where no portfolio meets the rules at this budget."""
    initiatives: tuple[str, ...]
    cost: float
    """What the portfolio spends over all years, money from the funding pools included."""
    value_index: float | None = None
    """`objective` on the portfolio index: 100 = every initiative funded in full (§15.5)."""
    from_pools: float = 0.0
    """The part of `cost` drawn from the funding pools rather than the budget level."""

    def to_json(self) -> dict[str, Any]:
        return {
            "budget": self.budget,
            "objective": self.objective,
            "value_index": self.value_index,
            "initiatives": list(self.initiatives),
            "cost": self.cost,
            "from_pools": self.from_pools,
        }


@dataclass
class Frontier:
    data: PortfolioInput
    points: list[FrontierPoint]
    budget: float
    """The scenario's own money for initiatives."""
    first_out: list[str] = field(default_factory=list)
    first_in: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = self.data
        return {
            "points": [point.to_json() for point in self.points],
            "budget": self.budget,
            "full_value": data.full_value,
            "initiatives": [
                {
                    "id": data.ids[i],
                    "value": float(data.values[i]),
                    "points": data.points(float(data.values[i])),
                    "cost": float(data.total_costs[i]),
                    "value_per_cost": ratio(data, i) if np.isfinite(ratio(data, i)) else None,
                    "order_of_buy": rank + 1,
                }
                for rank, i in enumerate(order_of_buy(data))
            ],
            "marginal": {"first_out": self.first_out, "first_in": self.first_in},
        }

    def lines(self) -> list[Message]:
        data = self.data

        def money(amount: float) -> Money:
            return Money(amount, data.unit, data.currency, 0 if data.unit == 1 else 2)

        def names(ids: list[str] | tuple[str, ...]) -> str:
            return "; ".join(data.names.get(i, i) for i in ids) or "—"

        found = [msg("allocate.frontier.heading", count=len(self.points), of=Integer(data.count))]
        for point in self.points:
            if point.objective is None:
                found.append(msg("allocate.frontier.point_none", budget=money(point.budget)))
                continue
            figures: dict[str, Any] = {
                "budget": money(point.budget),
                "value": Number(data.points(point.objective), 1),
                "cost": money(point.cost),
                "names": names(point.initiatives),
            }
            if point.from_pools > 1e-9 * max(point.cost, 1.0):
                found.append(
                    msg("allocate.frontier.point_pools", pooled=money(point.from_pools), **figures)
                )
            else:
                found.append(msg("allocate.frontier.point", **figures))
        if data.must_not:  # why no level reaches 100
            out = sorted(data.must_not)
            worth = index_points(data.points(float(sum(data.values[i] for i in out))))
            ruled = names([data.ids[i] for i in out])
            found.append(msg("allocate.frontier.ruled_out", names=ruled, points=worth))
        found.append(msg("allocate.frontier.order_heading"))
        for rank, i in enumerate(order_of_buy(data)):
            found.append(
                msg(
                    "allocate.frontier.order_line",
                    rank=rank + 1,
                    name=data.names.get(data.ids[i], data.ids[i]),
                    points=index_points(data.points(float(data.values[i]))),
                    cost=money(float(data.total_costs[i])),
                    ratio=index_points(data.points(ratio(data, i))),
                    unit=MoneyUnit(data.unit, data.currency),
                )
            )
        found.append(msg("allocate.frontier.first_out", names=names(self.first_out)))
        found.append(msg("allocate.frontier.first_in", names=names(self.first_in)))
        return found


def budget_levels(data: PortfolioInput) -> list[float]:
    """Cumulative costs along the order of buy (`must_not` initiatives left out), an even
    grid, and the scenario's budget."""
    costs = data.total_costs
    cumulative = np.cumsum([costs[i] for i in order_of_buy(data) if i not in data.must_not])
    top = float(max(costs.sum(), data.initiatives_budget))
    grid = np.linspace(0.0, top, GRID_POINTS + 1)[1:]
    levels = {round(float(b), 9) for b in [*cumulative, *grid, data.initiatives_budget]}
    return sorted(b for b in levels if b > 0)


def _point(data: PortfolioInput, budget: float) -> FrontierPoint:
    solution = solve_portfolio(data.with_budget(budget))
    if not solution.solved:
        return FrontierPoint(budget, None, (), 0.0)
    ids = tuple(data.ids[i] for i in range(data.count) if solution.funded[i])
    return FrontierPoint(
        budget,
        solution.objective,
        ids,
        float(solution.money.sum()),
        data.points(solution.objective),
        solution.from_pools(data),
    )


def value_frontier(
    scenario: Scenario | PortfolioInput, budgets: list[float] | None = None
) -> Frontier:
    """The best portfolio at each budget level, and the marginal initiatives."""
    data = scenario if isinstance(scenario, PortfolioInput) else portfolio_input(scenario)
    if budgets is not None and any(not np.isfinite(b) or b <= 0 for b in budgets):
        raise AllocationError("allocate.frontier.budgets")
    levels = sorted(set(budget_levels(data) if budgets is None else budgets))
    points = [_point(data, b) for b in levels]
    own = data.initiatives_budget
    here = _point(data, own) if own > 0 else FrontierPoint(own, None, (), 0.0)
    # the nearest levels whose best portfolio differs from the one at the scenario's budget
    lower = [
        p
        for p in points
        if p.budget < own - 1e-9 and p.objective is not None and p.initiatives != here.initiatives
    ]
    higher = [
        p
        for p in points
        if p.budget > own + 1e-9 and p.objective is not None and p.initiatives != here.initiatives
    ]
    frontier = Frontier(data, points, own)
    if lower:
        frontier.first_out = [i for i in here.initiatives if i not in lower[-1].initiatives]
    if higher:
        frontier.first_in = [i for i in higher[0].initiatives if i not in here.initiatives]
    return frontier
