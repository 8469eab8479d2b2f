"""Scoring: from a scenario's data and weights to the value of every programme, area and region.

`normalisation` holds normalisation and the additive method, `methods` TOPSIS and PROMETHEE II,
`tree` the programme × enabling area × region value tree (its result in `tree_result`), and
`fast_values` the tree's arithmetic precomputed for many weight vectors, `initiatives` the
value of each initiative.
"""

from __future__ import annotations

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
    "InitiativeValues",
    "MethodResult",
    "PreferenceFunction",
    "PrometheeResult",
    "ScoringError",
    "TopsisResult",
    "ValueModel",
    "ValueTree",
    "additive",
    "additive_value",
    "build_value_model",
    "check_scale",
    "decision_input",
    "initiative_values",
    "initiative_weights",
    "net_flow_priorities",
    "normalise_values",
    "preference_degree",
    "promethee_flows",
    "promethee_ii",
    "rank_scores",
    "shares",
    "stakeholder_weights",
    "topsis",
    "topsis_closeness",
    "value_tree",
    "weight_rows",
    "weight_set_items",
]
