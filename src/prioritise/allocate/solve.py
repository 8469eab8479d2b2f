"""Optimising an allocation: solve, shadow prices, diagnosis, re-optimisation.

The PuLP model and the solver calls live in `prioritise.allocate`; this module decides what to
run and assembles the `Allocation`: pre-checks first, then the model; for a model with funding
decisions, the LP with those decisions held fixed gives the final amounts and the duals; an
infeasible model is diagnosed (`prioritise.allocate.repair`): the conflict and the repairs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from prioritise.allocate.baselines import baselines
from prioritise.allocate.checks import Check, pre_checks
from prioritise.allocate.collector import collector_paused
from prioritise.allocate.constraints import RulePrice, binding_rules, constraint_table
from prioritise.allocate.deadline import Deadline, deadline_for
from prioritise.allocate.diagnosis import Diagnosis
from prioritise.allocate.engine import SOLVERS, run
from prioritise.allocate.fair import FairAlongside, fair_splits
from prioritise.allocate.input import (
    AllocationError,
    AllocationInput,
    allocation_input,
    cell_values_of,
)
from prioritise.allocate.lanes import Cores
from prioritise.allocate.matrices import LinearProgram, Outcome
from prioritise.allocate.prices import price_rules
from prioritise.allocate.pulp_model import ModelBuilder
from prioritise.allocate.repair import diagnose as find_repairs
from prioritise.allocate.results import Allocation, empty_allocation, summarise
from prioritise.allocate.sources import money_sources
from prioritise.allocate.splits import objective_of
from prioritise.allocate.text import language_of, status_note
from prioritise.allocate.yardstick import yardstick_for
from prioritise.scenario.schema import Scenario

DEFAULT_GAP = 1e-3
"""Relative MIP gap at which solving stops: 0.1 %, far inside the uncertainty of any weight,
and the difference between under a second and several for the shipped scenarios."""


def _shadow_prices(
    builder: ModelBuilder, rates: np.ndarray, decisions: np.ndarray | None
) -> dict[str, float | None]:
    """Value added per unit of money by which each named constraint is relaxed."""
    prices: dict[str, float | None] = {}
    for item in builder.named:
        if item.kind == "max_lines" or len(rates) == 0:
            prices[item.name] = None
            continue
        total = 0.0
        for row, weight in builder.parts[item.name]:
            if weight == "z":  # a ticket row counts only where the cell is funded
                weight = (
                    1.0 if decisions is None else float(round(decisions[builder.ticket_cell[row]]))
                )
            total += float(weight) * rates[row]
        price = item.relax * total
        prices[item.name] = price if abs(price) > 1e-12 else 0.0
    return prices


Progress = Callable[[int, int], None]
"""Told (done, total) as each re-solve of the rule prices ends: how far a long optimisation is."""


class AllocationModel:
    """A built model: solve it, re-solve it at another budget, or export it as matrices."""

    @collector_paused()
    def __init__(self, data: AllocationInput) -> None:
        start = time.perf_counter()
        self.builder = ModelBuilder(data)
        self.build_seconds = time.perf_counter() - start

    @property
    def data(self) -> AllocationInput:
        return self.builder.data

    def linear_program(self) -> LinearProgram:
        return self.builder.linear_program()

    @collector_paused()
    def solve(
        self,
        *,
        budget: float | None = None,
        solver: str = "highs",
        time_limit: float | Deadline | None = None,
        gap: float | None = DEFAULT_GAP,
        with_baselines: bool = True,
        diagnose: bool = True,
        price_seconds: float | None = None,
        progress: Progress | None = None,
    ) -> Allocation:
        """Optimise; an infeasible problem comes back with its diagnosis (conflict, repairs).

        `budget` re-solves at another total (year budgets keep their proportions); the model
        keeps that total for later solves. `gap` is the relative MIP gap at which to stop.
        `with_baselines` adds the baselines (§10, the fair ones re-solve the model);
        `price_seconds` > 0 prices every binding rule by re-solving, within that time (§8.2),
        and `progress(done, total)` is told of each of those re-solves as it ends.
        `time_limit` (seconds from now, or a `Deadline` shared with other work) bounds all of
        it: every later solve gets what the earlier ones left (docs/model.md §16).
        """
        deadline = deadline_for(time_limit)
        solving, time_limit = deadline.for_solvers(), deadline.seconds
        if solver not in SOLVERS:
            raise AllocationError(
                "allocate.error.unknown_solver", solver=solver, solvers=", ".join(SOLVERS)
            )
        if budget is not None and budget != self.data.total:
            self.builder.set_budget(budget)
        data = self.data
        seconds = {"build": self.build_seconds, "solve": 0.0}
        checks = pre_checks(data)
        if checks:
            return _infeasible(self.builder, solver, checks, seconds, solving, diagnose)
        # The fair baselines need nothing from the optimum: with HiGHS, they are solved
        # alongside it (docs/model.md §10.2), and called off if no split is found.
        cores, alongside = Cores(), None
        try:
            with cores.held():
                if with_baselines and solver == "highs":
                    own = self.builder.linear_program()
                    alongside = FairAlongside(data, solving, own, cores)
                outcome = run(self.builder, solver, solving, gap)
            seconds["solve"] = outcome.seconds
            if not outcome.has_solution:
                return self._unsolved(outcome, solver, seconds, solving, time_limit, diagnose)
            return self._solved(
                outcome,
                solver,
                seconds,
                deadline,
                solving,
                time_limit,
                gap,
                (price_seconds, progress),
                alongside,
                with_baselines,
            )
        finally:
            if alongside is not None:  # collected, or not wanted (no split, an error)
                alongside.call_off()

    def _unsolved(
        self,
        outcome: Outcome,
        solver: str,
        seconds: dict[str, float],
        solving: Deadline,
        time_limit: float | None,
        diagnose: bool,
    ) -> Allocation:
        """No split: an infeasible model's diagnosis, or the status of a search cut short."""
        if outcome.status == "infeasible":
            return _infeasible(self.builder, solver, [], seconds, solving, diagnose)
        note = status_note(outcome.status, None, time_limit, outcome.note)
        return empty_allocation(self.data, solver, outcome.status, note, seconds)

    def _solved(
        self,
        outcome: Outcome,
        solver: str,
        seconds: dict[str, float],
        deadline: Deadline,
        solving: Deadline,
        time_limit: float | None,
        gap: float | None,
        pricing: tuple[float | None, Progress | None],
        alongside: FairAlongside | None,
        with_baselines: bool,
    ) -> Allocation:
        """The split found, read: its prices, tables and baselines."""
        data = self.data
        values, rates, decisions = outcome.values, outcome.rates, None
        if self.builder.z is not None:
            decisions = values[self.builder.z_columns]
            with self.builder.funding_fixed(decisions):
                fixed = run(self.builder, solver, deadline, None, mip=False)  # quick: finishing
            seconds["duals"] = fixed.seconds
            if fixed.has_solution:
                values, rates = fixed.values, fixed.rates
        amounts = self.builder.amounts(values)
        objective = objective_of(data, amounts)
        prices = _shadow_prices(self.builder, rates, decisions)
        stick = yardstick_for(data, prices.get("budget"), objective)
        rules = self._rule_prices(amounts, values, decisions, gap, pricing, solving)
        if rules is not None:
            seconds["prices"] = rules[1]
        table, cells, totals, lines = summarise(data, amounts)
        constraints = constraint_table(
            data, self.builder.named, amounts, prices, stick, None if rules is None else rules[0]
        )
        sources = money_sources(data, amounts, constraints, stick.marginal)
        fair = None
        if with_baselines:  # last: what is read above overlaps their search (HiGHS's threads)
            start = time.perf_counter()
            found = fair_splits(data, solver, solving) if alongside is None else alongside.collect()
            seconds["baselines"] = time.perf_counter() - start
            fair = baselines(data, objective, stick.reference, found)
        return Allocation(
            status=outcome.status,
            status_note=status_note(outcome.status, outcome.gap, time_limit),
            objective=objective,
            gap=outcome.gap,
            solver=solver,
            budget=data.total,
            amounts=amounts,
            allocation=table,
            cells=cells,
            totals=totals,
            lines=lines,
            constraints=constraints,
            baselines=fair or [],
            seconds=seconds,
            data=data,
            yardstick=stick,
            sources=sources,
            rules_priced=rules is not None,
        )

    def _rule_prices(
        self,
        amounts: np.ndarray,
        values: np.ndarray,
        decisions: np.ndarray | None,
        gap: float | None,
        pricing: tuple[float | None, Progress | None],
        deadline: Deadline,
    ) -> tuple[dict[str, RulePrice], float] | None:
        """Re-solved prices of the binding rules (docs/model.md §8.2), and the time taken;
        `pricing`: the seconds allowed them, and who is told of each re-solve."""
        seconds, progress = pricing
        seconds = deadline.limit(seconds) if seconds else None
        if not seconds:  # not asked for, or no time left
            return None
        start = time.perf_counter()
        items = binding_rules(self.data, self.builder.named, amounts)
        found = price_rules(
            self.builder,
            items,
            values,
            decisions,
            gap=gap,
            seconds=seconds,
            deadline=deadline,
            progress=progress,
        )
        return found, time.perf_counter() - start


