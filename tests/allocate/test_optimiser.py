"""The budget allocation optimiser: feasibility, known optima, solvers, results, exports.

`check_allocation` is an independent checker: it re-reads the constraints from the scenario's
own fields and tests the allocation table alone, without any of the optimiser's code.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.allocate import (
    AllocationModel,
    ModelBuilder,
    allocation_input,
    linear_program,
    optimise,
    optimise_scenario,
    reoptimise,
    solve_linear_program,
)
from prioritise.allocate.engine import HighsEngine
from prioritise.allocate.input import AllocationError, cell_values_of
from prioritise.allocate.results import allocation_table
from prioritise.allocate.rules import RuleSet
from prioritise.allocate.splits import objective_of
from prioritise.scenario import load
from prioritise.scenario.schema import Scenario
from tests.allocate.helpers import check_allocation, random_values, with_constraints

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "scenarios" / "tutorial.toml"
CHILE = ROOT / "scenarios" / "chile_transforma_2017.toml"
CLUSTERS = ROOT / "scenarios" / "chile_clusters_2008.toml"
SOLVERS = ["highs", "cbc"]
TOL = 1e-6


@pytest.fixture(scope="module")
def tutorial() -> Scenario:
    return load(TUTORIAL)


@pytest.fixture(scope="module")
def chile() -> Scenario:
    return load(CHILE)


# ------------------------------------------------------------------------------ feasibility


@pytest.mark.parametrize("solver", SOLVERS)
def test_tutorial_allocation_satisfies_every_rule(tutorial: Scenario, solver: str) -> None:
    result = optimise(allocation_input(tutorial, random_values(tutorial)), solver=solver)
    assert result.status == "optimal"
    assert check_allocation(tutorial, result.allocation) == []
    assert result.allocation["amount"].sum() == pytest.approx(tutorial.budget.total)


def test_default_scenario_mip_is_feasible_and_uses_its_value_tree(chile: Scenario) -> None:
    result = optimise_scenario(chile, gap=1e-3)
    assert result.status == "optimal" and result.gap is not None and result.gap <= 1e-3
    assert check_allocation(chile, result.allocation) == []
    assert result.lines <= chile.constraints.max_lines
    names = set(result.constraints["name"])
    assert {
        "budget",
        "budget[2017]",
        "max_lines",
        "min_ticket",
        "region_share[antofagasta].min",
        "enabling_share[human_capital].min[mining]",
        "concentration[antofagasta][mining]",
        "programme_share[mining].max",
    } <= names
    table = result.constraints.set_index("name")
    assert table.loc["max_lines", "binding"] and table.loc["budget", "binding"]
    assert table.loc["max_lines", "sentence"].startswith("Se financian las 150 líneas")
    assert not any(re.search(r"\de-\d", sentence) for sentence in table["sentence"])


def test_commitments_and_continuity_hold_year_by_year(tutorial: Scenario) -> None:
    scenario = with_constraints(
        tutorial,
        spend_all=True,
        continuity=0.9,
        min_region_share=0.1,
        fixed=[
            {
                "programme": "solar",
                "enabling_area": "rd",
                "region": "south",
                "year": 2025,
                "amount": 4.0,
            }
        ],
    )
    data = allocation_input(scenario, random_values(scenario, 3))
    for solver in SOLVERS:
        result = optimise(data, solver=solver)
        assert result.status == "optimal"
        assert check_allocation(scenario, result.allocation) == []
        row = result.constraints.set_index("name").loc["fixed[solar,rd,south][2025]"]
        assert row["binding"]


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.toml")), ids=lambda p: p.stem)
def test_every_shipped_scenario_allocates_within_its_rules(path: Path) -> None:
    scenario = load(path)
    result = optimise_scenario(scenario, with_baselines=False)
    assert result.status == "optimal"
    assert check_allocation(scenario, result.allocation) == []


# --------------------------------------------------------------------------- known optima


def greedy_value(values: np.ndarray, scale: np.ndarray, budget: float) -> float:
    """Linear returns, per-cell caps and a budget: buy the best value per dollar first."""
    left, value = budget, 0.0
    for cell in np.argsort(-values, axis=None, kind="stable"):
        take = min(left, scale.flat[cell])
        value += values.flat[cell] * take
        left -= take
    return value


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), saturation=st.floats(0.3, 3.0))
def test_linear_returns_with_only_a_budget_equal_the_greedy_order(
    seed: int, saturation: float
) -> None:
    scenario = load(TUTORIAL)
    scenario = with_constraints(scenario)
    scenario = scenario.model_copy(
        update={
            "returns": scenario.returns.model_copy(
                update={"curve": "linear", "saturation": saturation}
            )
        }
    )
    data = allocation_input(scenario, random_values(scenario, seed))
    result = optimise(data)
    expected = greedy_value(data.values, data.scale, data.total)
    assert result.objective == pytest.approx(expected, rel=1e-7)


def toy(
    values: list[float],
    total: float,
    regions: int = 1,
    curve: str = "concave",
    saturation: float = 4.0,
    **constraints: object,
) -> Scenario:
    """A scenario with one enabling area and len(values) // regions programmes."""
    programmes = len(values) // regions
    raw = {
        "format": "prioritise-scenario/1",
        "scenario": {"name": "toy", "language": "en"},
        "budget": {"total": total, "years": [2030]},
        "programmes": [{"id": f"p{i}", "name": f"P{i}"} for i in range(programmes)],
        "enabling_areas": [{"id": "e", "name": "E"}],
        "regions": [{"id": f"r{i}", "name": f"R{i}", "population": 1000} for i in range(regions)],
        "returns": {"curve": curve, "saturation": saturation},
        "constraints": constraints,
    }
    return Scenario.model_validate(raw)


