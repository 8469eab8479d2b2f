"""Warnings about valid data: each one says what the model does with the gap, and it does.

Every warning case is checked twice: the warning (located, items by name, both languages) and
the behaviour it describes, recomputed from the value tree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from prioritise.scenario import (
    GDP_TOLERANCE,
    Problem,
    ScenarioError,
    check_warnings,
    load,
    shipped_scenarios,
    validate_dict,
    warnings_at,
)
from prioritise.scoring import value_tree
from prioritise.text import LANGUAGES, msg
from tests.factories import edited, scenario_dict, without
from tests.scenario.mutations import REPR

SPECIALISATION = 0  # the first regional criterion of the factory's scenario


def warned(raw: dict) -> list[Problem]:
    found = check_warnings(validate_dict(raw))
    assert all(problem.is_warning for problem in found)
    for problem in found:
        for lang in LANGUAGES:
            assert not REPR.search(problem.line(lang)), problem.line(lang)
    return found


def named(raw: dict) -> dict:
    """The factory's scenario with names in both languages, to see names instead of ids."""
    for key, word in (("programmes", "Programme"), ("regions", "Region")):
        for i, item in enumerate(raw[key]):
            item["names"] = {"es": f"{word} {i} es", "en": f"{word} {i} en"}
    return raw


@pytest.mark.parametrize("name", list(shipped_scenarios()))
def test_the_shipped_scenarios_have_no_warnings(name: str) -> None:
    assert check_warnings(load(shipped_scenarios()[name])) == []


def test_a_missing_cell_is_warned_of_and_counts_as_zero() -> None:
    raw = named(scenario_dict(0))
    gap = without(raw, "tables.specialisation.p1.r2")
    [warning] = warned(gap)
    assert warning.location == "tables.specialisation.p1.r2"
    assert warning.line("en") == (
        "tables.specialisation.p1.r2: warning: Programme 1 en has no value of Specialisation "
        "for Region 2 en: it counts as 0, the lowest possible, so Region 2 en comes last for "
        "Programme 1 en on this criterion. Give a value, 0 if there truly is none"
    )
    assert warning.line("es").startswith(
        "tables.specialisation.p1.r2: advertencia: Programme 1 es no tiene valor de"
    )
    zero = edited(raw, "tables.specialisation.p1.r2", 0.0)
    missing, given = value_tree(validate_dict(gap)), value_tree(validate_dict(zero))
    pd.testing.assert_frame_equal(missing.regions, given.regions)
    assert missing.model.regional[1, 2, SPECIALISATION] == 0.0  # last on this criterion


def test_a_missing_cell_where_lower_is_better_counts_as_the_best() -> None:
    raw = edited(scenario_dict(0), "criteria.3.direction", "min")
    gap = without(raw, "tables.specialisation.p1.r2")
    [warning] = warned(gap)
    assert warning.message == msg(
        "scenario.warning.cell_missing_min",
        programme=validate_dict(gap).programmes[1],
        criterion=validate_dict(gap).criteria[3],
        region=validate_dict(gap).regions[2],
    )
    assert "comes first for" in warning.text("en")
    assert value_tree(validate_dict(gap)).model.regional[1, 2, SPECIALISATION] == 1.0


def test_a_missing_need_means_no_share_of_the_priority() -> None:
    gap = without(scenario_dict(0), "tables.need.p0.a1")
    [warning] = warned(gap)
    assert warning.location == "tables.need.p0.a1"
    assert warning.message.id == "scenario.warning.need_missing"
    assert value_tree(validate_dict(gap)).enabling.loc["p0", "a1"] == 0.0


@pytest.mark.parametrize("flat", ["row", "missing row"])
def test_a_need_row_that_cannot_tell_the_areas_apart(flat: str) -> None:
    raw = scenario_dict(0)
    if flat == "row":
        raw = edited(raw, "tables.need.p2", {"a0": 3.0, "a1": 3.0})
    else:
        raw = without(raw, "tables.need.p2")
    [warning] = warned(raw)
    assert warning.location == "tables.need.p2"
    expected = (
        "scenario.warning.need_flat" if flat == "row" else "scenario.warning.need_row_missing"
    )
    assert warning.message.id == expected
    tree = value_tree(validate_dict(raw))
    weights = tree.weights["enabling_areas"]
    np.testing.assert_allclose(tree.enabling.loc["p2"].to_numpy(), weights.to_numpy())


