"""Each initiative's outcome in a chosen portfolio, and the reason for it in words
(docs/model.md §15.3).

A funded initiative says how much it gets. One left out says why, checked by solving again
with it forced in: it is ruled out (`must_not`); no portfolio with it keeps every rule; it
cannot go with a funded initiative it excludes; it needs an initiative that is not funded,
which loses to the initiatives that would have to go for both; or it loses to the initiatives
that would have to go for it, with the value that would be lost. `order_curve` places the
initiatives along the order of buy, for the value-for-money chart.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from prioritise.allocate.portfolio import Portfolio
from prioritise.allocate.portfolio_explain import order_of_buy, ratio
from prioritise.allocate.portfolio_input import PortfolioInput
from prioritise.allocate.portfolio_model import solve_portfolio
from prioritise.allocate.text import index_points
from prioritise.scenario.schema import Scenario
from prioritise.text import ListOf, Message, Money, Percent, msg

__all__ = ["CurvePoint", "Outcome", "initiative_names", "order_curve", "outcomes"]

FUNDED = "funded"
PARTIAL = "partial"
NOT_FUNDED = "not_funded"
WHOLE = 1 - 1e-6
"""A share at or above this counts as funded in full."""


@dataclass(frozen=True)
class Outcome:
    """One initiative in the portfolio: `status` funded, partial or not_funded; `share` and
    `amount` (all years) of what it gets; its `value`, total `cost`, value per cost (None when
    it costs nothing) and the `reason` in words."""

    id: str
    status: str
    share: float
    amount: float
    value: float
    cost: float
    ratio: float | None
    reason: Message


def initiative_names(scenario: Scenario, lang: str) -> dict[str, str]:
    """Each initiative's name in `lang` (its `names`, else its `name`)."""
    return {item.id: item.names.get(lang) or item.name for item in scenario.initiatives}


def _money(amount: float, data: PortfolioInput) -> Money:
    return Money(amount, data.unit, data.currency, 0 if data.unit == 1 else 2)


def _names(ids: list[int], data: PortfolioInput, names: Mapping[str, str]) -> ListOf:
    return ListOf([names.get(data.ids[k], data.ids[k]) for k in ids])


def _partners(data: PortfolioInput, i: int) -> list[int]:
    """The initiatives `i` excludes or is excluded by."""
    return [b if a == i else a for a, b in data.excludes if i in (a, b)]


def _not_funded(
    portfolio: Portfolio, i: int, names: Mapping[str, str], time_limit: float | None
) -> Message:
    data, funded = portfolio.data, portfolio.solution.funded
    if i in data.must_not:
        return msg("allocate.reason.must_not")
    forced = solve_portfolio(data, fixed={i: True}, time_limit=time_limit)
    excluded = [k for k in _partners(data, i) if funded[k]]
    if not forced.solved:
        committed = [k for k in _partners(data, i) if k in data.must]
        if committed:
            return msg("allocate.reason.excludes_must", other=_names(committed, data, names))
        return msg("allocate.reason.impossible")
    if excluded:
        return msg("allocate.reason.excludes", other=_names(excluded, data, names))
    dropped = [k for k in range(data.count) if funded[k] and not forced.funded[k]]
    loss = index_points(data.points(max(portfolio.objective - forced.objective, 0.0)))
    needed = [b for a, b in data.requires if a == i and not funded[b]]
    if needed:
        if dropped:
            return msg(
                "allocate.reason.needs",
                other=_names(needed, data, names),
                rivals=_names(dropped, data, names),
                loss=loss,
            )
        return msg("allocate.reason.needs_plain", other=_names(needed, data, names), loss=loss)
    if dropped:
        return msg("allocate.reason.loses", rivals=_names(dropped, data, names), loss=loss)
    return msg("allocate.reason.loses_plain", loss=loss)


def outcomes(
    portfolio: Portfolio,
    names: Mapping[str, str] | None = None,
    *,
    time_limit: float | None = None,
) -> list[Outcome]:
    """Every initiative in file order, with what it gets and why (names as given, else the
    scenario's); empty when no portfolio was found."""
    if not portfolio.solved:
        return []
    data, solution = portfolio.data, portfolio.solution
    names = data.names if names is None else names
    found = []
    for i, ident in enumerate(data.ids):
        share = float(solution.shares[i]) if solution.funded[i] else 0.0
        amount = float(solution.money[i].sum()) if solution.funded[i] else 0.0
        if not solution.funded[i]:
            status, reason = NOT_FUNDED, _not_funded(portfolio, i, names, time_limit)
        elif share >= WHOLE:
            key = "allocate.reason.must" if i in data.must else "allocate.reason.funded"
            status, reason = FUNDED, msg(key, amount=_money(amount, data))
        else:
            status = PARTIAL
            reason = msg(
                "allocate.reason.partial", share=Percent(share, 0), amount=_money(amount, data)
            )
        per_cost = ratio(data, i)
        found.append(
            Outcome(
                ident,
                status,
                share,
                amount,
                float(data.values[i]),
                float(data.total_costs[i]),
                per_cost if math.isfinite(per_cost) else None,
                reason,
            )
        )
    return found


@dataclass(frozen=True)
class CurvePoint:
    """An initiative on the order of buy: its place (1 = best value per cost) and what the
    initiatives up to it cost and are worth together."""

    id: str
    rank: int
    cost: float
    value: float


def order_curve(data: PortfolioInput) -> list[CurvePoint]:
    """The initiatives along the order of buy, each at the cumulative cost and value of those
    up to it (ruled-out initiatives last: the order of buy never takes them)."""
    order = order_of_buy(data)
    order = [i for i in order if i not in data.must_not] + [i for i in order if i in data.must_not]
    found, cost, value = [], 0.0, 0.0
    for rank, i in enumerate(order, start=1):
        cost += float(data.total_costs[i])
        value += float(data.values[i])
        found.append(CurvePoint(data.ids[i], rank, cost, value))
    return found
