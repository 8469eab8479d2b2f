"""The share of each priority that rests on illustrative inputs (docs/model.md §18)."""

from __future__ import annotations

import numpy as np
import pytest

from prioritise.scenario import loads, validate_dict
from prioritise.scoring import value_tree
from prioritise.scoring.provenance import illustrative_criteria, provenance_of
from tests.derived_factory import derived_dict

HAND = """
format = "prioritise-scenario/1"
[scenario]
name = "Provenance by hand"
[[sources]]
id = "census"
title = "A census"
[budget]
total = 10.0
years = [2030]
[[criteria]]
id = "a"
name = "A"
source = "illustrative"
[[criteria]]
id = "b"
name = "B"
source = "census"
[[criteria]]
id = "lag"
name = "Lagging"
level = "region"
[[criteria]]
id = "lq"
name = "Specialisation"
level = "programme_region"
derive = { method = "location_quotient", table = "activity" }
[[programmes]]
id = "p0"
name = "P0"
performance = { a = 1, b = 0 }
[[programmes]]
id = "p1"
name = "P1"
performance = { a = 0, b = 1 }
[[enabling_areas]]
id = "e"
name = "E"
[[regions]]
id = "r0"
name = "R0"
population = 10
performance = { lag = 1 }
[[regions]]
id = "r1"
name = "R1"
population = 10
performance = { lag = 0 }
[tables.activity]
source = "census"
p0 = { r0 = 3, r1 = 1 }
p1 = { r0 = 1, r1 = 3 }
[[stakeholders]]
id = "s"
name = "S"
criteria = { a = 1, b = 1 }
regional_criteria = { lag = 1, lq = 1 }
"""


def test_a_hand_worked_case() -> None:
    """P0 scores only on the illustrative A, P1 only on the sourced B. In F, LQ is 1.5/0.5
    (P0) and 0.5/1.5 (P1), so normalised 1/0 and 0/1; Lagging (no source) is 1/0. R0's
    value comes from P0 (P·F = 0.5, half illustrative) and P1 (0.25, all illustrative):
    (0.25 + 0.25) / 0.75 = 2/3; R1's only value (P1, 0.25) rests on LQ alone: 0."""
    scenario = loads(HAND)
    shares = provenance_of(scenario, value_tree(scenario))
    assert shares.programmes.to_dict() == pytest.approx({"p0": 1.0, "p1": 0.0})
    assert shares.regions.to_dict() == pytest.approx({"r0": 2 / 3, "r1": 0.0})


def test_a_derived_criterion_inherits_its_tables_provenance() -> None:
    raw = derived_dict(0)
    flags = illustrative_criteria(validate_dict(raw))
    assert not flags[["lq", "related", "complex", "links"]].any().any()
    assert flags[["growth", "jobs", "cost", "specialisation", "lagging"]].all().all()
    raw["tables"]["activity"]["sources"] = {"p1": "illustrative"}
    flags = illustrative_criteria(validate_dict(raw))
    assert flags[["lq", "related", "complex"]].all().all() and not flags["links"].any()


def test_shares_equal_a_recomputation_from_the_breakdowns() -> None:
    """Additive method: the programme share is the illustrative criteria's part of the
    criterion contributions; the region share weighs each programme's F breakdown by P·F."""
    scenario = validate_dict(derived_dict(4, programmes=5, regions=6))
    tree = value_tree(scenario)
    flags = illustrative_criteria(scenario)
    found = tree.contributions["programmes"]
    assert found is not None
    parts = found[[c.id for c in scenario.criteria_at("programme")]]
    for p in scenario.programme_ids:
        illustrative = sum(parts.loc[p, c] for c in parts.columns if flags.loc[p, c])
        assert tree.illustrative.programmes[p] == pytest.approx(illustrative / parts.loc[p].sum())
    regional = tree.contributions["regions"][
        [c.id for c in scenario.criteria_at("region", "programme_region")]
    ]
    for r in scenario.region_ids:
        num = den = 0.0
        for p in scenario.programme_ids:
            row = regional.loc[(p, r)]
            mass = tree.programmes[p] * tree.regions.loc[p, r]
            share = sum(row[c] for c in row.index if flags.loc[p, c]) / row.sum()
            num, den = num + mass * share, den + mass
        assert tree.illustrative.regions[r] == pytest.approx(num / den)


def test_all_sourced_is_zero_and_all_illustrative_is_one() -> None:
    raw = derived_dict(2)
    for criterion in raw["criteria"]:
        criterion["source"] = "made-up"
    raw["tables"]["specialisation"]["source"] = "made-up"
    tree = value_tree(validate_dict(raw))
    assert np.allclose(tree.illustrative.programmes, 0) and np.allclose(
        tree.illustrative.regions, 0
    )
    for table in ("activity", "io", "specialisation"):
        raw["tables"][table]["source"] = "illustrative"
    for criterion in raw["criteria"]:
        criterion["source"] = "illustrative"
    tree = value_tree(validate_dict(raw))
    assert np.allclose(tree.illustrative.programmes, 1) and np.allclose(
        tree.illustrative.regions, 1
    )
    assert tree.to_json()["illustrative"]["programmes"] == pytest.approx(
        dict.fromkeys(tree.programmes.index, 1.0)
    )
