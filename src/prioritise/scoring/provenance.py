"""How much of each priority rests on illustrative inputs (docs/model.md §18).

An input is *illustrative* when it is marked `source = "illustrative"` or has no source.
Which source counts, per criterion and programme:

- a typed `programme` or `region` criterion: the criterion's `source`;
- a typed `programme_region` criterion: the source of the programme's row in its table (its
  own, else the table's), else the criterion's;
- a derived criterion: its table — illustrative when any programme's row of it is, since every
  derived value uses the whole table (its totals).

Programme p: ι(p) = Σ_{j illustrative} w_j n_pj / Σ_j w_j n_pj over the programme-level
criteria (w the group's criterion weights, n the normalised values of §4.1; the weight share
Σ_{j illustrative} w_j where the programme scores 0 on every criterion). Direct programme
weights are the panel's own judgement, not data, so the share of P(p) is
(P(p) − β D(p)) · ι(p) / P(p).

Region r: per programme, ι(p, r) = Σ_{k illustrative} v_k n_k(p, r) / g(p, r) over the regional
criteria (§6; the weight share where g is 0), averaged over the programmes with the region's
value in each, P(p) · F(r | p), as weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from prioritise.scenario.schema import Criterion, Scenario
from prioritise.scoring.tree_result import ValueTree

__all__ = [
    "Provenance",
    "illustrative_criteria",
    "is_illustrative",
    "provenance_of",
    "table_is_illustrative",
]

ILLUSTRATIVE = "illustrative"


def is_illustrative(source_id: str | None) -> bool:
    """No source, or the `illustrative` marker."""
    return source_id is None or source_id == ILLUSTRATIVE


def table_is_illustrative(scenario: Scenario, table_id: str) -> bool:
    """A table any of whose programme rows (or, without rows, the table itself) is illustrative."""
    rows = scenario.table(table_id)
    if not rows:
        return is_illustrative(scenario.table_source(table_id))
    return any(is_illustrative(scenario.row_source(table_id, row)) for row in rows)


def _flags(scenario: Scenario, criterion: Criterion) -> np.ndarray:
    """Per programme, whether the criterion's value for it rests on an illustrative input."""
    n = len(scenario.programmes)
    if criterion.derive is not None:
        return np.full(n, table_is_illustrative(scenario, criterion.derive.table))
    if criterion.level == "programme_region":
        return np.array(
            [
                is_illustrative(scenario.row_source(criterion.id, p) or criterion.source)
                for p in scenario.programme_ids
            ]
        )
    return np.full(n, is_illustrative(criterion.source))


def illustrative_criteria(scenario: Scenario) -> pd.DataFrame:
    """Programmes × criteria: True where that criterion's value rests on illustrative inputs."""
    return pd.DataFrame(
        {c.id: _flags(scenario, c) for c in scenario.criteria},
        index=pd.Index(scenario.programme_ids, dtype=object, name="programme"),
        dtype=bool,
    )


def _share(parts: np.ndarray, flags: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Σ illustrative parts / Σ parts along the last axis; the weight share where Σ is 0."""
    total = parts.sum(axis=-1)
    illustrative = (parts * flags).sum(axis=-1)
    fallback = (weights * flags).sum(axis=-1) / max(float(weights.sum()), 1e-300)
    safe = np.where(total > 0, total, 1.0)
    return np.where(total > 0, illustrative / safe, fallback)


@dataclass(frozen=True)
class Provenance:
    """Share of each programme's priority P and of each region's value resting on
    illustrative inputs (0 to 1), and which inputs are illustrative."""

    programmes: pd.Series
    regions: pd.Series
    criteria: pd.DataFrame  # programmes × criteria, True where illustrative

    def to_json(self) -> dict[str, Any]:
        return {
            "programmes": {str(k): float(v) for k, v in self.programmes.items()},
            "regions": {str(k): float(v) for k, v in self.regions.items()},
            "criteria": {
                str(c): [str(p) for p in self.criteria.index[self.criteria[c]]]
                for c in self.criteria.columns
            },
        }


def provenance_of(scenario: Scenario, tree: ValueTree) -> Provenance:
    """The illustrative shares of a scored scenario (see the module docstring)."""
    model = tree.model
    flags = illustrative_criteria(scenario)
    n_p = len(model.programmes)
    w = tree.weights["criteria"].reindex(model.criteria).to_numpy(float)
    programme_flags = flags[model.criteria].to_numpy(bool) if model.criteria else np.zeros((n_p, 0))
    iota = _share(model.normalised * w[None, :], programme_flags, w[None, :])
    priority = tree.programmes.reindex(model.programmes).to_numpy(float)
    from_criteria = priority.copy()
    if model.direct is not None:
        from_criteria = priority - model.blend * np.asarray(model.direct, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        programme_share = np.where(priority > 0, from_criteria * iota / priority, iota)
    v = tree.weights["regional_criteria"].reindex(model.regional_criteria).to_numpy(float)
    regional_flags = (
        flags[model.regional_criteria].to_numpy(bool)
        if model.regional_criteria
        else np.zeros((n_p, 0), dtype=bool)
    )
    parts = model.regional * v[None, None, :]  # programmes × regions × criteria
    per_cell = _share(parts, regional_flags[:, None, :], v[None, None, :])
    f = tree.regions.reindex(index=model.programmes, columns=model.regions).to_numpy(float)
    mass = priority[:, None] * f
    totals = mass.sum(axis=0)
    safe = np.where(totals > 0, totals, 1.0)
    region_share = np.where(totals > 0, (mass * per_cell).sum(axis=0) / safe, per_cell.mean(0))
    return Provenance(
        programmes=pd.Series(np.clip(programme_share, 0, 1), index=model.programmes, name="share"),
        regions=pd.Series(np.clip(region_share, 0, 1), index=model.regions, name="share"),
        criteria=flags,
    )
