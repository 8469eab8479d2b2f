"""Derived criteria score exactly like the same values typed in (docs/model.md §17)."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from prioritise.scenario import validate_dict
from prioritise.scoring import value_tree
from prioritise.scoring.derive import derived_criteria, derived_json
from tests.derived_factory import derived_dict
from tests.scenario.indicator_loops import density_loops, lq_loops


def typed_twin(raw: dict) -> dict:
    """The same scenario with every derived value typed into performance or a table."""
    scenario = validate_dict(raw)
    values = derived_criteria(scenario)
    twin = copy.deepcopy(raw)
    for criterion in twin["criteria"]:
        found = values.get(criterion["id"])
        if found is None:
            continue
        del criterion["derive"]
        if criterion["level"] == "programme":
            for programme in twin["programmes"]:
                programme["performance"][criterion["id"]] = float(found.values[programme["id"]])
        else:
            twin["tables"][criterion["id"]] = found.to_json()
    for table in ("activity", "io"):  # read by nothing now
        del twin["tables"][table]
    return twin


@pytest.mark.parametrize("method", ["additive", "topsis", "promethee"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_derived_criteria_score_like_typed_ones(method: str, seed: int) -> None:
    raw = derived_dict(seed, programmes=5, regions=6)
    raw["priority"]["method"] = method
    derived, typed = value_tree(validate_dict(raw)), value_tree(validate_dict(typed_twin(raw)))
    assert np.allclose(derived.programmes, typed.programmes, atol=1e-12)
    assert np.allclose(derived.regions, typed.regions, atol=1e-12)
    assert np.allclose(derived.cells["value"], typed.cells["value"], atol=1e-12)


def test_the_json_holds_the_computed_values() -> None:
    raw = derived_dict(3, programmes=4, regions=5)
    scenario = validate_dict(raw)
    found = value_tree(scenario).to_json()["derived"]
    assert found == derived_json(scenario)
    x = [
        [raw["tables"]["activity"][p][r] for r in scenario.region_ids]
        for p in scenario.programme_ids
    ]
    lq = lq_loops(x)
    for i, p in enumerate(scenario.programme_ids):
        for j, r in enumerate(scenario.region_ids):
            assert found["lq"][p][r] == pytest.approx(lq[i][j], rel=1e-12)
    presence = [[1 if v >= 1 - 1e-12 else 0 for v in row] for row in lq]
    density = density_loops(presence)
    for i, p in enumerate(scenario.programme_ids):
        assert [found["related"][p][r] for r in scenario.region_ids] == pytest.approx(
            density[i], abs=1e-12
        )
    assert set(found["complex"]) == set(scenario.programme_ids)
    assert np.mean(list(found["links"].values())) == pytest.approx(1.0)
