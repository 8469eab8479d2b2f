"""Weights from one stakeholder: direct points, ranks, or AHP pairwise comparisons.

Each elicitation form ends as a weight vector summing to 1, labelled by item id, so the three
forms can be mixed within one workshop. Group aggregation and consensus measures live in
`prioritise.weights.group`; the package `prioritise.weights` exports both.

References
----------
- Barron, F. H. & Barrett, B. E. (1996). Decision quality using ranked attribute weights.
  Management Science 42(11), 1515-1523 (rank-order-centroid weights).
- Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill (eigenvector method,
  consistency index and the random-index table used by default here).
- Alonso, J. A. & Lamata, M. T. (2006). Consistency in the analytic hierarchy process: a new
  approach. Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems 14(4), 445-459.
- Harker, P. T. (1987). Incomplete pairwise comparisons in the analytic hierarchy process.
  Mathematical Modelling 9(11), 837-848.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from prioritise.text import Integer, ListOf, LocalizedError, Message, Number, msg

__all__ = [
    "CR_THRESHOLD",
    "RANDOM_INDEX",
    "AHPResult",
    "Judgement",
    "WeightsError",
    "ahp",
    "ahp_eigenvector",
    "normalise",
    "points_weights",
    "rank_order_centroid",
    "roc_weights",
]

CR_THRESHOLD = 0.1
"""Saaty's rule of thumb: a consistency ratio above this is flagged for review."""

# fmt: off
RANDOM_INDEX: dict[str, tuple[float, ...]] = {
    # Saaty (1980), the table his 0.1 rule was set against; the one most textbooks reproduce
    # (note its known dip at n = 12). Index i is the random index for n = i + 1 items.
    "saaty": (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57,
              1.59),
    # Alonso & Lamata (2006), from a larger simulation; smooth in n.
    "alonso_lamata": (0.0, 0.0, 0.5247, 0.8816, 1.1086, 1.2479, 1.3417, 1.4057, 1.4499, 1.4854,
                      1.5140, 1.5365, 1.5551, 1.5713, 1.5838),
}
# fmt: on

RECIPROCAL_TOLERANCE = 0.05
"""How far a_ij * a_ji may stray from 1 (people type 0.333 for 1/3)."""

Subject = str | Message
"""What an error is about: a place in the scenario file as typed, or a message."""


class WeightsError(LocalizedError, ValueError):
    """Weights a stakeholder gave that cannot be used; the message says why."""


def plain_number(value: float) -> Integer | Number:
    """A number as people typed it: whole numbers without decimals, others to two places."""
    return Integer(value) if float(value).is_integer() else Number(value, 2)


def _subject(what: Subject | None, default: str) -> Subject:
    if what is not None:
        return what
    return {
        "weights": msg("scoring.weights.subject.weights"),
        "points": msg("scoring.weights.subject.points"),
        "ranks": msg("scoring.weights.subject.ranks"),
        "pairwise": msg("scoring.weights.subject.pairwise"),
    }[default]


def normalise(
    values: Sequence[float] | np.ndarray, *, what: Subject | None = None
) -> np.ndarray:
    """Weights in any positive units (points, percentages) scaled to sum 1."""
    what = _subject(what, "weights")
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise WeightsError("scoring.weights.not_a_list", what=what)
    if not np.all(np.isfinite(array)):
        raise WeightsError("scoring.weights.not_finite", what=what)
    if np.any(array < 0):
        raise WeightsError(
            "scoring.weights.negative", what=what, value=plain_number(float(array.min()))
        )
    total = float(array.sum())
    if total <= 0:
        raise WeightsError("scoring.weights.all_zero", what=what)
    return array / total


