"""Weights on the Stakeholders page: sliders re-score, forms convert, bad input is refused."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from prioritise import scenario as scenario_io
from prioritise.scoring.tree import value_tree
from prioritise.ui.weights import conversions as weight_conversions
from prioritise.weights import ahp, rank_order_centroid
from tests.ui.apptools import assert_clean, go, start, submit_form, table_with


def _ranking_table(at) -> pd.DataFrame:
    go(at, "priorities")
    return table_with(at, "Rank")


def test_moving_a_weight_slider_changes_the_priorities() -> None:
    at = start("tutorial", "en")
    before = 100 * _ranking_table(at).set_index("Programme")["Priority"]
    go(at, "stakeholders")
    slider = at.slider(key="w:1:pts:ministry:criteria:growth")
    assert slider.value == 50
    slider.set_value(0).run()
    assert_clean(at)
    effect = table_with(at, "Change (points)").set_index(
        "Programme"
    )  # the ministry's tab comes first
    after = 100 * _ranking_table(at).set_index("Programme")["Priority"]
    assert not np.allclose(before.sort_index(), after.sort_index())
    # the page shows what the library computes for the edited scenario, in percent
    edited = scenario_io.loads(at.session_state["scenario_text"])
    assert edited.stakeholders[0].criteria == {"growth": 0, "exports": 30, "jobs": 20}
    expected = value_tree(edited).programmes.rename(index=lambda p: p.capitalize())
    shown = after.rename(index={"Solar energy": "Solar"})
    assert np.allclose(shown.sort_index(), 100 * expected.sort_index())
    assert np.allclose(100 * effect["Priority"].sort_index(), shown.sort_index())
    # the change column says how far each programme moved, in percentage points
    moved = (after - before).reindex(effect.index)
    assert np.allclose(100 * effect["Change (points)"], moved, atol=1e-9)


def test_switching_to_ranks_keeps_the_order_of_the_points() -> None:
    at = go(start("tutorial", "en"), "stakeholders")
    at.segmented_control(key="w:1:form:ministry:criteria").set_value("ranks").run()
    assert_clean(at)
    edited = scenario_io.loads(at.session_state["scenario_text"])
    ministry = edited.stakeholders[0]
    assert ministry.criteria is None
    assert ministry.ranks["criteria"] == ["growth", "exports", "jobs"]  # 50 > 30 > 20


def test_switching_the_form_shows_what_the_new_weights_changed() -> None:
    """Points of 50, 30 and 20 become ranks, whose centroid weights are not the points': the
    priorities move at the switch, and the change column says by how much from the first
    change made there, the switch."""
    at = go(start("tutorial", "en"), "stakeholders")
    before = value_tree(scenario_io.loads(at.session_state["scenario_text"])).programmes
    at.segmented_control(key="w:1:form:ministry:criteria").set_value("ranks").run()
    assert_clean(at)
    after = value_tree(scenario_io.loads(at.session_state["scenario_text"])).programmes
    effect = table_with(at, "Change (points)").set_index("Programme")
    scenario = scenario_io.loads(at.session_state["scenario_text"])
    moved = (after - before).rename(index={p.id: p.name for p in scenario.programmes})
    assert np.abs(moved).max() > 1e-3  # the switch moved the priorities
    assert np.allclose(effect["Change (points)"], moved.reindex(effect.index))


def test_undo_brings_back_the_scenario_before_the_change() -> None:
    at = go(start("tutorial", "en"), "stakeholders")
    original = at.session_state["scenario_text"]
    at.slider(key="w:1:pts:ministry:criteria:jobs").set_value(90).run()
    assert at.session_state["scenario_text"] != original
    at.sidebar.button(key="undo").click().run()
    assert at.session_state["scenario_text"] == original


def test_aggregation_settings_are_stored_in_the_scenario() -> None:
    at = go(start("tutorial", "en"), "stakeholders")
    at.radio(key="w:1:aggregation").set_value("geometric").run()
    assert_clean(at)
    assert scenario_io.loads(at.session_state["scenario_text"]).priority.aggregation == (
        "geometric"
    )


def test_ranking_helpers_round_trip() -> None:
    weights = pd.Series({"a": 0.5, "b": 0.2, "c": 0.2, "d": 0.1})
    ranking = weight_conversions.ranking_from_weights(weights)
    assert ranking == ["a", ["b", "c"], "d"]
    numbers = weight_conversions.rank_numbers(ranking)
    assert numbers == {"a": 1, "b": 2, "c": 2, "d": 3}
    assert weight_conversions.ranking_from_table(pd.Series(numbers)) == ranking
    # a rank left empty leaves the item out (the library then ties it last)
    assert weight_conversions.ranking_from_table(pd.Series({"a": 2, "b": None, "c": 1})) == [
        "c",
        "a",
    ]
    roc = rank_order_centroid(ranking, list(weights.index))
    assert roc["a"] > roc["b"] == roc["c"] > roc["d"]


@pytest.mark.parametrize("ratio", [1.0, 1.4, 2.6, 3.0, 8.6, 20.0, 0.5, 0.04])
def test_snap_to_saaty_scale(ratio: float) -> None:
    snapped = weight_conversions.snap_saaty(ratio)
    assert snapped in weight_conversions.SAATY
    distances = [
        abs(np.log(v) - np.log(min(max(ratio, 1 / 9), 9))) for v in weight_conversions.SAATY
    ]
    assert abs(np.log(snapped) - np.log(min(max(ratio, 1 / 9), 9))) == pytest.approx(min(distances))


def test_pairwise_from_weights_keeps_their_order_and_is_nearly_consistent() -> None:
    weights = pd.Series({"growth": 0.5, "exports": 0.3, "jobs": 0.2})
    matrix = weight_conversions.pairwise_from_weights(weights)
    result = ahp(matrix, list(weights.index))
    assert list(result.weights.sort_values(ascending=False).index) == ["growth", "exports", "jobs"]
    assert result.cr < 0.1
    assert all(matrix[i][j] * matrix[j][i] == pytest.approx(1) for i in range(3) for j in range(3))


def test_pairwise_judgements_show_the_consistency_ratio_and_worst_judgement() -> None:
    at = go(start("tutorial", "en"), "stakeholders")
    assert any("Consistency ratio" in s.value for s in at.success)  # the file's matrix is fine
    prefix = "w:1:pw:university:criteria"
    at.select_slider(key=f"{prefix}:0:1").set_value(9.0)  # growth 9 × exports
    at.select_slider(key=f"{prefix}:1:2").set_value(9.0)  # exports 9 × jobs
    at.select_slider(key=f"{prefix}:0:2").set_value(1 / 9)  # yet jobs 9 × growth: a cycle
    at.button(key="FormSubmitter:w:1:pairwise_form:university:criteria-Apply").click().run()
    at.run()
    assert_clean(at)
    stored = scenario_io.loads(at.session_state["scenario_text"]).stakeholders[2]
    matrix = stored.pairwise["criteria"].matrix
    assert matrix[0][1] == 9 and matrix[1][0] == pytest.approx(1 / 9)
    expected = ahp(matrix, stored.pairwise["criteria"].items)
    assert expected.cr > 0.1
    warning = next(w.value for w in at.warning if "Consistency ratio" in w.value)
    assert f"{expected.cr:.3f}" in warning and "above 0.10" in warning
    worst = next(c.value for c in at.caption if c.value.startswith("Least consistent"))
    assert re.search(r"was given (9|1/9),", worst), worst


def test_switching_to_pairwise_then_to_not_stated() -> None:
    at = go(start("tutorial", "en"), "stakeholders")
    key = "w:1:form:ministry:criteria"
    at.segmented_control(key=key).set_value("pairwise").run()
    assert_clean(at)
    ministry = scenario_io.loads(at.session_state["scenario_text"]).stakeholders[0]
    given = ministry.pairwise["criteria"]
    result = ahp(given.matrix, given.items)
    # 50 : 30 : 20 as comparisons gives back 50 : 30 : 20, consistently
    assert result.weights.to_dict() == pytest.approx({"growth": 0.5, "exports": 0.3, "jobs": 0.2})
    assert result.cr == pytest.approx(0, abs=1e-9)
    assert any("Consistency ratio" in s.value for s in at.success)
    at.segmented_control(key=key).set_value("none").run()
    ministry = scenario_io.loads(at.session_state["scenario_text"]).stakeholders[0]
    assert ministry.form_of("criteria") is None
    assert any("not counted" in i.value for i in at.info)


def test_comparisons_applied_as_shown_keep_the_weights_and_a_moved_one_takes_its_step() -> None:
    """Weights turned into comparisons give ratios between Saaty's steps (50 : 30 is 5/3); the
    sliders show the nearest step, and Apply with none moved once saved those steps,
    changing the weights no one had touched."""
    at = go(start("tutorial", "en"), "stakeholders")
    at.segmented_control(key="w:1:form:ministry:criteria").set_value("pairwise").run()
    prefix = "w:1:pw:ministry:criteria"
    assert at.select_slider(key=f"{prefix}:0:1").value == 2.0  # 5/3 shown at its nearest step
    apply = "FormSubmitter:w:1:pairwise_form:ministry:criteria-Apply"
    at.button(key=apply).click().run()
    assert_clean(at)
    assert any(i.value.startswith("Nothing to apply") for i in at.info)  # and no "updated"
    assert not any("updated" in s.value for s in at.success)
    given = scenario_io.loads(at.session_state["scenario_text"]).stakeholders[0].pairwise
    weights = ahp(given["criteria"].matrix, given["criteria"].items).weights
    assert weights.to_dict() == pytest.approx({"growth": 0.5, "exports": 0.3, "jobs": 0.2})
    at.select_slider(key=f"{prefix}:0:1").set_value(3.0)
    at.button(key=apply).click().run()
    matrix = scenario_io.loads(at.session_state["scenario_text"]).stakeholders[0].pairwise
    assert matrix["criteria"].matrix[0][1] == 3.0  # the moved one
    assert matrix["criteria"].matrix[0][2] == pytest.approx(2.5)  # 50 : 20, kept


def test_editing_criteria_weights_keeps_the_initiative_criteria() -> None:
    """Stakeholders weigh programme and initiative criteria together: a slider moved on one
    must not drop the others' weights (and the initiative criteria have sliders too)."""
    at = go(start("chile_transforma_initiatives_2017", "en"), "stakeholders")
    assert at.slider(key="w:1:pts:corfo:criteria:impact").value == 30
    at.slider(key="w:1:pts:corfo:criteria:growth").set_value(40).run()
    assert_clean(at)
    corfo = scenario_io.loads(at.session_state["scenario_text"]).stakeholders[0]
    assert corfo.criteria is not None
    assert corfo.criteria["growth"] == 40
    assert corfo.criteria["impact"] == 30 and corfo.criteria["co_funding"] == 20
    at.slider(key="w:1:pts:corfo:criteria:co_funding").set_value(5).run()
    corfo = scenario_io.loads(at.session_state["scenario_text"]).stakeholders[0]
    assert corfo.criteria is not None and corfo.criteria["co_funding"] == 5
    assert corfo.criteria["growth"] == 40


