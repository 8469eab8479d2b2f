"""Concentration frontiers: value against the largest programme share or one region's share.

The lessons recalled in docs/model.md §11.2 — avoid over-specialisation and dependence on one
sector, include the regions — become two ε-constraint frontiers: a cap ε on every programme's
share of the budget (replacing `max_programme_share`), and a cap ε on the Metropolitan region's
share (replacing that region's `region_share[..].max`; an overall `max_region_share` is handed
to the other regions so that it no longer holds the chosen one). Each runs from the tightest cap
that can still spend the budget up to the share the optimum takes when the cap is lifted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from prioritise.allocate.input import (
    AllocationError,
    AllocationInput,
    allocation_input,
    cell_values_of,
)
from prioritise.allocate.results import Allocation
from prioritise.allocate.text import language_of
from prioritise.scenario.schema import Scenario
from prioritise.text import Message, msg
from prioritise.tradeoffs.frontier import (
    Frontier,
    check_steps,
    levels_between,
    solve_levels,
    with_constraints,
)
from prioritise.tradeoffs.solving import FrontierSolver

METROPOLITAN_ID = "metropolitana"

__all__ = ["concentration_frontier", "largest_programme_share", "pick_region"]


def largest_programme_share(result: Allocation) -> float:
    return float(result.totals.programme["share"].max())


def _programme_range(data: AllocationInput) -> float:
    """The smallest overall programme cap that still lets the whole budget be spent (the
    even split, unless some programmes have lower caps of their own), and no programme floor
    above it."""
    own = data.constraints.programme_share
    caps = np.array(
        [1.0 if own.get(p) is None or own[p].max is None else own[p].max for p in data.programmes]
    )
    floors = [0.0 if low is None else low.bound for low, _ in data.programme_rules().values()]
    tightest = 1.0 / len(data.programmes)
    if caps.sum() >= 1:
        low, high = 0.0, 1.0
        for _ in range(100):
            middle = (low + high) / 2
            low, high = (low, middle) if np.minimum(middle, caps).sum() >= 1 else (middle, high)
        tightest = high
    return min(1.0, max(tightest, *floors))


def _region_rewrite(
    data: AllocationInput, region: str
) -> Callable[[float | None], AllocationInput]:
    """Caps on one region's share; an overall `max_region_share` moves to the other regions."""
    cons = data.constraints
    overall = cons.max_region_share
    table = {key: bounds.model_dump() for key, bounds in cons.region_share.items()}
    if overall is not None:
        for other in data.regions:
            if other != region:
                entry = table.setdefault(other, {"min": None, "max": None})
                entry["max"] = overall if entry["max"] is None else min(entry["max"], overall)

    def rewrite(level: float | None) -> AllocationInput:
        ours = {key: dict(value) for key, value in table.items()}
        ours.setdefault(region, {"min": None, "max": None})["max"] = level
        return with_constraints(data, {"region_share": ours, "max_region_share": None})

    return rewrite


def _region_floor(data: AllocationInput, region: str) -> float:
    """The smallest share of the budget the region can have under the other rules."""
    rules = data.region_rules()
    low = rules[region][0]
    floor = 0.0 if low is None else low.bound
    index = data.regions.index(region)
    committed = sum(a for _, pos, a in data.fixed_amounts() if pos[2] == index) / data.total
    others = sum(
        1.0 if high is None else high.bound for other, (_, high) in rules.items() if other != region
    )
    squeezed = 1.0 - others if data.constraints.spend_all else 0.0
    return min(1.0, max(floor, committed, squeezed))


def pick_region(scenario: Scenario, region: str | None = None) -> str:
    """The region a Metropolitan frontier is about: the one named, else 'metropolitana',
    else the most populous region."""
    ids = scenario.region_ids
    if region is not None:
        if region not in ids:
            raise AllocationError(
                "tradeoffs.error.no_region", region=region, regions=", ".join(ids)
            )
        return region
    if METROPOLITAN_ID in ids:
        return METROPOLITAN_ID
    populated = [r for r in scenario.regions if r.population is not None]
    if not populated:
        raise AllocationError("tradeoffs.error.name_region")
    return max(populated, key=lambda r: r.population or 0).id


def concentration_frontier(
    scenario: Scenario,
    which: str = "programme",
    steps: int = 9,
    progress: Callable[[int, int], None] | None = None,
    *,
    region: str | None = None,
    solver: str = "highs",
    time_limit: float | None = None,
    gap: float | None = None,
    budget: float | None = None,
) -> Frontier:
    """Value against the largest programme share (`which="programme"`) or one region's share
    (`which="metropolitan"`), from the tightest cap that can still spend the budget up to the
    share the optimum takes when that cap is lifted."""
    check_steps(steps)
    if which not in ("programme", "metropolitan"):
        raise AllocationError("tradeoffs.error.which", which=repr(which))
    data = allocation_input(scenario, cell_values_of(scenario), budget)
    rewrite: Callable[[Any], AllocationInput]
    measure: Callable[[Allocation], float]
    label: Message
    if which == "programme":
        chosen = None

        def rewrite(level: float | None) -> AllocationInput:
            return with_constraints(data, {"max_programme_share": level})

        measure = largest_programme_share
        low = _programme_range(data)
        current = data.constraints.max_programme_share
        label = msg("tradeoffs.measure.programme")
    else:
        chosen = pick_region(scenario, region)
        rewrite = _region_rewrite(data, chosen)
        index = data.regions.index(chosen)

        def region_share(result: Allocation) -> float:
            return float(result.totals.region["share"].iloc[index])

        measure = region_share

        low = _region_floor(data, chosen)
        high_rule = data.region_rules()[chosen][1]
        current = None if high_rule is None else high_rule.bound
        label = msg("tradeoffs.measure.region", region=data.label(chosen))
    with FrontierSolver(solver, time_limit, gap, progress) as runner:
        # The tightest level needs nothing from the optimum with the cap lifted: it starts
        # first, beside that optimum (the tightest level is usually the slowest to solve).
        ends = rewrite(low), rewrite(None)  # both written before either starts
        tightest = runner.start(ends[0])
        free = runner.solve(ends[1], steps - 2)  # the levels left but the two ends
        known: dict[float, Allocation] = {}
        high = 1.0
        if free.solved:
            high = max(low, measure(free))
            known[high] = free
        levels = levels_between(low, high, steps)
        points = solve_levels(levels, rewrite, runner, measure, known, {low: tightest})
        runner.finish()  # with a single level, the optimum with the cap lifted is that level
    return Frontier(
        kind=which,
        measure_note=label,
        unit="share",
        points=points,
        current=current,
        region=chosen,
        language=language_of(data),
    )
