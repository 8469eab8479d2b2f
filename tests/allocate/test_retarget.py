"""A model moved to other share rules is the model built afresh for them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from prioritise.allocate import ModelBuilder, allocation_input, cell_values_of
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.retarget import retargeted
from prioritise.scenario import load
from prioritise.scenario.schema import Constraints

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
