"""Re-solves reuse the built model: the same answers as a model built afresh, fewer builds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from prioritise.allocate import (
    AllocationModel,
    ModelBuilder,
    allocation_input,
    cell_values_of,
    closeness_input,
    fair_splits,
    optimise,
    plain_splits,
    with_baselines,
)
from prioritise.allocate import fair as fair_module
from prioritise.allocate import staged as staged_module
from prioritise.allocate.baselines import FAIR_GAP, FAIR_SECONDS
from prioritise.allocate.closeness import closeness_program
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.splits import objective_of
from prioritise.scenario import load, validate_dict
from tests.allocate.helpers import count_builds, tutorial_data
from tests.factories import scenario_dict

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[AllocationInput]:
    """Every model built while the test runs (the input it was built for)."""
    return count_builds(monkeypatch)


def _fresh_fair(data: AllocationInput) -> dict[str, np.ndarray]:
    """The fair baselines as they were found before: a full model and solve per split."""
    found = {}
    for name, target in plain_splits(data).items():
        result = AllocationModel(closeness_input(data, target.sum(axis=3))).solve(
            time_limit=FAIR_SECONDS, gap=FAIR_GAP, with_baselines=False, diagnose=False
        )
        if result.status == "optimal":
            found[name] = result.amounts
    return found


def _factory_data(seed: int, **constraints: object) -> AllocationInput:
    raw = scenario_dict(seed, programmes=4, areas=3, regions=4, years=3)
    raw["constraints"] = constraints
    scenario = validate_dict(raw)
    return allocation_input(scenario, cell_values_of(scenario))


RULES = {
    "tutorial, ticket and line limit": lambda: tutorial_data(),
    "tutorial, no funding decisions": lambda: tutorial_data(min_ticket=None, max_lines=None),
    "random, every kind of rule": lambda: _factory_data(
        3,
        min_ticket=0.5,
        max_lines=20,
        continuity=0.8,
        concentration=0.7,
        min_region_share=0.05,
        max_programme_share=0.4,
        enabling_share={"a1": {"min": 0.1}},
        fixed=[
            {"programme": "p1", "enabling_area": "a0", "region": "r2", "year": 2031, "amount": 1.0}
        ],
    ),
    "random, line limit only": lambda: _factory_data(5, max_lines=15, spend_all=True),
}


@pytest.mark.parametrize("case", sorted(RULES))
@pytest.mark.parametrize("budget", [None, 41.0])
def test_the_closeness_program_is_the_model_built_afresh(case: str, budget: float | None) -> None:
    """Rewritten from the optimiser's program, column for column and row for row."""
    data = RULES[case]()
    builder = ModelBuilder(data)
    if budget is not None:  # the program of a model moved to another budget
        builder.set_budget(budget)
        data = builder.data
    own = builder.linear_program()
    for target in plain_splits(data).values():
        scale = target.sum(axis=3)
        rewritten = closeness_program(own, data, scale)
        fresh = ModelBuilder(closeness_input(data, scale)).linear_program()
        for field in (
            "objective",
            "rows",
            "cols",
            "values",
            "row_lower",
            "row_upper",
            "col_lower",
            "col_upper",
            "integer",
            "column_kind",
            "column_cell",
            "column_year",
            "column_segment",
            "slopes",
        ):
            np.testing.assert_array_equal(getattr(rewritten, field), getattr(fresh, field))
        assert rewritten.row_names == fresh.row_names and rewritten.shape == fresh.shape


def test_a_closeness_program_needs_one_block_of_segments() -> None:
    data = tutorial_data()
    own = ModelBuilder(data).linear_program()
    kind = own.column_kind.copy()
    kind[np.flatnonzero(kind == "s")[1]] = "x"  # a hole in the segments
    with pytest.raises(ValueError, match="one block"):
        closeness_program(
            replace(own, column_kind=kind), data, plain_splits(data)["population"].sum(axis=3)
        )


def test_fair_baselines_on_one_model_equal_one_model_per_baseline(
    builds: list[AllocationInput],
) -> None:
    data = tutorial_data()
    found = fair_splits(data)
    assert len(builds) == 1  # one closeness model for both plain splits
    before = _fresh_fair(data)
    assert set(found) == set(before) == {"proportional", "population"}
    for name, amounts in found.items():
        closeness = closeness_input(data, plain_splits(data)[name].sum(axis=3))
        reached, fresh = objective_of(closeness, amounts), objective_of(closeness, before[name])
        assert reached == pytest.approx(fresh, rel=FAIR_GAP)
        assert amounts.sum() == pytest.approx(before[name].sum(), rel=1e-9)


def test_an_optimisation_builds_one_model_for_itself_and_its_baselines(
    builds: list[AllocationInput],
) -> None:
    result = optimise(tutorial_data())
    assert result.solved and len(result.headline_baselines) == 2
    assert len(builds) == 1


