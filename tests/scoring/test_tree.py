"""The value tree V(p, e, r) = P(p) · Q(e | p) · F(r | p) of a scenario."""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path

import numpy as np
import pytest

from prioritise.scenario import Scenario, validate_dict
from prioritise.scoring import value_tree
from prioritise.scoring.methods import promethee_ii

TUTORIAL = Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.toml"
RAW = tomllib.loads(TUTORIAL.read_text(encoding="utf-8"))


def scenario(**changes: object) -> Scenario:
    """The tutorial scenario with top-level sections replaced or edited."""
    raw = copy.deepcopy(RAW)
    for key, value in changes.items():
        raw[key] = value
    return validate_dict(raw)


def edited(edit) -> Scenario:
    raw = copy.deepcopy(RAW)
    edit(raw)
    return validate_dict(raw)


def _principal(matrix: list[list[float]]) -> np.ndarray:
    values, vectors = np.linalg.eig(np.array(matrix, float))
    vector = np.abs(vectors[:, np.argmax(values.real)].real)
    return vector / vector.sum()


def _group_criteria_weights() -> np.ndarray:
    """Equal-influence mean of the three ways the tutorial's stakeholders weigh criteria."""
    ministry = np.array([50, 30, 20]) / 100  # points
    industry = np.array([1 / 3 * (1 / 2 + 1 / 3), 1 / 3 * (1 + 1 / 2 + 1 / 3), 1 / 9])  # ROC
    university = _principal([[1, 3, 2], [1 / 3, 1, 0.5], [0.5, 2, 1]])  # AHP
    return (ministry + industry + university) / 3


def test_tutorial_priorities_match_a_hand_calculation() -> None:
    tree = value_tree(scenario())
    # P: growth on [1, 5], exports on [1, 5], jobs min–max over 20, 60, 10
    normalised = np.array([[0.25, 1.0, 0.2], [0.75, 0.25, 1.0], [1.0, 0.75, 0.0]])
    score = normalised @ _group_criteria_weights()
    assert tree.programmes.to_numpy() == pytest.approx(score / score.sum())
    # Q(. | mining): enabling weights (60+40+70)/3 % R&D, need rd 4, human capital 3
    rd = (0.6 + 0.4 + 0.7) / 3
    q = np.array([rd * 4, (1 - rd) * 3])
    assert tree.enabling.loc["mining"].to_numpy() == pytest.approx(q / q.sum())
    # F(. | mining): specialisation 3.0, 0.4, 0.2 min–max; lagging 0.3, 0, 1 on [0, 1]
    spec_w = (0.6 + 0.8 + 0.4) / 3
    f = spec_w * np.array([1.0, 0.2 / 2.8, 0.0]) + (1 - spec_w) * np.array([0.3, 0.0, 1.0])
    assert tree.regions.loc["mining"].to_numpy() == pytest.approx(f / f.sum())


def test_cells_are_the_product_and_sum_to_one() -> None:
    tree = value_tree(scenario())
    assert len(tree.cells) == 3 * 2 * 3
    assert tree.cells["value"].sum() == pytest.approx(1.0)
    for row in tree.cells.itertuples(index=False):
        expected = (
            tree.programmes[row.programme]
            * tree.enabling.loc[row.programme, row.enabling_area]
            * tree.regions.loc[row.programme, row.region]
        )
        assert row.value == pytest.approx(expected)
    assert tree.enabling.sum(axis=1).to_numpy() == pytest.approx(1.0)
    assert tree.regions.sum(axis=1).to_numpy() == pytest.approx(1.0)


def test_contributions_add_up_to_each_priority() -> None:
    for method in ("additive", "promethee"):
        tree = value_tree(scenario(), method)
        parts = tree.contributions["programmes"]
        assert parts is not None
        assert parts.sum(axis=1).to_numpy() == pytest.approx(tree.programmes.to_numpy())
    regions = tree.contributions["regions"]
    assert regions is not None
    sums = regions.sum(axis=1).unstack("region").loc[tree.regions.index, tree.regions.columns]
    assert sums.to_numpy() == pytest.approx(tree.regions.to_numpy())
    areas = tree.contributions["enabling_areas"]
    assert areas is not None
    assert areas["priority"].unstack().loc["solar", "rd"] == pytest.approx(
        tree.enabling.loc["solar", "rd"]
    )


def test_topsis_has_no_additive_breakdown_and_methods_agree_with_by_method() -> None:
    trees = {m: value_tree(scenario(), m) for m in ("additive", "topsis", "promethee")}
    assert trees["topsis"].contributions["programmes"] is None
    for method, tree in trees.items():
        assert tree.method == method
        assert trees["additive"].by_method[method].to_numpy() == pytest.approx(
            tree.programmes.to_numpy()
        )


