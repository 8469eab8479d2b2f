"""Group weights from many stakeholders, and how far they agree.

References
----------
- Aczél, J. & Saaty, T. L. (1983). Procedures for synthesizing ratio judgements. J. Math.
  Psychology 27, 93-102 (the weighted geometric mean as the AHP convention).
- Kendall, M. G. & Babington Smith, B. (1939). The problem of m rankings. Ann. Math.
  Statist. 10(3), 275-287; tie correction as in Siegel, S. & Castellan, N. J. (1988).
  Nonparametric Statistics for the Behavioral Sciences, 2nd ed., section 9.4.
- Schmidt, R. C. (1997). Managing Delphi surveys using nonparametric statistical techniques.
  Decision Sciences 28(3), 763-774 (reading W: 0.1 very weak, 0.3 weak, 0.5 moderate,
  0.7 strong, 0.9 unusually strong agreement).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from prioritise.text import Integer, Message, Number, msg
from prioritise.weights.elicitation import WeightsError

Aggregation = Literal["arithmetic", "geometric"]
Count = Literal["stakeholder", "group"]

# Bands centred on Schmidt's (1997) anchor values 0.1, 0.3, 0.5, 0.7 and 0.9.
AGREEMENT_BANDS: tuple[tuple[float, str], ...] = (
    (0.2, "common.agreement.very_weak"),
    (0.4, "common.agreement.weak"),
    (0.6, "common.agreement.moderate"),
    (0.8, "common.agreement.strong"),
    (math.inf, "common.agreement.very_strong"),
)
_TIE_TOLERANCE = 1e-9


def stakeholder_shares(
    influence: Sequence[float] | np.ndarray,
    groups: Sequence[str] | None = None,
    count: Count = "stakeholder",
) -> np.ndarray:
    """Each stakeholder's share of the say (sums to 1).

    With count="stakeholder" shares follow influence. With count="group" every group that
    has any influence counts equally: its share is split among its members by influence.
    """
    weights = np.asarray(influence, dtype=float)
    if weights.ndim != 1 or weights.size == 0:
        raise ValueError("influence: expected one number per stakeholder")
    if not np.all(np.isfinite(weights)) or np.any(weights < 0):
        raise WeightsError("scoring.weights.influence_negative")
    if weights.sum() <= 0:
        raise WeightsError("scoring.weights.influence_zero")
    if count == "stakeholder":
        return weights / weights.sum()
    if count != "group":
        raise WeightsError("scoring.weights.count", given=str(count))
    if groups is None or len(groups) != weights.size:
        raise ValueError("count = 'group' needs the group of every stakeholder")
    labels = np.asarray([str(g) for g in groups], dtype=object)
    shares = np.zeros_like(weights)
    active = [g for g in dict.fromkeys(labels) if weights[labels == g].sum() > 0]
    for group in active:
        members = labels == group
        shares[members] = weights[members] / weights[members].sum() / len(active)
    return shares


def aggregate_weights(
    matrix: np.ndarray, shares: np.ndarray, method: Aggregation = "arithmetic"
) -> np.ndarray:
    """Group weights from a stakeholders × items matrix (rows are normalised first).

    "arithmetic" is the share-weighted mean; "geometric" the share-weighted geometric mean,
    renormalised to sum 1 (an item given zero by anyone with a say gets zero).
    """
    weights = np.asarray(matrix, dtype=float)
    shares = np.asarray(shares, dtype=float)
    if weights.ndim != 2 or weights.shape[0] != shares.size:
        raise ValueError("aggregate_weights: need one row of weights per stakeholder share")
    totals = weights.sum(axis=1, keepdims=True)
    if np.any(totals <= 0) or np.any(weights < 0):
        raise WeightsError("scoring.weights.stakeholder_total")
    rows = weights / totals
    shares = shares / shares.sum()
    if method == "arithmetic":
        return shares @ rows
    if method != "geometric":
        raise WeightsError("scoring.weights.aggregation", method=str(method))
    say = shares > 0
    with np.errstate(divide="ignore"):
        logs = np.log(rows[say])
    combined = np.exp(shares[say] @ np.where(np.isneginf(logs), 0.0, logs))
    combined[np.any(np.isneginf(logs), axis=0)] = 0.0
    if combined.sum() <= 0:
        raise WeightsError("scoring.weights.geometric_zero")
    return combined / combined.sum()


def group_weights(
    weights: pd.DataFrame,
    influence: Mapping[str, float] | pd.Series | None = None,
    groups: Mapping[str, str] | pd.Series | None = None,
    method: Aggregation = "arithmetic",
    count: Count = "stakeholder",
) -> pd.Series:
    """Group weights from a stakeholders × items table of individual weights."""
    if weights.empty:
        raise WeightsError("scoring.weights.no_stakeholders")
    ids = list(weights.index)
    influence_values = [1.0 if influence is None else float(influence[s]) for s in ids]
    group_labels = None if groups is None else [str(groups[s]) for s in ids]
    shares = stakeholder_shares(influence_values, group_labels, count)
    combined = aggregate_weights(weights.to_numpy(float), shares, method)
    return pd.Series(combined, index=weights.columns, name="weight")


def average_ranks(weights: np.ndarray) -> np.ndarray:
    """Rank of each item within each row, 1 for the largest weight; ties get the mean rank."""
    values = np.atleast_2d(np.asarray(weights, dtype=float))
    scale = np.maximum(np.abs(values).max(axis=1, keepdims=True), 1e-300)[:, :, None]
    diff = (values[:, None, :] - values[:, :, None]) / scale  # [row, item, other]
    greater = (diff > _TIE_TOLERANCE).sum(axis=2)
    equal = (np.abs(diff) <= _TIE_TOLERANCE).sum(axis=2)
    return greater + (equal + 1) / 2.0


def chi2_sf(x: float, df: int) -> float:
    """Upper tail of the chi-square distribution for whole degrees of freedom.

    Uses Q(s + 1, y) = Q(s, y) + y^s e^-y / Gamma(s + 1) with y = x/2, from Q(1, y) = e^-y for
    even df and Q(1/2, y) = erfc(sqrt(y)) for odd df, so no special-function library is needed.
    """
    if df < 1:
        raise ValueError("chi-square needs at least one degree of freedom")
    if x <= 0:
        return 1.0
    y = x / 2.0
    if df % 2 == 0:
        total, s = math.exp(-y), 1.0
    else:
        total, s = math.erfc(math.sqrt(y)), 0.5
    terms = []
    while s < df / 2.0:
        terms.append(math.exp(s * math.log(y) - y - math.lgamma(s + 1.0)))
        s += 1.0
    return min(1.0, max(0.0, math.fsum([total, *terms])))


@dataclass(frozen=True)
class KendallW:
    """Kendall's coefficient of concordance with its chi-square test."""

    w: float
    chi2: float
    df: int
    p_value: float
    raters: int
    items: int

    @property
    def reading(self) -> str:
        """The band after Schmidt (1997), in English (see `reading_message` for others)."""
        return self.reading_message().text("en")

    def reading_message(self) -> Message:
        """The band after Schmidt (1997): 'weak agreement', 'strong agreement', ..."""
        if math.isnan(self.w):
            return msg("scoring.kendall.no_rankings")
        return msg(next(band for bound, band in AGREEMENT_BANDS if self.w < bound))

    def message(self) -> Message:
        """The band with W, its test and whether chance could explain it."""
        if math.isnan(self.w):
            return self.reading_message()
        chance = "scoring.kendall.not_chance" if self.p_value < 0.05 else "scoring.kendall.chance"
        return msg(
            "scoring.kendall.reading",
            reading=self.reading_message(),
            raters=Integer(self.raters),
            items=Integer(self.items),
            w=Number(self.w, 2),
            p=Number(self.p_value, 3),
            chance=msg(chance),
        )

    def describe(self, lang: str = "en") -> str:
        return self.message().text(lang)


