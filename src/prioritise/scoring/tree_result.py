"""The scored value tree: what `prioritise score` prints and the app and reports show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from prioritise.scenario.schema import Scenario
from prioritise.scoring.fast_values import METHODS, ValueModel
from prioritise.text import Integer, Message, Percent, msg, shares_adding_up, t, value_text
from prioritise.weights.group import Consensus

_METHOD_NAMES = {
    "additive": "common.method.additive",
    "topsis": "common.method.topsis",
    "promethee": "common.method.promethee",
}
_SET_NAMES = {
    "criteria": "common.criteria",
    "enabling_areas": "common.enabling_areas",
    "regional_criteria": "common.regional_criteria",
    "programmes": "scoring.set.programmes",
}

CONSISTENCY_COLUMNS = [
    "stakeholder",
    "weight_set",
    "cr",
    "lambda_max",
    "ci",
    "consistent",
    "missing",
    "worst",
    "message",
]


@dataclass(frozen=True)
class ValueTree:
    """Priorities of a scenario with every breakdown behind them.

    - `programmes`: P(p), summing to 1.
    - `enabling`: Q(e | p), programmes × enabling areas, each row summing to 1.
    - `regions`: F(r | p), programmes × regions, each row summing to 1.
    - `cells`: columns programme, enabling_area, region, value (V sums to 1).
    - `contributions`: "programmes" (programme × criterion parts of P; None under TOPSIS, which
      is not additive), "enabling_areas" (weight, need, product and Q per programme and area),
      "regions" ((programme, region) × regional criterion parts of F).
    - `weights`: the group weights used, per weight set ("programmes" only when given).
    - `stakeholder_weights`: each stakeholder's own weights, per weight set.
    - `consistency`: one row per AHP matrix (stakeholder, weight set, CR, ...).
    - `by_stakeholder`: P under each stakeholder's own weights (the group's where they stated
      none), with the chosen method; `by_stakeholder_method` the same for each of the three
      methods; `by_method`: P under each method with the group weights.
    """

    method: str
    programmes: pd.Series
    enabling: pd.DataFrame
    regions: pd.DataFrame
    cells: pd.DataFrame
    contributions: dict[str, pd.DataFrame | None]
    weights: dict[str, pd.Series]
    stakeholder_weights: dict[str, pd.DataFrame]
    consistency: pd.DataFrame
    consensus: dict[str, Consensus]
    by_stakeholder: pd.DataFrame
    by_method: pd.DataFrame
    model: ValueModel
    names: dict[str, str] = field(default_factory=dict)
    notes: list[Message] = field(default_factory=list)
    by_stakeholder_method: dict[str, pd.DataFrame] = field(default_factory=dict)
    items: dict[str, Any] = field(default_factory=dict)
    language: str = "es"
    derived: dict[str, Any] = field(default_factory=dict)
    """Derived criteria's values (`scoring.derive`, docs/model.md §17), as in the JSON."""
    illustrative: Any = None
    """The `scoring.provenance.Provenance` of these priorities (docs/model.md §18)."""

    @classmethod
    def compute(
        cls,
        scenario: Scenario,
        model: ValueModel,
        weights: dict[str, pd.Series],
        tables: dict[str, pd.DataFrame],
        checks: list[dict[str, Any]],
        agreement: dict[str, Consensus],
        notes: list[Message],
    ) -> ValueTree:
        criteria_w = weights["criteria"].reindex(model.criteria).to_numpy(float)
        enabling_w = weights["enabling_areas"].reindex(model.areas).to_numpy(float)
        regional_w = weights["regional_criteria"].reindex(model.regional_criteria).to_numpy(float)
        p = model.programme_priorities(criteria_w)
        q = model.enabling_priorities(enabling_w)
        f = model.regional_priorities(regional_w)
        values = model.cell_values(criteria_w, enabling_w, regional_w)
        programmes = pd.Index(model.programmes, dtype=object, name="programme")
        cells = model.cells.to_frame(index=False)
        cells["value"] = values
        contributions = {
            "programmes": _programme_parts(model, criteria_w, programmes),
            "enabling_areas": _enabling_parts(model, enabling_w, q),
            "regions": _regional_parts(model, regional_w),
        }
        by_person = {
            m: _by_stakeholder(scenario, model, tables, criteria_w, programmes, m) for m in METHODS
        }
        by_method = pd.DataFrame(
            {m: model.programme_priorities(criteria_w, m) for m in METHODS}, index=programmes
        )
        return cls(
            method=model.method,
            programmes=pd.Series(p, index=programmes, name="priority"),
            enabling=pd.DataFrame(
                q, index=programmes, columns=pd.Index(model.areas, name="enabling_area")
            ),
            regions=pd.DataFrame(
                f, index=programmes, columns=pd.Index(model.regions, name="region")
            ),
            cells=cells,
            contributions=contributions,
            weights=weights,
            stakeholder_weights=tables,
            consistency=pd.DataFrame(checks, columns=CONSISTENCY_COLUMNS),
            consensus=agreement,
            by_stakeholder=by_person[model.method],
            by_method=by_method,
            model=model,
            names=_names(scenario),
            notes=list(notes),
            by_stakeholder_method=by_person,
            items=_items(scenario),
            language=scenario.scenario.language,
        )

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        """The `prioritise score --json` object (docs/model.md §13): ids and numbers only, so `lang`
        changes nothing; it is taken like every result's."""
        worst_cr: dict[str, float] = {}
        for row in self.consistency.itertuples():
            worst_cr[row.stakeholder] = max(worst_cr.get(row.stakeholder, 0.0), float(row.cr))
        return {
            "programmes": {k: float(v) for k, v in self.programmes.items()},
            "enabling_areas": _nested(self.enabling),
            "regions": _nested(self.regions),
            "cells": [
                {
                    "programme": r.programme,
                    "enabling_area": r.enabling_area,
                    "region": r.region,
                    "value": float(r.value),
                }
                for r in self.cells.itertuples(index=False)
            ],
            "weights": {ws: {k: float(v) for k, v in s.items()} for ws, s in self.weights.items()},
            "consistency": worst_cr,
            "derived": self.derived,
            "illustrative": None if self.illustrative is None else self.illustrative.to_json(),
        }

    def note_texts(self, lang: str | None = None) -> list[str]:
        """The notes written out in `lang` (the scenario's language by default)."""
        return [note.text(lang or self.language) for note in self.notes]

    def format_text(self, lang: str | None = None, top_cells: int = 10) -> str:
        """A readable summary for the terminal, in `lang` (the scenario's language by default)."""
        lang = lang or self.language

        def name(ident: object) -> str:
            item = self.items.get(str(ident))
            return value_text(item, lang) if item is not None else str(ident)

        method = msg(_METHOD_NAMES.get(self.method, "common.method.additive"))
        lines = [t("scoring.text.title", lang, method=method), "", t("common.programmes", lang)]
        ranked = self.programmes.sort_values(ascending=False)
        width = max(len(name(p)) for p in ranked.index)
        for rank, (pid, value) in enumerate(ranked.items(), start=1):
            lines.append(f"  {rank:>2}. {name(pid):<{width}}  {Percent(value).text(lang):>7}")
        lines += ["", t("scoring.text.enabling", lang)]
        lines += _matrix_text(self.enabling, name, lang)
        lines += ["", t("scoring.text.regions", lang)]
        lines += _matrix_text(self.regions, name, lang)
        shown = Integer(min(top_cells, len(self.cells)))
        lines += ["", t("scoring.text.top_cells", lang, number=shown)]
        for row in self.cells.nlargest(top_cells, "value").itertuples(index=False):
            label = " · ".join(name(x) for x in (row.programme, row.enabling_area, row.region))
            lines.append(f"  {Percent(row.value, 2).text(lang):>7}  {label}")
        lines += ["", t("common.group_weights", lang)]
        for weight_set, series in self.weights.items():
            shares = shares_adding_up([float(v) for v in series.to_numpy()], 1)  # to 100 %
            parts = ", ".join(
                f"{name(k)} {Percent(v, 1).text(lang)}"  # as the sensitivity and reports
                for k, v in zip(series.index, shares, strict=True)
            )
            heading = t(_SET_NAMES[weight_set], lang)
            lines.append(f"  {heading}: {parts or t('scoring.text.none', lang)}")
        if not self.consistency.empty:
            lines += ["", t("scoring.text.consistency", lang)]
            for row in self.consistency.itertuples(index=False):
                verdict = row.message
                text = t(
                    "scoring.text.stakeholder_set",
                    lang,
                    stakeholder=name(row.stakeholder),
                    weights=msg(_SET_NAMES[row.weight_set]),
                    verdict=verdict if isinstance(verdict, Message) else str(verdict),
                )
                lines.append(f"  {text}")
        if self.notes:
            lines += ["", t("scoring.text.notes", lang)]
            lines += [f"  - {note}" for note in self.note_texts(lang)]
        return "\n".join(lines)


