"""What a stakeholder weighs in each weight set, under which headings, and their weights
now: pure helpers shared by the weights editor, its panels and the consensus panel."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import pandas as pd

from prioritise.scenario import Scenario
from prioritise.scoring import ScoringError
from prioritise.scoring.tree import stakeholder_weights, weight_set_items
from prioritise.ui import i18n, results, state
from prioritise.ui.weights.conversions import pairwise_from_weights, ranking_from_weights

WEIGHT_SETS = ("criteria", "enabling_areas", "regional_criteria", "programmes")


def item_labels(scenario: Scenario, weight_set: str, lang: str) -> dict[str, str]:
    pools: dict[str, Sequence[Any]] = {
        "criteria": scenario.criteria,
        "regional_criteria": scenario.criteria,
        "enabling_areas": scenario.enabling_areas,
        "programmes": scenario.programmes,
    }
    return {item.id: i18n.label(item, lang) for item in pools[weight_set]}


def editor_items(scenario: Scenario, weight_set: str) -> list[str]:
    """The ids a stakeholder weighs in one set: under `criteria`, the programme criteria and
    the initiative criteria together (docs/model.md §15.1), so that an edit keeps both."""
    items = weight_set_items(scenario, weight_set)
    if weight_set == "criteria":
        items = [*items, *(c.id for c in scenario.criteria_at("initiative"))]
    return items


def item_groups(scenario: Scenario, weight_set: str) -> list[tuple[str | None, list[str]]]:
    """The items of `editor_items` in the groups the model weighs apart, each with its
    heading's key: under `criteria` with initiative criteria, the programme criteria and the
    initiative criteria (each group's weights are renormalised on their own, docs/model.md
    §15.1); else one group, without a heading."""
    items = weight_set_items(scenario, weight_set)
    initiative = [c.id for c in scenario.criteria_at("initiative")]
    if weight_set != "criteria" or not initiative:
        return [(None, items)]
    return [("group_programmes", items), ("group_initiatives", initiative)]


def current_weights(scenario: Scenario, weight_set: str, person_id: str) -> pd.Series:
    """This stakeholder's normalised weights, else the group's, else equal."""
    items = editor_items(scenario, weight_set)
    try:
        tree = results.scores(state.current_text())
    except results.ScoringFailed:
        return pd.Series(1.0 / max(len(items), 1), index=items)
    if items != weight_set_items(scenario, weight_set):  # initiative criteria too
        with contextlib.suppress(ScoringError):
            mine, _ = stakeholder_weights(scenario, weight_set, keep=items)
            if person_id in mine.index:
                return mine.loc[person_id].reindex(items).fillna(0.0)
    own = tree.stakeholder_weights.get(weight_set)
    if own is not None and person_id in own.index:
        return own.loc[person_id].reindex(items).fillna(0.0)
    group = tree.weights.get(weight_set)
    if group is not None:
        return group.reindex(items).fillna(0.0)
    return pd.Series(1.0 / max(len(items), 1), index=items)


def converted(scenario: Scenario, weight_set: str, person_id: str, form: str) -> Any:
    """The stakeholder's current weights expressed in another form."""
    weights = current_weights(scenario, weight_set, person_id)
    if form == "points":
        return {k: round(100 * float(v), 1) for k, v in weights.items()}
    if form == "ranks":
        return ranking_from_weights(weights)
    return {"items": list(weights.index), "matrix": pairwise_from_weights(weights)}
