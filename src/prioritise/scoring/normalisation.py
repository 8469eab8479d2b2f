"""Scoring alternatives on several criteria: normalisation and the additive value model.

The layout follows scikit-criteria: each method is a pure numpy function over arrays, plus a
thin wrapper that checks labelled input and returns a result dataclass. TOPSIS and PROMETHEE II
live in `prioritise.scoring.methods`; the programme × enabling area × region value tree in
`prioritise.scoring.tree`; the package `prioritise.scoring` exports all of them.

Normalisation maps a criterion's raw values to [0, 1]: by its fixed `scale` when it has one,
otherwise min–max over the alternatives compared; direction "min" flips it. A criterion on
which every alternative has the same value (a constant column) normalises to 0 for all of
them: it carries no information, so it adds nothing to any score and cannot move any priority,
which is also how TOPSIS and PROMETHEE treat such a criterion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from prioritise.text import Integer, LocalizedError, Number

__all__ = [
    "AdditiveResult",
    "DecisionInput",
    "MethodResult",
    "ScoringError",
    "additive",
    "additive_value",
    "check_scale",
    "decision_input",
    "normalise_values",
    "rank_scores",
    "shares",
]

Direction = Literal["max", "min"]
CONSTANT_VALUE = 0.0
"""What a constant column normalises to under min–max (see the module docstring)."""

# --------------------------------------------------------------------------- pure functions


def normalise_values(
    values: np.ndarray,
    maximise: np.ndarray | bool = True,
    low: np.ndarray | float | None = None,
    high: np.ndarray | float | None = None,
    axis: int = 0,
) -> np.ndarray:
    """Map raw values to [0, 1], criteria on the last axis, alternatives along `axis`.

    `low`/`high` hold each criterion's fixed scale; NaN (or None) means min–max over `axis`.
    Values outside a fixed scale are not clipped: check them first (see `check_scale`).
    """
    x = np.asarray(values, dtype=float)
    k = x.shape[-1]
    fixed_low = np.full(k, np.nan) if low is None else np.broadcast_to(np.asarray(low, float), k)
    fixed_high = np.full(k, np.nan) if high is None else np.broadcast_to(np.asarray(high, float), k)
    observed_low = x.min(axis=axis, keepdims=True)
    observed_high = x.max(axis=axis, keepdims=True)
    lo = np.where(np.isnan(fixed_low), observed_low, fixed_low)
    hi = np.where(np.isnan(fixed_high), observed_high, fixed_high)
    span = hi - lo
    up = np.broadcast_to(np.asarray(maximise, bool), k)
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.where(up, x - lo, hi - x) / span
    return np.where(span > 0, scaled, CONSTANT_VALUE)


def additive_value(normalised: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted sum of normalised values: (scores, per-criterion contributions)."""
    w = np.asarray(weights, dtype=float)
    contributions = np.asarray(normalised, dtype=float) * (w / w.sum())
    return contributions.sum(axis=-1), contributions


def shares(values: np.ndarray, axis: int = -1) -> np.ndarray:
    """Scale non-negative values to sum 1 along `axis`; an all-zero slice is split equally."""
    x = np.asarray(values, dtype=float)
    total = x.sum(axis=axis, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, x / total, 1.0 / x.shape[axis])


def rank_scores(scores: np.ndarray) -> np.ndarray:
    """Competition ranks (1 = best; equal scores share the better rank, e.g. 1, 2, 2, 4)."""
    s = np.asarray(scores, dtype=float)
    tolerance = 1e-9 * max(1.0, float(np.abs(s).max(initial=0.0)))
    return 1 + (s[None, :] > s[:, None] + tolerance).sum(axis=1)


# --------------------------------------------------------------------------- labelled input


@dataclass(frozen=True)
class DecisionInput:
    """A checked decision problem: raw matrix, weights summing to 1, directions, labels."""

    matrix: np.ndarray
    weights: np.ndarray
    maximise: np.ndarray
    alternatives: list[str]
    criteria: list[str]


def decision_input(
    matrix: pd.DataFrame | np.ndarray | Sequence[Sequence[float]],
    weights: Mapping[str, float] | pd.Series | Sequence[float] | np.ndarray,
    directions: Mapping[str, str] | Sequence[str] | None = None,
    *,
    alternatives: Sequence[str] | None = None,
    criteria: Sequence[str] | None = None,
) -> DecisionInput:
    """Check and align a decision matrix (alternatives × criteria) with weights and directions."""
    if isinstance(matrix, pd.DataFrame):
        alternatives = [str(a) for a in matrix.index] if alternatives is None else alternatives
        criteria = [str(c) for c in matrix.columns] if criteria is None else criteria
        values = matrix.to_numpy(dtype=float)
    else:
        values = np.asarray(matrix, dtype=float)
    if values.ndim != 2 or values.shape[0] < 1 or values.shape[1] < 1:
        raise ValueError("the decision matrix needs at least one alternative and one criterion")
    n, k = values.shape
    alts = (
        [f"a{i + 1}" for i in range(n)] if alternatives is None else [str(a) for a in alternatives]
    )
    crits = [f"c{j + 1}" for j in range(k)] if criteria is None else [str(c) for c in criteria]
    if len(alts) != n or len(crits) != k:
        raise ValueError(
            f"the decision matrix is {n} × {k} but has {len(alts)} alternative and "
            f"{len(crits)} criterion labels"
        )
    bad = np.argwhere(~np.isfinite(values))
    if bad.size:
        i, j = bad[0]
        raise ValueError(
            f"the value of '{alts[i]}' on criterion '{crits[j]}' is missing or not a finite number"
        )
    w = _aligned(weights, crits, "weights")
    if np.any(w < 0) or w.sum() <= 0:
        raise ValueError("weights must be zero or more, with at least one positive")
    ups = np.ones(k, bool)
    if directions is not None:
        labels = _aligned(directions, crits, "directions", numeric=False)
        unknown = [d for d in labels if d not in ("max", "min")]
        if unknown:
            raise ValueError(f"direction '{unknown[0]}' is not allowed; use 'max' or 'min'")
        ups = np.array([d == "max" for d in labels])
    return DecisionInput(values, w / w.sum(), ups, alts, crits)


