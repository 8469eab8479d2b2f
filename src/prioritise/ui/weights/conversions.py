"""Weights moved between the three ways of stating them, and stored in scenario data.

Pure functions: points, ranks and pairwise judgements converted into one another so that
switching form keeps a stakeholder's priorities as closely as the new form allows.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

SAATY = tuple([float(v) for v in range(9, 1, -1)] + [1.0] + [1 / v for v in range(2, 10)])
"""Saaty's 1–9 scale and its reciprocals, most important first."""


def snap_saaty(ratio: float) -> float:
    """The nearest value of Saaty's 1–9 scale (or its reciprocal), in log terms."""
    ratio = min(max(ratio, 1 / 9), 9.0)
    return min(SAATY, key=lambda v: abs(math.log(v) - math.log(ratio)))


def ranking_from_weights(weights: pd.Series) -> list[str | list[str]]:
    """Best first; equal weights become a tie."""
    ranking: list[str | list[str]] = []
    ordered = weights.sort_values(ascending=False, kind="stable")
    groups: list[list[str]] = []
    last: float | None = None
    for item, value in ordered.items():
        if last is not None and abs(value - last) <= 1e-9:
            groups[-1].append(str(item))
        else:
            groups.append([str(item)])
        last = float(value)
    for group in groups:
        ranking.append(group[0] if len(group) == 1 else group)
    return ranking


def ranking_from_table(ranks: pd.Series) -> list[str | list[str]]:
    """A ranking from item → rank number; equal numbers tie, empty ones are left out."""
    given = ranks.dropna()
    ranking: list[str | list[str]] = []
    for _, group in given.groupby(given.astype(float), sort=True):
        items = [str(i) for i in group.index]
        ranking.append(items[0] if len(items) == 1 else items)
    return ranking


def rank_numbers(ranking: list[str | list[str]]) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for position, entry in enumerate(ranking, start=1):
        for item in [entry] if isinstance(entry, str) else entry:
            numbers[item] = position
    return numbers


def pairwise_from_weights(weights: pd.Series) -> list[list[float]]:
    """A matrix whose judgements are the weights' ratios, exactly: switching a stakeholder to
    comparisons keeps their weights (a consistent matrix gives them back). Each slider shows
    its judgement at the nearest step of Saaty's scale, and only a moved one takes that step.
    A weight of 0, which comparisons cannot give, counts as a ninth of the smallest other."""
    values = weights.to_numpy(dtype=float)
    values = np.where(values > 0, values, values[values > 0].min(initial=1.0) / 9)
    size = len(values)
    return [
        [1.0 if i == j else float(values[i] / values[j]) for j in range(size)] for i in range(size)
    ]


def set_form(raw: dict[str, Any], person_id: str, weight_set: str, form: str, value: Any) -> None:
    """Store one weight set of one stakeholder in the given form, removing the others."""
    person = next(p for p in raw["stakeholders"] if p["id"] == person_id)
    person.pop(weight_set, None)
    for key in ("ranks", "pairwise"):
        if weight_set in person.get(key, {}):
            del person[key][weight_set]
    if form == "points":
        person[weight_set] = value
    elif form == "ranks":
        person.setdefault("ranks", {})[weight_set] = value
    elif form == "pairwise":
        person.setdefault("pairwise", {})[weight_set] = value


def pairs_by_group(
    items: list[str], groups: list[tuple[str | None, list[str]]]
) -> list[tuple[str | None, list[tuple[int, int]]]]:
    """The pairs (i, j), i < j, of `items` to compare, under the heading of the group both lie
    in, in the order of `groups`; the pairs across two groups last, under the heading
    "between" (None with a single group: no heading at all). Each group is weighed on its own
    (docs/model.md §15.1), so a person judges within a group first; the judgements across
    the groups keep the matrix whole, as AHP needs it."""
    home = {item: heading for heading, members in groups for item in members}
    pairs = [(i, j) for i in range(len(items)) for j in range(i + 1, len(items))]
    if len(groups) < 2:
        return [(None, pairs)]
    found: list[tuple[str | None, list[tuple[int, int]]]] = []
    for heading, _ in groups:
        inside = [(i, j) for i, j in pairs if home.get(items[i]) == home.get(items[j]) == heading]
        if inside:
            found.append((heading, inside))
    listed = {pair for _, within in found for pair in within}
    across = [pair for pair in pairs if pair not in listed]
    if across:
        found.append(("between", across))
    return found