def _infeasible(
    builder: ModelBuilder,
    solver: str,
    checks: list[Check],
    seconds: dict[str, float],
    deadline: Deadline,
    with_diagnosis: bool,
) -> Allocation:
    data = builder.data
    diagnosis = Diagnosis(checks=tuple(checks), language=language_of(data))
    if with_diagnosis:
        start = time.perf_counter()
        diagnosis = find_repairs(data, checks=checks, builder=builder, time_limit=deadline)
        seconds["diagnose"] = time.perf_counter() - start
    head = status_note("infeasible", None, None)
    result = empty_allocation(data, solver, "infeasible", head, seconds)
    result.diagnosis = diagnosis
    return result


@collector_paused()
def optimise(
    data: AllocationInput,
    *,
    solver: str = "highs",
    time_limit: float | Deadline | None = None,
    gap: float | None = DEFAULT_GAP,
    with_baselines: bool = True,
    diagnose: bool = True,
    price_seconds: float | None = None,
    progress: Progress | None = None,
) -> Allocation:
    """Build the model for `data` and solve it (`time_limit` counts the building too)."""
    deadline = deadline_for(time_limit)
    return AllocationModel(data).solve(
        solver=solver,
        time_limit=deadline,
        gap=gap,
        with_baselines=with_baselines,
        diagnose=diagnose,
        price_seconds=price_seconds,
        progress=progress,
    )


def reoptimise(model: AllocationModel, budget: float, **options: Any) -> Allocation:
    """Solve an already built model at another total (year budgets keep their proportions)."""
    return model.solve(budget=budget, **options)


@collector_paused()
def linear_program(data: AllocationInput) -> LinearProgram:
    """The model of `data` in matrix form (see `LinearProgram`)."""
    return ModelBuilder(data).linear_program()


def optimise_scenario(
    scenario: Scenario,
    *,
    budget: float | None = None,
    solver: str = "highs",
    time_limit: float | Deadline | None = None,
    gap: float | None = DEFAULT_GAP,
    with_baselines: bool = True,
    diagnose: bool = True,
    price_seconds: float | None = None,
    progress: Progress | None = None,
) -> Allocation:
    """Score a scenario with its value tree and optimise its budget (or another total);
    `time_limit` counts the scoring too."""
    deadline = deadline_for(time_limit)
    data = allocation_input(scenario, cell_values_of(scenario), budget)
    return optimise(
        data,
        solver=solver,
        time_limit=deadline,
        gap=gap,
        with_baselines=with_baselines,
        diagnose=diagnose,
        price_seconds=price_seconds,
        progress=progress,
    )
