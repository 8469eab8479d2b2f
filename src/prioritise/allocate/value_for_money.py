"""Value for money: the efficient frontier of portfolios across budgets (docs/model.md §15.4).

For each budget level b (the money for initiatives over all years, years in the scenario's
proportions) the frontier holds the best portfolio at b, found exactly by the model. The
levels are every distinct cumulative cost along the order of buy, an even grid of
`GRID_POINTS` up to what every initiative costs together, and the scenario's own budget; or
the levels asked for. At the scenario's budget, the *marginal* initiatives are those the
nearest lower level with another portfolio drops (first out if the budget falls) and those
the nearest higher level with another portfolio adds (first in if it rises).

The text says what changes from one level to the next: the first level with a portfolio lists
what it funds, each next one the initiatives that come in, go out (a bigger one may become
affordable) or change their funded share, with the index points and money they bring or take.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from prioritise.allocate.frontier_levels import (
    FrontierPoint,
    level_lines,
    level_money,
    listed_names,
    unsolved_lines,
)
from prioritise.allocate.input import AllocationError
from prioritise.allocate.lanes import in_lanes, lane_count
from prioritise.allocate.portfolio_explain import (
    buy_sequence,
    needed_by,
    order_of_buy,
    ratio,
    repairs,
)
from prioritise.allocate.portfolio_input import PortfolioInput, portfolio_input
from prioritise.allocate.portfolio_model import solve_portfolio
from prioritise.allocate.text import index_points
from prioritise.scenario.schema import Scenario
from prioritise.text import Integer, ListOf, Message, MoneyUnit, msg

__all__ = ["Frontier", "FrontierPoint", "budget_levels", "value_frontier"]

GRID_POINTS = 10

_INDENT = {
    **dict.fromkeys(
        [
            "allocate.frontier.point_none",
            "allocate.frontier.points_none",
            "allocate.frontier.first",
            "allocate.frontier.first_pools",
            "allocate.frontier.first_none",
            "allocate.frontier.step",
            "allocate.frontier.step_pools",
            "allocate.frontier.same",
            "allocate.frontier.same_pools",
            "allocate.frontier.order_line",
            "allocate.frontier.order_line_free",
            "allocate.frontier.order_ruled_out",
            "allocate.frontier.order_must",
            "allocate.frontier.order_requires",
        ],
        "  ",
    ),
    **dict.fromkeys(
        [
            "allocate.frontier.funds",
            "allocate.frontier.funds_part",
            "allocate.frontier.comes_in",
            "allocate.frontier.comes_in_part",
            "allocate.frontier.goes_out",
            "allocate.frontier.share_change",
            "allocate.portfolio.repair",
        ],
        "      ",
    ),
}
"""How far in each line of the text is written: levels under the heading, their changes under
each level."""


@dataclass
class Frontier:
    data: PortfolioInput
    points: list[FrontierPoint]
    budget: float
    """The scenario's own money for initiatives."""
    first_out: list[str] = field(default_factory=list)
    first_in: list[str] = field(default_factory=list)
    lower: float | None = None
    """The level below `budget` that `first_out` compares with (None: no level below changes
    the portfolio); `higher` likewise above, for `first_in`."""
    higher: float | None = None

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
                    "points_per_cost": (
                        data.points(ratio(data, i)) if np.isfinite(ratio(data, i)) else None
                    ),
                    "order_of_buy": rank + 1,
                }
                for rank, i in enumerate(order_of_buy(data))
            ],
            "marginal": {
                "first_out": self.first_out,
                "first_in": self.first_in,
                "lower_budget": self.lower,
                "higher_budget": self.higher,
            },
        }

    def lines(self) -> list[Message]:
        """The text: each level by what changes from the one above, then the order of buy and
        the marginal initiatives."""
        data = self.data
        pooled = any(point.from_pools > 0 for point in self.points)  # spending beyond a level
        heading = "allocate.frontier.heading_pools" if pooled else "allocate.frontier.heading"
        found = [msg(heading, count=len(self.points), of=Integer(data.count))]
        found.append(msg("allocate.frontier.reading"))
        if pooled:  # which source pays is not unique (docs/model.md §15.4)
            found.append(msg("allocate.frontier.pools_reading"))
        previous: FrontierPoint | None = None
        unsolved: list[FrontierPoint] = []  # levels in a row without a portfolio
        for point in self.points:
            if point.value_index is None:
                if unsolved and unsolved[-1].repairs != point.repairs:
                    found.extend(unsolved_lines(unsolved, data))
                    unsolved = []
                unsolved.append(point)
                previous = None  # the next level with a portfolio lists it whole
                continue
            if unsolved:
                found.extend(unsolved_lines(unsolved, data))
                unsolved = []
            found.extend(level_lines(point, previous, data))
            previous = point
        if unsolved:
            found.extend(unsolved_lines(unsolved, data))
        if data.must_not:  # why no level reaches 100
            out = sorted(data.must_not)
            worth = index_points(data.points(float(sum(data.values[i] for i in out))))
            ruled = listed_names([data.ids[i] for i in out], data)
            found.append(msg("allocate.frontier.ruled_out", names=ruled, points=worth))
        found.append(msg("allocate.frontier.order_heading"))
        for rank, i in enumerate(order_of_buy(data)):
            figures: dict[str, Any] = {
                "rank": rank + 1,
                "name": data.names.get(data.ids[i], data.ids[i]),
                "points": index_points(data.points(float(data.values[i]))),
            }
            if float(data.total_costs[i]) > 0:
                per_cost = index_points(data.points(ratio(data, i)))
                unit = MoneyUnit(data.unit, data.currency)
                cost = level_money(float(data.total_costs[i]), data)
                line = msg(
                    "allocate.frontier.order_line", cost=cost, ratio=per_cost, unit=unit, **figures
                )
            else:  # nothing to divide by: no "inf points per unit"
                line = msg("allocate.frontier.order_line_free", **figures)
            if i in data.must_not:  # a spreadsheet would buy it; the rules keep it out
                line = msg("allocate.frontier.order_ruled_out", line=line)
            elif i in data.must:  # bought before the list is followed
                line = msg("allocate.frontier.order_must", line=line)
            elif needed := needed_by(data, i):  # bought only with what it requires
                names = ListOf([data.names.get(data.ids[k], data.ids[k]) for k in sorted(needed)])
                line = msg("allocate.frontier.order_requires", line=line, names=names)
            found.append(line)
        found.extend(self._marginal())
        return found

    def _marginal(self) -> list[Message]:
        """What goes first if the money falls from the scenario's own, and what comes in first
        if it rises, each against the nearest level shown whose portfolio differs."""
        data, budget = self.data, level_money(self.budget, self.data)
        if self.lower is None:
            out = msg("allocate.frontier.first_out_none", budget=budget)
        else:
            names, lower = listed_names(self.first_out, data), level_money(self.lower, data)
            out = msg("allocate.frontier.first_out", budget=budget, lower=lower, names=names)
        if self.higher is None:
            return [out, msg("allocate.frontier.first_in_none", budget=budget)]
        names, higher = listed_names(self.first_in, data), level_money(self.higher, data)
        return [out, msg("allocate.frontier.first_in", budget=budget, higher=higher, names=names)]

    def text(self, lang: str) -> str:
        """The text as the terminal shows it, one line each, levels under the heading and
        their changes under each level."""
        return "\n".join(_INDENT.get(m.id, "") + m.text(lang) for m in self.lines())


