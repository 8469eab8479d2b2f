"""Infeasible scenarios get a diagnosis, and every repair it lists makes them work.

Each case is checked three ways: the plain pre-check (when one applies) names the problem; the
model alone, without pre-checks, confirms the problem is really infeasible (pre-checks are
sound); and the scenario with each repair applied solves, with an allocation that the
independent checker of `test_allocate` accepts and a value between the repair's own split and
its bound.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from prioritise.allocate import (
    Diagnosis,
    ModelBuilder,
    allocation_input,
    apply_repair,
    optimise,
    pre_checks,
    reference_value,
    run,
)
from prioritise.scenario import load
from prioritise.scenario.schema import Scenario
from tests.allocate.helpers import check_allocation, random_values, with_constraints

TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.toml"
FIX = {"programme": "solar", "enabling_area": "rd", "region": "south"}

CASES = {
    "regional floors above 100 %": ({"min_region_share": 0.4}, "region_share"),
    "a floor above its cap": (
        {"region_share": {"south": {"min": 0.5}}, "max_region_share": 0.3},
        "region_share[south]",
    ),
    "caps cannot spend the budget": (
        {"spend_all": True, "max_programme_share": 0.3},
        "programme_share",
    ),
    "a commitment above its year's budget": (
        {"fixed": [{**FIX, "year": 2025, "amount": 20.0}]},
        "budget[2025]",
    ),
    "a commitment above a programme cap": (
        {
            "max_programme_share": 0.5,
            "fixed": [{**FIX, "year": 2025, "amount": 9.0}, {**FIX, "year": 2026, "amount": 9.0}],
        },
        "programme_share[solar].max",
    ),
    "too few lines for the floors": ({"min_region_share": 0.1, "max_lines": 2}, "max_lines"),
    "tickets too large for the floors": (
        {"min_region_share": 0.1, "min_ticket": 12.0},
        "min_ticket",
    ),
    "enabling floors above 100 %": (
        {"spend_all": True, "enabling_share": {"rd": {"min": 0.7}, "human_capital": {"min": 0.5}}},
        "enabling_share",
    ),
    "concentration leaves regions empty": (
        {"spend_all": True, "concentration": 0.3},
        "concentration",
    ),
    "continuity against a falling budget": ({"spend_all": True, "continuity": 0.8}, None),
    "a committed line below the ticket": (
        {
            "min_ticket": 2.0,
            "fixed": [{**FIX, "year": 2025, "amount": 0.5}, {**FIX, "year": 2026, "amount": 0.5}],
        },
        "min_ticket",
    ),
    "concentration against a regional floor and the line limit": (
        {
            "region_share": {"south": {"min": 0.5}},
            "concentration": 0.6,
            "max_lines": 2,
            "min_region_share": 0.05,
        },
        "max_lines",
    ),
}


@pytest.fixture(scope="module")
def tutorial() -> Scenario:
    return load(TUTORIAL)


def scenario_for(tutorial: Scenario, name: str) -> Scenario:
    changes, _ = CASES[name]
    scenario = with_constraints(tutorial, **changes)
    if name == "continuity against a falling budget":
        scenario = scenario.model_copy(
            update={"budget": scenario.budget.model_copy(update={"per_year": [25.0, 5.0]})}
        )
    return scenario


def model_alone(scenario: Scenario, solver: str = "highs") -> str:
    """The model's verdict without any pre-check."""
    builder = ModelBuilder(allocation_input(scenario, random_values(scenario, 4)))
    return run(builder, solver, None, 0.0).status


def assert_repairs_work(
    scenario: Scenario, values: np.ndarray, solver: str = "highs", budget: float | None = None
) -> Diagnosis:
    data = allocation_input(scenario, values, budget)
    before = scenario.constraints.model_copy(deep=True)
    result = optimise(data, solver=solver)
    assert result.status == "infeasible"
    diagnosis = result.diagnosis
    assert diagnosis is not None and diagnosis.conflict and diagnosis.proven
    assert diagnosis.repairs, "an infeasible scenario must come with a repair"
    sizes = [len(repair.changes) for repair in diagnosis.repairs]
    assert sizes == sorted(sizes)
    for repair in diagnosis.repairs:
        assert repair.message.endswith(".")
        for change in repair.changes:
            assert change.message and change.field.startswith("constraints.")
            assert change.current != change.suggested
        repaired = apply_repair(scenario, repair)
        fixed = optimise(allocation_input(repaired, values, budget), solver=solver, diagnose=False)
        assert fixed.status == "optimal", repair.message
        assert check_allocation(repaired, fixed.allocation, budget) == []
        assert fixed.objective <= repair.bound * (1 + 1e-6) + 1e-9
        assert fixed.objective >= repair.objective * (1 - 2e-3) - 1e-9
    assert scenario.constraints == before  # the original stays as it was
    return diagnosis


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_infeasible_case_is_diagnosed_and_repaired(tutorial: Scenario, name: str) -> None:
    scenario = scenario_for(tutorial, name)
    expected_check = CASES[name][1]
    data = allocation_input(scenario, random_values(scenario, 4))
    checks = pre_checks(data)
    if expected_check is None:
        assert checks == []
    else:
        assert any(c.constraint.startswith(expected_check) for c in checks), checks
        assert all(c.message.endswith(".") for c in checks)
    assert model_alone(scenario) == "infeasible"
    diagnosis = assert_repairs_work(scenario, random_values(scenario, 4))
    assert list(diagnosis.checks) == checks


def test_cbc_diagnoses_too(tutorial: Scenario) -> None:
    scenario = scenario_for(tutorial, "continuity against a falling budget")
    assert_repairs_work(scenario, random_values(scenario, 4), solver="cbc")