def points_weights(
    points: Mapping[str, float], items: Sequence[str] | None = None, *, what: Subject | None = None
) -> pd.Series:
    """Direct points as weights; an item given no points gets weight zero."""
    what = _subject(what, "points")
    order = list(points) if items is None else list(items)
    unknown = [name for name in points if name not in order]
    if unknown:
        raise WeightsError(
            "scoring.weights.unknown_item", what=what, item=unknown[0], expected=ListOf(order, "or")
        )
    values = normalise([float(points.get(name, 0.0)) for name in order], what=what)
    return pd.Series(values, index=pd.Index(order, dtype=object), name="weight")


def roc_weights(n: int) -> np.ndarray:
    """Rank-order-centroid weights w_k = (1/n) sum_{i=k..n} 1/i for positions 1..n."""
    if n < 1:
        raise ValueError("rank-order-centroid weights need at least one item")
    inverse = 1.0 / np.arange(1, n + 1)
    return np.cumsum(inverse[::-1])[::-1] / n


def rank_order_centroid(
    ranking: Sequence[str | Sequence[str]],
    items: Sequence[str] | None = None,
    *,
    what: Subject | None = None,
) -> pd.Series:
    """ROC weights from a ranking, best first; a nested list is a tie.

    Tied items share the average of the ROC weights of the positions they occupy, so the
    weights still sum to 1. Items in `items` that the ranking leaves out are taken as tied
    below every ranked item: a ranking says they matter less, not that they do not matter.
    """
    what = _subject(what, "ranks")
    groups: list[list[str]] = []
    for position, entry in enumerate(ranking):
        group = [entry] if isinstance(entry, str) else list(entry)
        if not group:
            raise WeightsError("scoring.weights.empty_tie", what=what, position=position)
        groups.append(group)
    ranked = [name for group in groups for name in group]
    seen: set[str] = set()
    for name in ranked:
        if name in seen:
            raise WeightsError("scoring.weights.ranked_twice", what=what, item=name)
        seen.add(name)
    order = ranked if items is None else list(items)
    unknown = [name for name in ranked if name not in order]
    if unknown:
        raise WeightsError(
            "scoring.weights.unknown_item", what=what, item=unknown[0], expected=ListOf(order, "or")
        )
    if not order:
        raise WeightsError("scoring.weights.ranking_empty", what=what)
    left_out = [name for name in order if name not in seen]
    if left_out:
        groups.append(left_out)
    positional = roc_weights(len(order))
    weights: dict[str, float] = {}
    start = 0
    for group in groups:
        share = float(positional[start : start + len(group)].mean())
        weights.update(dict.fromkeys(group, share))
        start += len(group)
    return pd.Series(
        [weights[name] for name in order], index=pd.Index(order, dtype=object), name="weight"
    )


@dataclass(frozen=True)
class Judgement:
    """One pairwise judgement set against what the other judgements imply."""

    row: str
    column: str
    given: float
    implied: float

    @property
    def factor(self) -> float:
        """How many times the given ratio differs from the implied one (always >= 1)."""
        return math.exp(abs(math.log(self.given / self.implied)))

    def message(self, labels: Mapping[str, object] | None = None) -> Message:
        """The judgement in words; `labels` maps ids to scenario items (shown by name)."""
        named = labels or {}
        return msg(
            "scoring.ahp.judgement",
            row=named.get(self.row, self.row),
            column=named.get(self.column, self.column),
            given=ratio(self.given),
            implied=ratio(self.implied),
        )

    def describe(self, lang: str = "en") -> str:
        return self.message().text(lang)


def ratio(value: float) -> Message | Number:
    """A pairwise ratio as people write it: '3' or '2.5' above one, '1/3' below."""
    if value >= 1:
        return Number(value, 0 if abs(value - round(value)) < 1e-9 else 2)
    inverse = 1 / value
    return msg(
        "scoring.ahp.ratio_inverse",
        value=Number(inverse, 0 if abs(inverse - round(inverse)) < 1e-9 else 2),
    )


