"""A model moved to other share rules is the model built afresh for them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from prioritise.allocate import (
    DEFAULT_GAP,
    ModelBuilder,
    ModelCache,
    allocation_input,
    cell_values_of,
    optimise,
)
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.retarget import retargeted
from prioritise.scenario import load
from prioritise.scenario.schema import Constraints
from tests.allocate.helpers import count_builds

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def chile(**rules: Any) -> AllocationInput:
    scenario = load(SCENARIOS / "chile_transforma_2017.toml")
    updated = Constraints.model_validate({**scenario.constraints.model_dump(), **rules})
    scenario = scenario.model_copy(update={"constraints": updated})
    return allocation_input(scenario, cell_values_of(scenario))


def _same_model(one: ModelBuilder, other: ModelBuilder) -> None:
    mine, theirs = one.linear_program(), other.linear_program()
    shape = (len(theirs.row_lower), len(theirs.objective))
    for program in (mine, theirs):
        assert len(program.row_lower) == shape[0] and len(program.objective) == shape[1]
    dense = [np.zeros(shape), np.zeros(shape)]
    for matrix, program in zip(dense, (mine, theirs), strict=True):
        np.add.at(matrix, (program.rows, program.cols), program.values)
    np.testing.assert_array_equal(dense[0], dense[1])
    for name in ("objective", "row_lower", "row_upper", "col_lower", "col_upper", "integer"):
        np.testing.assert_array_equal(getattr(mine, name), getattr(theirs, name))
    assert one.named == other.named
    assert one.rule_rows == other.rule_rows
    assert one._scaled == other._scaled


CHANGES = [
    {"max_programme_share": 0.3},
    {"max_programme_share": 0.12, "min_region_share": 0.02},
    {
        "region_share": {
            "metropolitana": {"max": 0.5},
            "antofagasta": {"min": 0.08},
            "biobio": {"min": 0.05},
            "losrios": {"min": 0.04},
        }
    },
]


@pytest.mark.parametrize("rules", CHANGES)
def test_moved_share_rules_give_the_model_built_for_them(rules: dict[str, Any]) -> None:
    base, changed = chile(), chile(**rules)
    builder = ModelBuilder(base)
    builder.linear_program()  # read once before the change
    moved = retargeted(builder, changed)
    assert moved is builder
    _same_model(moved, ModelBuilder(changed))


def test_moving_then_changing_the_budget_still_gives_the_fresh_model() -> None:
    moved = retargeted(ModelBuilder(chile()), chile(max_programme_share=0.3))
    moved.set_budget(250.0)
    fresh = ModelBuilder(chile(max_programme_share=0.3))
    fresh.set_budget(250.0)
    _same_model(moved, fresh)


def test_a_model_read_then_moved_through_budgets_gives_the_fresh_model() -> None:
    """The cached matrix follows the rows moved in place, and a program read before a move
    keeps its own numbers."""
    base = chile()
    moved = ModelBuilder(base)
    before = moved.linear_program()
    kept = (before.values.copy(), before.row_lower.copy(), before.row_upper.copy())
    for budget in (100.0, 250.0):
        moved.set_budget(budget, base)
        moved.linear_program()
    fresh = ModelBuilder(base)
    fresh.set_budget(250.0)
    _same_model(moved, fresh)
    assert moved.data.year_budgets.tolist() == fresh.data.year_budgets.tolist()
    for array, copy in zip((before.values, before.row_lower, before.row_upper), kept, strict=True):
        np.testing.assert_array_equal(array, copy)
    assert not np.array_equal(moved.linear_program().row_upper, before.row_upper)


@pytest.mark.parametrize(
    "rules",
    [{"max_programme_share": None}, {"min_region_share": None}, {"concentration": 0.5}],
)
def test_a_bound_added_or_removed_or_another_rule_builds_afresh(rules: dict[str, Any]) -> None:
    builder = ModelBuilder(chile())
    changed = chile(**rules)
    moved = retargeted(builder, changed)
    assert moved is not builder
    _same_model(moved, ModelBuilder(changed))


def tutorial(**rules: Any) -> AllocationInput:
    scenario = load(SCENARIOS / "tutorial.toml")
    raw = {**scenario.constraints.model_dump(), "min_ticket": 1.0, "max_lines": 12, **rules}
    scenario = scenario.model_copy(update={"constraints": Constraints.model_validate(raw)})
    return allocation_input(scenario, cell_values_of(scenario))


def test_a_model_cache_moves_a_kept_model_to_a_changed_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built = count_builds(monkeypatch)
    cache = ModelCache()
    options = {"with_baselines": False}
    first = cache.optimise(tutorial(), **options)
    assert first.solved and len(built) == 1
    for cap in (0.4, 0.5, 0.35):
        changed = tutorial(max_programme_share=cap)
        before = len(built)
        kept = cache.optimise(changed, **options)
        assert len(built) == before  # the kept model, its cap moved
        fresh = optimise(changed, **options)
        assert len(built) == before + 1
        assert kept.status == fresh.status == "optimal"
        assert kept.objective == pytest.approx(fresh.objective, rel=2 * DEFAULT_GAP)
        assert kept.totals.programme["share"].max() <= cap + 1e-6
    before = len(built)
    cache.optimise(tutorial(max_programme_share=None), **options)  # a bound dropped
    assert len(built) == before + 1


def test_a_model_cache_moves_a_kept_model_to_another_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built = count_builds(monkeypatch)
    cache = ModelCache()
    cache.optimise(tutorial(), with_baselines=False)
    data = tutorial()
    for budget in (45.0, 90.0):
        before = len(built)
        kept = cache.optimise(data.with_budget(budget), with_baselines=False)
        assert len(built) == before and kept.budget == budget
        fresh = optimise(data.with_budget(budget), with_baselines=False)
        assert kept.status == fresh.status == "optimal"
        assert kept.objective == pytest.approx(fresh.objective, rel=2 * DEFAULT_GAP)
        assert kept.amounts.sum() == pytest.approx(fresh.amounts.sum(), rel=1e-6)


def test_a_model_cache_adds_baselines_on_its_kept_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app shows a split, then its baselines: they come from the kept model's program,
    with no second build, and equal those `optimise` finds at once."""
    built = count_builds(monkeypatch)
    cache = ModelCache()
    data = tutorial(max_programme_share=0.4)
    split = cache.optimise(data, with_baselines=False)
    before = len(built)
    later = cache.with_baselines(split)
    assert len(built) == before
    together = optimise(data)
    assert [b.name for b in later.baselines] == [b.name for b in together.baselines]
    assert len(later.headline_baselines) == 2
    for one, other in zip(later.baselines, together.baselines, strict=True):
        np.testing.assert_allclose(one.amounts, other.amounts, atol=1e-9)
    infeasible = cache.optimise(tutorial(min_region_share=0.5), with_baselines=False)
    assert not infeasible.solved and cache.with_baselines(infeasible) is infeasible