def test_baselines_added_later_equal_baselines_found_at_once(
    builds: list[AllocationInput],
) -> None:
    data = tutorial_data()
    together = optimise(data)
    split = optimise(data, with_baselines=False)
    assert split.baselines == [] and "baselines" not in split.seconds
    before = len(builds)
    later = with_baselines(split)
    assert len(builds) == before + 1  # the split's own model is not built again
    assert later.objective == together.objective and "baselines" in later.seconds
    assert [b.name for b in later.baselines] == [b.name for b in together.baselines]
    for one, other in zip(later.baselines, together.baselines, strict=True):
        # the same programs, solved alongside the optimum or after it: the same splits
        np.testing.assert_allclose(one.amounts, other.amounts, atol=1e-9)
        assert one.gain == pytest.approx(other.gain, abs=1e-9)
        assert one.obeys_rules == other.obeys_rules


def test_an_allocation_without_a_split_gets_no_baselines() -> None:
    infeasible = optimise(tutorial_data(min_region_share=0.5), with_baselines=False)
    assert not infeasible.solved
    assert with_baselines(infeasible) is infeasible


def test_baselines_side_by_side_equal_baselines_one_after_the_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each baseline is solved on its own HiGHS instances: two lanes give what one gives."""
    chile = load(SCENARIOS / "chile_transforma_2017.toml")
    data = allocation_input(chile, cell_values_of(chile))
    monkeypatch.setattr(fair_module, "lane_count", lambda tasks: 2)  # whatever the machine
    together = fair_splits(data)
    monkeypatch.setattr(fair_module, "lane_count", lambda tasks: 1)
    alone = fair_splits(data)
    assert set(together) == set(alone) == {"proportional", "population"}
    for name, amounts in together.items():
        np.testing.assert_allclose(amounts, alone[name], atol=1e-9)


def _matrix_of(model) -> tuple[list[int], list[int], list[float]]:
    return list(model.a_matrix_.start_), list(model.a_matrix_.index_), list(model.a_matrix_.value_)


def test_highs_gets_the_matrix_of_the_program_it_is_handed() -> None:
    """By columns, then rows: the same for a program with other bounds or costs, its own for
    one with other coefficients."""
    from prioritise.allocate.matrices import highs_lp

    program = ModelBuilder(tutorial_data()).linear_program()
    first = _matrix_of(highs_lp(program, program.objective, True))
    costs = replace(program, objective=program.objective * 2, col_upper=program.col_upper + 1)
    assert _matrix_of(highs_lp(costs, costs.objective, True)) == first
    doubled = replace(program, values=program.values * 2)
    start, index, value = _matrix_of(highs_lp(doubled, doubled.objective, True))
    assert (start, index) == first[:2]
    assert value == [2 * v for v in first[2]]
    order = np.lexsort((program.rows, program.cols))  # written out: by column, then row
    assert index == program.rows[order].tolist()
    assert value == (2 * program.values[order]).tolist()


@pytest.mark.parametrize(
    "case", ["tutorial, ticket and line limit", "random, every kind of rule", "chile"]
)
def test_each_baseline_relaxation_starts_from_the_one_before_and_reaches_the_same_optimum(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The closeness programs differ only in their segments (§10.2): the second relaxation
    starts from the first one's basis and ends at the optimum a fresh solve finds; each
    baseline lies within its gap of the split the whole search in stages finds."""
    if case == "chile":
        chile = load(SCENARIOS / "chile_transforma_2017.toml")
        data = allocation_input(chile, cell_values_of(chile))
    else:
        data = RULES[case]()
    seen: list[tuple[object, float]] = []
    relax = fair_module._relaxation

    def spied(program, deadline, basis):  # type: ignore[no-untyped-def]
        values, ended = relax(program, deadline, basis)
        seen.append((basis, float(program.objective @ values)))
        return values, ended

    monkeypatch.setattr(fair_module, "_relaxation", spied)
    found = fair_splits(data)
    assert set(found) == {"proportional", "population"} and len(seen) == 2
    assert seen[0][0] is None and seen[1][0] is not None
    own = ModelBuilder(data).linear_program()
    for (_, bound), name in zip(seen, ("proportional", "population"), strict=True):
        target = plain_splits(data)[name]
        scale = target.sum(axis=3)
        program = closeness_program(own, data, scale)
        fresh, _ = relax(program, fair_module.NO_DEADLINE, None)
        assert bound == pytest.approx(float(program.objective @ fresh), rel=1e-9)
        closeness = closeness_input(data, scale)
        value = objective_of(closeness, found[name])
        whole = objective_of(
            closeness, fair_module._optimum(program, target, fair_module.NO_DEADLINE)
        )
        assert bound >= value * (1 - 1e-9) and bound >= whole * (1 - 1e-9)
        assert value == pytest.approx(whole, rel=FAIR_GAP)


def test_the_baselines_do_not_depend_on_how_much_time_the_rounding_gets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each baseline's rounding (stage 2 of §19) is bounded by its work, not by a share of the
    time left, so a busy machine, on which it takes longer, finds the same split: here it may
    take no time at all and still does."""
    chile = load(SCENARIOS / "chile_transforma_2017.toml")
    data = allocation_input(chile, cell_values_of(chile))
    usual = fair_splits(data)
    monkeypatch.setattr(staged_module, "SUB_SHARE", 1e-9)
    hurried = fair_splits(data)
    assert set(usual) == set(hurried) == {"proportional", "population"}
    for name, amounts in usual.items():
        np.testing.assert_allclose(amounts, hurried[name], atol=1e-9)
