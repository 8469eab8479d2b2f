"""The model as arrays: read once, handed to HiGHS whole, and the same model as field by field."""

from __future__ import annotations

from dataclasses import replace

import highspy
import numpy as np
import pytest

from prioritise.allocate import ModelBuilder, allocation_input, optimise, run
from prioritise.allocate.matrices import (
    LinearProgram,
    highs_lp,
    new_highs,
    pass_columns,
    pass_program,
)
from prioritise.allocate.session import Change, Session
from tests.allocate.helpers import random_values, small_builder, tutorial_data, with_constraints
from tests.factories import make_scenario


def _loaded(highs: highspy.Highs) -> dict[str, list[float]]:
    """What HiGHS holds: costs, bounds, the matrix by columns and the integer columns."""
    lp = highs.getLp()
    kinds = [int(kind) for kind in lp.integrality_]
    return {
        "cost": list(lp.col_cost_),
        "lower": list(lp.col_lower_),
        "upper": list(lp.col_upper_),
        "row_lower": list(lp.row_lower_),
        "row_upper": list(lp.row_upper_),
        "start": list(lp.a_matrix_.start_),
        "index": list(lp.a_matrix_.index_),
        "value": list(lp.a_matrix_.value_),
        "integer": [j for j, kind in enumerate(kinds) if kind != 0],
    }


def _by_fields(program: LinearProgram, objective: np.ndarray, mip: bool) -> highspy.Highs:
    highs = new_highs()
    highs.passModel(highs_lp(program, objective, mip))
    return highs


@pytest.mark.parametrize("mip", [True, False])
def test_the_arrays_load_the_same_model_as_a_model_object_filled_field_by_field(
    mip: bool,
) -> None:
    program = ModelBuilder(tutorial_data()).linear_program()
    assert program.integer.any()
    costs = np.linspace(0.5, 2.0, len(program.objective))
    whole = new_highs()
    pass_program(whole, program, costs, mip)
    loaded = _loaded(whole)
    assert loaded == _loaded(_by_fields(program, costs, mip))
    assert loaded["cost"] == (-costs).tolist()  # HiGHS holds the minimisation form
    assert bool(loaded["integer"]) is mip


def test_other_column_bounds_change_only_the_bounds() -> None:
    program = ModelBuilder(tutorial_data()).linear_program()
    lower, upper = program.col_lower.copy(), program.col_upper.copy()
    decisions = np.flatnonzero(program.integer)
    lower[decisions[:3]] = upper[decisions[:3]] = 1.0
    upper[decisions[3:6]] = 0.0
    highs = new_highs()
    pass_program(highs, program, columns=(lower, upper))
    held = replace(program, col_lower=lower, col_upper=upper)
    assert _loaded(highs) == _loaded(_by_fields(held, held.objective, True))
    assert program.col_upper[decisions[3]] == 1.0  # the program itself is left as it was


def test_the_matrix_is_sorted_once_per_program_and_again_for_new_coefficients() -> None:
    program = ModelBuilder(tutorial_data()).linear_program()
    first = program.columnwise()
    assert program.columnwise() is first
    bounds = replace(program, col_upper=program.col_upper + 1.0)  # shares the matrix's arrays
    np.testing.assert_array_equal(bounds.columnwise()[2], first[2])
    doubled = replace(program, values=program.values * 2.0)
    start, index, value = doubled.columnwise()
    np.testing.assert_array_equal(start, first[0])
    np.testing.assert_array_equal(index, first[1])
    np.testing.assert_allclose(value, 2.0 * first[2])
    order = np.lexsort((program.rows, program.cols))  # written out: by column, then row
    np.testing.assert_array_equal(first[1], program.rows[order])


def test_a_model_highs_refuses_leaves_it_empty_and_the_optimiser_says_error() -> None:
    """A coefficient HiGHS finds too large (a budget of 10¹⁵ in the funding links): the model
    is refused, HiGHS holds nothing, and `optimise` answers with an error, not a traceback."""
    program = ModelBuilder(tutorial_data()).linear_program()
    start, index, value = program.columnwise()
    huge = value.copy()
    huge[0] = 1e15
    bounds = (program.col_lower, program.col_upper, program.row_lower, program.row_upper)
    highs = new_highs()
    pass_columns(highs, program.objective, bounds, (start, index, huge))
    assert highs.getNumCol() == 0
    scenario = with_constraints(
        make_scenario(0, programmes=2, areas=2, regions=2, years=2, total=1e15), min_ticket=1e13
    )
    result = optimise(allocation_input(scenario, random_values(scenario, 0)), time_limit=60)
    assert result.status == "error"


def test_arrays_that_do_not_agree_in_length_are_refused_before_highs_reads_past_them() -> None:
    program = ModelBuilder(tutorial_data()).linear_program()
    columns = program.columnwise()
    short = (program.col_lower[:-5], program.col_upper[:-5], program.row_lower, program.row_upper)
    with pytest.raises(ValueError, match="do not agree"):
        pass_columns(new_highs(), program.objective, short, columns)
    start, index, value = columns
    with pytest.raises(ValueError, match="do not agree"):
        bounds = (program.col_lower, program.col_upper, program.row_lower, program.row_upper)
        pass_columns(new_highs(), program.objective, bounds, (start, index, value[:-1]))


