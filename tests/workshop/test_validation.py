"""Tests of the server-side validation of workshop input: every value typed into a browser
is checked (lengths, control characters, known ids, finite points in range)."""

from __future__ import annotations

import math
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.workshop import InvalidInputError
from prioritise.workshop.validation import (
    allowed_ids_from_scenario,
    clean_text,
    groups_from_scenario,
    merge_groups,
    normalise_join_code,
    summary_to_json,
    validate_allowed_ids,
    validate_group,
    validate_weights,
)
from tests.factories import WORKSHOP_SCENARIO_TOML

ALLOWED = {
    "criteria": ["growth", "exports"],
    "enabling_areas": ["rd", "human_capital"],
    "regional_criteria": ["lagging", "specialisation"],
    "programmes": ["mining", "tourism"],
}


def weights(growth: float = 60, exports: float = 40) -> dict:
    """A complete, valid submission."""
    return {
        "criteria": {"growth": growth, "exports": exports},
        "enabling_areas": {"rd": 70, "human_capital": 30},
        "regional_criteria": {"lagging": 50, "specialisation": 50},
    }


ALLOWED_TUPLES = {name: tuple(ids) for name, ids in ALLOWED.items()}


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ({**weights(), "criteria": {"growth": -1}}, "weights.criteria.growth"),
        ({**weights(), "criteria": {"growth": 100.5}}, "weights.criteria.growth"),
        ({**weights(), "criteria": {"growth": math.inf}}, "weights.criteria.growth"),
        ({**weights(), "criteria": {"growth": math.nan}}, "weights.criteria.growth"),
        ({**weights(), "criteria": {"growth": True}}, "weights.criteria.growth"),
        ({**weights(), "criteria": {"growth": "50"}}, "weights.criteria.growth"),
        ({**weights(), "criteria": {"growth": 0, "exports": 0}}, "weights.criteria"),
        ({**weights(), "criteria": {}}, "weights.criteria"),
        ({**weights(), "criteria": {"copper": 10}}, "weights.criteria"),
        ({**weights(), "criteria": {1: 10}}, "weights.criteria"),
        ({**weights(), "sectors": {"mining": 1}}, "weights"),
        ({k: v for k, v in weights().items() if k != "enabling_areas"}, "weights.enabling_areas"),
        ({**weights(), "ranks": {"criteria": ["growth"]}}, "weights.criteria"),
        ({**weights(), "ranks": ["growth"]}, "weights.ranks"),
        ({**weights(), "ranks": {"jobs": ["growth"]}}, "weights.ranks"),
        (
            {**{k: v for k, v in weights().items() if k != "criteria"}, "ranks": {"criteria": []}},
            "weights.ranks.criteria",
        ),
        (
            {
                **{k: v for k, v in weights().items() if k != "criteria"},
                "ranks": {"criteria": ["growth", ["exports", "growth"]]},
            },
            "weights.ranks.criteria",
        ),
        (
            {
                **{k: v for k, v in weights().items() if k != "criteria"},
                "ranks": {"criteria": ["growth", []]},
            },
            "weights.ranks.criteria",
        ),
        (
            {**{k: v for k, v in weights().items() if k != "criteria"}, "ranks": {"criteria": "g"}},
            "weights.ranks.criteria",
        ),
    ],
)
def test_bad_weights_are_refused_with_their_location(payload: dict, where: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        validate_weights(payload, ALLOWED_TUPLES)
    assert caught.value.field == where


@settings(max_examples=60, deadline=None)
@given(
    points=st.fixed_dictionaries(
        {},
        optional={
            item: st.floats(0, 100, allow_nan=False) | st.integers(0, 100)
            for item in ("growth", "exports")
        },
    ).filter(lambda chosen: any(value > 0 for value in chosen.values())),
    order=st.permutations(["rd", "human_capital"]),
    tie=st.booleans(),
)
def test_valid_weights_come_back_as_canonical_floats(points, order, tie) -> None:
    ranking = [list(order)] if tie else list(order)
    payload = {
        "criteria": points,
        "ranks": {"enabling_areas": ranking},
        "regional_criteria": {"lagging": 1},
    }
    result = validate_weights(payload, ALLOWED_TUPLES)
    assert result["criteria"] == {item: float(value) for item, value in points.items()}
    assert all(type(value) is float for value in result["criteria"].values())
    assert result["ranks"] == {"enabling_areas": ranking}


@settings(max_examples=60, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True).filter(lambda value: not (0 <= value <= 100)))
def test_points_outside_0_to_100_are_always_refused(value: float) -> None:
    payload = {**weights(), "criteria": {"growth": value, "exports": 10}}
    with pytest.raises(InvalidInputError, match="growth"):
        validate_weights(payload, ALLOWED_TUPLES)


