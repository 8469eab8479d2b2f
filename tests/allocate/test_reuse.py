"""Re-solves reuse the built model: the same answers as a model built afresh, fewer builds."""

from __future__ import annotations

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
from prioritise.allocate.baselines import FAIR_GAP, FAIR_SECONDS
from prioritise.allocate.fair import rescaled
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.matrices import LinearProgram
from prioritise.allocate.splits import objective_of
from prioritise.scenario import load
from tests.allocate.helpers import count_builds

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def tutorial_data(**constraints: object) -> AllocationInput:
    """The tutorial with funding decisions (a ticket and a line limit) unless told otherwise."""
    scenario = load(SCENARIOS / "tutorial.toml")
    rules = {"min_ticket": 1.0, "max_lines": 12, **constraints}
    updated = scenario.constraints.model_copy(update=rules)
    scenario = scenario.model_copy(update={"constraints": updated})
    return allocation_input(scenario, cell_values_of(scenario))


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[AllocationInput]:
    """Every model built while the test runs (the input it was built for)."""
    return count_builds(monkeypatch)


def _dense(program: LinearProgram) -> np.ndarray:
    matrix = np.zeros((len(program.row_lower), len(program.objective)))
    np.add.at(matrix, (program.rows, program.cols), program.values)
    return matrix


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


@pytest.mark.parametrize("decisions", [True, False])
def test_a_rescaled_closeness_model_is_the_model_built_afresh(decisions: bool) -> None:
    data = tutorial_data() if decisions else tutorial_data(min_ticket=None, max_lines=None)
    splits = [target.sum(axis=3) for target in plain_splits(data).values()]
    assert len(splits) == 2 and not np.allclose(splits[0], splits[1])
    closeness = closeness_input(data, splits[0])
    first = ModelBuilder(closeness)
    moved = rescaled(first.linear_program(), closeness.widths, splits[1])
    fresh = ModelBuilder(closeness_input(data, splits[1])).linear_program()
    assert (first.z is not None) == decisions
    np.testing.assert_array_equal(_dense(moved), _dense(fresh))
    for field in ("objective", "row_lower", "row_upper", "col_lower", "col_upper", "integer"):
        np.testing.assert_array_equal(getattr(moved, field), getattr(fresh, field))


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


def test_an_optimisation_builds_its_model_and_one_for_the_baselines(
    builds: list[AllocationInput],
) -> None:
    result = optimise(tutorial_data())
    assert result.solved and len(result.headline_baselines) == 2
    assert len(builds) == 2


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
        assert one.objective == pytest.approx(other.objective, rel=FAIR_GAP)
        assert one.gain == pytest.approx(other.gain, rel=FAIR_GAP, abs=1e-9)
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
