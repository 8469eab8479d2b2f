"""Trade-offs: what more (or less) money buys, and what each rule of the allocation costs.

`budget_sweep` optimises one scenario at several totals — Transforma's 175 M and
Emilia-Romagna's 700 M on the same curve — with the value bought per extra unit of money
between consecutive budgets and the composition of each split. The model is built once and
only its budget-proportional right-hand sides move between points (`AllocationModel.solve`
with another budget), so a sweep costs little more than its solves. The absorptive scale of
each cell belongs to the economy, not to the budget (see `prioritise.allocate.input`): larger
budgets meet diminishing returns.

The ε-constraint frontiers (value against regional equity, against the largest programme
share, against the Metropolitan region's share) live in `prioritise.tradeoffs.frontier` and
`prioritise.tradeoffs.concentration`; the package `prioritise.tradeoffs` exports all three.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from prioritise.allocate.input import (
    AllocationError,
    AllocationInput,
    allocation_input,
    cell_values_of,
    check_budget,
)
from prioritise.allocate.results import Allocation
from prioritise.allocate.text import unit_label
from prioritise.scenario.schema import Scenario

__all__ = [
    "BudgetSweep",
    "ProgressCallback",
    "SweepPoint",
    "budget_sweep",
    "default_budgets",
    "reference_budget",
]

ProgressCallback = Callable[[int, int], None]
"""Called as progress(done, total) after each solve, so that long runs can show progress."""

TOTAL_KINDS = ("programme", "enabling_area", "region", "year")


def _number(value: Any) -> float | None:
    """A float for JSON and tables; NaN, infinity and missing values become None."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class SweepPoint:
    """One budget of a sweep: its optimum, the value of the last step, and the split.

    `marginal` is the value bought per extra unit of money since the previous budget of the
    sweep (from an empty budget, which is worth nothing, for the first point); it is None when
    either end of the step has no allocation. `shadow_price` is the optimiser's dual price of
    the total budget at this point: the value of one more unit here, holding the shares of
    each year fixed. Both are in value per unit of the scenario's money.
    """

    budget: float
    status: str
    message: str
    objective: float | None
    marginal: float | None
    shadow_price: float | None
    spent: float | None
    allocation: Allocation = field(repr=False)

    @property
    def feasible(self) -> bool:
        return self.allocation.solved

    def totals(self, kind: str) -> pd.Series:
        """Money by programme, enabling area, region or year at this budget."""
        if kind not in TOTAL_KINDS:
            raise ValueError(f"'{kind}' is not a total; use one of {', '.join(TOTAL_KINDS)}")
        return getattr(self.allocation.totals, kind)["amount"]

    def to_json(self) -> dict[str, Any]:
        totals: dict[str, dict[str, float | None]] = {kind: {} for kind in TOTAL_KINDS}
        if self.feasible:
            totals = {
                kind: {str(k): _number(v) for k, v in self.totals(kind).items()}
                for kind in TOTAL_KINDS
            }
        return {
            "budget": self.budget,
            "objective": _number(self.objective),
            "marginal": _number(self.marginal),
            "totals": totals,
            "status": self.status,
            "feasible": self.feasible,
            "shadow_price": _number(self.shadow_price),
            "spent": _number(self.spent),
            "message": self.message,
        }


@dataclass(frozen=True)
class BudgetSweep:
    """Optima of one scenario at several budgets, in increasing order of budget."""

    points: list[SweepPoint]
    programmes: tuple[str, ...]
    regions: tuple[str, ...]
    names: dict[str, str]
    unit: str
    reference_budget: float

    def to_frame(self) -> pd.DataFrame:
        """One row per budget: status, objective, marginal value, shadow price, money spent."""
        return pd.DataFrame(
            [
                {
                    "budget": p.budget,
                    "status": p.status,
                    "feasible": p.feasible,
                    "objective": _number(p.objective),
                    "marginal": _number(p.marginal),
                    "shadow_price": _number(p.shadow_price),
                    "spent": _number(p.spent),
                }
                for p in self.points
            ],
            columns=[
                "budget",
                "status",
                "feasible",
                "objective",
                "marginal",
                "shadow_price",
                "spent",
            ],
        )

    def composition(self, kind: str = "programme", share: bool = False) -> pd.DataFrame:
        """Money (or its share of each budget) by `kind`: budgets as rows, ids as columns.

        Budgets without an allocation are rows of NaN.
        """
        if kind not in TOTAL_KINDS:
            raise ValueError(f"'{kind}' is not a total; use one of {', '.join(TOTAL_KINDS)}")
        rows = {}
        for point in self.points:
            amounts = point.totals(kind).astype(float)
            if not point.feasible:
                amounts = amounts * np.nan
            rows[point.budget] = amounts / point.budget if share else amounts
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "budget"
        return frame

    def to_json(self) -> dict[str, Any]:
        """The `prioritise sweep --json` object of DESIGN §7 (plus a few extra keys per point)."""
        return {"points": [point.to_json() for point in self.points]}

    def format_text(self) -> str:
        """A readable table for the terminal: value and marginal value, then composition."""
        unit = self.unit
        lines = [
            f"Budget sweep ({unit})",
            f"  marginal: value per extra 1 {unit} since the previous budget",
            f"  dual: value of 1 {unit} more at this budget (the optimiser's price of the budget)",
            "",
            f"  {'budget':>10}  {'value':>9}  {'marginal':>9}  {'dual':>9}  {'spent':>10}  status",
        ]
        for p in self.points:
            lines.append(
                f"  {p.budget:>10,.2f}  {_fmt(p.objective, '.4f'):>9}  "
                f"{_fmt(p.marginal, '.5f'):>9}  {_fmt(p.shadow_price, '.5f'):>9}  "
                f"{_fmt(p.spent, ',.2f'):>10}  {p.status}"
            )
        for p in self.points:
            if not p.feasible:
                lines.append(f"  {p.budget:,.2f}: {p.message}")
        for kind, title in (("programme", "Money by programme"), ("region", "Money by region")):
            frame = self.composition(kind)
            lines += ["", f"{title} ({unit})"]
            width = max([len(self.names.get(i, i)[:28]) for i in frame.columns] + [6])
            header = "".join(f"  {budget:>10,.1f}" for budget in frame.index)
            lines.append(f"  {'':<{width}}{header}")
            for item in frame.columns:
                cells = "".join(f"  {_fmt(v, ',.2f'):>10}" for v in frame[item])
                lines.append(f"  {self.names.get(item, item)[:28]:<{width}}{cells}")
        return "\n".join(lines)


