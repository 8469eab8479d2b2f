"""Why a portfolio of initiatives is what it is (docs/model.md §15.3).

- `order_of_buy`: the spreadsheet's way, the baseline: initiatives by value per unit of cost,
  each bought whole when it still fits every rule and what it requires is bought already.
- `rule_prices`: each rule priced by re-solving: the value a money rule (a year's budget, a
  pool, a share cap or floor) would add if raised by `RAISE` of its limit, and the value a
  logical rule (requires, excludes, must, must_not) would add if dropped. A rule with a price
  above zero is binding.
- `repairs`: for a scenario whose rules leave no portfolio, the smallest changes that leave
  one, each verified by solving: one rule dropped or one money rule raised by the least
  amount (found exactly by the model), else two rules dropped together.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np

from prioritise.allocate.portfolio_input import PortfolioInput
from prioritise.allocate.portfolio_model import PortfolioSolution, Row, solve_portfolio

__all__ = [
    "Priced",
    "RepairStep",
    "buy_sequence",
    "needed_by",
    "order_of_buy",
    "repairs",
    "rule_prices",
]

RAISE = 0.1
"""Money rules are priced by raising their limit by this share of it (10 %)."""
MAX_PAIRS = 300
"""At most this many pairs of rules are tried together when no single change helps."""


def ratio(data: PortfolioInput, i: int) -> float:
    """Value per unit of cost (infinite for an initiative that costs nothing)."""
    cost = float(data.total_costs[i])
    return float(data.values[i]) / cost if cost > 0 else float("inf")


def order_of_buy(data: PortfolioInput) -> list[int]:
    """Initiatives from the best value per unit of cost to the worst (ties: file order)."""
    return sorted(range(data.count), key=lambda i: (-ratio(data, i), i))


def buy_sequence(data: PortfolioInput) -> list[int]:
    """The order of buy as a spreadsheet that knows the rules of the file buys down it:
    committed (`must`) initiatives first, then the list; each initiative after what it
    requires, none twice, none that a `must_not` keeps out or that requires one. What fits the
    money is not asked: the frontier's levels are the running costs along it (§15.4)."""
    order = order_of_buy(data)
    rank = {i: n for n, i in enumerate(order)}
    bought: list[int] = []

    def buy(i: int) -> None:  # what it requires first, in the list's order (no circles: §15.2)
        for k in sorted({b for a, b in data.requires if a == i}, key=rank.__getitem__):
            if k not in bought:
                buy(k)
        bought.append(i)

    for i in [*sorted(data.must), *order]:
        if i not in bought and not ({i} | needed_by(data, i)) & set(data.must_not):
            buy(i)
    return bought


def greedy_portfolio(data: PortfolioInput) -> tuple[set[int], float]:
    """The order of buy followed down the list: `must` initiatives first (with what they
    require), then each one that still fits (checked by the model with every choice held),
    never a `must_not` one, and only once what it requires is bought. Floors are not
    sought; if the result misses one, it stands as the baseline anyway."""
    whole = replace(data, min_share=np.ones(data.count))  # bought whole, never in part
    floors = frozenset(limit.name for limit in data.limits if limit.bound == "min")
    floors |= {f"must[{data.ids[i]}]" for i in data.must}  # bought first, one at a time
    chosen: set[int] = set()
    for i in [*sorted(data.must), *order_of_buy(data)]:
        if i in chosen or i in data.must_not:
            continue
        needed = needed_by(data, i)
        if i not in data.must and not needed <= chosen:
            continue
        trial = chosen | {i} | needed
        fixed = {k: k in trial for k in range(data.count)}
        if solve_portfolio(whole, dropped=floors, fixed=fixed).solved:
            chosen = trial
    return chosen, float(sum(data.values[i] for i in chosen))


def needed_by(data: PortfolioInput, start: int) -> set[int]:
    """Every initiative `start` requires, directly or through others."""
    found: set[int] = set()
    stack = [b for a, b in data.requires if a == start]
    while stack:
        k = stack.pop()
        if k not in found:
            found.add(k)
            stack.extend(b for a, b in data.requires if a == k)
    return found


@dataclass(frozen=True)
class Priced:
    """A binding rule and the value it costs: `gain` if raised by `step` (money) or dropped."""

    row: Row
    gain: float
    step: float | None


def rule_prices(data: PortfolioInput, solution: PortfolioSolution) -> list[Priced]:
    """Every rule whose change would add value, with that value (by re-solving). Money rules
    are tried whatever room they leave: with whole initiatives, a budget with money left over
    can still be what keeps the next initiative out."""
    priced = []
    for row in solution.rows:
        if row.money:
            base = row.limit or 0.0
            step = RAISE * base if base > 0 else RAISE * data.initiatives_budget / len(data.years)
            if row.sense == ">=":
                step = -min(step, base)
            again = solve_portfolio(data, raised={row.name: step})
        else:
            step = None
            again = solve_portfolio(data, dropped=frozenset({row.name}))
        gain = again.objective - solution.objective if again.solved else 0.0
        if gain > 1e-9:
            priced.append(Priced(row, gain, None if step is None else abs(step)))
    return sorted(priced, key=lambda p: -p.gain)


@dataclass(frozen=True)
class RepairStep:
    """One change of a repair: `row` dropped (`amount` None) or raised (lowered for a floor)
    by `amount`."""

    row: Row
    amount: float | None


def repairs(data: PortfolioInput) -> list[list[RepairStep]]:
    """Verified smallest ways out of an infeasible scenario: single changes, else pairs."""
    rows = solve_portfolio(data).rows
    found: list[list[RepairStep]] = []
    for row in rows:
        if row.money:
            least = solve_portfolio(data, elastic=row.name)
            if least.solved:
                amount = float(least.objective)
                sign = -1.0 if row.sense == ">=" else 1.0
                raised = {row.name: sign * amount * (1 + 1e-9) + sign * 1e-9}
                if solve_portfolio(data, raised=raised).solved:
                    found.append([RepairStep(row, amount)])
        elif solve_portfolio(data, dropped=frozenset({row.name})).solved:
            found.append([RepairStep(row, None)])
    if found:
        return found
    for count, (a, b) in enumerate(combinations(rows, 2)):
        if count >= MAX_PAIRS:
            break
        if solve_portfolio(data, dropped=frozenset({a.name, b.name})).solved:
            found.append([RepairStep(a, None), RepairStep(b, None)])
    return found