def kendall_w(ranks: np.ndarray) -> KendallW:
    """Kendall's W of a raters × items matrix of ranks, corrected for ties.

    W = 12 S / (m^2 (n^3 - n) - m sum T), S the sum of squared deviations of the rank sums
    from their mean and T = sum (t^3 - t) over each rater's groups of t tied items.
    """
    values = np.asarray(ranks, dtype=float)
    if values.ndim != 2 or values.shape[0] < 2 or values.shape[1] < 2:
        raise ValueError("Kendall's W needs at least two stakeholders and two items")
    m, n = values.shape
    sums = values.sum(axis=0)
    spread = float(((sums - sums.mean()) ** 2).sum())
    ties = 0.0
    for row in values:
        _, counts = np.unique(np.round(row, 9), return_counts=True)
        ties += float((counts.astype(float) ** 3 - counts).sum())
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:  # every stakeholder tied every item: there is no ranking to compare
        return KendallW(math.nan, math.nan, n - 1, math.nan, m, n)
    w = min(max(12.0 * spread / denominator, 0.0), 1.0)
    chi2 = m * (n - 1) * w
    return KendallW(w, chi2, n - 1, chi2_sf(chi2, n - 1), m, n)


def agreement_matrix(weights: pd.DataFrame, method: str = "kendall") -> pd.DataFrame:
    """Rank correlation between every pair of stakeholders (rows of `weights`).

    "kendall" gives Kendall's tau-b (ties handled), "spearman" the Spearman correlation of
    average ranks. A stakeholder who weighs every item alike has no ranking: NaN.
    """
    values = weights.to_numpy(float)
    if method == "kendall":
        scale = np.maximum(np.abs(values).max(axis=1, keepdims=True), 1e-300)[:, :, None]
        diff = (values[:, :, None] - values[:, None, :]) / scale
        signs = np.where(np.abs(diff) <= _TIE_TOLERANCE, 0.0, np.sign(diff))
        concord = np.einsum("aij,bij->ab", signs, signs)
        untied = np.abs(signs).sum(axis=(1, 2))
        denominator = np.sqrt(np.outer(untied, untied))
    elif method == "spearman":
        ranks = average_ranks(values)
        centred = ranks - ranks.mean(axis=1, keepdims=True)
        concord = centred @ centred.T
        norms = np.sqrt((centred**2).sum(axis=1))
        denominator = np.outer(norms, norms)
    else:
        raise WeightsError("scoring.weights.agreement", method=str(method))
    with np.errstate(divide="ignore", invalid="ignore"):
        table = np.where(denominator > 0, concord / denominator, np.nan)
    return pd.DataFrame(np.clip(table, -1.0, 1.0), index=weights.index, columns=weights.index)