@pytest.mark.parametrize("solver", SOLVERS)
def test_concave_two_cells_solved_by_hand(solver: str) -> None:
    """V = (0.8, 0.2), budget 10, saturation 1, so S = 5 per cell; segments of 1.25, 1.25,
    2.5, 5 earn 1, 0.6, 0.3, 0.1 per unit. Buying the best marginal value first fills cell 1's
    first three segments (5), cell 2's first two (2.5) and 2.5 of cell 1's last: X = (7.5, 2.5),
    value 1 + 0.6 + 0.6 + 0.25 + 0.15 + 0.2 = 2.8, and one more unit earns 0.08."""
    scenario = toy([0.8, 0.2], 10.0, saturation=1.0)
    result = optimise(
        allocation_input(scenario, np.array([0.8, 0.2]).reshape(2, 1, 1)), solver=solver
    )
    assert result.objective == pytest.approx(2.8, rel=1e-9)
    assert result.cells["amount"].to_list() == pytest.approx([7.5, 2.5], abs=1e-7)
    price = result.constraints.set_index("name").loc["budget", "shadow_price"]
    assert price == pytest.approx(0.08, abs=1e-7)


@pytest.mark.parametrize("solver", SOLVERS)
def test_regional_floor_solved_by_hand(solver: str) -> None:
    """Linear returns, no saturation in reach, V = (0.9, 0.1) in two regions, budget 10, the
    second region's floor 30 %: X = (7, 3), value 6.6; lowering the floor by one unit moves it
    to the first region (+0.8); one more unit of budget earns 0.9."""
    scenario = toy(
        [0.9, 0.1],
        10.0,
        regions=2,
        curve="linear",
        saturation=10.0,
        region_share={"r1": {"min": 0.3}},
    )
    result = optimise(
        allocation_input(scenario, np.array([0.9, 0.1]).reshape(1, 1, 2)), solver=solver
    )
    assert result.objective == pytest.approx(6.6, rel=1e-9)
    prices = result.constraints.set_index("name")["shadow_price"]
    assert prices["region_share[r1].min"] == pytest.approx(0.8, abs=1e-7)
    assert prices["budget"] == pytest.approx(0.9, abs=1e-7)


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    ticket=st.sampled_from([None, 0.5, 2.0]),
    lines=st.sampled_from([None, 6, 9]),
    continuity=st.sampled_from([None, 0.5]),
)
def test_highs_and_cbc_agree_on_the_optimum(
    seed: int, ticket: float | None, lines: int | None, continuity: float | None
) -> None:
    scenario = with_constraints(
        load(TUTORIAL),
        spend_all=True,
        max_programme_share=0.6,
        min_region_share=0.1,
        min_ticket=ticket,
        max_lines=lines,
        continuity=continuity,
        concentration=0.8,
    )
    data = allocation_input(scenario, random_values(scenario, seed))
    found = {solver: optimise(data, solver=solver, gap=0.0) for solver in SOLVERS}
    assert {r.status for r in found.values()} == {"optimal"}
    assert found["highs"].objective == pytest.approx(found["cbc"].objective, rel=1e-6)
    for result in found.values():
        assert check_allocation(scenario, result.allocation) == []


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    floors=st.sampled_from([None, 0.05, 0.15]),
    programme_floor=st.sampled_from([None, 0.1]),
    area=st.sampled_from([None, 0.2]),
    concentration=st.sampled_from([None, 0.4, 0.7]),
    ticket=st.sampled_from([None, 1.0, 3.0]),
    lines=st.sampled_from([None, 7, 10]),
)
def test_the_line_cuts_never_change_the_optimum(
    seed: int,
    floors: float | None,
    programme_floor: float | None,
    area: float | None,
    concentration: float | None,
    ticket: float | None,
    lines: int | None,
) -> None:
    """The rows that tell the LP relaxation how many lines floors need are valid inequalities:
    the optimum is the same without them."""
    scenario = with_constraints(
        load(TUTORIAL),
        min_region_share=floors,
        min_programme_share=programme_floor,
        enabling_share={"human_capital": {"min": area}} if area else {},
        concentration=concentration,
        min_ticket=ticket,
        max_lines=lines,
    )
    data = allocation_input(scenario, random_values(scenario, seed))
    with_cuts = optimise(data, gap=0.0, with_baselines=False, diagnose=False)
    original = RuleSet._lines_required
    try:
        RuleSet._lines_required = lambda self: None  # type: ignore[method-assign]
        without = optimise(data, gap=0.0, with_baselines=False, diagnose=False)
    finally:
        RuleSet._lines_required = original  # type: ignore[method-assign]
    assert with_cuts.status == without.status
    if with_cuts.status == "optimal":
        assert with_cuts.objective == pytest.approx(without.objective, rel=1e-6)


