"""Derived criteria and raw tables are checked when a file loads, each problem at its place."""

from __future__ import annotations

import math

import pytest

from prioritise.scenario import ScenarioError, describe, dumps, loads, validate_dict
from tests.derived_factory import derived_dict
from tests.factories import edited, without


def problems(raw: dict) -> dict[str, str]:
    with pytest.raises(ScenarioError) as caught:
        validate_dict(raw)
    return {p.location: p.text("en") for p in caught.value.problems}


def criterion_index(raw: dict, ident: str) -> int:
    return next(i for i, c in enumerate(raw["criteria"]) if c["id"] == ident)


def test_a_scenario_with_every_method_loads_and_round_trips() -> None:
    raw = derived_dict(1)
    scenario = validate_dict(raw)
    again = loads(dumps(scenario))
    assert again == scenario
    assert {c.id: c.derive.method for c in again.criteria if c.derive} == {
        "lq": "location_quotient",
        "related": "relatedness",
        "complex": "complexity",
        "links": "linkages",
    }


def test_an_unknown_table_is_named_with_a_suggestion() -> None:
    raw = derived_dict()
    i = criterion_index(raw, "lq")
    found = problems(edited(raw, f"criteria.{i}.derive.table", "activty"))
    assert "no table 'activty'" in found[f"criteria[{i}].derive.table"]
    assert "activity" in found[f"criteria[{i}].derive.table"]


def test_a_method_at_the_wrong_level_is_refused() -> None:
    raw = derived_dict()
    i = criterion_index(raw, "complex")
    found = problems(edited(raw, f"criteria.{i}.level", "programme_region"))
    assert "must have the programme level" in found[f"criteria[{i}].level"]


def test_a_programme_with_no_activity_is_refused_at_its_row() -> None:
    raw = derived_dict(regions=3)
    zero = {r["id"]: 0.0 for r in raw["regions"]}
    found = problems(edited(raw, "tables.activity.p1", zero))
    assert "adds up to 0 across the regions" in found["tables.activity.p1"]


def test_a_region_with_no_activity_is_refused() -> None:
    raw = derived_dict(programmes=3, regions=3)
    for p in ("p0", "p1", "p2"):
        raw = edited(raw, f"tables.activity.{p}.r2", 0.0)
    found = problems(raw)
    assert "region 'r2' adds up to 0" in found["tables.activity"]


def test_a_non_finite_cell_is_refused() -> None:
    raw = edited(derived_dict(), "tables.activity.p0.r1", math.inf)
    assert "tables.activity.p0.r1" in problems(raw)


def test_an_input_output_table_over_regions_is_not_square() -> None:
    raw = edited(derived_dict(), "tables.io.p0.r0", 0.1)
    found = problems(raw)
    assert "'r0' is not a programme" in found["tables.io.p0.r0"]


def test_an_unproductive_input_output_table_has_no_leontief_inverse() -> None:
    raw = derived_dict(programmes=3)
    for p in ("p0", "p1", "p2"):
        raw = edited(raw, f"tables.io.{p}", {q: 0.5 for q in ("p0", "p1", "p2")})
    i = criterion_index(raw, "links")
    found = problems(raw)
    assert "Leontief inverse of table 'io' does not exist" in found[f"criteria[{i}].derive"]
    assert "largest eigenvalue is 1.5" in found[f"criteria[{i}].derive"]


def test_complexity_undefined_on_separate_blocks_is_refused() -> None:
    raw = derived_dict(programmes=4, regions=4)
    blocks = {"p0": "r0", "p1": "r0", "p2": "r2", "p3": "r2"}
    for p, r in blocks.items():
        partner = {"r0": "r1", "r2": "r3"}[r]
        raw = edited(raw, f"tables.activity.{p}", {r: 10.0, partner: 10.0})
    i = criterion_index(raw, "complex")
    assert "is repeated" in problems(raw)[f"criteria[{i}].derive"]


def test_a_typed_value_for_a_derived_criterion_is_refused() -> None:
    raw = edited(derived_dict(), "programmes.0.performance.complex", 3.0)
    assert "computed from a table" in problems(raw)["programmes[0].performance.complex"]


def test_a_table_of_a_derived_criterions_own_name_is_refused() -> None:
    raw = derived_dict()
    raw["tables"]["lq"] = {"p0": {"r0": 1.0}}
    assert "remove this table of its own" in problems(raw)["tables.lq"]


def test_one_table_read_two_ways_is_refused() -> None:
    raw = derived_dict()
    i = criterion_index(raw, "links")
    found = problems(edited(raw, f"criteria.{i}.derive.table", "activity"))
    assert "cannot be read both" in found[f"criteria[{i}].derive.table"]


def test_linkage_goes_only_with_linkages() -> None:
    raw = derived_dict()
    i = criterion_index(raw, "lq")
    found = problems(edited(raw, f"criteria.{i}.derive.linkage", "forward"))
    assert any("'linkage' goes only" in text for text in found.values())


def test_a_fixed_scale_must_hold_the_computed_values() -> None:
    raw = derived_dict()
    i = criterion_index(raw, "related")
    validate_dict(edited(raw, f"criteria.{i}.scale", [0.0, 1.0]))  # densities lie in [0, 1]
    found = problems(edited(raw, f"criteria.{i}.scale", [0.5, 1.0]))
    assert "outside the scale" in found[f"criteria[{i}].scale"]


def test_a_table_nothing_reads_is_still_refused() -> None:
    """A misspelt table name must not pass silently, raw data or not."""
    raw = derived_dict()
    raw["tables"]["employment"] = {"source": "made-up", "p0": {"r0": 1.0}}
    assert "be read by a criterion's derive" in problems(raw)["tables.employment"]


def test_a_table_of_other_columns_is_still_refused() -> None:
    raw = derived_dict()
    raw["tables"]["nede"] = {"p0": {"a0": 1.0}}
    assert "be read by a criterion's derive" in problems(raw)["tables.nede"]


def test_activity_capacity_needs_its_table() -> None:
    raw = edited(derived_dict(), "returns.capacity_basis", "activity")
    validate_dict(raw)
    raw = edited(raw, "returns.capacity_table", "gdp_by_branch")
    assert "no table 'gdp_by_branch'" in problems(raw)["returns.capacity_table"]


def test_activity_capacity_alone_makes_a_table_raw() -> None:
    """Without derived criteria, `capacity_basis = "activity"` reads `tables.activity`."""
    raw = derived_dict()
    raw["criteria"] = [c for c in raw["criteria"] if "derive" not in c]
    for person in raw["stakeholders"]:
        for key in ("criteria", "regional_criteria"):
            person[key] = {
                k: v
                for k, v in person[key].items()
                if k in {"growth", "jobs", "cost", "specialisation", "lagging"}
            }
    raw = without(raw, "tables.io")
    raw = edited(raw, "returns.capacity_basis", "activity")
    assert validate_dict(raw).returns.capacity_basis == "activity"


def test_show_says_a_derived_criterion_is_computed_and_from_what() -> None:
    text = describe(validate_dict(derived_dict()), "en")
    assert "Lq (programme × region; higher is better) — computed by location_quotient" in text
    assert "raw data table 'activity': Generated for tests" in text
    assert "need of each programme by enabling area: illustrative" in text
