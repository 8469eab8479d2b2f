"""Sweeps and frontiers build few models and find what fresh optimisations find."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from prioritise.allocate import (
    DEFAULT_GAP,
    allocation_input,
    cell_values_of,
    optimise,
    optimise_scenario,
)
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.lanes import LANES, lane_count
from prioritise.scenario import load
from prioritise.scenario.schema import Scenario
from prioritise.tradeoffs import budget_sweep, concentration_frontier
from prioritise.tradeoffs import sweep as sweep_module
from prioritise.tradeoffs.frontier import with_constraints
from tests.allocate.helpers import count_builds

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def with_decisions() -> Scenario:
    """The tutorial with a ticket and a line limit: every point is a mixed-integer solve."""
    scenario = load(SCENARIOS / "tutorial.toml")
    rules = scenario.constraints.model_copy(update={"min_ticket": 1.0, "max_lines": 12})
    return scenario.model_copy(update={"constraints": rules})


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[AllocationInput]:
    """Every model built while the test runs."""
    return count_builds(monkeypatch)


def test_a_sweep_builds_one_model_per_lane_for_all_its_budgets(
    builds: list[AllocationInput],
) -> None:
    sweep = budget_sweep(with_decisions(), [20.0, 30.0, 45.0, 60.0, 90.0])
    assert all(point.feasible for point in sweep.points)
    assert 1 <= len(builds) <= lane_count(LANES)


@pytest.mark.parametrize("lanes", [1, 2])
def test_a_budget_reads_the_same_whatever_was_solved_before_and_wherever(
    lanes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each budget is moved to from the scenario's own total on its lane's model: the split at
    45 is the same in any sweep, on one lane or two, as alone."""
    monkeypatch.setattr(sweep_module, "lane_count", lambda _: lanes)
    scenario = with_decisions()
    alone = budget_sweep(scenario, [45.0]).points[0]
    for budgets in ([20.0, 30.0, 45.0, 60.0, 90.0], [90.0, 45.0, 7.5]):
        point = next(p for p in budget_sweep(scenario, budgets).points if p.budget == 45.0)
        assert point.objective == alone.objective
        assert np.array_equal(point.allocation.amounts, alone.allocation.amounts)
        assert point.allocation.data.year_budgets.tolist() == [22.5, 22.5]


def test_sweep_points_equal_fresh_optimisations_within_the_gap() -> None:
    scenario = with_decisions()
    sweep = budget_sweep(scenario, [20.0, 45.0, 90.0])
    for point in sweep.points:
        fresh = optimise_scenario(scenario, budget=point.budget, with_baselines=False)
        assert point.status == fresh.status == "optimal"
        assert point.objective == pytest.approx(fresh.objective, rel=2 * DEFAULT_GAP)
        assert point.spent == pytest.approx(fresh.amounts.sum(), rel=1e-6)
        assert point.allocation.lines <= 12


def test_a_frontier_moves_one_model_between_its_levels(builds: list[AllocationInput]) -> None:
    scenario = with_decisions()
    frontier = concentration_frontier(scenario, "programme", steps=5)
    solved = [point for point in frontier.points if point.feasible]
    assert len(solved) >= 4
    # without the cap once, then each lane's model moved between the levels with it
    capped = [data for data in builds if data.constraints.max_programme_share is not None]
    assert len(builds) - len(capped) == 1
    assert 1 <= len(capped) <= lane_count(LANES)
    data = allocation_input(scenario, cell_values_of(scenario))
    for point in solved:
        changed = with_constraints(data, {"max_programme_share": point.epsilon})
        fresh = optimise(changed, with_baselines=False, diagnose=False)
        assert point.objective == pytest.approx(fresh.objective, rel=2 * DEFAULT_GAP)
        assert point.achieved is not None and point.achieved <= point.epsilon + 1e-6