# ------------------------------------------------------------------------ results and API


def test_results_add_up_and_objective_is_the_value_of_the_table(tutorial: Scenario) -> None:
    data = allocation_input(tutorial, random_values(tutorial, 5))
    result = optimise(data)
    assert result.objective == pytest.approx(objective_of(data, result.amounts), rel=1e-12)
    split = result.objective_split()
    assert split["programme"].sum() == pytest.approx(result.objective)
    assert split["region"].sum() == pytest.approx(result.objective)
    for frame in (
        result.totals.programme,
        result.totals.enabling_area,
        result.totals.region,
        result.totals.year,
    ):
        assert frame["amount"].sum() == pytest.approx(result.allocation["amount"].sum())
    region = result.totals.region
    populations = {r.id: r.population for r in tutorial.regions}
    for region_id, row in region.iterrows():
        expected = row["amount"] * tutorial.scenario.unit / populations[region_id]
        assert row["per_capita"] == pytest.approx(expected)
    assert result.lines == int((result.cells["amount"] > 0).sum())


def test_baselines_spend_the_budget_and_never_beat_an_unconstrained_optimum(
    tutorial: Scenario,
) -> None:
    scenario = with_constraints(tutorial)
    data = allocation_input(scenario, random_values(scenario, 7))
    result = optimise(data)
    named = {b.name: b for b in result.baselines}
    plain = {"proportional_ignoring_rules", "population_ignoring_rules"}
    assert set(named) == {"proportional", "population", *plain}
    proportional = named["proportional_ignoring_rules"].amounts.sum(axis=3)
    assert proportional == pytest.approx(data.values * data.total)
    by_region = named["population_ignoring_rules"].amounts.sum(axis=(0, 1, 3))
    population = np.array([r.population for r in scenario.regions], dtype=float)
    assert by_region == pytest.approx(data.total * population / population.sum())
    for baseline in named.values():
        assert baseline.obeys_rules == (baseline.name not in plain)
        assert baseline.objective == pytest.approx(objective_of(data, baseline.amounts))
        assert baseline.gain == pytest.approx(result.objective - baseline.objective)
        assert baseline.gain >= -1e-9


