"""The value tree of a scenario: programme, enabling-area and regional priorities, cell values.

    V(p, e, r) = P(p) · Q(e | p) · F(r | p)

- P(p): programme-level criteria scored with the chosen method (additive by default, TOPSIS or
  PROMETHEE II) under the group's criterion weights, blended with direct programme weights by
  `priority.programme_blend`.
- Q(e | p): group enabling-area weights × the programme's need profile (`tables.need`),
  normalised over e. A missing entry means no need; a programme without entries (or with only
  zeros) treats all areas alike.
- F(r | p): additive value of region criteria (each region's `performance`) and
  programme_region criteria (`tables.<criterion id>`; a missing entry counts as 0, i.e. no
  recorded activity), under the group's regional-criterion weights; min–max over the regions
  within one programme unless the criterion has a fixed scale.

Fixed scales matter to the additive method and to F; TOPSIS works on the raw values (vector
normalisation) and PROMETHEE on raw differences judged by each criterion's preference function
(Brans' "usual" criterion where none is given).

Weights not stated by anybody are equal. A stakeholder with zero influence is heard in the
consensus measures but not in the group weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from prioritise.scenario.schema import WEIGHT_SETS, Scenario
from prioritise.scoring.fast_values import METHODS, ValueModel, weight_rows
from prioritise.scoring.methods import PreferenceFunction, promethee_flows
from prioritise.scoring.normalisation import ScoringError, check_scale, normalise_values
from prioritise.scoring.tree_result import ValueTree
from prioritise.text import Integer, ListOf, Message, msg
from prioritise.weights import ahp, normalise, points_weights, rank_order_centroid
from prioritise.weights.group import consensus, group_weights

__all__ = ["ValueModel", "ValueTree", "build_value_model", "stakeholder_weights", "value_tree"]

SET_LABELS = {
    "criteria": "scoring.set.criteria",
    "enabling_areas": "scoring.set.enabling_areas",
    "regional_criteria": "scoring.set.regional_criteria",
    "programmes": "scoring.set.programmes",
}
"""The message that names each weight set's weights ("criterion weights")."""


def _items_by_id(scenario: Scenario, weight_set: str) -> dict[str, object]:
    """The scenario items a weight set ranges over, by id, to show them by name."""
    groups: dict[str, Sequence[Any]] = {
        "criteria": scenario.criteria,
        "enabling_areas": scenario.enabling_areas,
        "regional_criteria": scenario.criteria,
        "programmes": scenario.programmes,
    }
    return {item.id: item for item in groups.get(weight_set, [])}


def weight_set_items(scenario: Scenario, weight_set: str) -> list[str]:
    """The ids a weight set ranges over."""
    if weight_set == "criteria":
        return [c.id for c in scenario.criteria_at("programme")]
    if weight_set == "enabling_areas":
        return scenario.area_ids
    if weight_set == "regional_criteria":
        return [c.id for c in scenario.criteria_at("region", "programme_region")]
    if weight_set == "programmes":
        return scenario.programme_ids
    raise ScoringError(
        "scoring.error.weight_set", weight_set=weight_set, weight_sets=ListOf(WEIGHT_SETS, "or")
    )


