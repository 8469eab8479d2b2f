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

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from prioritise.allocate.input import AllocationError
from prioritise.allocate.lanes import in_lanes, lane_count
from prioritise.allocate.portfolio_explain import order_of_buy, ratio
from prioritise.allocate.portfolio_input import PortfolioInput, portfolio_input
from prioritise.allocate.portfolio_model import solve_portfolio
from prioritise.allocate.text import index_points
from prioritise.scenario.schema import Scenario
from prioritise.text import Integer, Message, Money, MoneyUnit, Number, Percent, msg, rounded

__all__ = ["Frontier", "FrontierPoint", "budget_levels", "value_frontier"]

GRID_POINTS = 10
SAME_SHARE = 1e-4
"""Shares closer than this (a hundredth of a percent) are the same funding of an initiative."""

_INDENT = {
    **dict.fromkeys(
        [
            "allocate.frontier.point_none",
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
        ],
        "      ",
    ),
}
"""How far in each line of the text is written: levels under the heading, their changes under
each level."""


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
    shares: tuple[float, ...] = ()
    """The funded share of each of `initiatives` (1 = in full); none given means all in full."""

    def share_of(self) -> dict[str, float]:
        """Each funded initiative's share, by id."""
        if len(self.shares) != len(self.initiatives):
            return dict.fromkeys(self.initiatives, 1.0)
        return dict(zip(self.initiatives, self.shares, strict=True))

    def to_json(self) -> dict[str, Any]:
        return {
            "budget": self.budget,
            "objective": self.objective,
            "value_index": self.value_index,
            "initiatives": list(self.initiatives),
            "cost": self.cost,
            "from_pools": self.from_pools,
            "shares": self.share_of(),
        }


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
        previous: FrontierPoint | None = None
        for point in self.points:
            if point.value_index is None:
                found.append(msg("allocate.frontier.point_none", budget=_money(point.budget, data)))
                previous = None  # the next level with a portfolio lists it whole
                continue
            found.extend(_level(point, previous, data))
            previous = point
        if data.must_not:  # why no level reaches 100
            out = sorted(data.must_not)
            worth = index_points(data.points(float(sum(data.values[i] for i in out))))
            ruled = _names([data.ids[i] for i in out], data)
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
                cost = _money(float(data.total_costs[i]), data)
                line = msg(
                    "allocate.frontier.order_line", cost=cost, ratio=per_cost, unit=unit, **figures
                )
            else:  # nothing to divide by: no "inf points per unit"
                line = msg("allocate.frontier.order_line_free", **figures)
            if i in data.must_not:  # a spreadsheet would buy it; the rules keep it out
                line = msg("allocate.frontier.order_ruled_out", line=line)
            found.append(line)
        found.extend(self._marginal())
        return found

    def _marginal(self) -> list[Message]:
        """What goes first if the money falls from the scenario's own, and what comes in first
        if it rises, each against the nearest level shown whose portfolio differs."""
        data, budget = self.data, _money(self.budget, self.data)
        if self.lower is None:
            out = msg("allocate.frontier.first_out_none", budget=budget)
        else:
            names, lower = _names(self.first_out, data), _money(self.lower, data)
            out = msg("allocate.frontier.first_out", budget=budget, lower=lower, names=names)
        if self.higher is None:
            return [out, msg("allocate.frontier.first_in_none", budget=budget)]
        names, higher = _names(self.first_in, data), _money(self.higher, data)
        return [out, msg("allocate.frontier.first_in", budget=budget, higher=higher, names=names)]

    def text(self, lang: str) -> str:
        """The text as the terminal shows it, one line each, levels under the heading and
        their changes under each level."""
        return "\n".join(_INDENT.get(m.id, "") + m.text(lang) for m in self.lines())


def _decimals(data: PortfolioInput) -> int:
    return 0 if data.unit == 1 else 2


def _money(amount: float, data: PortfolioInput, *, signed: bool = False) -> Money:
    return Money(amount, data.unit, data.currency, _decimals(data), signed=signed)


def _names(ids: list[str] | tuple[str, ...], data: PortfolioInput) -> str:
    return "; ".join(data.names.get(i, i) for i in ids) or "—"


def _index(point: FrontierPoint) -> float:
    if point.value_index is None:
        raise ValueError("a level without a portfolio has no index")
    return point.value_index


def _signed(points: float) -> Number:
    return replace(index_points(points), signed=True)


