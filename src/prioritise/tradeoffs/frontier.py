"""ε-constraint frontiers: how much value a rule of equity or diversification costs.

Each frontier holds one measure at a sequence of levels ε and optimises the value under it:

- equity: every region gets at least ε per person (money × unit / population), from nothing
  up to the largest ε that can be met;
- programme concentration: no programme above a share ε of the budget;
- Metropolitan concentration: the Metropolitan region (or any region the caller names) at most
  a share ε of the budget.

This module holds the frontier results, the machinery shared by all three and the equity
frontier; the two concentration frontiers are in `prioritise.tradeoffs.concentration`.

No new model code is needed: each level is a rewrite of the scenario's own constraints, which
the optimiser already understands. A per-person floor ε becomes a regional floor share
ε · population / (unit · budget); a programme cap replaces `max_programme_share`; a regional
cap replaces that region's `region_share[..].max` (an overall `max_region_share` is handed to
the other regions, so that it no longer holds the chosen one). Levels that no allocation can
meet come back as points marked infeasible, never as errors.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from prioritise.allocate.input import (
    AllocationError,
    AllocationInput,
    allocation_input,
    cell_values_of,
)
from prioritise.allocate.results import Allocation
from prioritise.allocate.text import language_of
from prioritise.scenario.schema import Constraints, Scenario
from prioritise.text import Message, msg, number, percent, t
from prioritise.tradeoffs.solving import FrontierSolver
from prioritise.tradeoffs.sweep import state_word

SEARCH_STEPS = 6
"""Bisection solves used to find the largest feasible equity level when the plain bound fails."""


@dataclass(frozen=True)
class FrontierPoint:
    """One level ε of a frontier: the best value under it and the level actually reached."""

    epsilon: float
    objective: float | None
    achieved: float | None
    feasible: bool
    status: str
    allocation: Allocation = field(repr=False)
    value_index: float | None = None  # 100 = the most the budget reaches with no rule (§10.1)

    @property
    def message(self) -> str:
        """The solve's status in the scenario's language."""
        return self.allocation.message

    def message_text(self, lang: str | None = None) -> str:
        return self.allocation.message_text(lang)

    def to_json(self) -> dict[str, Any]:
        return {
            "epsilon": self.epsilon,
            "objective": _number(self.objective),
            "value_index": _number(self.value_index),
            "achieved": _number(self.achieved),
            "feasible": self.feasible,
            "status": self.status,
            "gap": _number(self.allocation.gap) if self.feasible else None,
        }


@dataclass(frozen=True)
class Frontier:
    """Value against one measure. `current` is where the scenario's own rules put that measure
    (None where they say nothing); `region` is the region of a Metropolitan frontier.

    `measure_note` names the measure as a message (`measure` is it in the scenario's
    language); `unit` is "share" for shares of the budget, else "<currency> per person", and
    `unit_note` the latter in words.
    """

    kind: str
    measure_note: Message
    unit: str
    points: list[FrontierPoint]
    current: float | None = None
    region: str | None = None
    language: str = "en"
    unit_note: Message | None = None

    @property
    def measure(self) -> str:
        return self.measure_note.text(self.language)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [p.to_json() for p in self.points],
            columns=[
                "epsilon",
                "objective",
                "value_index",
                "achieved",
                "feasible",
                "status",
                "gap",
            ],
        )

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        """The frontier for `--json`; `measure` in `lang` (the scenario's language by default)."""
        return {
            "kind": self.kind,
            "measure": self.measure_note.text(lang or self.language),
            "unit": self.unit,
            "region": self.region,
            "current": _number(self.current),
            "points": [p.to_json() for p in self.points],
        }

    def format_text(self, lang: str | None = None) -> str:
        """A readable table for the terminal, in `lang` (the scenario's language by default)."""
        lang = lang or self.language

        def shown(value: float | None) -> str:
            if self.unit == "share":
                return percent(_number(value), lang, 1)
            return number(_number(value), lang, 2)

        measure = self.measure_note
        if self.unit_note is None:
            title = t("tradeoffs.frontier.title", lang, measure=measure)
        else:
            title = t("tradeoffs.frontier.title_unit", lang, measure=measure, unit=self.unit_note)
        indexed = any(p.value_index is not None for p in self.points) or not any(
            p.feasible for p in self.points
        )
        help_id = "tradeoffs.frontier.value_help" if indexed else "tradeoffs.value_none"
        lines = [title, "  " + t(help_id, lang), ""]
        if self.current is not None:
            lines += ["  " + t("tradeoffs.frontier.current", lang, level=shown(self.current)), ""]
        heads = [
            t("tradeoffs.column.level", lang),
            t("tradeoffs.column.value", lang),
            t("tradeoffs.column.reached", lang),
        ]
        rows = [
            [shown(p.epsilon), number(_number(p.value_index), lang, 1), shown(p.achieved)]
            for p in self.points
        ]
        widths = [max(len(row[i]) for row in [heads, *rows]) for i in range(3)]
        status = t("tradeoffs.column.status", lang)
        lines.append("  " + "  ".join(f"{h:>{w}}" for h, w in zip(heads, widths, strict=True)))
        lines[-1] += f"  {status}"
        for p, row in zip(self.points, rows, strict=True):
            cells = "  ".join(f"{c:>{w}}" for c, w in zip(row, widths, strict=True))
            lines.append(f"  {cells}  {state_word(p.status, lang)}")
        return "\n".join(lines)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def with_constraints(data: AllocationInput, changes: dict[str, Any]) -> AllocationInput:
    raw = data.constraints.model_dump()
    raw.update(changes)
    try:
        constraints = Constraints.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise AllocationError(
            "tradeoffs.error.rule_invalid", field=where, problem=str(first["msg"])
        ) from None
    return replace(data, constraints=constraints)


def levels_between(low: float, high: float, steps: int) -> list[float]:
    if high <= low + 1e-12:
        return [float(low)]
    return [float(v) for v in np.linspace(low, high, steps)]


def check_steps(steps: int) -> None:
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 2:
        raise AllocationError("tradeoffs.error.steps", steps=repr(steps))


def _point(
    epsilon: float, result: Allocation, measure: Callable[[Allocation], float]
) -> FrontierPoint:
    solved = result.solved
    stick = result.yardstick
    return FrontierPoint(
        epsilon=float(epsilon),
        objective=result.objective if solved else None,
        achieved=float(measure(result)) if solved else None,
        feasible=solved,
        status=result.status,
        allocation=result,
        value_index=stick.index(result.objective) if solved and stick is not None else None,
    )


def solve_levels(
    levels: list[float],
    rewrite: Callable[[float], AllocationInput],
    runner: FrontierSolver,
    measure: Callable[[Allocation], float],
    known: dict[float, Allocation],
    started: dict[float, Future[Allocation]] | None = None,
) -> list[FrontierPoint]:
    """Solve every level neither solved (`known`) nor under way (`started`), side by side."""
    futures = dict(started or {})
    todo = [level for level in dict.fromkeys(levels) if level not in known]
    for level in todo:
        if level not in futures:
            futures[level] = runner.start(rewrite(level))
    for level in todo:
        known[level] = runner.result(futures[level], 0)
    return [_point(level, known[level], measure) for level in levels]


# ------------------------------------------------------------------------------ equity


def _per_capita_floor(data: AllocationInput) -> np.ndarray:
    """Share of the budget one unit of money per person means, region by region (0 if the
    region's population is unknown: it is left out of the equity measure)."""
    population = np.asarray(data.population, dtype=float)
    counted = np.isfinite(population) & (population > 0)
    if not counted.any():
        raise AllocationError("tradeoffs.error.no_population")
    return np.where(counted, np.where(counted, population, 0.0) / (data.unit * data.total), 0.0)


def min_per_capita(result: Allocation) -> float:
    """The smallest money per person any region (with a known population) receives."""
    per_capita = result.totals.region["per_capita"].to_numpy(dtype=float)
    return float(np.nanmin(per_capita))


def _equity_bound(data: AllocationInput, weight: np.ndarray) -> float:
    """The largest per-person floor the share rules alone allow (caps and floors sum ≤ 1)."""
    rules = list(data.region_rules().values())
    floors = np.array([0.0 if low is None else low.bound for low, _ in rules])
    caps = np.array([1.0 if high is None else high.bound for _, high in rules])
    counted = weight > 0
    by_cap = float(np.min(caps[counted] / weight[counted]))
    if floors.sum() >= 1:
        return 0.0
    low, high = 0.0, 1.0 / float(weight.sum())
    for _ in range(100):
        middle = (low + high) / 2
        if np.maximum(floors, middle * weight).sum() <= 1:
            low = middle
        else:
            high = middle
    return min(by_cap, low)


def _equity_rewrite(
    data: AllocationInput, weight: np.ndarray
) -> Callable[[float], AllocationInput]:
    rules = data.region_rules()
    own = data.constraints.region_share

    def rewrite(level: float) -> AllocationInput:
        table = {key: bounds.model_dump() for key, bounds in own.items()}
        for r, region in enumerate(data.regions):
            need = level * weight[r]
            low, high = rules[region]
            if need <= (0.0 if low is None else low.bound):
                continue
            cap = 1.0 if high is None else high.bound
            entry = table.setdefault(region, {"min": None, "max": None})
            entry["min"] = min(max(need, entry["min"] or 0.0), cap)
        return with_constraints(data, {"region_share": table})

    return rewrite


def _equity_ends(
    top: float, rewrite: Callable[[float], AllocationInput], runner: FrontierSolver, steps: int
) -> tuple[dict[float, Allocation], float]:
    """The scenario as it is (ε = 0) and the bound `top`, side by side; if `top` cannot be
    met, a bisection between the two for the largest level that can: the solves, and the
    highest level the frontier reaches."""
    ends = {level: runner.start(rewrite(level)) for level in dict.fromkeys([top, 0.0])}
    known = {level: runner.result(future, steps - 2) for level, future in ends.items()}
    if known[top].solved or top <= 0 or not known[0.0].solved:
        return known, top
    low, high = 0.0, top
    for i in range(SEARCH_STEPS):
        middle = (low + high) / 2
        known[middle] = runner.solve(rewrite(middle), SEARCH_STEPS - i - 1 + steps - 2)
        low, high = (middle, high) if known[middle].solved else (low, middle)
    return known, low


def equity_frontier(
    scenario: Scenario,
    steps: int = 9,
    progress: Callable[[int, int], None] | None = None,
    *,
    solver: str = "highs",
    time_limit: float | None = None,
    gap: float | None = None,
    budget: float | None = None,
) -> Frontier:
    """Value against the minimum money per person across regions, from 0 (the scenario as it
    is) to the largest level that can be met: first the bound the share rules allow; if other
    rules make that infeasible, a short bisection between it and the last feasible level.
    Between the two, the levels are spread from the minimum the unconstrained optimum already
    gives, since lower floors change nothing."""
    check_steps(steps)
    data = allocation_input(scenario, cell_values_of(scenario), budget)
    weight = _per_capita_floor(data)
    rewrite = _equity_rewrite(data, weight)
    top = _equity_bound(data, weight)
    with FrontierSolver(solver, time_limit, gap, progress) as runner:
        known, top = _equity_ends(top, rewrite, runner, steps)
        # Floors below what the unconstrained optimum already gives every region cost
        # nothing: after the scenario as it is (ε = 0), levels start from its minimum.
        start = min_per_capita(known[0.0]) if known[0.0].solved else 0.0
        start = start if 0.0 < start < top else 0.0
        levels = [0.0, *levels_between(start, top, steps)[1:]] if top > 0 else [0.0]
        points = solve_levels(levels, rewrite, runner, min_per_capita, known)
        runner.finish()
    rules = data.region_rules()
    lows = [rules[r][0] for r in data.regions]
    floors = np.array([0.0 if low is None else low.bound for low in lows])
    counted = weight > 0
    current = float(np.min(floors[counted] / weight[counted]))
    return Frontier(
        kind="equity",
        measure_note=msg("tradeoffs.measure.equity"),
        unit=f"{data.currency} per person",
        points=points,
        current=current,
        language=language_of(data),
        unit_note=msg("tradeoffs.unit.per_person", currency=data.currency),
    )


__all__ = [
    "Frontier",
    "FrontierPoint",
    "check_steps",
    "equity_frontier",
    "levels_between",
    "min_per_capita",
    "solve_levels",
    "with_constraints",
]