@dataclass(frozen=True)
class Consensus:
    """How far stakeholders agree on one weight set."""

    dispersion: pd.DataFrame
    kendall: KendallW | None
    agreement: pd.DataFrame

    def message(self) -> Message:
        if self.kendall is None:
            return msg("scoring.kendall.too_few")
        return self.kendall.message()

    def describe(self, lang: str = "en") -> str:
        return self.message().text(lang)


def consensus(weights: pd.DataFrame, agreement: str = "kendall") -> Consensus:
    """Per-item spread of stakeholders' weights, Kendall's W and the pairwise agreement map.

    `weights` is stakeholders × items (rows are normalised to sum 1 first). The dispersion
    table has, per item: mean, std (population), min, max and who holds the min and max.
    """
    if weights.empty:
        raise WeightsError("scoring.weights.no_stakeholders")
    values = weights.to_numpy(float)
    totals = values.sum(axis=1, keepdims=True)
    if np.any(totals <= 0):
        raise WeightsError("scoring.weights.stakeholder_total")
    rows = pd.DataFrame(values / totals, index=weights.index, columns=weights.columns)
    dispersion = pd.DataFrame(
        {
            "mean": rows.mean(axis=0),
            "std": rows.std(axis=0, ddof=0),
            "min": rows.min(axis=0),
            "max": rows.max(axis=0),
            "min_by": rows.idxmin(axis=0),
            "max_by": rows.idxmax(axis=0),
        }
    )
    kendall = None
    if rows.shape[0] >= 2 and rows.shape[1] >= 2:
        kendall = kendall_w(average_ranks(rows.to_numpy()))
    return Consensus(dispersion, kendall, agreement_matrix(rows, agreement))
