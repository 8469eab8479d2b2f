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
    Label,
    allocation_input,
    cell_values_of,
    check_budget,
)
from prioritise.allocate.lanes import in_lanes, lane_count
from prioritise.allocate.results import Allocation
from prioritise.allocate.text import language_of, unit_label, unit_of
from prioritise.allocate.yardstick import reference_value
from prioritise.scenario.schema import Scenario
from prioritise.text import MoneyUnit, money, name_of, number, t
from prioritise.text.format import exact_decimals

__all__ = [
    "BudgetSweep",
    "ProgressCallback",
    "SweepPoint",
    "budget_sweep",
]

ProgressCallback = Callable[[int, int], None]
"""Called as progress(done, total) after each solve, so that long runs can show progress."""

TOTAL_KINDS = ("programme", "enabling_area", "region", "year")
INDEX_COLUMNS = ("value_index", "marginal_points", "shadow_price_points")
"""The sweep's value, marginal value and budget price in points of one value index."""
STATE_WORDS = {
    "optimal": "allocate.state.optimal",
    "feasible": "allocate.state.feasible",
    "infeasible": "allocate.state.infeasible",
    "not_solved": "allocate.state.not_solved",
    "error": "allocate.state.error",
}


def state_word(status: str, lang: str) -> str:
    """One word for a solve's status ('infeasible' / 'infactible')."""
    return t(STATE_WORDS.get(status, "allocate.state.error"), lang)


def check_kind(kind: str) -> None:
    if kind not in TOTAL_KINDS:
        raise AllocationError(
            "tradeoffs.error.not_a_total", kind=kind, kinds=", ".join(TOTAL_KINDS)
        )


def _number(value: Any) -> float | None:
    """A float for JSON and tables; NaN, infinity and missing values become None."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class SweepPoint:
    """One budget of a sweep: its optimum, the value of the last step, and the split.

    `marginal` is the value bought per extra unit of money since the nearest lower budget of
    the sweep that has a split (from an empty budget, which is worth nothing, when none has);
    it is None without a split here, or when committed money rules out the empty budget and
    no lower budget has a split. `shadow_price` is the optimiser's dual price of
    the total budget at this point: the value of one more unit here, holding the shares of
    each year fixed. Both are in value per unit of the scenario's money.
    """

    budget: float
    status: str
    objective: float | None
    marginal: float | None
    shadow_price: float | None
    spent: float | None
    allocation: Allocation = field(repr=False)

    @property
    def feasible(self) -> bool:
        return self.allocation.solved

    @property
    def message(self) -> str:
        """The solve's status (and diagnosis) in the scenario's language."""
        return self.allocation.message

    def message_text(self, lang: str | None = None) -> str:
        return self.allocation.message_text(lang)

    def totals(self, kind: str) -> pd.Series:
        """Money by programme, enabling area, region or year at this budget."""
        check_kind(kind)
        return getattr(self.allocation.totals, kind)["amount"]

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
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
            "message": self.message_text(lang),
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
    money_unit: MoneyUnit = field(default_factory=lambda: MoneyUnit(1e6, "USD"))
    language: str = "en"
    labels: dict[str, Label] = field(default_factory=dict)
    reference: float | None = None
    """The value at index 100 for every budget of the sweep: the most the scenario's own budget
    reaches with no rule but the budget (docs/model.md §10.1), so that points compare."""

    def points_of(self, value: float | None) -> float | None:
        """A value (or a value per unit of money) in points of the sweep's value index."""
        number = _number(value)
        if number is None or not self.reference:
            return None
        return 100.0 * number / self.reference

    def name(self, item: str, lang: str | None = None) -> str:
        """An item's name in `lang` (the scenario's language by default)."""
        label = self.labels.get(item)
        if label is None:
            return self.names.get(item, item)
        return name_of(label, lang or self.language)

    def to_frame(self) -> pd.DataFrame:
        """One row per budget: status, objective, marginal value, shadow price, money spent,
        the solver's gap."""
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
                    "gap": _number(p.allocation.gap) if p.feasible else None,
                    **self._in_points(p),
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
                "gap",
                *INDEX_COLUMNS,
            ],
        )

    def _in_points(self, point: SweepPoint) -> dict[str, float | None]:
        """The point's value, marginal value and shadow price in index points (per unit)."""
        return {
            "value_index": self.points_of(point.objective),
            "marginal_points": self.points_of(point.marginal),
            "shadow_price_points": self.points_of(point.shadow_price),
        }

    def composition(self, kind: str = "programme", share: bool = False) -> pd.DataFrame:
        """Money (or its share of each budget) by `kind`: budgets as rows, ids as columns.

        Budgets without an allocation are rows of NaN.
        """
        check_kind(kind)
        rows = {}
        for point in self.points:
            amounts = point.totals(kind).astype(float)
            if not point.feasible:
                amounts = amounts * np.nan
            rows[point.budget] = amounts / point.budget if share else amounts
        frame = pd.DataFrame.from_dict(rows, orient="index")
        frame.index.name = "budget"
        return frame

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        """The `prioritise sweep --json` object of docs/model.md §13 (plus a few extra keys per
        point); each point's `message` in `lang` (the scenario's language by default)."""
        points = [
            {**point.to_json(lang or self.language), **self._in_points(point)}
            for point in self.points
        ]
        return {"reference": _number(self.reference), "points": points}

    def _marginal_help(self) -> str:
        """The legend of the marginal value: from no budget for the first point with a split,
        unless committed money left it none (a split needs the committed money)."""
        first = next((point for point in self.points if point.objective is not None), None)
        if first is not None and first.marginal is None:
            return "tradeoffs.sweep.marginal_help_committed"
        return "tradeoffs.sweep.marginal_help"

    def format_text(self, lang: str | None = None) -> str:
        """A readable table for the terminal: value and marginal value, then composition."""
        lang = lang or self.language
        unit = self.money_unit.text(lang)

        def word(message_id: str) -> str:
            return t(message_id, lang)

        heads = [
            word("tradeoffs.column.budget"),
            word("tradeoffs.column.value"),
            word("tradeoffs.column.marginal"),
            word("tradeoffs.column.dual"),
            word("tradeoffs.column.spent"),
        ]
        rows = [
            [
                number(p.budget, lang, 2),
                number(self.points_of(p.objective), lang, 1),
                number(self.points_of(p.marginal), lang, 3),
                number(self.points_of(p.shadow_price), lang, 3),
                number(_number(p.spent), lang, 2),
            ]
            for p in self.points
        ]
        widths = [max(len(row[i]) for row in [heads, *rows]) for i in range(len(heads))]
        unit_size, currency = self.money_unit.unit, self.money_unit.currency
        own = self.reference_budget
        own_text = money(own, unit_size, currency, lang, exact_decimals([own], 2))
        lines = [
            t("tradeoffs.sweep.title", lang, unit=unit),
            "  "
            + (
                t("tradeoffs.sweep.value_help", lang, budget=own_text)
                if self.reference
                else t("tradeoffs.value_none", lang)
            ),
            "  " + t(self._marginal_help(), lang, unit=unit),
            "  " + t("tradeoffs.sweep.dual_help", lang, unit=unit),
            "",
            _row(heads, widths) + "  " + word("tradeoffs.column.status"),
        ]
        for p, row in zip(self.points, rows, strict=True):
            lines.append(_row(row, widths) + "  " + state_word(p.status, lang))
        for p in self.points:
            if not p.feasible:
                lines.append(f"  {number(p.budget, lang, 2)}: {p.message_text(lang)}")
        for kind, title in (
            ("programme", "tradeoffs.sweep.by_programme"),
            ("region", "tradeoffs.sweep.by_region"),
        ):
            frame = self.composition(kind)
            lines += ["", t(title, lang, unit=unit)]
            names = {item: self.name(str(item), lang) for item in frame.columns}  # whole names
            width = max([len(n) for n in names.values()] + [6])
            budgets = [number(float(budget), lang, 2) for budget in frame.index]  # as above
            cells = {
                item: [number(_number(v), lang, 2) for v in frame[item]] for item in frame.columns
            }
            size = max([len(b) for b in budgets] + [len(c) for v in cells.values() for c in v])
            lines.append(f"  {'':<{width}}" + "".join(f"  {b:>{size}}" for b in budgets))
            for item in frame.columns:
                shown = "".join(f"  {c:>{size}}" for c in cells[item])
                lines.append(f"  {names[item]:<{width}}{shown}")
        return "\n".join(lines)


