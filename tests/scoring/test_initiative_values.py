"""Initiative values: stakeholders weigh initiative criteria beside the programme criteria,
and programme priorities do not move because of it."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from prioritise.scenario import validate_dict
from prioritise.scoring import initiative_values, initiative_weights, value_tree
from tests.initiative_factories import with_initiatives


def _without_initiatives(raw: dict) -> dict:
    plain = copy.deepcopy(raw)
    del plain["initiatives"]
    plain["criteria"] = [c for c in plain["criteria"] if c.get("level") != "initiative"]
    for person in plain["stakeholders"]:
        for name in ("impact", "readiness"):
            person["criteria"].pop(name, None)
    return plain


@pytest.mark.parametrize("seed", range(4))
def test_programme_priorities_ignore_the_initiative_criteria(seed: int) -> None:
    raw = with_initiatives(seed, 5)
    with_them = value_tree(validate_dict(copy.deepcopy(raw)))
    without = value_tree(validate_dict(_without_initiatives(raw)))
    assert np.allclose(with_them.programmes.to_numpy(), without.programmes.to_numpy(), atol=1e-12)
    assert np.allclose(with_them.cells["value"], without.cells["value"], atol=1e-12)
    assert with_them.weights["criteria"].sum() == pytest.approx(1.0)
    assert set(with_them.weights["criteria"].index) == {"growth", "jobs", "cost"}


def test_ranked_criteria_give_initiative_weights_by_their_place() -> None:
    raw = with_initiatives(1, 4)
    for person in raw["stakeholders"]:
        del person["criteria"]
        person["ranks"] = {"criteria": ["impact", "growth", "readiness", "jobs", "cost"]}
    scenario = validate_dict(raw)
    weights = initiative_weights(scenario)
    roc = np.array([1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5, 1 / 3 + 1 / 4 + 1 / 5]) / 5
    assert weights.to_numpy() == pytest.approx(roc / roc.sum())


def test_without_initiative_criteria_the_value_is_the_line_priority() -> None:
    raw = with_initiatives(2, 6)
    raw["criteria"] = [c for c in raw["criteria"] if c.get("level") != "initiative"]
    for person in raw["stakeholders"]:
        person["criteria"].pop("impact")
        person["criteria"].pop("readiness")
    for item in raw["initiatives"]:
        item["scores"] = {}
    for key in ("programme", "enabling_area", "region"):
        raw["initiatives"][0].pop(key, None)  # a national, cross-programme initiative
    raw["initiatives"][1].update(programme="p1", enabling_area="a0", region="r2")
    scenario = validate_dict(raw)
    tree = value_tree(scenario)
    found = initiative_values(scenario, tree)
    assert np.all(found.score == 1.0)
    assert found.value.equals(found.line.rename("value"))
    cells = tree.cells.set_index(["programme", "enabling_area", "region"])["value"]
    assert found.line.iloc[0] == pytest.approx(cells.mean() / cells.max())
    assert found.line.iloc[1] == pytest.approx(cells.loc[("p1", "a0", "r2")] / cells.max())