def test_to_json_has_the_design_shape_and_is_strict_json(tutorial: Scenario) -> None:
    result = optimise(allocation_input(tutorial, random_values(tutorial)))
    payload = json.loads(json.dumps(result.to_json(), allow_nan=False))
    assert {
        "status",
        "objective",
        "allocation",
        "totals",
        "constraints",
        "baselines",
        "diagnosis",
        "seconds",
    } <= set(payload)
    assert set(payload["allocation"][0]) == {
        "programme",
        "enabling_area",
        "region",
        "year",
        "amount",
    }
    assert set(payload["totals"]) == {"programme", "enabling_area", "region", "year"}
    assert set(payload["totals"]["year"]) == {"2025", "2026"}
    assert {"name", "binding", "shadow_price"} <= set(payload["constraints"][0])
    assert set(payload["baselines"]) == {
        "proportional",
        "population",
        "proportional_ignoring_rules",
        "population_ignoring_rules",
    }
    assert [b["obeys_rules"] for b in payload["baselines"].values()] == [True, True, False, False]
    assert {"build", "solve"} <= set(payload["seconds"])
    assert payload["diagnosis"] is None  # a feasible scenario has nothing to diagnose


@pytest.mark.parametrize(
    "rules",
    [{}, {"min_ticket": 1.0, "max_lines": 8, "max_programme_share": 0.5, "continuity": 0.9}],
)
def test_reoptimising_at_another_budget_matches_a_fresh_model(
    tutorial: Scenario, rules: dict
) -> None:
    scenario = with_constraints(tutorial, spend_all=True, min_region_share=0.1, **rules)
    values = random_values(scenario, 11)
    model = AllocationModel(allocation_input(scenario, values))
    for budget in (12.0, 45.0, 30.0):
        again = reoptimise(model, budget, gap=0.0)
        fresh = optimise(allocation_input(scenario, values, budget), gap=0.0)
        assert again.status == fresh.status == "optimal"
        assert again.objective == pytest.approx(fresh.objective, rel=1e-7)
        assert check_allocation(scenario, again.allocation, budget) == []


def test_value_is_concave_in_the_budget(tutorial: Scenario) -> None:
    """The absorptive scale stays at the scenario's own budget, so returns diminish."""
    scenario = with_constraints(tutorial)
    model = AllocationModel(allocation_input(scenario, random_values(scenario, 2)))
    values = [model.solve(budget=b).objective for b in (20.0, 40.0, 60.0, 80.0)]
    gains = np.diff(values)
    assert np.all(gains > 0) and np.all(np.diff(gains) <= 1e-9)
    assert gains[-1] < gains[0]


