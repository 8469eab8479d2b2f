"""The frontier's levels: the best portfolio at one budget, and how each level is written.

A level with a portfolio is written by what changes from the level before it (docs/model.md
§15.4): the first lists what it funds, each next one what comes in, goes out or is funded at
another share, with the index points and money each brings or takes. Levels where no portfolio
meets the rules are written together where they run on with the same ways out (§15.3): one line
for "1.40 to 8.00 M USD", not four alike.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from prioritise.allocate.portfolio import repair_lines
from prioritise.allocate.portfolio_explain import RepairStep
from prioritise.allocate.portfolio_input import PortfolioInput
from prioritise.allocate.text import index_points
from prioritise.text import Integer, Message, Money, Number, Percent, msg, rounded

__all__ = [
    "FrontierPoint",
    "level_lines",
    "level_money",
    "listed_names",
    "money_places",
    "unsolved_lines",
]

SAME_SHARE = 1e-4
"""Shares closer than this (a hundredth of a percent) are the same funding of an initiative."""


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
    repairs: tuple[tuple[RepairStep, ...], ...] = ()
    """Where no portfolio meets the rules: the ways out at this level (§15.3), each verified."""

    def share_of(self) -> dict[str, float]:
        """Each funded initiative's share, by id."""
        if len(self.shares) != len(self.initiatives):
            return dict.fromkeys(self.initiatives, 1.0)
        return dict(zip(self.initiatives, self.shares, strict=True))

    def to_json(self) -> dict[str, Any]:
        solved = self.objective is not None  # a level without a portfolio spends nothing known
        return {
            "budget": self.budget,
            "objective": self.objective,
            "value_index": self.value_index,
            "initiatives": list(self.initiatives),
            "cost": self.cost if solved else None,
            "from_pools": self.from_pools if solved else None,
            "shares": self.share_of(),
            "repairs": [
                [{"rule": step.row.name, "change": step.amount} for step in repair]
                for repair in self.repairs
            ],
        }


def money_places(data: PortfolioInput) -> int:
    return 0 if data.unit == 1 else 2


def level_money(amount: float, data: PortfolioInput, *, signed: bool = False) -> Money:
    return Money(amount, data.unit, data.currency, money_places(data), signed=signed)


def listed_names(ids: list[str] | tuple[str, ...], data: PortfolioInput) -> str:
    return "; ".join(data.names.get(i, i) for i in ids) or "—"


def _index(point: FrontierPoint) -> float:
    if point.value_index is None:
        raise ValueError("a level without a portfolio has no index")
    return point.value_index


def level_lines(
    point: FrontierPoint, previous: FrontierPoint | None, data: PortfolioInput
) -> list[Message]:
    """A level's line, then its initiatives: all of them if it is the first level with a
    portfolio (`previous` None), else those that came in, went out or changed their share."""
    figures: dict[str, Any] = {
        "budget": level_money(point.budget, data),
        "value": Number(_index(point), 1),
        "cost": level_money(point.cost, data),
    }
    pools = "_pools" if point.from_pools > 1e-9 * max(point.cost, 1.0) else ""
    if pools:
        figures["pooled"] = level_money(point.from_pools, data)
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
    more = rounded(point.cost, money_places(data)) - rounded(previous.cost, money_places(data))
    figures["gain"] = Number(gain, 1, signed=True)
    change = _index(point) - _index(previous)
    if round(gain, 1) == 0 and abs(change) >= 1e-4:  # a change too small for one decimal
        figures["gain"] = replace(index_points(change), signed=True)  # "+0,070", not "0,0"
    figures["more"] = level_money(more, data, signed=True)
    return [msg(f"allocate.frontier.step{pools}", **figures), *changes]


def _worth(ident: str, share: float, data: PortfolioInput) -> dict[str, Any]:
    """An initiative's name, and the index points and money of `share` of it (signed)."""
    k = data.ids.index(ident)
    points = data.points(float(data.values[k]) * share)
    return {
        "name": data.names.get(ident, ident),
        "points": replace(index_points(points), signed=True),
        "amount": level_money(float(data.total_costs[k]) * share, data, signed=True),
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


def unsolved_lines(points: list[FrontierPoint], data: PortfolioInput) -> list[Message]:
    """Levels in a row without a portfolio and with the same ways out: one line, the lowest
    and highest level when there are several, then each way out of the highest."""
    first, last = points[0], points[-1]
    if len(points) == 1:
        head = msg("allocate.frontier.point_none", budget=level_money(first.budget, data))
    else:
        head = msg(
            "allocate.frontier.points_none",
            low=level_money(first.budget, data),
            high=level_money(last.budget, data),
            number=Integer(len(points)),
        )
    return [head, *repair_lines([list(repair) for repair in last.repairs], data)]
