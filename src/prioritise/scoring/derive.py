"""Criteria computed from a scenario's raw tables (docs/model.md §17).

A criterion with `derive = { method = ..., table = ... }` has no typed values: they are
computed here from the table, and from then on the criterion is scored like any other of its
level — a programme criterion per programme (P, §4), a programme_region criterion per
programme and region (F, §6).

- `location_quotient` (programme_region): LQ(p, r) = (x_pr / Σ_p x_pr) / (Σ_r x_pr / Σ_pr x);
- `relatedness` (programme_region): the density ω(r, p) of Hidalgo et al. (2007);
- `complexity` (programme): the eigenvector complexity of Hidalgo & Hausmann (2009);
- `linkages` (programme): Rasmussen–Hirschman indices from input–output coefficients.

The arithmetic lives in `prioritise.scenario.indicators`, where loading uses it to refuse a
table on which an indicator is not defined.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from prioritise.scenario.derive_spec import SQUARE_METHODS
from prioritise.scenario.indicators import indicator
from prioritise.scenario.schema import Criterion, Scenario
from prioritise.text import Message, msg

__all__ = ["DerivedCriterion", "derived_criteria", "derived_json", "formula", "table_matrix"]


@dataclass(frozen=True)
class DerivedCriterion:
    """A derived criterion's values: programmes × regions (`programme_region`) or one value
    per programme (`programme`), and what they come from."""

    criterion: str
    method: str
    table: str
    level: str
    values: pd.DataFrame | pd.Series

    def to_json(self) -> dict[str, Any]:
        """{programme: {region: value}} or {programme: value}."""
        if isinstance(self.values, pd.DataFrame):
            return {
                str(p): {str(r): float(v) for r, v in row.items()}
                for p, row in self.values.iterrows()
            }
        return {str(p): float(v) for p, v in self.values.items()}


def table_matrix(scenario: Scenario, table_id: str, columns: list[str]) -> np.ndarray:
    """A table as programmes × `columns` in scenario order; a missing cell counts as 0."""
    rows = scenario.table(table_id)
    return np.array(
        [
            [float(rows.get(programme, {}).get(column, 0.0)) for column in columns]
            for programme in scenario.programme_ids
        ],
        dtype=float,
    ).reshape(len(scenario.programmes), len(columns))


def _values(scenario: Scenario, criterion: Criterion) -> pd.DataFrame | pd.Series:
    spec = criterion.derive
    assert spec is not None
    programmes = pd.Index(scenario.programme_ids, dtype=object, name="programme")
    square = spec.method in SQUARE_METHODS
    columns = scenario.programme_ids if square else scenario.region_ids
    values = indicator(spec.method, table_matrix(scenario, spec.table, columns), spec.linkage_index)
    if values.ndim == 1:
        return pd.Series(values, index=programmes, name=criterion.id)
    regions = pd.Index(scenario.region_ids, dtype=object, name="region")
    return pd.DataFrame(values, index=programmes, columns=regions)


def derived_criteria(scenario: Scenario) -> dict[str, DerivedCriterion]:
    """Every derived criterion of a (valid) scenario with its computed values, in file order."""
    found: dict[str, DerivedCriterion] = {}
    for criterion in scenario.criteria:
        if criterion.derive is None:
            continue
        found[criterion.id] = DerivedCriterion(
            criterion=criterion.id,
            method=criterion.derive.method,
            table=criterion.derive.table,
            level=criterion.level,
            values=_values(scenario, criterion),
        )
    return found


def derived_json(scenario: Scenario) -> dict[str, dict[str, Any]]:
    """`"derived"` of `prioritise score --json`: criterion -> programme -> region -> value, or
    criterion -> programme -> value for a programme-level criterion."""
    return {ident: found.to_json() for ident, found in derived_criteria(scenario).items()}


_FORMULAS = {
    "location_quotient": "scoring.derive.formula.location_quotient",
    "relatedness": "scoring.derive.formula.relatedness",
    "complexity": "scoring.derive.formula.complexity",
    "linkages": "scoring.derive.formula.linkages",
}
_LINKAGE_WORDS = {
    "backward": "scoring.derive.linkage.backward",
    "forward": "scoring.derive.linkage.forward",
    "mean": "scoring.derive.linkage.mean",
}


def formula(criterion: Criterion) -> Message | None:
    """How a derived criterion is computed, in words and symbols; None for a typed one."""
    spec = criterion.derive
    if spec is None:
        return None
    params: dict[str, Any] = {"table": spec.table}
    if spec.method == "linkages":
        params["index"] = msg(_LINKAGE_WORDS[spec.linkage_index])
    return msg(_FORMULAS[spec.method], **params)
