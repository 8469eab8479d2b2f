"""The `[workshop]` section of a scenario: k, the smallest group shown on its own."""

from __future__ import annotations

import pytest

from prioritise import scenario as scenario_io
from prioritise.scenario import MIN_GROUP_SIZE, ScenarioError
from prioritise.workshop.labels import facts_from_data, scenario_facts


def _tutorial_text() -> str:
    return scenario_io.resolve_scenario("tutorial").read_text(encoding="utf-8")


def test_default_k_is_three_and_not_written() -> None:
    scenario = scenario_io.loads(_tutorial_text(), "tutorial")
    assert scenario.workshop.min_group_size == MIN_GROUP_SIZE == 3
    assert "[workshop]" not in scenario_io.dumps(scenario)
    assert scenario_facts(_tutorial_text()).min_group_size == 3


def test_k_round_trips_through_the_file() -> None:
    text = _tutorial_text() + "\n[workshop]\nmin_group_size = 5\n"
    scenario = scenario_io.loads(text, "tutorial")
    assert scenario.workshop.min_group_size == 5
    again = scenario_io.loads(scenario_io.dumps(scenario), "again")
    assert again.workshop.min_group_size == 5
    assert scenario_facts(text).min_group_size == 5


@pytest.mark.parametrize("bad", ["0", "101", "2.5", '"3"'])
def test_k_out_of_range_is_refused(bad: str) -> None:
    text = _tutorial_text() + f"\n[workshop]\nmin_group_size = {bad}\n"
    with pytest.raises(ScenarioError) as caught:
        scenario_io.loads(text, "tutorial")
    assert any("min_group_size" in p.location for p in caught.value.problems)


@pytest.mark.parametrize("raw", [{"min_group_size": 0}, {"min_group_size": True}, "x", None])
def test_facts_fall_back_to_the_default_for_anything_odd(raw: object) -> None:
    assert facts_from_data({"workshop": raw}).min_group_size == MIN_GROUP_SIZE
