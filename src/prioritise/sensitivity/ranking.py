"""Stability intervals of the programme ranking: one weight moves, the others keep proportions.

With weight k of a set moved to t and every other weight of the set scaled by
(1 − t)/(1 − w_k) (docs/model.md §14.1), the programme priorities P(t) follow from the value
tree's arithmetic (`prioritise.scoring.ValueModel`). Under the additive method each score is
linear in t, so P(t) = g(t)/S(t) with g and S linear: the order of two programmes changes only
where their two linear functions cross, which is solved for exactly. PROMETHEE's net flows are
linear in the weights, so P(t) itself is linear and the same solution applies. TOPSIS is not: its
intervals are found on a grid of 1/1000 and refined by bisection to 1e-6 (§14.2).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import numpy as np

from prioritise.scoring import ValueModel

GRID = 1000
"""Points per unit of t at which a non-linear method is looked at before bisection."""
BISECTION_TOLERANCE = 1e-6
"""How close the bisection brings an interval end of a non-linear method."""


def moved(weights: np.ndarray, k: int, t: float | np.ndarray) -> np.ndarray:
    """The set's weights with weight k at t and the others in their proportions (§14.1).

    `t` may be an array: the result then has one row per value. If w_k is 1 the others have no
    proportions to keep; they share 1 − t equally.
    """
    w = np.asarray(weights, dtype=float)
    rest = w.copy()
    rest[k] = 0.0
    if rest.sum() <= 0:
        rest = np.ones_like(w)
        rest[k] = 0.0
    rest /= rest.sum()
    unit = np.zeros_like(w)
    unit[k] = 1.0
    at = np.asarray(t, dtype=float)
    return (1.0 - at)[..., None] * rest + at[..., None] * unit


def priorities_along(model: ValueModel, criteria: np.ndarray, k: int, t: np.ndarray) -> np.ndarray:
    """P at each t (rows) when criterion weight k moves; what the intervals describe."""
    return np.asarray(model.programme_priorities(moved(criteria, k, t)))


def order_of(values: np.ndarray) -> np.ndarray:
    """Programmes best first; equal values keep the scenario's order."""
    return np.argsort(-np.asarray(values, dtype=float), kind="stable")


def linear_ends(model: ValueModel, criteria: np.ndarray, k: int) -> np.ndarray | None:
    """(g(0), g(1)): functions linear in t that order the programmes as P(t) does.

    Additive: g = (1 − β) s + β D S (the priorities times the positive total score S);
    PROMETHEE: g = P. None for TOPSIS, whose priorities are not linear in t.
    """
    ends = moved(criteria, k, np.array([0.0, 1.0]))
    if model.method == "promethee" or not model.criteria:
        return np.asarray(model.programme_priorities(ends))
    if model.method != "additive":
        return None
    scores = np.asarray(model.criteria_scores(ends))
    total = scores.sum(axis=1, keepdims=True)
    if np.all(total <= 0):
        return np.asarray(model.programme_priorities(ends))
    if model.direct is None or model.blend == 0:
        return scores
    beta = model.blend
    return (1.0 - beta) * scores + beta * model.direct[None, :] * total


def _ahead_interval(
    ends: np.ndarray, pairs: list[tuple[int, int]], t0: float
) -> tuple[float, float]:
    """Where every (a, b) of `pairs` keeps a ahead of b (ties go to the earlier programme)."""
    low, high = 0.0, 1.0
    for a, b in pairs:
        d0 = float(ends[0, a] - ends[0, b])
        slope = float(ends[1, a] - ends[1, b]) - d0
        if slope == 0.0:
            continue
        root = -d0 / slope
        if slope > 0:
            low = max(low, min(root, t0))
        else:
            high = min(high, max(root, t0))
    return low, high


def _walk(holds: Callable[[np.ndarray], np.ndarray], t0: float) -> tuple[float, float]:
    """The interval around t0 where `holds` (vectorised over t) is true: grid, then bisection."""
    grid = np.linspace(0.0, 1.0, GRID + 1)
    ok = holds(grid)
    result = []
    for side in (-1, 1):
        inside = t0
        steps = grid[grid < t0][::-1] if side < 0 else grid[grid > t0]
        outside = None
        for point, fine in zip(
            steps, ok[grid < t0][::-1] if side < 0 else ok[grid > t0], strict=True
        ):
            if not fine:
                outside = float(point)
                break
            inside = float(point)
        if outside is None:
            result.append(0.0 if side < 0 else 1.0)
            continue
        while abs(outside - inside) > BISECTION_TOLERANCE:
            middle = (inside + outside) / 2
            if holds(np.array([middle]))[0]:
                inside = middle
            else:
                outside = middle
        result.append(inside)
    return result[0], result[1]


def ranking_intervals(
    model: ValueModel, criteria: np.ndarray, k: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """(first place, whole ranking) intervals of criterion weight k, in weight units (0–1)."""
    t0 = float(criteria[k])
    n = len(model.programmes)
    ends = linear_ends(model, criteria, k)
    if ends is not None:
        current = ends[0] + t0 * (ends[1] - ends[0])
        order = order_of(current)
        top = int(order[0])
        first = _ahead_interval(ends, [(top, q) for q in range(n) if q != top], t0)
        whole = _ahead_interval(ends, list(pairwise(order.tolist())), t0)
        return first, whole
    base = order_of(priorities_along(model, criteria, k, np.array([t0]))[0])

    def same_first(t: np.ndarray) -> np.ndarray:
        return order_of_rows(priorities_along(model, criteria, k, t))[:, 0] == base[0]

    def same_order(t: np.ndarray) -> np.ndarray:
        return np.all(order_of_rows(priorities_along(model, criteria, k, t)) == base, axis=1)

    return _walk(same_first, t0), _walk(same_order, t0)


def order_of_rows(values: np.ndarray) -> np.ndarray:
    """`order_of` for each row."""
    return np.argsort(-np.asarray(values, dtype=float), axis=1, kind="stable")


def top_membership(
    model: ValueModel, criteria: np.ndarray, k: int, size: int
) -> Callable[[np.ndarray], np.ndarray]:
    """For each t, which programmes are among the first `size` (a t × programmes boolean)."""

    def members(t: np.ndarray) -> np.ndarray:
        order = order_of_rows(priorities_along(model, criteria, k, t))
        inside = np.zeros(order.shape, dtype=bool)
        np.put_along_axis(inside, order[:, :size], True, axis=1)
        return inside

    return members


def nearest_flip(
    holds: Callable[[np.ndarray], np.ndarray], t0: float
) -> tuple[float, float] | None:
    """The nearest t on each side where `holds` (true at t0) turns false; (below, above),
    NaN where it never does. None when it never turns on either side."""
    low, high = _walk(holds, t0)
    below = low if low > 0.0 else float("nan")
    above = high if high < 1.0 else float("nan")
    if np.isnan(below) and np.isnan(above):
        return None
    return below, above
