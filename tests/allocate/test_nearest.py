"""The fair baseline is one split, whatever path the solver takes (docs/model.md §10.2)."""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.allocate import (
    ModelBuilder,
    allocation_input,
    cell_values_of,
    closeness_input,
    fair_splits,
    plain_splits,
)
from prioritise.allocate import fair as fair_module
from prioritise.allocate import matrices as matrices_module
from prioritise.allocate.closeness import closeness_program
from prioritise.allocate.deadline import NO_DEADLINE, Deadline
from prioritise.allocate.matrices import highs_lp, new_highs
from prioritise.allocate.nearest import (
    best_closeness,
    distance_weights,
    money_targets,
    nearest_split,
)
from prioritise.allocate.reduction import reduced
from prioritise.allocate.session import Session, held_decisions, optimised_split
from prioritise.allocate.splits import objective_of
from prioritise.scenario import load, validate_dict
from tests.allocate.helpers import assert_obeys, tutorial_data
from tests.factories import scenario_dict

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _chile():  # type: ignore[no-untyped-def]
    chile = load(SCENARIOS / "chile_transforma_2017.toml")
    return allocation_input(chile, cell_values_of(chile))


def _factory(seed: int, **constraints: object):  # type: ignore[no-untyped-def]
    raw = scenario_dict(seed, programmes=4, areas=3, regions=4, years=3)
    raw["constraints"] = constraints
    scenario = validate_dict(raw)
    return allocation_input(scenario, cell_values_of(scenario))


def _vertex(data, name):  # type: ignore[no-untyped-def]
    """The closeness program of baseline `name`, and the optimum the simplex returns."""
    target = plain_splits(data)[name]
    program = closeness_program(ModelBuilder(data).linear_program(), data, target.sum(axis=3))
    found = optimised_split(program, fair_module.FAIR_GAP)
    return program, target, held_decisions(program, found.values)


def test_the_baselines_do_not_depend_on_the_simplex_scaling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """HiGHS's two equilibration scalings end at different splits of the same closeness on the
    default scenario; the baselines are the same under both."""
    data = _chile()
    usual = fair_splits(data)
    vertex = {name: _vertex(data, name)[2] for name in usual}
    configure = matrices_module.configure

    def forced(highs: highspy.Highs) -> None:
        configure(highs)
        highs.setOptionValue("simplex_scale_strategy", 3)

    monkeypatch.setattr(matrices_module, "configure", forced)
    other = fair_splits(data)
    other_vertex = {name: _vertex(data, name)[2] for name in usual}
    assert set(usual) == set(other) == {"proportional", "population"}
    # the two paths reach other vertices: without the nearest split the values would differ
    assert any(np.abs(vertex[n] - other_vertex[n]).max() > 1.0 for n in usual)
    for name, amounts in usual.items():
        np.testing.assert_allclose(other[name], amounts, atol=1e-6)
        assert objective_of(data, other[name]) == pytest.approx(
            objective_of(data, amounts), rel=1e-7
        )


def test_a_cap_takes_money_from_its_lines_in_proportion_and_gives_it_in_proportion() -> None:
    """One rule, a programme's share capped below its plain share: the baseline is the plain
    split with that programme's lines scaled down by one factor and every other line scaled up
    by another, as §10.2 promises."""
    data = _factory(11, max_programme_share=0.34)
    target = plain_splits(data)["proportional"].sum(axis=3)
    shares = target.sum(axis=(1, 2)) / target.sum()
    capped = int(np.argmax(shares))
    up = 0.66 / (1 - shares[capped])
    assert shares[capped] > 0.34 + 0.01 and np.sort(shares)[-2] * up < 0.34  # one over
    fair = fair_splits(data)["proportional"].sum(axis=3)
    ratio = fair / target
    inside, outside = ratio[capped], np.delete(ratio, capped, axis=0)
    np.testing.assert_allclose(inside, 0.34 / shares[capped], rtol=1e-6)
    np.testing.assert_allclose(outside, up, rtol=1e-6)


