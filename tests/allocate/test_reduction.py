"""A program with its funding decisions held, made small: the same LP optimum, every row kept."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.allocate import ModelBuilder, allocation_input, cell_values_of, run
from prioritise.allocate import prices as prices_module
from prioritise.allocate.constraints import binding_rules
from prioritise.allocate.deadline import NO_DEADLINE, Deadline
from prioritise.allocate.matrices import LinearProgram, solve_linear_program
from prioritise.allocate.reduction import reduced, reduced_optimum
from prioritise.allocate.session import Change
from prioritise.scenario import load, validate_dict
from tests.allocate.helpers import assert_obeys
from tests.factories import scenario_dict

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
RULE_SETS = [
    {"min_ticket": 0.5, "max_lines": 20, "continuity": 0.8, "min_region_share": 0.05},
    {"min_ticket": 1.0, "max_programme_share": 0.35, "enabling_share": {"a1": {"min": 0.2}}},
    {"min_ticket": 1.0, "concentration": 0.6, "spend_all": True},
    {
        "max_lines": 25,
        "fixed": [
            {"programme": "p1", "enabling_area": "a0", "region": "r2", "year": 2031, "amount": 1.0}
        ],
    },
]


def _solved(seed: int, rules: dict) -> tuple[ModelBuilder, LinearProgram, np.ndarray]:
    """A random scenario's model under `rules`, and its optimum's column values."""
    raw = scenario_dict(seed, programmes=4, areas=3, regions=4, years=3)
    raw["constraints"] = rules
    scenario = validate_dict(raw)
    builder = ModelBuilder(allocation_input(scenario, cell_values_of(scenario)))
    found = run(builder, "highs", None, 1e-6)
    assert found.has_solution
    return builder, builder.linear_program(), found.values


def _held(program: LinearProgram, values: np.ndarray) -> LinearProgram:
    """The program with every funding decision held where `values` takes it."""
    decisions = program.integer
    lower, upper = program.col_lower.copy(), program.col_upper.copy()
    lower[decisions] = upper[decisions] = np.round(values[decisions])
    return replace(program, col_lower=lower, col_upper=upper)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), rules=st.sampled_from(range(len(RULE_SETS))))
def test_the_reduced_lp_has_the_whole_programs_optimum_and_obeys_every_row(
    seed: int, rules: int
) -> None:
    """On random scenarios, with the optimum's decisions held: the LP over the reduced program
    reaches the optimum of the whole program's LP (solved on its own by HiGHS) and its
    columns satisfy every row and bound of the whole program."""
    _, program, values = _solved(seed, RULE_SETS[rules])
    held = _held(program, values)
    part = reduced(held, held.integer, held.col_lower)
    assert len(part.free) < len(program.objective)
    found = reduced_optimum(part, held.objective, NO_DEADLINE)
    assert found is not None
    status, whole, _ = solve_linear_program(held, mip=False)
    assert status == "optimal" and whole is not None
    assert float(held.objective @ found) == pytest.approx(whole, rel=1e-9, abs=1e-12)
    finite = held.row_upper[held.row_upper < 1e19]
    assert_obeys(held, found, 1e-7 * max(1.0, float(np.abs(finite).max())))


def test_a_program_with_every_column_held_is_its_own_optimum() -> None:
    """Nothing left to solve (HiGHS calls an empty model empty, not optimal): the held values
    come back as they are."""
    _, program, values = _solved(2, RULE_SETS[2])
    everything = np.ones(len(program.objective), dtype=bool)
    part = reduced(program, everything, values)
    assert len(part.free) == 0
    found = reduced_optimum(part, program.objective, NO_DEADLINE)
    assert found is not None
    np.testing.assert_array_equal(found, values)


@pytest.mark.parametrize("funded", [0.0, 1.0])
def test_held_decisions_that_break_a_rule_give_no_optimum(funded: float) -> None:
    """Every line held funded breaks the line limit; every line held unfunded leaves the
    budget that must be spent unspent: nothing free is left to mend either, and there is no
    split (HiGHS, handed the whole program, finds it infeasible too)."""
    rules = {"min_ticket": 1.0, "max_lines": 4, "spend_all": True}
    _, program, _ = _solved(4, rules)
    decisions = program.integer
    lower, upper = program.col_lower.copy(), program.col_upper.copy()
    lower[decisions] = upper[decisions] = funded
    held = replace(program, col_lower=lower, col_upper=upper)
    part = reduced(held, held.integer, held.col_lower)
    assert not part.feasible
    assert reduced_optimum(part, held.objective, NO_DEADLINE) is None
    status, _, _ = solve_linear_program(held, mip=False)
    assert status != "optimal"


def test_no_time_left_gives_no_reduced_optimum() -> None:
    _, program, values = _solved(1, RULE_SETS[0])
    held = _held(program, values)
    part = reduced(held, held.integer, held.col_lower)
    assert reduced_optimum(part, held.objective, Deadline(0.0)) is None


def test_each_rules_quick_lower_bound_is_the_whole_lp_with_the_lines_held() -> None:
    """The default scenario: for every rule `optimise` prices, the quick lower bound over the
    reduced program equals the LP of the whole changed model with the optimum's lines held,
    solved from the relaxation's basis as before."""
    chile = load(SCENARIOS / "chile_transforma_2017.toml")
    data = allocation_input(chile, cell_values_of(chile))
    builder = ModelBuilder(data)
    found = run(builder, "highs", None, 1e-3)
    program = builder.linear_program()
    items = binding_rules(data, builder.named, builder.amounts(found.values))
    tasks, _ = prices_module._tasks(builder, items, program)
    assert len(tasks) > 10
    decisions = found.values[builder.z_columns]
    held = Change(
        columns={
            int(column): (float(round(v)), float(round(v)))
            for column, v in zip(builder.z_columns, decisions, strict=True)
        }
    )
    optimum = float(program.objective @ found.values)
    lane = prices_module._Lane(program, 1e-3, optimum, NO_DEADLINE)
    for task in tasks:
        change = task.change.merged(held)
        quick, whole = lane.held(change, NO_DEADLINE), lane.relaxation(change, NO_DEADLINE)
        assert quick.status == whole.status == "optimal"
        assert float(program.objective @ quick.values) == pytest.approx(
            float(program.objective @ whole.values), rel=1e-9
        )
        assert float(program.objective @ quick.values) >= optimum * (1 - 1e-9)  # relaxed