def _nested(frame: pd.DataFrame) -> dict[str, dict[str, float]]:
    return {str(r): {str(c): float(v) for c, v in row.items()} for r, row in frame.iterrows()}


def _matrix_text(
    frame: pd.DataFrame, name: Callable[[object], str], lang: str, fit: int = 120
) -> list[str]:
    """A programme × item table of shares, or each row's largest shares if it would not fit."""
    rows = [name(r) for r in frame.index]
    width = max(len(r) for r in rows)
    columns = [name(c) for c in frame.columns]
    sizes = [max(7, len(c)) for c in columns]
    if 2 + width + sum(size + 2 for size in sizes) <= fit:
        header = "  ".join(f"{c:>{size}}" for c, size in zip(columns, sizes, strict=True))
        lines = [f"  {'':<{width}}  {header}"]
        for label, (_, row) in zip(rows, frame.iterrows(), strict=True):
            cells = "  ".join(
                f"{Percent(v).text(lang):>{size}}" for v, size in zip(row, sizes, strict=True)
            )
            lines.append(f"  {label:<{width}}  {cells}")
        return lines
    lines = []
    for label, (_, row) in zip(rows, frame.iterrows(), strict=True):
        top = row.sort_values(ascending=False).head(5)
        listed = ", ".join(f"{name(k)} {Percent(v).text(lang)}" for k, v in top.items())
        more = f", {t('scoring.text.more', lang)}" if len(row) > len(top) else ""
        lines.append(f"  {label:<{width}}  {listed}{more}")
    return lines