def budget_levels(data: PortfolioInput) -> list[float]:
    """Cumulative costs along the order of buy as it is bought (`buy_sequence`: committed
    initiatives first, each with what it requires), an even grid, and the scenario's budget."""
    costs = data.total_costs
    cumulative = np.cumsum([costs[i] for i in buy_sequence(data)])
    top = float(max(costs.sum(), data.initiatives_budget))
    grid = np.linspace(0.0, top, GRID_POINTS + 1)[1:]
    levels = {round(float(b), 9) for b in [*cumulative, *grid, data.initiatives_budget]}
    return sorted(b for b in levels if b > 0)


def _point(data: PortfolioInput, budget: float, explain: bool = True) -> FrontierPoint:
    at = data.with_budget(budget)
    solution = solve_portfolio(at)
    if not solution.solved:  # says how to get one: the ways out of §15.3, verified
        found = repairs(at) if explain and solution.status == "infeasible" else []
        return FrontierPoint(budget, None, (), 0.0, repairs=tuple(map(tuple, found)))
    ids = tuple(data.ids[i] for i in range(data.count) if solution.funded[i])
    return FrontierPoint(
        budget,
        solution.objective,
        ids,
        float(solution.money.sum()),
        data.points(solution.objective),
        solution.from_pools(data),
        tuple(float(solution.shares[i]) for i in range(data.count) if solution.funded[i]),
    )


def value_frontier(
    scenario: Scenario | PortfolioInput,
    budgets: list[float] | None = None,
    *,
    explain: bool = True,
) -> Frontier:
    """The best portfolio at each budget level, and the marginal initiatives; `explain` false
    leaves out the ways out of levels without a portfolio (a chart that does not say them)."""
    data = scenario if isinstance(scenario, PortfolioInput) else portfolio_input(scenario)
    if budgets is not None and any(not np.isfinite(b) or b <= 0 for b in budgets):
        raise AllocationError("allocate.frontier.budgets")
    levels = sorted(set(budget_levels(data) if budgets is None else budgets))
    own = data.initiatives_budget
    asked = [*levels, own] if own > 0 and own not in levels else levels
    # each level is a portfolio model of its own: side by side, one per core
    lanes = range(lane_count(len(asked)))
    found = in_lanes(lanes, asked, lambda _, b: _point(data, b, explain))
    solved = dict(zip(asked, found, strict=True))
    points = [solved[b] for b in levels]
    here = solved[own] if own > 0 else FrontierPoint(own, None, (), 0.0)
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
        frontier.lower = lower[-1].budget
    if higher:
        frontier.first_in = [i for i in higher[0].initiatives if i not in here.initiatives]
        frontier.higher = higher[0].budget
    return frontier