def stakeholder_weights(
    scenario: Scenario, weight_set: str, keep: list[str] | None = None
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Each stakeholder's own weights for a set (stakeholders × items), and AHP diagnostics.

    Points: unlisted items get zero. Ranks: rank-order centroid, unlisted items tied last.
    Pairwise: AHP eigenvector; items left out of the matrix get zero.

    Stakeholders weigh programme and initiative criteria together in `criteria`; the table
    keeps the programme criteria (or those in `keep`), each row renormalised, and leaves out
    a stakeholder who gives them no weight at all (docs/model.md §15.1).
    """
    stated = weight_set_items(scenario, weight_set)
    if weight_set == "criteria":
        stated = [*stated, *(c.id for c in scenario.criteria_at("initiative"))]
    table, checks = _stated_weights(scenario, weight_set, stated)
    items = weight_set_items(scenario, weight_set) if keep is None else keep
    if items == stated:
        return table, checks
    kept = table.reindex(columns=items, fill_value=0.0)
    totals = kept.sum(axis=1)
    kept = kept[totals > 0]
    return kept.div(totals[totals > 0], axis=0), checks


def _stated_weights(
    scenario: Scenario, weight_set: str, items: list[str]
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    labels = _items_by_id(scenario, weight_set)
    rows: dict[str, pd.Series] = {}
    checks: list[dict[str, Any]] = []
    if not items:
        return pd.DataFrame(columns=items, dtype=float), checks
    for i, person in enumerate(scenario.stakeholders):
        form = person.form_of(weight_set)
        where = f"stakeholders[{i}]"
        if form == "points":
            rows[person.id] = points_weights(
                getattr(person, weight_set), items, what=f"{where}.{weight_set}"
            )
        elif form == "ranks":
            rows[person.id] = rank_order_centroid(
                person.ranks[weight_set], items, what=f"{where}.ranks.{weight_set}"
            )
        elif form == "pairwise":
            given = person.pairwise[weight_set]
            result = ahp(given.matrix, given.items, what=f"{where}.pairwise.{weight_set}")
            rows[person.id] = result.weights.reindex(items, fill_value=0.0)
            checks.append(
                {
                    "stakeholder": person.id,
                    "weight_set": weight_set,
                    "cr": result.cr,
                    "lambda_max": result.lambda_max,
                    "ci": result.ci,
                    "consistent": result.consistent,
                    "missing": result.missing,
                    "worst": result.worst.message(labels) if result.worst else None,
                    "message": result.message(labels),
                }
            )
    table = pd.DataFrame.from_dict(rows, orient="index", columns=items, dtype=float)
    return table, checks


def _group(
    scenario: Scenario, weight_set: str, table: pd.DataFrame, notes: list[Message]
) -> pd.Series | None:
    items = weight_set_items(scenario, weight_set)
    influence = {s.id: s.influence for s in scenario.stakeholders}
    heard = [sid for sid in table.index if influence[sid] > 0]
    if heard:
        groups = {s.id: s.group for s in scenario.stakeholders}
        return group_weights(
            table.loc[heard],
            influence,
            groups,
            scenario.priority.aggregation,
            scenario.priority.count,
        )
    if weight_set == "programmes":
        return None
    if items:
        notes.append(msg("scoring.note.no_weights", weights=msg(SET_LABELS[weight_set])))
    return pd.Series(
        1.0 / len(items) if items else [],
        index=pd.Index(items, dtype=object),
        name="weight",
        dtype=float,
    )


def _override(given: Any, items: list[str], weight_set: str) -> pd.Series:
    what = msg("scoring.weights.subject.group", weights=msg(SET_LABELS[weight_set]))
    if isinstance(given, Mapping | pd.Series):
        return points_weights(dict(given), items, what=what)
    values = normalise(np.asarray(given, dtype=float), what=what)
    if values.size != len(items):
        raise ScoringError(
            "scoring.error.values_for_items",
            what=what,
            values=Integer(values.size),
            items=Integer(len(items)),
        )
    return pd.Series(values, index=pd.Index(items, dtype=object), name="weight")


def _performance(criterion: Any, rows: Sequence[Any], kind: str) -> np.ndarray:
    values = []
    for i, row in enumerate(rows):
        if criterion.id not in row.performance:
            raise ScoringError(
                "scoring.error.performance_missing", kind=kind, index=i, criterion=criterion
            )
        values.append(float(row.performance[criterion.id]))
    array = np.array(values)
    if not np.all(np.isfinite(array)):
        raise ScoringError("scoring.error.performance_finite", criterion=criterion)
    if criterion.scale is not None:
        low, high = criterion.scale
        check_scale(array, low, high, list(rows), criterion)
    return array


def _need_matrix(scenario: Scenario, notes: list[Message]) -> np.ndarray:
    table = scenario.table("need")
    need = np.zeros((len(scenario.programmes), len(scenario.enabling_areas)))
    alike: list[object] = []
    for p, programme in enumerate(scenario.programmes):
        row = table.get(programme.id, {})
        need[p] = [float(row.get(area, 0.0)) for area in scenario.area_ids]
        if not np.any(need[p] > 0):
            need[p] = 1.0
            alike.append(programme)
    if alike and table:
        notes.append(msg("scoring.note.no_need", programmes=ListOf(alike)))
    return need


def _regional_tensor(scenario: Scenario) -> np.ndarray:
    criteria = scenario.criteria_at("region", "programme_region")
    n_p, n_r = len(scenario.programmes), len(scenario.regions)
    raw = np.zeros((n_p, n_r, len(criteria)))
    for k, criterion in enumerate(criteria):
        if criterion.level == "region":
            raw[:, :, k] = _performance(criterion, scenario.regions, "regions")[None, :]
            continue
        table = scenario.table(criterion.id)
        for p, programme in enumerate(scenario.programmes):
            row = table.get(programme.id, {})
            raw[p, :, k] = [float(row.get(region, 0.0)) for region in scenario.region_ids]
        if criterion.scale is not None:
            labels = [f"{p}/{r}" for p in scenario.programme_ids for r in scenario.region_ids]
            bottom, top = criterion.scale
            check_scale(raw[:, :, k].ravel(), bottom, top, labels, criterion)
    low = np.array([c.scale[0] if c.scale else np.nan for c in criteria])
    high = np.array([c.scale[1] if c.scale else np.nan for c in criteria])
    ups = np.array([c.direction == "max" for c in criteria], dtype=bool)
    if not criteria:
        return raw
    return normalise_values(raw, ups, low, high, axis=1)


def build_value_model(
    scenario: Scenario,
    method: str | None = None,
    direct: pd.Series | None = None,
    notes: list[Message] | None = None,
) -> ValueModel:
    """Precompute everything in the value tree that does not depend on the weights.

    `direct` are the group's direct programme weights (None: no direct weights).
    """
    chosen = method or scenario.priority.method
    if chosen not in METHODS:
        raise ScoringError("scoring.error.method", method=chosen, methods=ListOf(METHODS, "or"))
    notes = [] if notes is None else notes
    criteria = scenario.criteria_at("programme")
    n_p = len(scenario.programmes)
    raw = np.zeros((n_p, len(criteria)))
    for j, criterion in enumerate(criteria):
        raw[:, j] = _performance(criterion, scenario.programmes, "programmes")
    ups = np.array([c.direction == "max" for c in criteria], dtype=bool)
    low = np.array([c.scale[0] if c.scale else np.nan for c in criteria])
    high = np.array([c.scale[1] if c.scale else np.nan for c in criteria])
    normalised = normalise_values(raw, ups, low, high) if criteria else raw
    functions = [PreferenceFunction.of(c.preference) for c in criteria]
    single = promethee_flows(raw, np.ones(len(criteria)), ups, functions)[3] if criteria else raw
    direct_values = None
    if direct is not None:
        direct_values = weight_rows(
            direct.reindex(scenario.programme_ids, fill_value=0.0).to_numpy(float),
            n_p,
            msg("scoring.set.programmes"),
        )
    return ValueModel(
        programmes=scenario.programme_ids,
        areas=scenario.area_ids,
        regions=scenario.region_ids,
        criteria=[c.id for c in criteria],
        regional_criteria=[c.id for c in scenario.criteria_at("region", "programme_region")],
        method=chosen,
        blend=float(scenario.priority.programme_blend),
        direct=direct_values,
        normalised=normalised,
        raw=raw,
        maximise=ups,
        single_flows=single,
        need=_need_matrix(scenario, notes),
        regional=_regional_tensor(scenario),
    )


def value_tree(
    scenario: Scenario,
    method: str | None = None,
    group_weights: Mapping[str, Any] | None = None,
) -> ValueTree:
    """Score a scenario: P, Q, F, cell values V, their breakdowns and the weights behind them.

    `method` overrides `priority.method`. `group_weights` replaces the group weights of any of
    the four weight sets (a mapping id -> weight, or an array in the scenario's item order).
    """
    notes: list[Message] = []
    tables: dict[str, pd.DataFrame] = {}
    checks: list[dict[str, Any]] = []
    weights: dict[str, pd.Series] = {}
    overrides = dict(group_weights or {})
    unknown = [name for name in overrides if name not in WEIGHT_SETS]
    if unknown:
        raise ScoringError(
            "scoring.error.weight_set", weight_set=unknown[0], weight_sets=ListOf(WEIGHT_SETS, "or")
        )
    for weight_set in WEIGHT_SETS:
        table, found = stakeholder_weights(scenario, weight_set)
        tables[weight_set] = table
        checks.extend(found)
        items = weight_set_items(scenario, weight_set)
        if weight_set in overrides and overrides[weight_set] is not None:
            weights[weight_set] = _override(overrides[weight_set], items, weight_set)
        else:
            group = _group(scenario, weight_set, table, notes)
            if group is not None:
                weights[weight_set] = group
    direct = weights.get("programmes")
    if direct is None and scenario.priority.programme_blend > 0:
        notes.append(msg("scoring.note.blend_unused"))
    model = build_value_model(scenario, method, direct, notes)
    if not model.criteria:
        notes.append(msg("scoring.note.no_criteria"))
    agreement = {ws: consensus(t) for ws, t in tables.items() if not t.empty}
    return ValueTree.compute(scenario, model, weights, tables, checks, agreement, notes)