def test_the_columns_read_once_follow_the_funding_decisions_held_and_let_go() -> None:
    builder = ModelBuilder(tutorial_data())
    before = builder.linear_program()
    decisions = np.zeros(len(builder.z_columns))
    decisions[::2] = 1.0
    with builder.funding_fixed(decisions):
        held = builder.linear_program()
        np.testing.assert_array_equal(held.col_lower[builder.z_columns], decisions)
        np.testing.assert_array_equal(held.col_upper[builder.z_columns], decisions)
        assert not held.integer.any()
        builder._cached_columns = None  # read again from the PuLP variables: the same
        again = builder.linear_program()
        for name in ("col_lower", "col_upper", "integer", "objective"):
            np.testing.assert_array_equal(getattr(again, name), getattr(held, name))
    after = builder.linear_program()
    np.testing.assert_array_equal(after.col_upper, before.col_upper)
    np.testing.assert_array_equal(after.integer, before.integer)
    assert after.integer[builder.z_columns].all()


def test_a_program_handed_out_is_not_changed_by_a_later_one() -> None:
    builder = ModelBuilder(tutorial_data())
    first = builder.linear_program()
    first.col_upper[:] = 0.0
    first.objective[:] = 0.0
    second = builder.linear_program()
    assert second.col_upper.max() > 0
    assert second.objective.max() > 0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_money_read_from_a_solution_is_the_programs_own_reading(seed: int) -> None:
    builder = small_builder(seed)
    found = run(builder, "highs", None, 1e-6)
    assert found.status == "optimal"
    program = builder.linear_program()
    np.testing.assert_array_equal(builder.amounts(found.values), program.amounts(found.values))
    assert builder.amounts(found.values).sum() == pytest.approx(
        found.values[program.column_kind == "x"].sum()
    )


def test_a_sessions_coefficients_are_the_programs_triplets() -> None:
    program = ModelBuilder(tutorial_data()).linear_program()
    session = Session(program, None, mip=False)
    written = {
        (int(r), int(c)): float(v)
        for r, c, v in zip(program.rows, program.cols, program.values, strict=True)
    }
    rng = np.random.default_rng(3)
    for at in rng.choice(len(program.values), size=50, replace=False):
        row, column = int(program.rows[at]), int(program.cols[at])
        assert session.coefficient(row, column) == written[(row, column)]
    width = len(program.objective)
    absent = [
        (int(r), int(c))
        for r, c in zip(
            rng.integers(0, len(program.row_lower), 400), rng.integers(0, width, 400), strict=True
        )
        if (int(r), int(c)) not in written
    ]
    assert absent
    assert all(session.coefficient(row, column) == 0.0 for row, column in absent)


def test_a_changed_coefficient_replaces_the_old_one_and_a_new_one_is_added() -> None:
    program = ModelBuilder(tutorial_data()).linear_program()
    session = Session(program, None, mip=False)
    row, column = int(program.rows[7]), int(program.cols[7])
    taken = set(zip(program.rows.tolist(), program.cols.tolist(), strict=True))
    new_column = next(j for j in range(len(program.objective)) if (row, j) not in taken)
    changed = session.changed_program(
        Change(coefficients={(row, column): 42.0, (row, new_column): -3.0})
    )
    assert len(changed.values) == len(program.values) + 1
    entries = {
        (int(r), int(c)): float(v)
        for r, c, v in zip(changed.rows, changed.cols, changed.values, strict=True)
    }
    assert entries[(row, column)] == 42.0
    assert entries[(row, new_column)] == -3.0
    assert program.values[7] != 42.0  # the session's program is left as it was


@pytest.mark.parametrize("as_maximum", [False, True])
def test_an_offset_is_added_to_the_value_maximised_in_either_form(as_maximum: bool) -> None:
    program = ModelBuilder(tutorial_data()).linear_program()
    bounds = (program.col_lower, program.col_upper, program.row_lower, program.row_upper)
    highs = new_highs()
    pass_columns(
        highs, program.objective, bounds, program.columnwise(), offset=0.5, as_maximum=as_maximum
    )
    highs.run()
    found = np.asarray(highs.getSolution().col_value)
    value = float(program.objective @ found) + 0.5
    reported = highs.getInfo().objective_function_value
    assert reported == pytest.approx(value if as_maximum else -value, rel=1e-9)


def test_a_coefficient_outside_the_program_is_none_and_is_added_not_folded_onto_another() -> None:
    program = ModelBuilder(tutorial_data()).linear_program()
    session = Session(program, None, mip=False)
    width = len(program.objective)
    row = int(program.rows[program.cols == 0][0])
    assert session.coefficient(row - 1, width) == 0.0  # the key of (row, 0), were it allowed
    assert session.coefficient(-1, 0) == 0.0
    changed = session.changed_program(Change(coefficients={(row - 1, width): 5.0}))
    assert len(changed.values) == len(program.values) + 1
    np.testing.assert_array_equal(changed.values[: len(program.values)], program.values)


def test_the_column_places_every_program_shares_cannot_be_written_over() -> None:
    builder = ModelBuilder(tutorial_data())
    first, second = builder.linear_program(), builder.linear_program()
    assert first.column_cell is second.column_cell  # read once, shared
    with pytest.raises(ValueError, match="read-only"):
        first.column_cell[0] = 99
