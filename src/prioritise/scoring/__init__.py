"""Scoring: from a scenario's data and weights to the value of every programme, area and region.

`normalisation` holds normalisation and the additive method, `methods` TOPSIS and PROMETHEE II,
`tree` the programme × enabling area × region value tree (its result in `tree_result`), and
`fast_values` the tree's arithmetic precomputed for many weight vectors, `initiatives` the
value of each initiative.
`fast_values` the tree's arithmetic precomputed for many weight vectors, `derive` the criteria
computed from raw tables and `provenance` how much of each priority rests on illustrative
inputs.
"""

from __future__ import annotations

from prioritise.scoring.derive import DerivedCriterion, derived_criteria, derived_json, formula
from prioritise.scoring.fast_values import METHODS, ValueModel, weight_rows
from prioritise.scoring.initiatives import (
    InitiativeValues,
    initiative_values,
    initiative_weights,
)
from prioritise.scoring.methods import (
    PreferenceFunction,
    PrometheeResult,
    TopsisResult,
    net_flow_priorities,
    preference_degree,
    promethee_flows,
    promethee_ii,
    topsis,
    topsis_closeness,
)
from prioritise.scoring.normalisation import (
    AdditiveResult,
    DecisionInput,
    MethodResult,
    ScoringError,
    additive,
    additive_value,
    check_scale,
    decision_input,
    normalise_values,
    rank_scores,
    shares,
)
from prioritise.scoring.provenance import (
    Provenance,
    illustrative_criteria,
    is_illustrative,
    provenance_of,
    table_is_illustrative,
)
from prioritise.scoring.tree import (
    build_value_model,
    stakeholder_weights,
    value_tree,
    weight_set_items,
)
from prioritise.scoring.tree_result import ValueTree

__all__ = [
    "METHODS",
    "AdditiveResult",
    "DecisionInput",
    "DerivedCriterion",
    "InitiativeValues",
    "MethodResult",
    "PreferenceFunction",
    "PrometheeResult",
    "Provenance",
    "ScoringError",
    "TopsisResult",
    "ValueModel",
    "ValueTree",
    "additive",
    "additive_value",
    "build_value_model",
    "check_scale",
    "decision_input",
    "derived_criteria",
    "derived_json",
    "formula",
    "illustrative_criteria",
    "initiative_values",
    "initiative_weights",
    "is_illustrative",
    "net_flow_priorities",
    "normalise_values",
    "preference_degree",
    "promethee_flows",
    "promethee_ii",
    "provenance_of",
    "rank_scores",
    "shares",
    "stakeholder_weights",
    "table_is_illustrative",
    "topsis",
    "topsis_closeness",
    "value_tree",
    "weight_rows",
    "weight_set_items",
]