@pytest.mark.parametrize(
    "case",
    [
        lambda: tutorial_data(),
        lambda: tutorial_data(min_ticket=None, max_lines=None),
        lambda: _factory(3, min_ticket=0.5, max_lines=20, continuity=0.8, min_region_share=0.05),
        lambda: _factory(5, max_programme_share=0.35, enabling_share={"a1": {"min": 0.2}}),
    ],
    ids=["ticket and line limit", "no funding decisions", "every kind", "shares"],
)
@pytest.mark.parametrize("name", ["proportional", "population"])
def test_the_nearest_split_is_the_one_another_solver_finds(case, name: str) -> None:  # type: ignore[no-untyped-def]
    """Clarabel's answer against HiGHS's own quadratic solver on the same problem, written
    out independently: the same split, which obeys the rules and keeps the closeness."""
    data = case()
    program, target, vertex = _vertex(data, name)
    found = nearest_split(program, vertex, target, NO_DEADLINE)
    assert found is not None
    tau = money_targets(program, target)
    counted = ~np.isnan(tau)
    smallest = tau[counted & (tau > 0)].min()
    weight = np.where(counted, 1.0 / np.maximum(np.nan_to_num(tau), smallest), 0.0)
    np.testing.assert_allclose(distance_weights(tau), weight)
    lower, upper = program.col_lower.copy(), program.col_upper.copy()
    decisions = program.integer
    lower[decisions] = upper[decisions] = np.round(vertex[decisions])
    best = float(program.objective @ vertex)
    highs = new_highs()
    # minimise Σ w (v − τ)²: costs −2 w τ, Hessian 2 w; the closeness as one more row
    lp = highs_lp(program, np.zeros(len(weight)), False)
    lp.col_cost_ = -2.0 * weight * np.nan_to_num(tau)
    lp.col_lower_, lp.col_upper_ = lower, upper
    highs.passModel(lp)
    cols = np.flatnonzero(program.objective)
    highs.addRow(best * (1 - 1e-9), highspy.kHighsInf, len(cols), cols, program.objective[cols])
    hessian = highspy.HighsHessian()
    hessian.dim_ = len(weight)
    hessian.format_ = highspy.HessianFormat.kTriangular
    hessian.start_ = np.concatenate([[0], np.cumsum(weight > 0)]).astype(np.int32)
    hessian.index_ = np.flatnonzero(weight > 0).astype(np.int32)
    hessian.value_ = 2.0 * weight[weight > 0]
    highs.passHessian(hessian)
    highs.run()
    assert highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    other = np.asarray(highs.getSolution().col_value)
    np.testing.assert_allclose(program.amounts(found), program.amounts(other), atol=1e-5)
    closeness = closeness_input(data, target.sum(axis=3))
    assert objective_of(closeness, program.amounts(found)) == pytest.approx(
        objective_of(closeness, program.amounts(vertex)), rel=1e-8
    )
    assert np.all(found >= program.col_lower - 1e-7) and np.all(found <= program.col_upper + 1e-7)


def test_the_targets_are_the_plain_split_column_by_column() -> None:
    """Each line's money (each year for a line with commitments) and the free money of each
    year: together they count the plain split's money once per column family."""
    data = _factory(
        3,
        fixed=[
            {"programme": "p1", "enabling_area": "a0", "region": "r2", "year": 2031, "amount": 1.0}
        ],
    )
    target = plain_splits(data)["proportional"]
    program = ModelBuilder(data).linear_program()
    tau = money_targets(program, target)
    money = program.column_kind == "x"
    spare = program.column_kind == "year"
    assert tau[money].sum() == pytest.approx(target.sum())
    dated = money & (program.column_year >= 0)
    assert dated.sum() == target.shape[3]  # the one committed line has a column per year
    committed = program.column_cell[dated][0]
    flat = target.reshape(-1, target.shape[3])
    np.testing.assert_allclose(tau[dated], flat[committed])
    np.testing.assert_allclose(tau[spare], flat.sum(axis=0) - flat[committed])
    assert np.isnan(tau[~money & ~spare]).all()


def test_no_time_left_finds_no_nearest_split_and_leaves_the_baseline_out() -> None:
    data = tutorial_data()
    program, target, vertex = _vertex(data, "proportional")
    assert nearest_split(program, vertex, target, Deadline(0.0)) is None


def test_cbc_and_highs_give_the_same_baselines() -> None:
    """Two solvers, two paths to the closeness optimum: one baseline each (same decisions)."""
    data = tutorial_data(min_ticket=None, max_lines=None, max_programme_share=0.4)
    highs, cbc = fair_splits(data, "highs"), fair_splits(data, "cbc")
    assert set(highs) == set(cbc) == {"proportional", "population"}
    for name, amounts in highs.items():
        np.testing.assert_allclose(cbc[name], amounts, atol=1e-6)