@pytest.mark.parametrize("committed", [False, True])
def test_matrix_form_resolves_with_new_values(tutorial: Scenario, committed: bool) -> None:
    fixed = (
        []
        if not committed
        else [
            {
                "programme": "mining",
                "enabling_area": "rd",
                "region": "north",
                "year": 2025,
                "amount": 1.0,
            }
        ]
    )
    scenario = with_constraints(tutorial, spend_all=True, min_region_share=0.1, fixed=fixed)
    data = allocation_input(scenario, random_values(scenario, 1))
    program = linear_program(data)
    assert program.objective == pytest.approx(program.objective_for(data.values))
    other = random_values(scenario, 99)
    status, value, solution = solve_linear_program(program, program.objective_for(other))
    expected = optimise(allocation_input(scenario, other))
    assert status == "optimal"
    assert value == pytest.approx(expected.objective, rel=1e-7)
    amounts = program.amounts(solution)
    assert objective_of(allocation_input(scenario, other), amounts) == pytest.approx(value)
    assert check_allocation(scenario, allocation_table(data, amounts)) == []


@pytest.mark.parametrize(("solver", "seconds"), [("highs", 1.0), ("cbc", 2.0)])
def test_a_time_limit_is_never_reported_as_optimal(solver: str, seconds: float) -> None:
    """Asked for a zero gap, neither solver proves the 2008 scenario's MIP optimal this fast."""
    clusters = load(CLUSTERS)
    result = optimise_scenario(
        clusters, solver=solver, gap=0.0, time_limit=seconds, with_baselines=False
    )
    assert result.status in ("feasible", "not_solved")
    if result.status == "feasible":
        assert result.gap is not None and result.gap > 0
        assert check_allocation(clusters, result.allocation) == []
        assert "sin comprobar que sea la mejor" in result.message  # the scenario speaks Spanish


def test_a_stopped_mip_with_an_incumbent_reads_as_feasible_with_its_gap(chile: Scenario) -> None:
    """HiGHS stopped after its first improving solution: a solution, an open gap."""
    builder = ModelBuilder(allocation_input(chile, cell_values_of(chile)))
    engine = HighsEngine(builder, msg=False, gapRel=0.0, mip_max_improving_sols=1)
    builder.problem.solve(engine)
    outcome = engine.outcome
    assert outcome is not None and outcome.status == "feasible" and outcome.has_solution
    assert outcome.gap is not None and outcome.gap > 0


def test_bad_input_is_refused_in_plain_words(tutorial: Scenario) -> None:
    with pytest.raises(AllocationError, match="shape"):
        allocation_input(tutorial, np.ones((2, 2, 2)) / 8)
    with pytest.raises(AllocationError, match="sum to 1"):
        allocation_input(tutorial, np.ones((3, 2, 3)))
    with pytest.raises(AllocationError, match="positive"):
        allocation_input(tutorial, random_values(tutorial), budget=-5)
    with pytest.raises(AllocationError, match="Unknown solver"):
        optimise(allocation_input(tutorial, random_values(tutorial)), solver="gurobi")
    scenario = tutorial.model_copy(
        update={"returns": tutorial.returns.model_copy(update={"capacity_basis": "capacity"})}
    )
    with pytest.raises(AllocationError, match="no capacity"):
        allocation_input(scenario, random_values(tutorial))
    repeated = with_constraints(
        tutorial,
        fixed=[
            {
                "programme": "mining",
                "enabling_area": "rd",
                "region": "north",
                "year": 2025,
                "amount": 1.0,
            }
        ]
        * 2,
    )
    with pytest.raises(AllocationError, match="repeats"):
        allocation_input(repeated, random_values(tutorial))


def test_every_value_reported_is_finite_for_an_optimal_result(tutorial: Scenario) -> None:
    result = optimise(allocation_input(tutorial, random_values(tutorial)))
    prices = result.constraints["shadow_price"]
    assert prices.notna().all() and np.isfinite(prices).all()
    assert all(isinstance(s, str) and s for s in result.constraints["sentence"])
    assert math.isfinite(result.objective)