def test_a_kept_model_serves_one_solve_at_a_time() -> None:
    cache = ModelCache()
    data = tutorial()
    one = cache._take(data)
    other = cache._take(data)
    assert one is not other
    cache._give(one)
    assert cache._take(tutorial(max_programme_share=0.4)) is one


def test_a_model_cache_scores_a_scenario_once_for_its_rules_and_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prioritise.allocate import retarget

    scored: list[int] = []
    plain = retarget.cell_values_of
    monkeypatch.setattr(retarget, "cell_values_of", lambda s: scored.append(1) or plain(s))
    scenario = load(SCENARIOS / "chile_transforma_2017.toml")
    cache = ModelCache()
    first = cache.cell_values(scenario)
    np.testing.assert_array_equal(first, plain(scenario))
    assert not first.flags.writeable  # shared, so nobody may change it
    rules = Constraints.model_validate(
        {**scenario.constraints.model_dump(), "max_programme_share": 0.25}
    )
    budget = scenario.budget.model_copy(update={"total": scenario.budget.total * 2})
    for changed in (
        scenario.model_copy(update={"constraints": rules}),
        scenario.model_copy(update={"budget": budget}),
    ):
        np.testing.assert_array_equal(cache.cell_values(changed), plain(changed))
    assert len(scored) == 1  # neither a rule nor the budget is scored again
    weights = scenario.model_copy(update={"criteria": scenario.criteria[:-1]})
    try:
        expected = plain(weights)
    except Exception:  # a scenario the value tree refuses is refused the same way
        with pytest.raises(Exception):  # noqa: B017
            cache.cell_values(weights)
    else:
        np.testing.assert_array_equal(cache.cell_values(weights), expected)
    assert len(scored) == 2  # what the value tree reads changed: scored again