def _aligned(
    given: Mapping[str, Any] | pd.Series | Sequence[Any] | np.ndarray,
    criteria: list[str],
    what: str,
    numeric: bool = True,
) -> np.ndarray:
    if isinstance(given, Mapping | pd.Series):
        missing = [c for c in criteria if c not in given]
        extra = [c for c in given if c not in criteria]
        if missing or extra:
            name = (missing or extra)[0]
            state = "missing" if missing else "not a criterion of the matrix"
            raise ValueError(f"{what}: '{name}' is {state}")
        items = [given[c] for c in criteria]
    else:
        items = list(given) if not isinstance(given, str) else [given]
        if len(items) != len(criteria):
            raise ValueError(f"{what}: {len(items)} values for {len(criteria)} criteria")
    if not numeric:
        return np.array(items, dtype=object)
    try:
        values = np.array([float(v) for v in items])
    except (TypeError, ValueError):
        raise ValueError(f"{what}: every value must be a number") from None
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{what}: every value must be a finite number")
    return values


class ScoringError(LocalizedError, ValueError):
    """Scenario data that cannot be scored; the message says why in the reader's language."""


def plain_number(value: float) -> Integer | Number:
    """A number as people typed it: whole numbers without decimals, others to two places."""
    return Integer(value) if float(value).is_integer() else Number(value, 2)


def check_scale(
    values: np.ndarray, low: float, high: float, labels: Sequence[object], criterion: object
) -> None:
    """Raise a ScoringError naming the first value outside a criterion's fixed scale.

    `labels` and `criterion` are scenario items (shown by name) or ids as typed.
    """
    outside = np.flatnonzero((values < low) | (values > high))
    if outside.size:
        i = int(outside[0])
        raise ScoringError(
            "scoring.error.outside_scale",
            value=plain_number(float(values[i])),
            item=labels[i],
            criterion=criterion,
            low=plain_number(low),
            high=plain_number(high),
        )


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class MethodResult:
    """Scores of alternatives under one method.

    `scores` are the method's own numbers (additive value in [0, 1], TOPSIS closeness in
    [0, 1], PROMETHEE net flow in [-1, 1]); `priorities` turn them into shares summing to 1;
    `ranks` are 1 for the best. `contributions`, where the method is additive in its
    criteria, splits each priority into per-criterion parts that sum to it.
    """

    method: str
    scores: pd.Series
    priorities: pd.Series
    ranks: pd.Series
    contributions: pd.DataFrame | None


@dataclass(frozen=True)
class AdditiveResult(MethodResult):
    normalised: pd.DataFrame


def labelled(values: np.ndarray, index: list[str], name: str) -> pd.Series:
    return pd.Series(values, index=pd.Index(index, dtype=object), name=name)


def additive(
    matrix: pd.DataFrame | np.ndarray | Sequence[Sequence[float]],
    weights: Mapping[str, float] | pd.Series | Sequence[float] | np.ndarray,
    directions: Mapping[str, str] | Sequence[str] | None = None,
    scales: Mapping[str, tuple[float, float] | None] | None = None,
    *,
    alternatives: Sequence[str] | None = None,
    criteria: Sequence[str] | None = None,
) -> AdditiveResult:
    """Additive value: sum of weight × normalised value, with per-criterion contributions.

    Priorities are the scores scaled to sum 1 (equal shares if every score is zero);
    contributions are weight × value on that same scale, so each row sums to the priority.
    """
    data = decision_input(matrix, weights, directions, alternatives=alternatives, criteria=criteria)
    low = np.full(len(data.criteria), np.nan)
    high = np.full(len(data.criteria), np.nan)
    for j, name in enumerate(data.criteria):
        scale = (scales or {}).get(name)
        if scale is None:
            continue
        lo, hi = float(scale[0]), float(scale[1])
        if not lo < hi:
            raise ValueError(f"criterion '{name}': scale must be [low, high] with low below high")
        check_scale(data.matrix[:, j], lo, hi, data.alternatives, name)
        low[j], high[j] = lo, hi
    unknown = [name for name in (scales or {}) if name not in data.criteria]
    if unknown:
        raise ValueError(f"scales: '{unknown[0]}' is not a criterion of the matrix")
    normalised = normalise_values(data.matrix, data.maximise, low, high)
    scores, parts = additive_value(normalised, data.weights)
    total = scores.sum()
    priorities = shares(scores)
    contributions = parts / total if total > 0 else np.zeros_like(parts)
    frame = pd.DataFrame(
        contributions, index=pd.Index(data.alternatives, dtype=object), columns=data.criteria
    )
    if total <= 0:
        frame["equal_split"] = priorities
    return AdditiveResult(
        method="additive",
        scores=labelled(scores, data.alternatives, "score"),
        priorities=labelled(priorities, data.alternatives, "priority"),
        ranks=labelled(rank_scores(scores), data.alternatives, "rank"),
        contributions=frame,
        normalised=pd.DataFrame(
            normalised, index=pd.Index(data.alternatives, dtype=object), columns=data.criteria
        ),
    )
