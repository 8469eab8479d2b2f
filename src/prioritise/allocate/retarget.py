"""A built model moved to other share rules, instead of built again.

Frontiers (docs/model.md §13) solve the same scenario under a sequence of programme or region
caps and floors. A share bound is one row whose right-hand side is the share times the budget
(§7.6), and the caps also set each line's big-M; which rows exist depends only on which bounds
are present. So when the new rules keep every bound present or absent as before and nothing
else changes, `retargeted` moves those numbers in place; otherwise it builds the model afresh.
Either way the model is the one `ModelBuilder(data)` would build.

`ModelCache` keeps a few built models for a long-running process (the app): a scenario whose
share rules or budget changed is solved on a kept model with those numbers moved, one solve
per model at a time.
"""

from __future__ import annotations

import threading
import time
from dataclasses import fields, replace
from typing import Any

import numpy as np

from prioritise.allocate.deadline import deadline_for
from prioritise.allocate.fair import with_baselines
from prioritise.allocate.input import (
    AllocationError,
    AllocationInput,
    allocation_input,
    cell_values_of,
)
from prioritise.allocate.pulp_model import ModelBuilder
from prioritise.allocate.results import Allocation
from prioritise.allocate.solve import AllocationModel
from prioritise.scenario.schema import Scenario

SHARE_FIELDS = (
    "min_programme_share",
    "max_programme_share",
    "programme_share",
    "min_region_share",
    "max_region_share",
    "region_share",
)


def _equal(one: Any, other: Any) -> bool:
    if isinstance(one, np.ndarray) or isinstance(other, np.ndarray):
        return bool(np.array_equal(np.asarray(one), np.asarray(other)))
    return bool(one == other)


def _only_shares_move(old: AllocationInput, new: AllocationInput) -> bool:
    """True when `new` differs from `old` in share values only, every bound present in one
    present in the other."""
    for item in fields(old):
        if item.name != "constraints" and not _equal(
            getattr(old, item.name), getattr(new, item.name)
        ):
            return False
    others = set(SHARE_FIELDS)
    if old.constraints.model_dump(exclude=others) != new.constraints.model_dump(exclude=others):
        return False
    return all(
        (a is None, b is None) == (c is None, d is None)
        for before, after in (
            (old.programme_rules(), new.programme_rules()),
            (old.region_rules(), new.region_rules()),
        )
        for (a, b), (c, d) in zip(before.values(), after.values(), strict=True)
    )


def retargeted(builder: ModelBuilder, data: AllocationInput) -> ModelBuilder:
    """The model of `data`: `builder` (the model of other share rules) changed in place when
    only share values differ, a new model otherwise."""
    if not _only_shares_move(builder.data, data):
        return ModelBuilder(data)
    rules = {"programme": data.programme_rules(), "region": data.region_rules()}
    builder.data = data
    bounds: dict[int, float] = {}
    for position, rule_row in enumerate(builder.rule_rows):
        if rule_row.kind != "share":
            continue
        where = rule_row.where
        low, high = rules[where["group"]][where["item"]]
        rule = low if where["bound"] == "min" else high
        assert rule is not None  # the same bounds are present
        builder.rows[rule_row.row].changeRHS(rule.bound * data.total)
        builder.rule_rows[position] = replace(rule_row, where={**where, "rule": rule})
        bounds[rule_row.row] = rule.bound
    builder._scaled = [(row, bounds.get(row, share)) for row, share in builder._scaled]
    limits = {
        f"{group}_share[{item}].{side}": rule.bound
        for group, table in rules.items()
        for item, pair in table.items()
        for side, rule in zip(("min", "max"), pair, strict=True)
        if rule is not None
    }
    builder.named = [
        replace(item, limit=limits[item.name]) if item.name in limits else item
        for item in builder.named
    ]
    if builder.z is not None:  # the caps bound each line's money: its big-M
        big_m = builder._big_m().reshape(-1)
        for row, c in builder.funding_links:
            builder.rows[row].expr[builder.z[c]] = -float(big_m[c])
    builder.rows_moved([*bounds, *(row for row, _ in builder.funding_links)])
    return builder


def retarget(model: AllocationModel | None, data: AllocationInput) -> AllocationModel:
    """`model` moved to `data` (see `retargeted`), or a new model when there is none yet."""
    if model is None:
        return AllocationModel(data)
    start = time.perf_counter()
    model.builder = retargeted(model.builder, data)
    model.build_seconds = time.perf_counter() - start
    return model


def _movable(old: AllocationInput, new: AllocationInput) -> bool:
    """Whether the model of `old` can be moved to `new`: its budget, then its share rules."""
    if old.total != new.total:
        try:
            old = old.with_budget(new.total)
        except AllocationError:
            return False
    return _only_shares_move(old, new)


UNSCORED = frozenset({"constraints", "budget", "workshop"})
"""Scenario fields the value tree does not read."""


class ModelCache:
    """Built models kept between solves (at most `size`), each used by one solve at a time."""

    def __init__(self, size: int = 2) -> None:
        self.size = size
        self._free: list[AllocationModel] = []
        self._lock = threading.Lock()
        self._values: tuple[tuple[Any, ...], np.ndarray] | None = None

    def cell_values(self, scenario: Scenario) -> np.ndarray:
        """`cell_values_of(scenario)` (read-only), kept for the last scenario scored: a changed
        rule or budget leaves the value tree as it was (it reads neither), so it is not worked
        out again (about an eighth of the app's changed rule → new split)."""
        key = tuple(
            getattr(scenario, name) for name in type(scenario).model_fields if name not in UNSCORED
        )
        with self._lock:
            kept = self._values
        if kept is not None and kept[0] == key:
            return kept[1]
        values = cell_values_of(scenario)
        with self._lock:
            self._values = (key, values)
        return values

    def _take(self, data: AllocationInput) -> AllocationModel:
        with self._lock:
            kept = next((m for m in self._free if _movable(m.builder.data, data)), None)
            if kept is not None:
                self._free.remove(kept)
        if kept is not None and kept.builder.data.total != data.total:
            kept.builder.set_budget(data.total)  # a budget "what if": the same model
        return retarget(kept, data)

    def _give(self, model: AllocationModel) -> None:
        with self._lock:
            self._free.insert(0, model)
            del self._free[self.size :]

    def with_baselines(self, result: Allocation, time_limit: float | None = None) -> Allocation:
        """`fair.with_baselines(result)` on the program of a kept model moved to the
        result's input, instead of a model built again for it."""
        if not result.solved or result.data is None or result.objective is None:
            return result
        deadline = deadline_for(time_limit)
        model = self._take(result.data)
        program = model.builder.linear_program()
        self._give(model)
        return with_baselines(result, time_limit=deadline, program=program)

    def optimise(self, data: AllocationInput, **options: Any) -> Allocation:
        """`optimise(data, **options)` on a kept model when one can be moved to `data`
        (`time_limit` counts the moving or building too)."""
        deadline = deadline_for(options.pop("time_limit", None))
        model = self._take(data)
        result = model.solve(time_limit=deadline, **options)
        self._give(model)  # a solve that raised leaves its model out
        return result

    def optimise_scenario(
        self,
        scenario: Scenario,
        *,
        budget: float | None = None,
        time_limit: float | None = None,
        **options: Any,
    ) -> Allocation:
        """`optimise_scenario` on a kept model (`time_limit` counts the scoring too)."""
        deadline = deadline_for(time_limit)
        data = allocation_input(scenario, self.cell_values(scenario), budget)
        return self.optimise(data, time_limit=deadline, **options)