def _row(cells: list[str], widths: list[int]) -> str:
    return "  " + "  ".join(f"{cell:>{width}}" for cell, width in zip(cells, widths, strict=True))


def _budget_price(result: Allocation) -> float | None:
    table = result.constraints
    if not result.solved or table is None or table.empty:
        return None
    rows = table.loc[table["name"] == "budget", "shadow_price"]
    return _number(rows.iloc[0]) if len(rows) else None


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
        raise AllocationError(
            "tradeoffs.error.budgets_not_numbers", budgets=repr(list(budgets))
        ) from None
    if not chosen:
        raise AllocationError("tradeoffs.error.no_budgets")
    for budget in chosen:
        check_budget(budget)
    data = allocation_input(scenario, cell_values_of(scenario))
    count = lane_count(len(chosen)) if solver == "highs" else 1  # CBC: a program per solve
    models: list[AllocationModel | None] = [AllocationModel(data), *[None] * (count - 1)]

    def solve_at(lane: int, budget: float) -> Allocation:
        """One budget on a lane's model, moved there from the scenario's own total: the
        same numbers whichever lane solves it and whatever it solved before."""
        model = models[lane] = models[lane] or AllocationModel(data)
        model.builder.set_budget(budget, data)
        return model.solve(
            solver=solver,
            time_limit=time_limit,
            gap=DEFAULT_GAP if gap is None else gap,
            with_baselines=False,
        )

    found = in_lanes(range(count), chosen, solve_at, progress)  # budgets side by side
    points: list[SweepPoint] = []
    previous: tuple[float, float] | None = (0.0, 0.0) if _origin_is_free(data) else None
    for budget, result in zip(chosen, found, strict=True):
        objective = result.objective if result.solved else None
        marginal = None
        if objective is not None and previous is not None:
            marginal = (objective - previous[1]) / (budget - previous[0])
        if objective is not None:  # a budget without a split is stepped over, not from
            previous = (budget, objective)
        points.append(
            SweepPoint(
                budget=budget,
                status=result.status,
                objective=objective,
                marginal=marginal,
                shadow_price=_budget_price(result),
                spent=result.spent if result.solved else None,
                allocation=result,
            )
        )
    return BudgetSweep(
        points=points,
        programmes=data.programmes,
        regions=data.regions,
        names=dict(data.names),
        unit=unit_label(data),
        reference_budget=float(scenario.budget.total),
        money_unit=unit_of(data),
        language=language_of(data),
        labels=dict(data.labels),
        reference=reference_value(data) or None,
    )