def _fmt(value: float | None, spec: str) -> str:
    number = _number(value)
    return "—" if number is None else format(number, spec)


def _budget_price(result: Allocation) -> float | None:
    table = result.constraints
    if not result.solved or table is None or table.empty:
        return None
    rows = table.loc[table["name"] == "budget", "shadow_price"]
    return _number(rows.iloc[0]) if len(rows) else None


REFERENCE_USD = 700_000_000.0
"""Emilia-Romagna's smart-specialisation budget for 2014–2020, in USD."""


def reference_budget(scenario: Scenario) -> float | None:
    """Emilia-Romagna's 700 M USD in the scenario's unit (None for other currencies)."""
    meta = scenario.scenario
    if meta.currency.upper() != "USD":
        return None
    return REFERENCE_USD / meta.unit


def default_budgets(scenario: Scenario) -> list[float]:
    """A quarter to four times the scenario's budget, and the 700 M USD reference."""
    total = float(scenario.budget.total)
    chosen = {round(total * factor, 6) for factor in (0.25, 0.5, 1.0, 2.0, 4.0)}
    reference = reference_budget(scenario)
    if reference is not None:
        chosen.add(round(reference, 6))
    return sorted(chosen)


def _origin_is_free(data: AllocationInput) -> bool:
    """An empty budget is a valid, worthless split unless some money is committed."""
    return not any(amount > 0 for _, _, amount in data.fixed_amounts())


def budget_sweep(
    scenario: Scenario,
    budgets: Sequence[float],
    solver: str = "highs",
    progress: ProgressCallback | None = None,
    *,
    time_limit: float | None = None,
    gap: float | None = None,
) -> BudgetSweep:
    """Optimise the scenario at each budget (sorted, repeated budgets once).

    A budget under which no allocation satisfies the rules (committed amounts above it, for
    instance) becomes a point with status "infeasible" and the diagnosis as its message.
    """
    from prioritise.allocate.solve import DEFAULT_GAP, AllocationModel

    try:
        chosen = sorted({float(b) for b in budgets})
    except (TypeError, ValueError):
        raise AllocationError(f"budgets must be numbers (got {list(budgets)!r})") from None
    if not chosen:
        raise AllocationError("a budget sweep needs at least one budget")
    for budget in chosen:
        check_budget(budget)
    data = allocation_input(scenario, cell_values_of(scenario))
    model = AllocationModel(data)
    options = {
        "solver": solver,
        "time_limit": time_limit,
        "gap": DEFAULT_GAP if gap is None else gap,
    }
    points: list[SweepPoint] = []
    previous: tuple[float, float] | None = (0.0, 0.0) if _origin_is_free(data) else None
    for done, budget in enumerate(chosen, start=1):
        result = model.solve(budget=budget, with_baselines=False, **options)
        objective = result.objective if result.solved else None
        marginal = None
        if objective is not None and previous is not None:
            marginal = (objective - previous[1]) / (budget - previous[0])
        previous = None if objective is None else (budget, objective)
        points.append(
            SweepPoint(
                budget=budget,
                status=result.status,
                message=result.message,
                objective=objective,
                marginal=marginal,
                shadow_price=_budget_price(result),
                spent=float(result.amounts.sum()) if result.solved else None,
                allocation=result,
            )
        )
        if progress is not None:
            progress(done, len(chosen))
    return BudgetSweep(
        points=points,
        programmes=data.programmes,
        regions=data.regions,
        names=dict(data.names),
        unit=unit_label(data),
        reference_budget=float(scenario.budget.total),
    )