def test_promethee_uses_each_criterions_preference_function() -> None:
    def edit(raw: dict) -> None:
        raw["criteria"][2]["preference"] = {"function": "linear", "q": 5, "p": 30}
        raw["criteria"][0]["preference"] = {"function": "level", "q": 0.5, "p": 1.5}

    tree = value_tree(edited(edit), "promethee")
    matrix = [[2, 5, 20], [4, 2, 60], [5, 4, 10]]
    functions = [
        {"function": "level", "q": 0.5, "p": 1.5},
        None,
        {"function": "linear", "q": 5, "p": 30},
    ]
    direct = promethee_ii(matrix, _group_criteria_weights(), functions=functions)
    assert tree.programmes.to_numpy() == pytest.approx(direct.priorities.to_numpy())


def test_json_follows_the_cli_contract() -> None:
    tree = value_tree(scenario())
    data = json.loads(json.dumps(tree.to_json(), allow_nan=False))
    assert set(data) == {
        "programmes",
        "enabling_areas",
        "regions",
        "cells",
        "weights",
        "consistency",
        "derived",
        "illustrative",
    }
    assert data["derived"] == {}  # no criterion is computed from a table here
    assert set(data["illustrative"]) == {"programmes", "regions", "criteria"}
    assert sum(data["programmes"].values()) == pytest.approx(1.0)
    assert set(data["enabling_areas"]["tourism"]) == {"rd", "human_capital"}
    assert set(data["regions"]["solar"]) == {"north", "centre", "south"}
    assert set(data["cells"][0]) == {"programme", "enabling_area", "region", "value"}
    assert sum(cell["value"] for cell in data["cells"]) == pytest.approx(1.0)
    assert set(data["weights"]) == {"criteria", "enabling_areas", "regional_criteria"}
    assert list(data["consistency"]) == ["university"]
    assert data["consistency"]["university"] < 0.1


def test_text_summary_names_things_in_words() -> None:
    tree = value_tree(scenario())
    text = tree.format_text("en")
    assert "Tourism" in text and "Human capital" in text and "South" in text
    assert "consistency ratio" in text


SPANISH_WORDS = ("Prioridades", "Programas", "razón de consistencia", "ponderaciones")
ENGLISH_WORDS = ("Priorities", "Programmes", "consistency ratio", "Group weights", " the ")


def test_text_summary_in_each_language() -> None:
    tree = value_tree(scenario())
    spanish, english = tree.format_text("es"), tree.format_text("en")
    assert not [word for word in ENGLISH_WORDS if word in spanish], spanish
    assert not [word for word in SPANISH_WORDS if word in english], english
    assert "Turismo" in spanish and "Tourism" in english
    assert "\u00a0%" in spanish and "," in spanish.split("Turismo")[1].splitlines()[0]
    top = max(tree.programmes)
    assert f"{100 * top:.1f}%" in english
    assert f"{100 * top:.1f}\u00a0%".replace(".", ",") in spanish


def test_the_group_weights_are_written_as_the_sensitivity_writes_them() -> None:
    """To one decimal, adding up to 100 %: the same weight reads the same in every output."""
    tree = value_tree(scenario())
    line = next(row for row in tree.format_text("en").splitlines() if "Criteria:" in row)
    criteria = tree.weights["criteria"]
    shown = [float(part.rsplit(" ", 1)[1].rstrip("%")) for part in line.split(": ")[1].split(", ")]
    assert len(shown) == len(criteria) and sum(shown) == pytest.approx(100.0)
    assert shown == pytest.approx([100 * float(w) for w in criteria], abs=0.051)
    assert all(f"{value:.1f}%" in line for value in shown)


def test_direct_programme_weights_blend_in() -> None:
    def edit(raw: dict) -> None:
        raw["stakeholders"][0]["programmes"] = {"mining": 2, "tourism": 1, "solar": 1}
        raw["priority"]["programme_blend"] = 0.4

    base = value_tree(scenario()).programmes.to_numpy()
    tree = value_tree(edited(edit))
    assert tree.programmes.to_numpy() == pytest.approx(
        0.6 * base + 0.4 * np.array([0.5, 0.25, 0.25])
    )
    assert tree.weights["programmes"].to_dict() == pytest.approx(
        {"mining": 0.5, "tourism": 0.25, "solar": 0.25}
    )
    parts = tree.contributions["programmes"]
    assert parts is not None and parts["direct_weights"].sum() == pytest.approx(0.4)


def test_blend_without_direct_weights_is_explained() -> None:
    tree = value_tree(edited(lambda raw: raw["priority"].update(programme_blend=0.5)))
    assert any("nobody gave any" in note for note in tree.note_texts("en"))
    assert tree.programmes.to_numpy() == pytest.approx(value_tree(scenario()).programmes)


