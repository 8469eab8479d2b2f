"""The chosen portfolio of initiatives, its explanations, and how it reads (docs/model.md §15).

`optimise_portfolio` solves the choice (`portfolio_model`), prices the binding rules and
compares the order of buy (`portfolio_explain`), or, when no portfolio meets every rule,
finds the repairs. `Portfolio.to_json` is what `prioritise optimise --json` adds under
`"initiatives"` and `"portfolio"`; `Portfolio.lines` its text in either language.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from prioritise.allocate.portfolio_explain import (
    Priced,
    RepairStep,
    greedy_portfolio,
    order_of_buy,
    ratio,
    repairs,
    rule_prices,
)
from prioritise.allocate.portfolio_input import PortfolioInput, portfolio_input
from prioritise.allocate.portfolio_model import PortfolioSolution, Row, solve_portfolio
from prioritise.allocate.text import index_points, part_points
from prioritise.scenario.schema import Scenario
from prioritise.scoring.initiatives import InitiativeValues
from prioritise.text import Integer, ListOf, Message, Money, Number, Percent, msg

__all__ = ["Portfolio", "optimise_portfolio", "repair_lines", "rule_message", "write_lines"]


@dataclass
class Portfolio:
    data: PortfolioInput
    solution: PortfolioSolution
    greedy: tuple[set[int], float] | None = None
    priced: list[Priced] = field(default_factory=list)
    repairs: list[list[RepairStep]] = field(default_factory=list)

    @property
    def solved(self) -> bool:
        return self.solution.solved

    @property
    def objective(self) -> float:
        return self.solution.objective

    def funded(self) -> list[tuple[str, float, float]]:
        """(id, share, amount over all years) of every funded initiative, in file order."""
        if not self.solved:
            return []
        return [
            (self.data.ids[i], float(self.solution.shares[i]), float(self.solution.money[i].sum()))
            for i in range(self.data.count)
            if self.solution.funded[i]
        ]

    def from_pools(self) -> float:
        """The money the funded initiatives draw from pools (beyond the budget's share)."""
        return self.solution.from_pools(self.data)

    def to_json(self) -> dict[str, Any]:
        data = self.data
        order = order_of_buy(data)
        return {
            "status": self.solution.status,
            "objective": self.objective if self.solved else None,
            "value_index": data.points(self.objective) if self.solved else None,
            "full_value": data.full_value,
            "budget": data.initiatives_budget,
            "from_pools": self.from_pools() if self.solved else None,
            "initiatives": [
                {"id": ident, "share": share, "amount": amount}
                for ident, share, amount in self.funded()
            ],
            "order_of_buy": [
                {
                    "id": data.ids[i],
                    "value": float(data.values[i]),
                    "points": data.points(float(data.values[i])),
                    "cost": float(data.total_costs[i]),
                    "value_per_cost": _finite(ratio(data, i)),
                }
                for i in order
            ],
            "greedy": None
            if self.greedy is None
            else {
                "objective": self.greedy[1],
                "value_index": data.points(self.greedy[1]),
                "initiatives": [data.ids[i] for i in sorted(self.greedy[0])],
            },
            "binding": [
                {
                    "rule": p.row.name,
                    "kind": p.row.kind,
                    "gain": p.gain,
                    "points": data.points(p.gain),
                    "step": p.step,
                }
                for p in self.priced
            ],
            "repairs": [
                [{"rule": step.row.name, "change": step.amount} for step in repair]
                for repair in self.repairs
            ],
        }

    def lines(self) -> list[Message]:
        """The portfolio in sentences: what is funded, the baseline, binding rules, repairs."""
        data = self.data
        if not self.solved:
            return [msg("allocate.portfolio.infeasible"), *repair_lines(self.repairs, data)]
        funded = self.funded()
        spent = sum(amount for _, _, amount in funded)
        pooled = self.from_pools()
        figures: dict[str, Any] = {
            "count": len(funded),
            "of": Integer(data.count),
            "spent": _money(spent, data),
            "budget": _money(data.initiatives_budget, data),
            "value": Number(data.points(self.objective), 1),
        }
        if pooled > 1e-9 * max(spent, 1.0):  # say what came from the budget and the pools
            figures |= {"own": _money(spent - pooled, data), "pooled": _money(pooled, data)}
            found = [msg("allocate.portfolio.heading_pools", **figures)]
        else:
            found = [msg("allocate.portfolio.heading", **figures)]
        for ident, share, amount in funded:
            i = data.ids.index(ident)
            full = data.points(float(data.values[i]))  # its points funded in full, as tables say
            said: dict[str, Any] = {
                "name": data.names.get(ident, ident),
                "share": Percent(share, 0),
                "amount": _money(amount, data),
                "points": index_points(full * share),
            }
            if share >= 1 - 1e-6:
                found.append(msg("allocate.portfolio.funded", **said))
            else:
                said["points"], whole = part_points(full * share, full)
                found.append(msg("allocate.portfolio.funded_part", full=whole, **said))
        if self.greedy is not None and self.objective > 0:
            found.append(
                msg(
                    "allocate.portfolio.greedy",
                    value=Number(data.points(self.greedy[1]), 1),
                    share=Percent(self.greedy[1] / self.objective, 1),
                )
            )
        for priced in self.priced:
            found.append(_priced(priced, data))
        return found


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _money(amount: float, data: PortfolioInput) -> Money:
    return Money(amount, data.unit, data.currency, 0 if data.unit == 1 else 2)


_RULE = re.compile(r"^(\w+)\[([^\]]+)\](?:\[([^\]]+)\])?(?:\.(min|max))?$")


def rule_message(row: Row, data: PortfolioInput) -> Message:
    """A rule in words: "the budget for initiatives in 2026", "'a' requires 'b'"."""
    match = _RULE.match(row.name)
    first, second = (match.group(2), match.group(3)) if match else (row.name, None)

    def name(ident: str | None) -> str:
        return data.names.get(ident or "", ident or "")

    if row.kind == "budget":
        return msg("allocate.portfolio.rule.budget", year=first)
    if row.kind == "pool":
        pool = data.labels.get(first, first)
        if second is None:
            return msg("allocate.portfolio.rule.pool", pool=pool)
        return msg("allocate.portfolio.rule.pool_year", pool=pool, year=second)
    if row.kind == "share":
        bound = match.group(4) if match else "max"
        label = data.labels.get(first, first)
        return msg(_SHARE_RULES[row.name.split("_share")[0], bound], name=label)
    if row.kind in ("must", "must_not"):
        return msg(_RULES[row.kind], first=name(first))
    return msg(_RULES[row.kind], first=name(first), second=name(second))


_SHARE_RULES = {
    ("programme", "max"): "allocate.portfolio.rule.programme_max",
    ("programme", "min"): "allocate.portfolio.rule.programme_min",
    ("region", "max"): "allocate.portfolio.rule.region_max",
    ("region", "min"): "allocate.portfolio.rule.region_min",
}
_RULES = {
    "requires": "allocate.portfolio.rule.requires",
    "excludes": "allocate.portfolio.rule.excludes",
    "must": "allocate.portfolio.rule.must",
    "must_not": "allocate.portfolio.rule.must_not",
}
INDENTED = frozenset(
    {
        "allocate.portfolio.funded",
        "allocate.portfolio.funded_part",
    }
)
"""Lines written under a heading, two spaces in."""


def write_lines(lines: list[Message], lang: str) -> str:
    """Sentences as the terminal shows them, one a line, items under their heading."""
    return "\n".join(("  " if m.id in INDENTED else "") + m.text(lang) for m in lines)


def repair_lines(found: list[list[RepairStep]], data: PortfolioInput) -> list[Message]:
    """Each way out of a scenario whose rules no portfolio meets, one sentence each."""
    return [
        msg("allocate.portfolio.repair", changes=ListOf([_step(step, data) for step in repair]))
        for repair in found
    ]


def _step(step: RepairStep, data: PortfolioInput) -> Message:
    rule = rule_message(step.row, data)
    if step.amount is None:
        return msg("allocate.portfolio.drop", rule=rule)
    key = "allocate.portfolio.lower" if step.row.sense == ">=" else "allocate.portfolio.raise"
    return msg(key, rule=rule, amount=_money(step.amount, data))


def _priced(priced: Priced, data: PortfolioInput) -> Message:
    rule = rule_message(priced.row, data)
    if priced.step is None:
        return msg(
            "allocate.portfolio.price_drop", rule=rule, gain=index_points(data.points(priced.gain))
        )
    key = (
        "allocate.portfolio.price_lower"
        if priced.row.sense == ">="
        else "allocate.portfolio.price_raise"
    )
    gain = index_points(data.points(priced.gain))
    return msg(key, rule=rule, amount=_money(priced.step, data), gain=gain)


def optimise_portfolio(
    scenario: Scenario,
    *,
    budget: float | None = None,
    values: InitiativeValues | None = None,
    explain: bool = True,
    time_limit: float | None = None,
) -> Portfolio:
    """The best portfolio of the scenario's initiatives (at `budget` in total, years in their
    proportions); with `explain`, the order of buy, priced binding rules, or the repairs."""
    data = portfolio_input(scenario, values, budget)
    return solve_input(data, explain=explain, time_limit=time_limit)


def solve_input(
    data: PortfolioInput, *, explain: bool = True, time_limit: float | None = None
) -> Portfolio:
    solution = solve_portfolio(data, time_limit=time_limit)
    result = Portfolio(data, solution)
    if not explain:
        return result
    if solution.solved:
        result.greedy = greedy_portfolio(data)
        result.priced = rule_prices(data, solution)
    elif solution.status == "infeasible":
        result.repairs = repairs(data)
    return result
