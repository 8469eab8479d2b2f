"""Initiatives and pools in a scenario file: what loads, and every bad input named at its place."""

from __future__ import annotations

import copy

import pytest

from prioritise.scenario import ScenarioError, dumps, loads, validate_dict
from tests.initiative_factories import with_initiatives


def _problems(raw: dict) -> list[tuple[str, str | None]]:
    with pytest.raises(ScenarioError) as caught:
        validate_dict(raw)
    return [(p.location, p.to_json()["id"]) for p in caught.value.problems]


def _texts(raw: dict, lang: str = "en") -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        validate_dict(raw)
    return caught.value.lines(lang)


@pytest.mark.parametrize("seed", range(12))
def test_generated_portfolios_load_and_survive_a_round_trip(seed: int) -> None:
    raw = with_initiatives(seed, 14, partial=seed % 2 == 0)
    scenario = validate_dict(copy.deepcopy(raw))
    assert [i.id for i in scenario.initiatives] == [i["id"] for i in raw["initiatives"]]
    assert scenario.initiatives_share == 1.0
    again = loads(dumps(scenario))
    assert again.initiatives == scenario.initiatives


def test_share_defaults_to_nothing_without_initiatives() -> None:
    raw = with_initiatives(0, 3)
    del raw["initiatives"]
    assert validate_dict(raw).initiatives_share == 0.0
    assert validate_dict(with_initiatives(0, 3, share=0.3)).initiatives_share == 0.3


def test_unknown_ids_are_named_where_they_are() -> None:
    raw = with_initiatives(3, 5, dependencies=False)
    first = raw["initiatives"][0]
    first.update(
        programme="p9", enabling_area="zz", region="r7", pool="fund", requires=["i1", "i8"]
    )
    first["excludes"] = ["i0"]
    raw["pools"] = [{"id": "other", "amount": 2.0, "initiatives": ["i5"], "regions": ["nowhere"]}]
    raw["initiatives"][1]["source"] = "made-up"  # a [[sources]] id: fine
    raw["initiatives"][2]["source"] = "madeup"
    found = _problems(raw)
    assert ("initiatives[0].programme", "scenario.check.unknown_programme") in found
    assert ("initiatives[0].enabling_area", "scenario.check.unknown_area") in found
    assert ("initiatives[0].region", "scenario.check.unknown_region") in found
    assert ("initiatives[0].pool", "scenario.check.unknown_pool") in found
    assert ("initiatives[0].requires[1]", "scenario.check.unknown_initiative") in found
    assert ("initiatives[0].excludes[0]", "scenario.initiative.itself") in found
    assert ("pools[0].initiatives[0]", "scenario.check.unknown_initiative") in found
    assert ("pools[0].regions[0]", "scenario.check.unknown_region") in found
    assert "initiatives[2].source" in dict(found)
    assert len(found) == 9


def test_costs_need_one_finite_non_negative_amount_per_year() -> None:
    raw = with_initiatives(4, 4, dependencies=False)
    raw["initiatives"][0]["cost"] = [1.0]
    raw["initiatives"][1]["cost"] = [1.0, -0.5]
    raw["initiatives"][2]["cost"] = [float("nan"), 1.0]
    raw["initiatives"][3]["cost"] = [1.0, float("inf")]
    raw["pools"] = [{"id": "fund", "amount": [1.0, 2.0, 3.0]}]
    found = dict(_problems(raw))
    assert found["initiatives[0].cost"] == "scenario.initiative.cost_years"
    assert "initiatives[1].cost[1]" in found
    assert "initiatives[2].cost[0]" in found
    assert "initiatives[3].cost[1]" in found
    assert found["pools[0].amount"] == "scenario.initiative.pool_years"
    lines = _texts(raw, "es")
    assert any(
        f'initiatives n.º 1 (id = "{raw["initiatives"][0]["id"]}"), cost: tiene 1 costo para 2 años'
        in line
        for line in lines
    )


def test_a_circle_of_requires_is_named_by_its_ids() -> None:
    raw = with_initiatives(5, 5, dependencies=False)
    raw["initiatives"][1]["requires"] = ["i3"]
    raw["initiatives"][3]["requires"] = ["i4"]
    raw["initiatives"][4]["requires"] = ["i1", "i0"]
    found = _problems(raw)
    assert found == [("initiatives[1].requires", "scenario.initiative.circular")]
    assert "(i1 → i3 → i4 → i1)" in _texts(raw)[0]


