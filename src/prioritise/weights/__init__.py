"""Weights: one stakeholder's (points, ranks, AHP) and the group's, with how far they agree.

`elicitation` turns each stakeholder's answers into a weight vector; `group` aggregates them
and measures consensus (Kendall's W, agreement between stakeholders).
"""

from __future__ import annotations

from prioritise.weights.elicitation import (
    CR_THRESHOLD,
    RANDOM_INDEX,
    AHPResult,
    Judgement,
    WeightsError,
    ahp,
    ahp_eigenvector,
    normalise,
    points_weights,
    rank_order_centroid,
    roc_weights,
)
from prioritise.weights.group import (
    AGREEMENT_BANDS,
    Consensus,
    KendallW,
    aggregate_weights,
    agreement_matrix,
    average_ranks,
    chi2_sf,
    consensus,
    group_weights,
    kendall_w,
    stakeholder_shares,
)

__all__ = [
    "AGREEMENT_BANDS",
    "CR_THRESHOLD",
    "RANDOM_INDEX",
    "AHPResult",
    "Consensus",
    "Judgement",
    "KendallW",
    "WeightsError",
    "aggregate_weights",
    "agreement_matrix",
    "ahp",
    "ahp_eigenvector",
    "average_ranks",
    "chi2_sf",
    "consensus",
    "group_weights",
    "kendall_w",
    "normalise",
    "points_weights",
    "rank_order_centroid",
    "roc_weights",
    "stakeholder_shares",
]
