"""The value of each initiative: its own score, times the priority of the line it serves.

    value(i) = u(i) · ℓ(i)                                         (docs/model.md §15.1)

- u(i) ∈ [0, 1]: the additive value of the initiative criteria (`level = "initiative"`), each
  normalised like a programme criterion (fixed `scale`, else min–max over the initiatives;
  `direction = "min"` flips it) under the group's weights of those criteria. Stakeholders weigh
  them in their usual `criteria` weights; only the initiative criteria's part counts here,
  renormalised. A criterion on which every initiative scores the same counts fully for all.
  Without initiative criteria u(i) = 1.
- ℓ(i) ∈ (0, 1]: the mean cell value V over the lines the initiative serves (its programme,
  area and region; every one of a kind it leaves out), over the largest V of the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from prioritise.scenario.schema import Scenario
from prioritise.scoring.normalisation import normalise_values
from prioritise.scoring.tree import stakeholder_weights
from prioritise.scoring.tree_result import ValueTree
from prioritise.weights.group import group_weights

__all__ = ["InitiativeValues", "initiative_values", "initiative_weights"]


@dataclass(frozen=True)
class InitiativeValues:
    """Per initiative (indexed by id): `score` u, `line` ℓ and `value` = u · ℓ; `weights`
    the group's weights of the initiative criteria (summing to 1)."""

    score: pd.Series
    line: pd.Series
    value: pd.Series
    weights: pd.Series

    def to_json(self) -> dict[str, float]:
        return {str(k): float(v) for k, v in self.value.items()}


def initiative_weights(scenario: Scenario) -> pd.Series:
    """The group's weights of the initiative criteria: the stakeholders' `criteria` weights
    restricted to them and renormalised; equal where nobody weighs them."""
    items = [c.id for c in scenario.criteria_at("initiative")]
    if not items:
        return pd.Series([], index=pd.Index([], dtype=object), name="weight", dtype=float)
    table, _ = stakeholder_weights(scenario, "criteria", keep=items)
    influence = {s.id: s.influence for s in scenario.stakeholders}
    heard = [sid for sid in table.index if influence[sid] > 0]
    if not heard:
        return pd.Series(1.0 / len(items), index=pd.Index(items, dtype=object), name="weight")
    groups = {s.id: s.group for s in scenario.stakeholders}
    found = group_weights(
        table.loc[heard],
        influence,
        groups,
        scenario.priority.aggregation,
        scenario.priority.count,
    )
    total = float(found.sum())
    if total <= 0:
        return pd.Series(1.0 / len(items), index=pd.Index(items, dtype=object), name="weight")
    return found / total


def own_scores(scenario: Scenario, weights: pd.Series) -> np.ndarray:
    """u(i) for every initiative, in file order."""
    criteria = scenario.criteria_at("initiative")
    count = len(scenario.initiatives)
    if not criteria or count == 0:
        return np.ones(count)
    raw = np.array(
        [[float(item.scores.get(c.id, 0.0)) for c in criteria] for item in scenario.initiatives]
    )
    ups = np.array([c.direction == "max" for c in criteria], dtype=bool)
    low = np.array([c.scale[0] if c.scale else np.nan for c in criteria])
    high = np.array([c.scale[1] if c.scale else np.nan for c in criteria])
    normalised = normalise_values(raw, ups, low, high)
    flat = (raw.max(axis=0) == raw.min(axis=0)) & np.isnan(low)
    normalised[:, flat] = 1.0
    w = weights.reindex([c.id for c in criteria], fill_value=0.0).to_numpy(float)
    return np.asarray(normalised @ (w / w.sum()) if w.sum() > 0 else normalised.mean(axis=1))


def line_priorities(scenario: Scenario, tree: ValueTree) -> np.ndarray:
    """ℓ(i) for every initiative: mean V over the lines it serves, over the largest V."""
    cells = tree.cells
    top = float(cells["value"].max()) if len(cells) else 0.0
    result = np.ones(len(scenario.initiatives))
    if top <= 0:
        return result
    for k, item in enumerate(scenario.initiatives):
        mask = np.ones(len(cells), dtype=bool)
        for column, wanted in (
            ("programme", item.programme),
            ("enabling_area", item.enabling_area),
            ("region", item.region),
        ):
            if wanted is not None:
                mask &= (cells[column] == wanted).to_numpy()
        result[k] = float(cells.loc[mask, "value"].mean()) / top
    return result


def initiative_values(scenario: Scenario, tree: ValueTree) -> InitiativeValues:
    """u, ℓ and the value u · ℓ of every initiative, under the group's weights."""
    ids = pd.Index([item.id for item in scenario.initiatives], dtype=object, name="initiative")
    weights = initiative_weights(scenario)
    score = own_scores(scenario, weights)
    line = line_priorities(scenario, tree)
    return InitiativeValues(
        score=pd.Series(score, index=ids, name="score"),
        line=pd.Series(line, index=ids, name="line"),
        value=pd.Series(score * line, index=ids, name="value"),
        weights=weights,
    )