def test_dependencies_that_cannot_hold() -> None:
    raw = with_initiatives(6, 6, dependencies=False)
    items = raw["initiatives"]
    items[0]["requires"] = ["i1"]
    items[1]["excludes"] = ["i0"]  # i0 needs i1, which excludes it
    items[2]["requires"] = ["i3", "i4"]
    items[4]["excludes"] = ["i3"]  # i2 needs two that exclude each other
    items[5]["must"] = True
    items[5]["must_not"] = True
    found = _problems(raw)
    assert ("initiatives[0].requires", "scenario.initiative.requires_excluded") in found
    assert ("initiatives[1].requires", "scenario.initiative.requires_excluded") not in found
    assert ("initiatives[2].requires", "scenario.initiative.requires_excluded") in found
    assert ("initiatives[5]", "scenario.initiative.must_and_must_not") in found
    assert len(found) == 3


def test_must_needing_must_not_and_musts_that_exclude_each_other() -> None:
    raw = with_initiatives(7, 4, dependencies=False)
    items = raw["initiatives"]
    items[0].update(must=True, requires=["i1"])
    items[1]["must_not"] = True
    items[2].update(must=True, excludes=["i3"])
    items[3]["must"] = True
    found = _problems(raw)
    assert ("initiatives[0].must", "scenario.initiative.must_needs_must_not") in found
    assert ("initiatives[2].must", "scenario.initiative.musts_exclude") in found


def test_scores_against_initiative_criteria_only_all_given_within_scale() -> None:
    raw = with_initiatives(8, 3, dependencies=False)
    raw["initiatives"][0]["scores"]["growth"] = 2.0
    raw["initiatives"][1]["scores"]["impact"] = 11.0
    del raw["initiatives"][2]["scores"]["readiness"]
    raw["initiatives"][2]["scores"]["impakt"] = 1.0
    found = dict(_problems(raw))
    assert found["initiatives[0].scores.growth"] == "scenario.initiative.score_level"
    assert found["initiatives[1].scores.impact"] == "scenario.check.outside_scale"
    assert found["initiatives[2].scores"] == "scenario.check.missing_value"
    assert "initiatives[2].scores.impakt" in found
    assert any("did you mean 'impact'" in line for line in _texts(raw))


def test_stakeholders_weigh_initiative_criteria_with_the_others() -> None:
    raw = with_initiatives(9, 3)
    raw["stakeholders"][0]["criteria"]["impakt"] = 3.0
    assert [p for p, _ in _problems(raw)] == ["stakeholders[0].criteria.impakt"]
    assert "did you mean 'impact'" in _texts(raw)[0]
    raw = with_initiatives(9, 3)
    raw["stakeholders"][0]["ranks"] = {"criteria": ["impact", "growth"]}
    del raw["stakeholders"][0]["criteria"]
    validate_dict(raw)


def test_duplicate_initiative_ids_and_a_partial_minimum_above_zero() -> None:
    raw = with_initiatives(10, 3, dependencies=False)
    raw["initiatives"][2]["id"] = "i0"
    raw["initiatives"][1]["partial"] = {"min": 0.0}
    found = dict(_problems(raw))
    assert found["initiatives[2].id"] == "scenario.check.duplicate_id"
    assert "initiatives[1].partial.min" in found


def test_the_summary_counts_initiatives_their_share_and_cost() -> None:
    from prioritise.scenario import describe

    raw = with_initiatives(2, 4, share=0.25, dependencies=False)
    costs = ([1.0, 2.0], [0.5, 0.5], [3.0, 0.0], [1.0, 1.0])
    for item, cost in zip(raw["initiatives"], costs, strict=True):
        item["cost"] = cost
    text = describe(validate_dict(raw), "en")
    assert "4 initiatives, funded from 25% of every year's budget" in text
    assert "cost 9.0 M USD" in text
    raw = with_initiatives(2, 1)
    assert "1 initiative, funded from 100%" in describe(validate_dict(raw), "en")