def _level(
    point: FrontierPoint, previous: FrontierPoint | None, data: PortfolioInput
) -> list[Message]:
    """A level's line, then its initiatives: all of them if it is the first level with a
    portfolio (`previous` None), else those that came in, went out or changed their share."""
    figures: dict[str, Any] = {
        "budget": _money(point.budget, data),
        "value": Number(_index(point), 1),
        "cost": _money(point.cost, data),
    }
    pools = "_pools" if point.from_pools > 1e-9 * max(point.cost, 1.0) else ""
    if pools:
        figures["pooled"] = _money(point.from_pools, data)
    if previous is None:
        if not point.initiatives:
            return [msg("allocate.frontier.first_none", **figures)]
        head = msg(f"allocate.frontier.first{pools}", count=len(point.initiatives), **figures)
        return [head, *_funded(point, data)]
    changes = _changes(previous, point, data)
    if not changes:
        return [msg(f"allocate.frontier.same{pools}", **figures)]
    # the differences of the figures shown, so that the reader's own subtraction agrees
    gain = rounded(_index(point), 1) - rounded(_index(previous), 1)
    more = rounded(point.cost, _decimals(data)) - rounded(previous.cost, _decimals(data))
    figures["gain"] = Number(gain, 1, signed=True)
    change = _index(point) - _index(previous)
    if round(gain, 1) == 0 and abs(change) >= 1e-4:  # a change too small for one decimal
        figures["gain"] = replace(index_points(change), signed=True)  # "+0,070", not "0,0"
    figures["more"] = _money(more, data, signed=True)
    return [msg(f"allocate.frontier.step{pools}", **figures), *changes]


def _worth(ident: str, share: float, data: PortfolioInput) -> dict[str, Any]:
    """An initiative's name, and the index points and money of `share` of it (signed)."""
    k = data.ids.index(ident)
    points = data.points(float(data.values[k]) * share)
    return {
        "name": data.names.get(ident, ident),
        "points": replace(index_points(points), signed=True),
        "amount": _money(float(data.total_costs[k]) * share, data, signed=True),
    }


def _percents(*shares: float) -> list[Percent]:
    """Shares with the fewest decimals (up to 2) that tell them apart and show a part of an
    initiative below 100 %."""
    decimals = 0
    while decimals < 2:
        shown = [rounded(100 * s, decimals) for s in shares]
        apart = len(set(shown)) == len(shown)
        partial = [v for v, s in zip(shown, shares, strict=True) if s < 1 - SAME_SHARE]
        if apart and all(v < 100 for v in partial):
            break
        decimals += 1
    return [Percent(s, decimals) for s in shares]


def _funded(point: FrontierPoint, data: PortfolioInput) -> list[Message]:
    """Every initiative of a level, what it adds and spends."""
    found = []
    for ident, share in point.share_of().items():
        said = _worth(ident, share, data)
        said["points"] = replace(said["points"], signed=False)
        said["amount"] = replace(said["amount"], signed=False)
        if share < 1 - SAME_SHARE:
            (said["share"],) = _percents(share)
            found.append(msg("allocate.frontier.funds_part", **said))
        else:
            found.append(msg("allocate.frontier.funds", **said))
    return found


def _changes(previous: FrontierPoint, point: FrontierPoint, data: PortfolioInput) -> list[Message]:
    """What came in, what went out and whose funded share changed from `previous` to `point`,
    each with the index points and money it brings (+) or takes (−)."""
    before, after = previous.share_of(), point.share_of()
    came, went, changed = [], [], []
    for ident, share in after.items():
        if ident not in before:
            said = _worth(ident, share, data)
            if share < 1 - SAME_SHARE:
                (said["share"],) = _percents(share)
                came.append(msg("allocate.frontier.comes_in_part", **said))
            else:
                came.append(msg("allocate.frontier.comes_in", **said))
        elif abs(share - before[ident]) > SAME_SHARE:
            said = _worth(ident, share - before[ident], data)
            said["before"], said["after"] = _percents(before[ident], share)
            changed.append(msg("allocate.frontier.share_change", **said))
    for ident, share in before.items():
        if ident not in after:
            went.append(msg("allocate.frontier.goes_out", **_worth(ident, -share, data)))
    return [*came, *went, *changed]


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
        tuple(float(solution.shares[i]) for i in range(data.count) if solution.funded[i]),
    )


def value_frontier(
    scenario: Scenario | PortfolioInput, budgets: list[float] | None = None
) -> Frontier:
    """The best portfolio at each budget level, and the marginal initiatives."""
    data = scenario if isinstance(scenario, PortfolioInput) else portfolio_input(scenario)
    if budgets is not None and any(not np.isfinite(b) or b <= 0 for b in budgets):
        raise AllocationError("allocate.frontier.budgets")
    levels = sorted(set(budget_levels(data) if budgets is None else budgets))
    own = data.initiatives_budget
    asked = [*levels, own] if own > 0 and own not in levels else levels
    # each level is a portfolio model of its own: side by side, one per core
    found = in_lanes(range(lane_count(len(asked))), asked, lambda _, b: _point(data, b))
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