def test_text_is_stripped_normalised_and_free_of_controls() -> None:
    assert clean_text("  Jose\u0301 ", field="name", max_chars=80) == "José"
    assert clean_text("👩‍🔬 Ana", field="name", max_chars=80) == "👩‍🔬 Ana"
    for bad in ("a\rb", "a\x1bb", "a\u2066b", "\ud800"):
        with pytest.raises(InvalidInputError):
            clean_text(bad, field="name", max_chars=80)


def test_join_code_normalisation() -> None:
    assert normalise_join_code(" abcd-ef23 ") == "ABCDEF23"
    assert normalise_join_code("ABCD EF23") == "ABCDEF23"
    for bad in ("ABCDEF2O", "ABCDEF21", "ABCDEF2", "ABCDEF234"):
        with pytest.raises(InvalidInputError):
            normalise_join_code(bad)


def test_allowed_ids_read_from_scenario_levels() -> None:
    scenario = WORKSHOP_SCENARIO_TOML + '[[stakeholders]]\nid = "ministry"\ngroup = "public"\n'
    parsed = tomllib.loads(scenario)
    assert allowed_ids_from_scenario(parsed) == ALLOWED
    assert groups_from_scenario(parsed) == ["regions", "public"]
    assert allowed_ids_from_scenario({"criteria": "not a list", "programmes": [1, {"id": 2}]}) == {}


def test_groups_match_case_insensitively_and_keep_the_workshop_spelling() -> None:
    groups = merge_groups(("public", "private"), ["Regions", " PUBLIC "], [])
    assert groups == ("public", "private", "Regions")
    assert validate_group(" regions ", groups) == "Regions"
    with pytest.raises(InvalidInputError) as caught:
        validate_group("industry", groups)
    assert caught.value.text("en") == (
        "Choose one of the groups offered: public sector, private sector or Regions."
    )
    assert caught.value.text("es") == (
        "Elija uno de los grupos ofrecidos: sector público, sector privado o Regions."
    )


def test_allowed_ids_are_checked() -> None:
    assert validate_allowed_ids({"criteria": (" growth ",), "programmes": []}) == {
        "criteria": ("growth",)
    }
    for bad in ({}, [], {"criteria": "growth"}, {"criteria": [1]}, {"criteria": ["x" * 65]}):
        with pytest.raises(InvalidInputError) as caught:
            validate_allowed_ids(bad)
        assert caught.value.field.startswith("allowed_ids")


def test_summary_must_be_plain_finite_json() -> None:
    assert summary_to_json(None) is None
    # The order of keys is the order people read (largest share first), so it is kept.
    assert summary_to_json({"b": [1, 2.5], "a": "ñ"}) == '{"b": [1, 2.5], "a": "ñ"}'
    for bad in ({"x": math.inf}, {"x": object()}, {"x": "y" * 1_000_001}):
        with pytest.raises(InvalidInputError, match="round summary") as caught:
            summary_to_json(bad)
        assert caught.value.field == "summary"
