"""Helpers of the allocation tests: stand-in cell values, changed rules, an independent checker.

`check_allocation` re-reads the constraints from the scenario's own fields and tests the
allocation table alone, without any of the optimiser's code.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise, product
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from prioritise.allocate import ModelBuilder, allocation_input, cell_values_of
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.matrices import LinearProgram, solve_linear_program
from prioritise.scenario import load
from prioritise.scenario.schema import Constraints, Scenario
from tests.factories import make_scenario

TOL = 1e-6


def random_values(scenario: Scenario, seed: int = 0) -> np.ndarray:
    """A stand-in for the value tree: any non-negative array summing to 1 will do."""
    shape = (len(scenario.programmes), len(scenario.enabling_areas), len(scenario.regions))
    rng = np.random.default_rng(seed)
    return rng.dirichlet(np.ones(int(np.prod(shape)))).reshape(shape)


def with_constraints(scenario: Scenario, **changes: object) -> Scenario:
    """The scenario with other constraints (validated as a model; cross-checks not run)."""
    constraints = Constraints.model_validate(changes)
    return scenario.model_copy(update={"constraints": constraints})


def check_allocation(
    scenario: Scenario, table: pd.DataFrame, budget: float | None = None, tol: float = TOL
) -> list[str]:
    """Every rule of the scenario that the allocation table breaks (empty when all hold)."""
    cons = scenario.constraints
    total = scenario.budget.total if budget is None else budget
    years = scenario.years
    per_year = np.array(scenario.budget.year_amounts()) * total / scenario.budget.total
    slack = tol * max(1.0, total)
    broken: list[str] = []
    amount = table.set_index(["programme", "enabling_area", "region", "year"])["amount"]
    if (table["amount"] < -slack).any():
        broken.append("negative amount")
    by_year = np.array([table.loc[table["year"] == y, "amount"].sum() for y in years])
    limits = per_year
    if scenario.budget.carry_over:
        by_year, limits = np.cumsum(by_year), np.cumsum(per_year)
    for year, spent, limit in zip(years, by_year, limits, strict=True):
        if spent > limit + slack:
            broken.append(f"budget[{year}]")
    spent = table["amount"].sum()
    if spent > total + slack or (cons.spend_all and spent < total - slack):
        broken.append("budget")
    for group, column, ids in (
        ("programme", "programme", scenario.programme_ids),
        ("region", "region", scenario.region_ids),
    ):
        own = getattr(cons, f"{group}_share")
        for item in ids:
            lows = [
                v
                for v in (
                    getattr(cons, f"min_{group}_share"),
                    own[item].min if item in own else None,
                )
                if v is not None
            ]
            highs = [
                v
                for v in (
                    getattr(cons, f"max_{group}_share"),
                    own[item].max if item in own else None,
                )
                if v is not None
            ]
            got = table.loc[table[column] == item, "amount"].sum()
            if lows and got < max(lows) * total - slack:
                broken.append(f"{group}_share[{item}].min")
            if highs and got > min(highs) * total + slack:
                broken.append(f"{group}_share[{item}].max")
    for area, bounds in cons.enabling_share.items():
        for programme in scenario.programme_ids:
            mine = table[table["programme"] == programme]
            base, got = (
                mine["amount"].sum(),
                mine.loc[mine["enabling_area"] == area, "amount"].sum(),
            )
            if bounds.min is not None and got < bounds.min * base - slack:
                broken.append(f"enabling_share[{area}].min[{programme}]")
            if bounds.max is not None and got > bounds.max * base + slack:
                broken.append(f"enabling_share[{area}].max[{programme}]")
    if cons.concentration is not None:
        for region in scenario.region_ids:
            mine = table[table["region"] == region]
            for programme, got in mine.groupby("programme")["amount"].sum().items():
                if got > cons.concentration * mine["amount"].sum() + slack:
                    broken.append(f"concentration[{region}][{programme}]")
    cells = table.groupby(["programme", "enabling_area", "region"])["amount"].sum()
    funded = cells[cells > slack]
    if cons.min_ticket and (funded < cons.min_ticket - slack).any():
        broken.append("min_ticket")
    if cons.max_lines is not None and len(funded) > cons.max_lines:
        broken.append("max_lines")
    if cons.continuity:
        for cell in cells.index:
            for before, after in pairwise(years):
                first = amount.get((*cell, before), 0.0)
                if amount.get((*cell, after), 0.0) < cons.continuity * first - slack:
                    broken.append(f"continuity[{','.join(cell)}][{after}]")
    for item in cons.fixed:
        key = (item.programme, item.enabling_area, item.region, item.year)
        if abs(amount.get(key, 0.0) - item.amount) > slack:
            broken.append(f"fixed[{','.join(key[:3])}][{item.year}]")
    return broken


def count_builds(monkeypatch: Any) -> list[Any]:
    """The input of every allocation model built from now on (ModelBuilder.__init__ counted),
    for tests that a re-solve does not build its model again."""
    seen: list[Any] = []
    original = ModelBuilder.__init__

    def counted(self: ModelBuilder, data: Any) -> None:
        seen.append(data)
        original(self, data)

    monkeypatch.setattr(ModelBuilder, "__init__", counted)
    return seen


def values_over_funding(
    program: LinearProgram, columns: np.ndarray
) -> list[tuple[tuple[float, ...], float]]:
    """Brute force: every set of funded lines (`columns`, the funding decisions) that keeps the
    rules, with the best value of `program` given it (an LP with the decisions held)."""
    found = []
    for funded in product((0.0, 1.0), repeat=len(columns)):
        lower, upper = program.col_lower.copy(), program.col_upper.copy()
        lower[columns] = upper[columns] = funded
        held = replace(
            program, col_lower=lower, col_upper=upper, integer=np.zeros_like(program.integer)
        )
        status, value, _ = solve_linear_program(held, mip=False)
        if status == "optimal" and value is not None:
            found.append((funded, value))
    return found


def best_over_funding(program: LinearProgram, columns: np.ndarray) -> float:
    """Brute force: the best value of `program` over every set of funded lines."""
    return max((value for _, value in values_over_funding(program, columns)), default=-np.inf)


def small_builder(seed: int, lines: int = 3, ticket: float = 2.0) -> ModelBuilder:
    """Eight cells (2 programmes × 2 areas × 2 regions, 2 years) with a ticket and a line limit."""
    scenario = make_scenario(seed, programmes=2, areas=2, regions=2, years=2, total=30.0)
    scenario = with_constraints(
        scenario, spend_all=True, min_ticket=ticket, max_lines=lines, max_programme_share=0.7
    )
    return ModelBuilder(allocation_input(scenario, random_values(scenario, seed)))


def tutorial_data(**constraints: object) -> AllocationInput:
    """The tutorial with funding decisions (a ticket and a line limit) unless told otherwise."""
    scenario = load(Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.toml")
    rules = {"min_ticket": 1.0, "max_lines": 12, **constraints}
    updated = scenario.constraints.model_copy(update=rules)
    scenario = scenario.model_copy(update={"constraints": updated})
    return allocation_input(scenario, cell_values_of(scenario))


class Callbacks:
    """A stand-in for one of HiGHS's callback lists (`cbMipInterrupt`, …)."""

    def __init__(self) -> None:
        self.callbacks: list[Any] = []

    def subscribe(self, callback: Any) -> None:
        self.callbacks.append(callback)

    def unsubscribe(self, callback: Any) -> None:
        self.callbacks.remove(callback)


def assert_obeys(program: LinearProgram, values: np.ndarray, tolerance: float) -> None:
    """Every row and bound of `program` holds for the column `values`, within `tolerance`."""
    assert np.all(values >= program.col_lower - tolerance)
    assert np.all(values <= program.col_upper + tolerance)
    rows = np.zeros(len(program.row_lower))
    np.add.at(rows, program.rows, program.values * values[program.cols])
    assert np.all(rows >= program.row_lower - tolerance)
    assert np.all(rows <= program.row_upper + tolerance)
