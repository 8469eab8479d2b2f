"""The group's answer so far, as a participant may see it: aggregates only, never one person.

After sending, a participant sees their own shares beside everyone's and their own group's
current weights. Those come from the latest answer of each participant (latest round, latest
revision, as on the facilitator's dashboard), aggregated the way the scenario's ``[priority]``
says (``aggregation``, ``count``), each person with the same say. A view with fewer than k
answers (``[workshop] min_group_size``) carries its count only: with fewer people, a "group
result" would come close to one person's answer. Nothing here holds a name, an organisation or
which answer is whose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd

from prioritise.weights import (
    WeightsError,
    aggregate_weights,
    points_weights,
    rank_order_centroid,
    stakeholder_shares,
)
from prioritise.workshop.anonymity import disclosure
from prioritise.workshop.labels import EVERYONE

AGGREGATIONS = ("arithmetic", "geometric")
COUNTS = ("stakeholder", "group")


@dataclass(frozen=True)
class GroupRules:
    """How a workshop's answers become group weights, and the smallest group shown (k)."""

    aggregation: str = "arithmetic"
    count: str = "stakeholder"
    min_group_size: int = 3


def group_rules(data: Mapping[str, Any], min_group_size: int) -> GroupRules:
    """The aggregation rules of a parsed scenario file (its defaults where it gives none)."""
    priority = data.get("priority")
    priority = priority if isinstance(priority, Mapping) else {}
    aggregation = priority.get("aggregation")
    count = priority.get("count")
    return GroupRules(
        aggregation if aggregation in AGGREGATIONS else "arithmetic",
        count if count in COUNTS else "stakeholder",
        max(1, int(min_group_size)),
    )


@dataclass(frozen=True)
class GroupShares:
    """One audience's current weights: everyone, or one group."""

    view: str
    """``EVERYONE`` or the group's key."""
    answers: int
    weights: dict[str, pd.Series] = field(default_factory=dict)
    """Weight set → shares of its items (sum 1); empty below k answers."""
    withheld: bool = False
    """The group has k answers, but shown beside everyone's it would let an answer from a
    smaller group be worked out (see ``anonymity.disclosure``), so it is not shown."""

    @property
    def shown(self) -> bool:
        """Whether there is anything to show (at least k answers, and weights to show)."""
        return bool(self.weights)


@dataclass(frozen=True)
class GroupAnswer:
    """Everyone's and the participant's own group's weights so far."""

    everyone: GroupShares
    group: GroupShares
    min_group_size: int


def answer_shares(
    payload: Mapping[str, Any], allowed_ids: Mapping[str, tuple[str, ...]]
) -> dict[str, pd.Series]:
    """Each weight set of one answer as shares (points normalised, ranks by rank-order
    centroid); sets the answer leaves out are left out."""
    shares: dict[str, pd.Series] = {}
    ranks = payload.get("ranks", {})
    for weight_set, ids in allowed_ids.items():
        if weight_set in payload:
            shares[weight_set] = points_weights(payload[weight_set], list(ids))
        elif isinstance(ranks, Mapping) and weight_set in ranks:
            shares[weight_set] = rank_order_centroid(ranks[weight_set], list(ids))
    return shares


def _share_row(payload: Mapping[str, Any], weight_set: str, ids: tuple[str, ...]) -> Any:
    """One answer's shares of one set as an array (None when it does not answer the set).
    Points are normalised here directly: a few hundred answers are read at every refresh."""
    points = payload.get(weight_set)
    if isinstance(points, Mapping):
        row = np.array([float(points.get(item, 0.0)) for item in ids])
        total = row.sum()
        return row / total if total > 0 else None
    shares = answer_shares(payload, {weight_set: ids})
    return shares[weight_set].to_numpy(float) if weight_set in shares else None


def _view(
    view: str,
    rows: Mapping[str, list[tuple[str, Any]]],
    answers: int,
    ids: Mapping[str, tuple[str, ...]],
    rules: GroupRules,
) -> GroupShares:
    """``rows``: weight set → (group, shares) of each answer that gives the set."""
    if answers < rules.min_group_size:
        return GroupShares(view, answers)
    weights: dict[str, pd.Series] = {}
    for weight_set, given in rows.items():
        if len(given) < rules.min_group_size:
            continue
        groups = [group for group, _ in given]
        try:
            say = stakeholder_shares(np.ones(len(given)), groups, cast(Any, rules.count))
            combined = aggregate_weights(
                np.vstack([row for _, row in given]), say, cast(Any, rules.aggregation)
            )
        except WeightsError:  # a geometric mean that every item lost to someone's zero
            continue
        index = pd.Index(ids[weight_set], dtype=object)
        weights[weight_set] = pd.Series(combined, index=index, name="weight")
    return GroupShares(view, answers, weights)


def group_answer(
    answers: Iterable[tuple[str, Mapping[str, Any]]],
    allowed_ids: Mapping[str, tuple[str, ...]],
    own_group: str,
    rules: GroupRules,
) -> GroupAnswer:
    """Everyone's and ``own_group``'s weights from (group, answer) pairs, one per participant.

    A view with fewer than ``rules.min_group_size`` answers has its count and no weights.
    """
    people = list(answers)
    everyone: dict[str, list[tuple[str, Any]]] = {}
    for weight_set, ids in allowed_ids.items():
        found = [(group, _share_row(payload, weight_set, ids)) for group, payload in people]
        everyone[weight_set] = [(group, row) for group, row in found if row is not None]
    mine = {ws: [(g, row) for g, row in given if g == own_group] for ws, given in everyone.items()}
    counts: dict[str, int] = {}
    for group, _ in people:
        counts[group] = counts.get(group, 0) + 1
    members = counts.get(own_group, 0)
    own = _view(own_group, mine, members, allowed_ids, rules)
    k = rules.min_group_size
    if own.shown and own_group not in disclosure(counts, k).keys:
        own = GroupShares(own_group, members, withheld=True)
    return GroupAnswer(_view(EVERYONE, everyone, len(people), allowed_ids, rules), own, k)