def test_geometric_aggregation_by_group() -> None:
    def edit(raw: dict) -> None:
        raw["priority"].update(aggregation="geometric", count="group")
        raw["stakeholders"][1]["group"] = "public"  # ministry and industry now one group

    tree = value_tree(edited(edit))
    # group public (ministry, industry) has 1/2, split 1/4 each; academia (university) 1/2
    rd = np.exp(0.25 * np.log([0.6, 0.4]) + 0.25 * np.log([0.4, 0.6]) + 0.5 * np.log([0.7, 0.3]))
    assert tree.weights["enabling_areas"].to_numpy() == pytest.approx(rd / rd.sum())


def test_zero_influence_is_heard_but_does_not_count() -> None:
    tree = value_tree(edited(lambda raw: raw["stakeholders"][2].update(influence=0.0)))
    assert tree.weights["enabling_areas"]["rd"] == pytest.approx(0.5)  # (60 + 40) / 2
    assert "university" in tree.stakeholder_weights["enabling_areas"].index
    assert "university" in tree.by_stakeholder.columns


def test_each_stakeholders_own_view() -> None:
    tree = value_tree(scenario())
    ministry = tree.model.programme_priorities(np.array([0.5, 0.3, 0.2]))
    assert tree.by_stakeholder["ministry"].to_numpy() == pytest.approx(ministry)
    assert tree.by_stakeholder.sum().to_numpy() == pytest.approx(1.0)
    topsis = tree.model.programme_priorities(np.array([0.5, 0.3, 0.2]), "topsis")
    assert tree.by_stakeholder_method["topsis"]["ministry"].to_numpy() == pytest.approx(topsis)
    assert tree.by_stakeholder_method["additive"].equals(tree.by_stakeholder)


def test_a_programme_without_need_entries_treats_areas_alike() -> None:
    tree = value_tree(edited(lambda raw: raw["tables"]["need"].pop("tourism")))
    assert tree.enabling.loc["tourism"].to_numpy() == pytest.approx(
        tree.weights["enabling_areas"].to_numpy()
    )
    assert any("Tourism" in note for note in tree.note_texts("en"))
    assert any("Turismo" in note for note in tree.note_texts("es"))


def test_missing_specialisation_entries_count_as_no_activity() -> None:
    tree = value_tree(edited(lambda raw: raw["tables"]["specialisation"]["mining"].pop("north")))
    contributions = tree.contributions["regions"]
    assert contributions is not None
    assert contributions.loc[("mining", "north"), "specialisation"] == 0.0


def test_inconsistent_judgements_are_flagged_not_rejected() -> None:
    def edit(raw: dict) -> None:
        raw["stakeholders"][2]["pairwise"]["criteria"]["matrix"] = [
            [1, 9, 1 / 9],
            [1 / 9, 1, 9],
            [9, 1 / 9, 1],
        ]

    tree = value_tree(edited(edit))
    row = tree.consistency.iloc[0]
    assert row["stakeholder"] == "university" and not row["consistent"]
    assert tree.to_json()["consistency"]["university"] > 0.1
    assert "worth reviewing" in tree.format_text()


def test_no_programme_criteria_gives_equal_programmes() -> None:
    def edit(raw: dict) -> None:
        raw["criteria"] = [c for c in raw["criteria"] if c["level"] != "programme"]
        for programme in raw["programmes"]:
            programme["performance"] = {}
        for person in raw["stakeholders"]:
            person.pop("criteria", None)
            person.get("ranks", {}).pop("criteria", None)
            person.get("pairwise", {}).pop("criteria", None)

    tree = value_tree(edited(edit))
    assert tree.programmes.to_numpy() == pytest.approx([1 / 3] * 3)
    assert any("no programme-level criteria" in note for note in tree.note_texts("en"))
    assert tree.cells["value"].sum() == pytest.approx(1.0)


def test_nobody_weighing_a_set_means_equal_weights() -> None:
    def edit(raw: dict) -> None:
        for person in raw["stakeholders"]:
            person.pop("enabling_areas")

    tree = value_tree(edited(edit))
    assert tree.weights["enabling_areas"].to_numpy() == pytest.approx([0.5, 0.5])
    assert any("enabling-area weights" in note for note in tree.note_texts("en"))


def test_a_value_outside_its_scale_is_named() -> None:
    def edit(raw: dict) -> None:
        raw["programmes"][1]["performance"]["growth"] = 7

    # Loading refuses it with its location, before scoring ever sees it.
    with pytest.raises(
        ValueError, match=r'programmes no\. 2 \(id = "tourism"\), performance\.growth: 7 is outside'
    ):
        value_tree(edited(edit))


def test_bad_method_and_bad_overrides_are_refused() -> None:
    with pytest.raises(ValueError, match="method 'electre'"):
        value_tree(scenario(), "electre")
    with pytest.raises(ValueError, match="'weights' is not a weight set"):
        value_tree(scenario(), group_weights={"weights": [1, 2, 3]})
    with pytest.raises(ValueError, match="2 values for 3 items"):
        value_tree(scenario(), group_weights={"criteria": [1, 2]})