@dataclass(frozen=True)
class AHPResult:
    """Principal-eigenvector weights with Saaty's consistency measures."""

    weights: pd.Series
    lambda_max: float
    ci: float
    cr: float
    random_index: float
    missing: int
    worst: Judgement | None
    table: str = "saaty"

    @property
    def consistent(self) -> bool:
        """True unless CR exceeds 0.1; an inconsistent matrix is flagged, never rejected."""
        return self.cr <= CR_THRESHOLD

    def message(self, labels: Mapping[str, object] | None = None) -> Message:
        """The consistency verdict; `labels` maps item ids to scenario items (shown by name)."""
        cr, limit = Number(self.cr, 3), Number(CR_THRESHOLD, 2)
        if self.consistent:
            return msg("scoring.ahp.acceptable", cr=cr, limit=limit)
        if self.worst is None:
            return msg("scoring.ahp.review", cr=cr, limit=limit)
        worst = self.worst.message(labels)
        return msg("scoring.ahp.review_worst", cr=cr, limit=limit, judgement=worst)


def ahp_eigenvector(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Principal (Perron) eigenvector scaled to sum 1, and its eigenvalue."""
    values, vectors = np.linalg.eig(np.asarray(matrix, dtype=float))
    index = int(np.argmax(values.real))
    vector = np.abs(vectors[:, index].real)
    return vector / vector.sum(), float(values[index].real)


def _pairwise_array(
    matrix: Sequence[Sequence[float | None]] | np.ndarray, what: Subject
) -> np.ndarray:
    rows = [list(row) for row in matrix]
    n = len(rows)
    if n == 0 or any(len(row) != n for row in rows):
        raise WeightsError("scoring.weights.not_square", what=what)
    try:
        return np.array([[np.nan if v is None else float(v) for v in row] for row in rows], float)
    except (TypeError, ValueError):
        raise WeightsError("scoring.weights.not_a_number", what=what) from None


def _reconcile(raw: np.ndarray, items: list[str], what: Subject) -> tuple[np.ndarray, np.ndarray]:
    """Exactly reciprocal matrix and the mask of judgements actually given (off the diagonal)."""
    n = raw.shape[0]
    bad = np.isinf(raw) | (raw < 0)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise WeightsError(
            "scoring.weights.not_positive", what=what, row=int(i), column=int(j)
        )
    known = np.isfinite(raw) & (raw > 0)
    diagonal = np.diag(raw)
    off = [k for k in range(n) if known[k, k] and abs(diagonal[k] - 1) > 1e-9]
    if off:
        raise WeightsError("scoring.weights.diagonal", what=what, row=int(off[0]))
    upper = np.triu(np.ones((n, n), bool), 1)
    both = known & known.T & upper
    product = np.where(both, raw * raw.T, 1.0)
    clash = np.argwhere(np.abs(product - 1) > RECIPROCAL_TOLERANCE)
    if clash.size:
        i, j = clash[0]
        raise WeightsError(
            "scoring.weights.not_reciprocal",
            what=what,
            row=int(i),
            column=int(j),
            given=plain_number(float(raw[i, j])),
            other=plain_number(float(raw[j, i])),
            expected=plain_number(round(1 / float(raw[i, j]), 2)),
            first=items[i],
            second=items[j],
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        from_upper = np.where(known, raw, 1.0 / np.where(known.T, raw.T, np.nan))
        # where both were given, the geometric mean of a_ij and 1/a_ji makes them reciprocal
        reconciled = np.where(known & known.T, np.sqrt(raw / raw.T), from_upper)
    given = (known | known.T) & ~np.eye(n, dtype=bool)
    reconciled = np.where(given, reconciled, 0.0)
    np.fill_diagonal(reconciled, 1.0)
    return reconciled, given


def _check_connected(given: np.ndarray, items: list[str], what: Subject) -> None:
    reached = {0}
    frontier = [0]
    while frontier:
        node = frontier.pop()
        for neighbour in np.flatnonzero(given[node]):
            if int(neighbour) not in reached:
                reached.add(int(neighbour))
                frontier.append(int(neighbour))
    if len(reached) < len(items):
        inside = [items[k] for k in sorted(reached)]
        outside = [items[k] for k in range(len(items)) if k not in reached]
        raise WeightsError(
            "scoring.weights.not_linked", what=what, inside=ListOf(inside), outside=ListOf(outside)
        )


def ahp(
    matrix: Sequence[Sequence[float | None]] | np.ndarray,
    items: Sequence[str] | None = None,
    *,
    random_index: str = "saaty",
    what: Subject | None = None,
) -> AHPResult:
    """AHP weights, lambda_max, CI and CR of a pairwise-comparison matrix.

    `matrix[i][j]` says how many times item i matters more than item j. Only one triangle is
    needed; a missing judgement (0, None or NaN in both a_ij and a_ji) is handled with
    Harker's method: the principal eigenvector of the matrix with missing entries set to 0 and
    each diagonal entry raised by the number of missing entries in its row. That vector is
    also the eigenvector of the matrix completed with a_ij = w_i / w_j, so lambda_max and CR
    are those of that completed matrix. `random_index` picks the table ("saaty" for Saaty
    1980, or "alonso_lamata"); CR > 0.1 is flagged, and the judgement deviating most from
    w_i / w_j (in log terms) is named.
    """
    what = _subject(what, "pairwise")
    array = _pairwise_array(matrix, what)
    n = array.shape[0]
    names = [str(k) for k in range(n)] if items is None else [str(name) for name in items]
    if len(names) != n:
        raise WeightsError(
            "scoring.weights.size_mismatch", what=what, items=Integer(len(names)), size=Integer(n)
        )
    if len(set(names)) != n:
        raise WeightsError("scoring.weights.listed_twice", what=what)
    if random_index not in RANDOM_INDEX:
        raise WeightsError(
            "scoring.weights.random_index",
            what=what,
            table=random_index,
            tables=ListOf(sorted(RANDOM_INDEX), "or"),
        )
    table = RANDOM_INDEX[random_index]
    if n > len(table):
        raise WeightsError(
            "scoring.weights.too_many", what=what, items=Integer(n), most=Integer(len(table))
        )
    reconciled, given = _reconcile(array, names, what)
    if n > 1:
        _check_connected(given, names, what)
    missing_per_row = (~given).sum(axis=1) - 1
    harker = reconciled + np.diag(missing_per_row.astype(float))
    if not np.isfinite(harker).all():  # judgements whose products pass what a float holds
        raise WeightsError("scoring.weights.not_finite", what=what)
    try:
        weights, lambda_max = ahp_eigenvector(harker) if n > 1 else (np.ones(1), 1.0)
    except np.linalg.LinAlgError:
        raise WeightsError("scoring.weights.not_finite", what=what) from None
    if not (np.isfinite(weights).all() and math.isfinite(lambda_max)):
        raise WeightsError("scoring.weights.not_finite", what=what)
    lambda_max = max(lambda_max, float(n))  # rounding can push a consistent matrix just below n
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    ri = table[n - 1]
    cr = ci / ri if ri > 0 else 0.0
    worst = None
    if n > 2 and ci > 1e-12:
        implied = weights[:, None] / weights[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            deviation = np.where(np.triu(given, 1), np.abs(np.log(reconciled / implied)), -1.0)
        i, j = np.unravel_index(int(np.argmax(deviation)), deviation.shape)
        worst = Judgement(names[i], names[j], float(reconciled[i, j]), float(implied[i, j]))
    series = pd.Series(weights, index=pd.Index(names, dtype=object), name="weight")
    missing = int(((~given) & np.triu(np.ones((n, n), bool), 1)).sum())
    return AHPResult(series, lambda_max, ci, cr, ri, missing, worst, random_index)