def test_pairs_are_compared_within_each_group_first_then_across() -> None:
    items = ["a", "b", "x", "c", "y"]
    groups: list[tuple[str | None, list[str]]] = [
        ("group_programmes", ["a", "b", "c"]),
        ("group_initiatives", ["x", "y"]),
    ]
    found = weight_conversions.pairs_by_group(items, groups)
    assert [heading for heading, _ in found] == [
        "group_programmes",
        "group_initiatives",
        "between",
    ]
    assert found[0][1] == [(0, 1), (0, 3), (1, 3)]
    assert found[1][1] == [(2, 4)]
    assert found[2][1] == [(0, 2), (0, 4), (1, 2), (1, 4), (2, 3), (3, 4)]
    every = [(i, j) for i in range(5) for j in range(i + 1, 5)]
    assert sorted(pair for _, pairs in found for pair in pairs) == every  # each pair once
    assert weight_conversions.pairs_by_group(items, [(None, items)]) == [(None, every)]


def test_a_mixed_scenario_s_pairwise_form_asks_within_each_group_then_across() -> None:
    """CORFO's criteria, 2 of them the initiatives': the pairs of programme criteria, then
    the one pair of initiative criteria, then the pairs across, under their headings."""
    at = go(start("chile_transforma_initiatives_2017", "en"), "stakeholders")
    at.segmented_control(key="w:1:form:corfo:criteria").set_value("pairwise").run()
    assert_clean(at)
    (tab,) = [tab for tab in at.tabs if tab.label.startswith("CORFO")]
    wanted = ("compared with one another", "against an initiative criterion")
    headings = [m.value.strip("*") for m in tab.markdown if any(w in m.value for w in wanted)]
    assert headings == [
        "Criteria for programmes, compared with one another",
        "Criteria for initiatives, compared with one another",
        "A programme criterion against an initiative criterion",
    ]
    items = scenario_io.loads(at.session_state["scenario_text"]).stakeholders[0]
    order = items.pairwise["criteria"].items
    pairs = [tuple(int(k) for k in s.key.split(":")[-2:]) for s in tab.select_slider]
    initiative = {"impact", "co_funding"}
    kinds = [sum(order[k] in initiative for k in pair) for pair in pairs]
    own = len([item for item in order if item not in initiative])
    assert len(order) - own == 2 and own > 2
    assert kinds == [0] * (own * (own - 1) // 2) + [2] + [1] * (own * 2)


def _weights_table(at, person: str) -> pd.DataFrame:
    """The table of weights beside a stakeholder's ranking or comparisons."""
    (tab,) = [tab for tab in at.tabs if tab.label == person]
    (frame,) = [f.value for f in tab.dataframe if "Weight" in f.value.columns]
    return frame


def test_a_ranking_shows_the_weights_it_gives_and_what_applying_it_changed() -> None:
    """Beside the ranks: the rank-order centroid weights, each a share; after Apply, the
    group's priorities with the change since the first change applied, as the library scores
    the edited scenario."""
    at = go(start("tutorial", "en"), "stakeholders")
    # the first change made there is the switch from points: the change counts from before it
    before = value_tree(scenario_io.loads(at.session_state["scenario_text"])).programmes
    at.segmented_control(key="w:1:form:ministry:criteria").set_value("ranks").run()
    assert_clean(at)
    names = {"growth": "Growth potential", "exports": "Export potential", "jobs": "Jobs"}
    shown = _weights_table(at, "Ministry of Economy").set_index("Item")["Weight"]
    centroid = rank_order_centroid(["growth", "exports", "jobs"])  # 50 > 30 > 20 points
    assert np.allclose(shown[list(names.values())], centroid[list(names)])
    (editor,) = [e for e in at.data_editor if e.key == "w:1:rank_table:ministry:criteria"]
    assert list(editor.value.index) == ["growth", "exports", "jobs"]
    rows = {row: {"rank": 3 - row} for row in range(3)}  # by place: jobs first now
    at.session_state[editor.key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    submit_form(at, "ranks_form:ministry")
    (tab,) = [tab for tab in at.tabs if tab.label == "Ministry of Economy"]
    assert [s.value for s in tab.success] == ["Weights updated."]  # under the form applied
    at.run()
    scenario = scenario_io.loads(at.session_state["scenario_text"])
    assert scenario.stakeholders[0].ranks["criteria"] == ["jobs", "exports", "growth"]
    shown = _weights_table(at, "Ministry of Economy").set_index("Item")["Weight"]
    centroid = rank_order_centroid(["jobs", "exports", "growth"])
    assert np.allclose(shown[list(names.values())], centroid[list(names)])
    effect = table_with(at, "Change (points)").set_index("Programme")
    after = value_tree(scenario).programmes
    programmes = {p.id: p.name for p in scenario.programmes}
    moved = (after - before).rename(index=programmes)
    assert np.allclose(effect["Change (points)"], moved.reindex(effect.index))
    assert any("since the first change applied" in c.value for c in at.caption)


def test_comparisons_show_the_weights_of_their_eigenvector() -> None:
    at = go(start("tutorial", "en"), "stakeholders")
    university = scenario_io.loads(at.session_state["scenario_text"]).stakeholders[2]
    given = university.pairwise["criteria"]
    expected = ahp(given.matrix, given.items).weights
    shown = _weights_table(at, "Regional university").set_index("Item")["Weight"]
    names = {"growth": "Growth potential", "exports": "Export potential", "jobs": "Jobs"}
    assert np.allclose(shown[[names[i] for i in given.items]], expected.reindex(given.items))
    assert shown.sum() == pytest.approx(1.0)


def test_the_weights_beside_a_spanish_ranking_are_named_and_add_up_by_group() -> None:
    """CORFO's criteria weigh the programmes' and the initiatives' apart: each group's weights
    add up to 100 %, under Spanish headings, with names and no ids."""
    at = go(start("chile_transforma_initiatives_2017", "es"), "stakeholders")
    at.segmented_control(key="w:1:form:corfo:criteria").set_value("ranks").run()
    assert_clean(at)
    (tab,) = [tab for tab in at.tabs if tab.label.startswith("CORFO")]
    own, initiatives = [f.value for f in tab.dataframe if "Ponderación" in f.value.columns]
    scenario = scenario_io.loads(at.session_state["scenario_text"])
    names = {c.id: c.names["es"] for c in scenario.criteria}
    for table, level in ((own, "programme"), (initiatives, "initiative")):
        assert list(table.columns) == ["Elemento", "Ponderación"]
        assert table["Ponderación"].sum() == pytest.approx(1.0)
        assert list(table["Elemento"]) == [names[c.id] for c in scenario.criteria_at(level)]
    captions = [c.value for c in tab.caption]
    assert "Criterios de los programas" in captions and "Criterios de las iniciativas" in captions
    # one ranking over both groups: the page says the groups' places move each other's weights
    assert any(c.startswith("Un solo orden abarca ambos grupos") for c in captions)
    (editor,) = [e for e in at.data_editor if e.key == "w:1:rank_table:corfo:criteria"]
    groups = {"programme": "programas", "initiative": "iniciativas"}  # short: a phone's column
    assert list(editor.value["group"]) == [
        groups[c.level] for c in scenario.criteria if c.level in groups
    ]
    assert any(m.value == "**Ponderaciones que resultan**" for m in tab.markdown)