def test_a_repair_reads_in_words(tutorial: Scenario) -> None:
    scenario = scenario_for(tutorial, "a floor above its cap")
    result = optimise(allocation_input(scenario, random_values(scenario, 4)))
    diagnosis = result.diagnosis
    assert diagnosis is not None
    assert set(diagnosis.conflict) == {
        "constraints.max_region_share",
        "constraints.region_share.south.min",
    }
    assert (
        diagnosis.message == "These rules cannot all hold: no region above 30%; South at least 50%."
    )
    first, second = diagnosis.repairs  # lowering the floor 40 %, before raising the cap 67 %
    (floor,) = first.changes
    assert floor.field == "constraints.region_share.south.min"
    assert floor.current == 0.5 and floor.suggested == pytest.approx(0.3)
    assert floor.message == "Lower the floor for South from 50% to 30%."
    assert first.message.startswith("Every rule holds after lowering the floor for South from")
    (cap,) = second.changes
    assert (cap.field, cap.suggested) == ("constraints.max_region_share", pytest.approx(0.5))
    payload = result.to_json()
    assert payload["status"] == "infeasible" and payload["objective"] is None
    assert set(payload["diagnosis"]) == {"conflict", "message", "checks", "repairs"}
    assert payload["diagnosis"]["repairs"][0]["changes"][0]["suggested"] == pytest.approx(0.3)
    assert payload["diagnosis"]["checks"][0]["constraint"].startswith("region_share")
    repair = payload["diagnosis"]["repairs"][0]  # in index points too (§10.1), as said
    reference = reference_value(allocation_input(scenario, random_values(scenario, 4)))
    assert repair["value_index"] == pytest.approx(100 * repair["objective"] / reference)
    assert repair["bound_index"] == pytest.approx(100 * repair["bound"] / reference)
    assert f"value index of {repair['value_index']:.1f}" in repair["message"]
    spanish = scenario.model_copy(
        update={"scenario": scenario.scenario.model_copy(update={"language": "es"})}
    )
    result = optimise(allocation_input(spanish, random_values(scenario, 4)))
    assert result.diagnosis is not None
    changes = [c.message for r in result.diagnosis.repairs for c in r.changes]
    assert "Bajar el piso de Sur de 50\u00a0% a 30\u00a0%." in changes
    assert result.diagnosis.message == (
        "Estas reglas no pueden cumplirse todas a la vez: ninguna región sobre 30\u00a0%; "
        "Sur al menos 50\u00a0%."
    )


def test_regional_floors_are_lowered_evenly(tutorial: Scenario) -> None:
    """Three regions at 40 % each: the shared floor goes to a third, not one region to 0."""
    scenario = scenario_for(tutorial, "regional floors above 100 %")
    result = optimise(allocation_input(scenario, random_values(scenario, 4)))
    assert result.diagnosis is not None
    (repair,) = result.diagnosis.repairs
    (change,) = repair.changes
    assert change.field == "constraints.min_region_share"
    assert change.suggested == pytest.approx(0.3333, abs=1e-9)  # 33.33 %: on the grid, below 1/3


@settings(max_examples=40, deadline=None)
@example(  # two conflicts: a commitment over its year's budget, and tickets that need 54 M
    seed=0,
    floor=0.1,
    cap=None,
    south=None,
    area=None,
    concentration=0.4,
    ticket=6.0,
    lines=None,
    continuity=0.7,
    falling=True,
    spend_all=False,
    commitment=14.0,
    budget=20.0,
)
@given(
    seed=st.integers(0, 10_000),
    floor=st.sampled_from([None, 0.1, 0.3, 0.45]),
    cap=st.sampled_from([None, 0.25, 0.4, 0.7]),
    south=st.sampled_from([None, 0.2, 0.6]),
    area=st.sampled_from([None, 0.3, 0.6]),
    concentration=st.sampled_from([None, 0.4, 0.7]),
    ticket=st.sampled_from([None, 1.0, 6.0]),
    lines=st.sampled_from([None, 2, 5]),
    continuity=st.sampled_from([None, 0.7]),
    falling=st.booleans(),
    spend_all=st.booleans(),
    commitment=st.sampled_from([None, 2.0, 14.0]),
    budget=st.sampled_from([None, 20.0]),
)
def test_random_scenarios_are_either_feasible_or_repaired_into_feasibility(
    seed: int,
    floor: float | None,
    cap: float | None,
    south: float | None,
    area: float | None,
    concentration: float | None,
    ticket: float | None,
    lines: int | None,
    continuity: float | None,
    falling: bool,
    spend_all: bool,
    commitment: float | None,
    budget: float | None,
) -> None:
    scenario = with_constraints(
        load(TUTORIAL),
        spend_all=spend_all,
        min_region_share=floor,
        max_programme_share=cap,
        region_share={"south": {"min": south}} if south else {},
        enabling_share={"human_capital": {"min": area}} if area else {},
        concentration=concentration,
        min_ticket=ticket,
        max_lines=lines,
        continuity=continuity,
        fixed=[{**FIX, "year": 2026, "amount": commitment}] if commitment else [],
    )
    if falling:
        scenario = scenario.model_copy(
            update={"budget": scenario.budget.model_copy(update={"per_year": [21.0, 9.0]})}
        )
    values = random_values(scenario, seed)
    data = allocation_input(scenario, values, budget)
    if pre_checks(data):  # pre-checks are sound: the model agrees there is no allocation
        assert run(ModelBuilder(data), "highs", None, 0.0).status == "infeasible"
    result = optimise(data, gap=0.0)
    if result.status == "optimal":
        assert check_allocation(scenario, result.allocation, budget) == []
    else:
        assert result.status == "infeasible"
        assert_repairs_work(scenario, values, budget=budget)
