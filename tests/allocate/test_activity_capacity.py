"""`capacity_basis = "activity"`: a line's absorptive scale follows its programme's activity in
its region, so money follows activity (docs/model.md §7.3, §17.6)."""

from __future__ import annotations

import numpy as np
import pytest

from prioritise.allocate import allocation_input, optimise
from prioritise.scenario import ScenarioError, validate_dict
from tests.derived_factory import derived_dict
from tests.factories import edited


def activity_scenario(seed: int = 0, basis: str = "activity"):
    raw = derived_dict(seed, programmes=3, regions=4, areas=2)
    raw = edited(raw, "returns.capacity_basis", basis)
    return validate_dict(raw), raw


def activity_matrix(raw: dict, scenario) -> np.ndarray:
    rows = raw["tables"]["activity"]
    return np.array([[rows[p][r] for r in scenario.region_ids] for p in scenario.programme_ids])


def test_the_scale_of_a_line_follows_its_programmes_activity_in_its_region() -> None:
    scenario, raw = activity_scenario(1)
    data = allocation_input(scenario, np.full((3, 2, 4), 1 / 24))
    x = activity_matrix(raw, scenario)
    expected = 4.0 * (x / x.mean(axis=1, keepdims=True)) * scenario.budget.total / 24
    for e in range(2):
        assert np.allclose(data.scale[:, e, :], expected, rtol=1e-12)


@pytest.mark.parametrize("seed", [0, 2])
def test_money_follows_activity(seed: int) -> None:
    """Equal cell values, saturation 4 and the default curve: the budget is exactly a quarter
    of the lines' total scale, and value per unit is 1 only up to a quarter of each line's
    scale, so the one best split gives each line a quarter of its scale: money in proportion
    to the programme's activity in the region."""
    scenario, raw = activity_scenario(seed)
    result = optimise(allocation_input(scenario, np.full((3, 2, 4), 1 / 24)), with_baselines=False)
    money = result.amounts.sum(axis=3)
    x = activity_matrix(raw, scenario)
    expected = scenario.budget.total / 24 * x / x.mean(axis=1, keepdims=True)
    for e in range(2):
        assert np.allclose(money[:, e, :], expected, rtol=1e-6, atol=1e-7)


def test_under_population_money_follows_population_instead() -> None:
    scenario, _ = activity_scenario(0, basis="population")
    result = optimise(allocation_input(scenario, np.full((3, 2, 4), 1 / 24)), with_baselines=False)
    by_region = result.amounts.sum(axis=(0, 1, 3))
    people = np.array([r.population for r in scenario.regions], dtype=float)
    assert np.allclose(by_region, scenario.budget.total * people / people.sum(), rtol=1e-6)


def test_another_capacity_table_is_read_when_named() -> None:
    """`capacity_table` names the table; a row with no activity is refused on load."""
    raw = derived_dict(3, programmes=3, regions=4, areas=2)
    employment = {p: {r: float(1 + i + 2 * j) for j, r in enumerate(["r0", "r1", "r2", "r3"])}
                  for i, p in enumerate(["p0", "p1", "p2"])}  # fmt: skip
    raw["tables"]["employment"] = {"source": "made-up", **employment}
    raw = edited(
        edited(raw, "returns.capacity_basis", "activity"), "returns.capacity_table", "employment"
    )
    scenario = validate_dict(raw)
    data = allocation_input(scenario, np.full((3, 2, 4), 1 / 24))
    x = np.array([[employment[p][r] for r in ["r0", "r1", "r2", "r3"]] for p in ["p0", "p1", "p2"]])
    assert np.allclose(data.scale[:, 0, :], 4.0 * x / x.mean(axis=1, keepdims=True) * 30.0 / 24)
    raw["tables"]["employment"]["p1"] = {"r0": 0.0}
    with pytest.raises(ScenarioError) as caught:
        validate_dict(raw)
    assert [p.location for p in caught.value.problems] == ["tables.employment.p1"]