def test_held_lines_leave_a_smaller_program_that_the_split_still_solves() -> None:
    """Folding rows with one free column into bounds holds every line not funded, with its
    segments; the split found by the simplex still obeys what is left."""
    data = _factory(3, min_ticket=0.5, max_lines=20, continuity=0.8, min_region_share=0.05)
    program, _, vertex = _vertex(data, "population")
    held = program.integer.copy()
    vertex = np.where(held, np.round(vertex), vertex)
    part = reduced(program, held, vertex)
    unfunded = program.column_cell[held][np.round(vertex[held]) == 0]
    assert len(unfunded) > 0
    gone = np.isin(program.column_cell, unfunded) & (program.column_kind != "z")
    assert not np.isin(np.flatnonzero(gone), part.free).any()
    np.testing.assert_allclose(part.fixed[gone], 0.0, atol=1e-9)
    y = vertex[part.free]
    assert np.all(y >= part.col_lower - 1e-7) and np.all(y <= part.col_upper + 1e-7)
    inside = part.matrix @ y
    assert np.all(inside >= part.lower - 1e-7) and np.all(inside <= part.upper + 1e-7)
    assert part.matrix.shape[1] < len(program.objective) / 2


RULE_SETS = [
    {"min_ticket": 0.5, "max_lines": 20, "continuity": 0.8, "min_region_share": 0.05},
    {"max_programme_share": 0.35, "enabling_share": {"a1": {"min": 0.2}}},
    {"min_ticket": 1.0, "concentration": 0.6, "spend_all": True},
    {
        "min_ticket": 0.5,
        "fixed": [
            {"programme": "p1", "enabling_area": "a0", "region": "r2", "year": 2031, "amount": 1.0}
        ],
    },
]


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    rules=st.sampled_from(range(len(RULE_SETS))),
    name=st.sampled_from(["proportional", "population"]),
)
def test_the_nearest_split_obeys_every_rule_and_keeps_the_closeness(
    seed: int, rules: int, name: str
) -> None:
    """On random scenarios: a split is found, it satisfies every row and bound of the
    closeness program (so every rule of the optimiser), keeps its funding decisions and its
    closeness, and lies no farther from the plain split than the simplex's vertex."""
    data = _factory(seed, **RULE_SETS[rules])
    program, target, vertex = _vertex(data, name)
    found = nearest_split(program, vertex, target, NO_DEADLINE)
    assert found is not None
    assert_obeys(program, found, 1e-7 * max(1.0, data.total))  # money, in the scenario's unit
    decisions = program.integer
    np.testing.assert_array_equal(found[decisions], np.round(vertex[decisions]))
    best = float(program.objective @ vertex)
    assert float(program.objective @ found) >= best - 2e-8 * abs(best) - 1e-12
    tau = money_targets(program, target)
    weight = distance_weights(tau)
    aim = np.nan_to_num(tau)
    assert weight @ (found - aim) ** 2 <= weight @ (vertex - aim) ** 2 * (1 + 1e-7) + 1e-9


@pytest.mark.parametrize("rules", range(len(RULE_SETS)))
def test_only_the_funding_decisions_of_the_split_handed_over_count(rules: int) -> None:
    """The closeness kept is the best for the decisions held (the LP over the reduced program
    equals the whole program's with its decisions fixed), so a rounded split that is not the
    best for its decisions, and the best one, lead to the same baseline."""
    data = _factory(7, **RULE_SETS[rules])
    program, target, _ = _vertex(data, "proportional")
    rounded = Session(program, fair_module.FAIR_GAP, staged=False).solve().values
    held = held_decisions(program, rounded)
    decisions = program.integer
    part = reduced(program, decisions, np.where(decisions, np.round(held), held))
    best = best_closeness(part, program.objective, NO_DEADLINE)
    assert best == pytest.approx(float(program.objective @ held), rel=1e-9)
    worse = rounded.copy()  # the same decisions, money taken off the funded lines' segments
    segments = (program.column_kind == "s") & (worse > 1e-6)
    worse[segments] *= 0.5
    for start in (worse, held):
        found = nearest_split(program, start, target, NO_DEADLINE)
        assert found is not None
        np.testing.assert_allclose(
            program.amounts(found),
            program.amounts(nearest_split(program, held, target, NO_DEADLINE)),
            atol=1e-6,
        )