@pytest.mark.parametrize("value", [0.0, 1.7])
def test_a_flat_regional_row_adds_nothing_to_that_programme(value: float) -> None:
    raw = edited(
        scenario_dict(0), "tables.specialisation.p0", {"r0": value, "r1": value, "r2": value}
    )
    [warning] = warned(raw)
    assert warning.location == "tables.specialisation.p0"
    assert warning.message.id == "scenario.warning.row_flat"
    regional = value_tree(validate_dict(raw)).model.regional
    assert np.all(regional[0, :, SPECIALISATION] == 0.0)
    assert np.ptp(regional[1, :, SPECIALISATION]) > 0  # other programmes still differ


def test_a_missing_row_of_a_regional_table() -> None:
    raw = without(scenario_dict(0), "tables.specialisation.p2")
    [warning] = warned(raw)
    assert (warning.location, warning.message.id) == (
        "tables.specialisation.p2",
        "scenario.warning.row_missing",
    )
    assert np.all(value_tree(validate_dict(raw)).model.regional[2, :, SPECIALISATION] == 0.0)


def shares(raw: dict, values: list[float]) -> dict:
    for i, value in enumerate(values):
        raw = edited(raw, f"regions.{i}.gdp_share", value)
    return raw


@pytest.mark.parametrize(
    ("values", "warns"),
    [
        ([0.3, 0.3, 0.4], False),
        ([0.3, 0.3, 0.4 + GDP_TOLERANCE - 0.001], False),
        ([0.3, 0.3, 0.4 - GDP_TOLERANCE - 0.001], True),
        ([0.3, 0.3, 0.5], True),
    ],
)
def test_gdp_shares_must_add_up_to_one(values: list[float], warns: bool) -> None:
    found = warned(shares(scenario_dict(0), values))
    assert bool(found) == warns
    if warns:
        [warning] = found
        total = sum(values)
        assert warning.location == "regions"
        assert warning.text("en").startswith(
            f"the regions' GDP shares add up to {100 * total:.1f}%, not 100%"
        )
        assert warning.message.id == "scenario.warning.gdp_sum_unused"


def test_gdp_shares_that_set_the_capacity_say_so() -> None:
    raw = edited(shares(scenario_dict(0), [0.3, 0.3, 0.6]), "returns.capacity_basis", "gdp")
    [warning] = warned(raw)
    assert warning.message.id == "scenario.warning.gdp_sum_used"
    assert "moves money between regions" in warning.text("en")


def test_a_gdp_share_missing_is_a_warning_or_an_error_when_it_sets_the_capacity() -> None:
    raw = without(scenario_dict(0), "regions.1.gdp_share")
    [warning] = warned(raw)
    assert (warning.location, warning.message.id) == ("regions[1]", "scenario.warning.gdp_missing")
    with pytest.raises(ScenarioError) as caught:
        validate_dict(edited(raw, "returns.capacity_basis", "gdp"))
    assert [p.location for p in caught.value.problems] == ["regions[1]"]
    no_shares = raw
    for i in (0, 2):
        no_shares = without(no_shares, f"regions.{i}.gdp_share")
    assert warned(no_shares) == []  # no region has one: nothing to compare


def test_warnings_at_picks_one_table_and_the_line_names_the_severity() -> None:
    raw = without(scenario_dict(0), "tables.need.p0.a1")
    raw = without(raw, "tables.specialisation.p1.r2")
    raw = shares(raw, [0.5, 0.5, 0.5])
    found = warned(raw)
    assert [p.location for p in warnings_at(found, "tables.need")] == ["tables.need.p0.a1"]
    assert [p.location for p in warnings_at(found, "regions")] == ["regions"]
    assert warnings_at(found, "tables.nee") == []
    assert found[0].line("es").startswith("tables.need.p0.a1: advertencia: ")
    assert found[0].to_json("en")["id"] == "scenario.warning.need_missing"
    assert not Problem("budget", "x").is_warning


def test_a_scenario_without_stakeholders_is_warned_of_and_weighs_everything_the_same() -> None:
    raw = named(scenario_dict(0))
    assert check_warnings(validate_dict(raw)) == []  # the factory's panel: no warning
    raw["stakeholders"] = []
    [warning] = warned(raw)
    assert warning.location == "stakeholders"
    assert "no stakeholder is given: every criterion and every enabling area weighs the same" in (
        warning.line("en")
    )
    assert "no hay actores: todos los criterios" in warning.line("es")
    tree = value_tree(validate_dict(raw))
    for name, weights in tree.weights.items():
        assert np.allclose(weights, 1 / len(weights)), name