def _names(scenario: Scenario) -> dict[str, str]:
    return {
        ident: item if isinstance(item, str) else item.name
        for ident, item in _items(scenario).items()
    }


def _items(scenario: Scenario) -> dict[str, Any]:
    """Every item the tree names, by id: shown by its name in the reader's language."""
    items: dict[str, Any] = {}
    for group in (
        scenario.criteria,
        scenario.programmes,
        scenario.enabling_areas,
        scenario.regions,
    ):
        items.update({item.id: item for item in group})
    items.update({person.id: person for person in scenario.stakeholders})
    return items


def _programme_parts(
    model: ValueModel, criteria_w: np.ndarray, index: pd.Index
) -> pd.DataFrame | None:
    """Per-criterion parts of P that add up to P (plus equal-split and direct-weight parts)."""
    if model.method == "topsis":
        return None
    n = len(model.programmes)
    blend = model.blend if model.direct is not None else 0.0
    w = criteria_w / criteria_w.sum() if model.criteria else criteria_w
    equal = np.zeros(n)
    if model.method == "additive":
        parts = model.normalised * w
        total = parts.sum()
        if total > 0:
            parts = parts / total
        else:
            equal[:] = 1.0 / n
    else:  # promethee: P = (1 + sum_j w_j Phi_j) / n
        parts = model.single_flows * w / n
        equal[:] = 1.0 / n
    frame = pd.DataFrame((1 - blend) * parts, index=index, columns=model.criteria)
    frame.insert(0, "equal_split", (1 - blend) * equal)
    if model.direct is not None and blend > 0:
        frame["direct_weights"] = blend * model.direct
    return frame


def _enabling_parts(model: ValueModel, enabling_w: np.ndarray, q: np.ndarray) -> pd.DataFrame:
    index = pd.MultiIndex.from_product(
        [model.programmes, model.areas], names=["programme", "enabling_area"]
    )
    weight = np.broadcast_to(enabling_w / enabling_w.sum(), model.need.shape)
    return pd.DataFrame(
        {
            "weight": weight.ravel(),
            "need": model.need.ravel(),
            "product": (weight * model.need).ravel(),
            "priority": q.ravel(),
        },
        index=index,
    )


def _regional_parts(model: ValueModel, regional_w: np.ndarray) -> pd.DataFrame:
    index = pd.MultiIndex.from_product(
        [model.programmes, model.regions], names=["programme", "region"]
    )
    n_p, n_r = len(model.programmes), len(model.regions)
    if model.regional_criteria:
        parts = model.regional * (regional_w / regional_w.sum())
    else:
        parts = np.zeros((n_p, n_r, 0))
    totals = parts.sum(axis=(1, 2))
    scale = np.where(totals > 0, totals, 1.0)[:, None, None]
    frame = pd.DataFrame(
        (parts / scale).reshape(n_p * n_r, -1), index=index, columns=model.regional_criteria
    )
    frame.insert(0, "equal_split", np.repeat(np.where(totals > 0, 0.0, 1.0 / n_r), n_r))
    return frame


def _by_stakeholder(
    scenario: Scenario,
    model: ValueModel,
    tables: dict[str, pd.DataFrame],
    criteria_w: np.ndarray,
    index: pd.Index,
    method: str,
) -> pd.DataFrame:
    """P as each stakeholder would have it, filling unstated weights with the group's."""
    own_criteria, own_direct = tables["criteria"], tables["programmes"]
    columns: dict[str, np.ndarray] = {}
    for person in scenario.stakeholders:
        if person.id not in own_criteria.index and person.id not in own_direct.index:
            continue
        weights = (
            own_criteria.loc[person.id].reindex(model.criteria).to_numpy(float)
            if person.id in own_criteria.index
            else criteria_w
        )
        direct = (
            own_direct.loc[person.id].reindex(model.programmes).to_numpy(float)
            if person.id in own_direct.index
            else None
        )
        columns[person.id] = model.programme_priorities(weights, method, direct)
    frame = pd.DataFrame(columns, index=index)
    frame.columns.name = "stakeholder"
    return frame
