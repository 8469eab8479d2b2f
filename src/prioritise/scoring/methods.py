"""TOPSIS and PROMETHEE II, as pure numpy functions plus validating wrappers.

References
----------
- Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
  Applications. Springer, ch. 3.3.4 (TOPSIS).
- Brans, J. P. & Vincke, Ph. (1985). A preference ranking organisation method. Management
  Science 31(6), 647-656; Brans, J. P. & Mareschal, B. (2005). PROMETHEE methods. In
  Figueira, Greco & Ehrgott (eds.), Multiple Criteria Decision Analysis: State of the Art
  Surveys, 163-196 (the six generalised criteria and the net flow).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from prioritise.scoring.normalisation import (
    MethodResult,
    ScoringError,
    decision_input,
    labelled,
    rank_scores,
    shares,
)
from prioritise.text import ListOf

FUNCTIONS = ("usual", "u_shape", "v_shape", "level", "linear", "gaussian")
_NEEDS = {
    "usual": (),
    "u_shape": ("q",),
    "v_shape": ("p",),
    "level": ("q", "p"),
    "linear": ("q", "p"),
    "gaussian": ("s",),
}


# --------------------------------------------------------------------------- TOPSIS


def topsis_closeness(
    matrix: np.ndarray, weights: np.ndarray, maximise: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Relative closeness to the ideal, with distances to the ideal and anti-ideal.

    Vector normalisation r_ij = x_ij / ||x_.j||, weighted; ideal and anti-ideal per criterion
    by direction; Euclidean distances; C = d- / (d+ + d-). A criterion whose column is all
    zero has no norm and no effect. `weights` may be one vector (k,) or a batch (draws, k);
    the results then carry the batch axis first. An alternative that is both ideal and
    anti-ideal (nothing distinguishes the alternatives) gets 0.5.
    """
    x = np.asarray(matrix, dtype=float)
    norms = np.sqrt((x**2).sum(axis=0))
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = np.where(norms > 0, x / norms, 0.0)
    w = np.asarray(weights, dtype=float)
    w = w / w.sum(axis=-1, keepdims=True)
    weighted = unit * w[..., None, :]
    best = np.where(maximise, weighted.max(axis=-2), weighted.min(axis=-2))
    worst = np.where(maximise, weighted.min(axis=-2), weighted.max(axis=-2))
    d_plus = np.sqrt(((weighted - best[..., None, :]) ** 2).sum(axis=-1))
    d_minus = np.sqrt(((weighted - worst[..., None, :]) ** 2).sum(axis=-1))
    total = d_plus + d_minus
    with np.errstate(divide="ignore", invalid="ignore"):
        closeness = np.where(total > 0, d_minus / total, 0.5)
    return closeness, d_plus, d_minus


@dataclass(frozen=True)
class TopsisResult(MethodResult):
    d_plus: pd.Series
    d_minus: pd.Series


def topsis(
    matrix: pd.DataFrame | np.ndarray | Sequence[Sequence[float]],
    weights: Mapping[str, float] | pd.Series | Sequence[float] | np.ndarray,
    directions: Mapping[str, str] | Sequence[str] | None = None,
    *,
    alternatives: Sequence[str] | None = None,
    criteria: Sequence[str] | None = None,
) -> TopsisResult:
    """TOPSIS (Hwang & Yoon 1981); priorities are closeness scaled to sum 1.

    TOPSIS is not additive in its criteria, so it has no contribution breakdown.
    """
    data = decision_input(matrix, weights, directions, alternatives=alternatives, criteria=criteria)
    closeness, d_plus, d_minus = topsis_closeness(data.matrix, data.weights, data.maximise)
    alts = data.alternatives
    return TopsisResult(
        method="topsis",
        scores=labelled(closeness, alts, "score"),
        priorities=labelled(shares(closeness), alts, "priority"),
        ranks=labelled(rank_scores(closeness), alts, "rank"),
        contributions=None,
        d_plus=labelled(d_plus, alts, "d_plus"),
        d_minus=labelled(d_minus, alts, "d_minus"),
    )


# --------------------------------------------------------------------------- PROMETHEE II


@dataclass(frozen=True)
class PreferenceFunction:
    """One of Brans' six generalised criteria, with thresholds in the criterion's own units.

    usual: any advantage is full preference; u_shape(q): full preference beyond q;
    v_shape(p): grows linearly up to p; level(q, p): half preference between q and p, full
    beyond; linear(q, p): V-shape with an indifference zone, linear from q to p; gaussian(s):
    1 - exp(-d^2 / 2s^2).
    """

    function: str = "usual"
    q: float | None = None
    p: float | None = None
    s: float | None = None

    def __post_init__(self) -> None:
        if self.function not in FUNCTIONS:
            raise ScoringError(
                "scoring.error.preference_unknown",
                function=str(self.function),
                functions=ListOf(FUNCTIONS, "or"),
            )
        for name in _NEEDS[self.function]:
            value = getattr(self, name)
            if value is None or not np.isfinite(value) or value < 0:
                raise ScoringError(
                    "scoring.error.preference_threshold", function=self.function, threshold=name
                )
        if self.function == "v_shape" and not (self.p or 0) > 0:
            raise ScoringError("scoring.error.preference_p", function=self.function)
        if self.function in ("level", "linear") and not (self.p or 0) > (self.q or 0):
            raise ScoringError("scoring.error.preference_q", function=self.function)
        if self.function == "gaussian" and not (self.s or 0) > 0:
            raise ScoringError("scoring.error.preference_s", function=self.function)

    @classmethod
    def of(cls, spec: Any) -> PreferenceFunction:
        """From a name, a mapping, an object with function/q/p/s, or None (usual)."""
        if spec is None:
            return cls()
        if isinstance(spec, PreferenceFunction):
            return spec
        if isinstance(spec, str):
            return cls(spec)
        if isinstance(spec, Mapping):
            return cls(**spec)
        return cls(
            spec.function,
            getattr(spec, "q", None),
            getattr(spec, "p", None),
            getattr(spec, "s", None),
        )


def preference_degree(difference: np.ndarray, preference: PreferenceFunction) -> np.ndarray:
    """P(d) in [0, 1] for advantages d (any shape); d <= 0 always gives 0."""
    d = np.asarray(difference, dtype=float)
    kind, q, p = preference.function, preference.q or 0.0, preference.p or 0.0
    s = preference.s if preference.s is not None else math.nan  # checked when the spec is made
    if kind == "usual":
        degree = (d > 0).astype(float)
    elif kind == "u_shape":
        degree = (d > q).astype(float)
    elif kind == "v_shape":
        degree = np.clip(d / p, 0.0, 1.0)
    elif kind == "level":
        degree = np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))
    elif kind == "linear":
        degree = np.clip((d - q) / (p - q), 0.0, 1.0)
    else:
        degree = np.where(d > 0, 1.0 - np.exp(-(d**2) / (2.0 * float(s) ** 2)), 0.0)
    return degree


def promethee_flows(
    matrix: np.ndarray,
    weights: np.ndarray,
    maximise: np.ndarray,
    functions: Sequence[PreferenceFunction],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Leaving, entering and net flows, plus each criterion's own net flow (n × k).

    pi(a, b) = sum_j w_j P_j(a, b); phi+(a) = sum_b pi(a, b) / (n - 1); phi- likewise on the
    columns; phi = phi+ - phi-. The net flow is linear in the weights, phi = Phi_j @ w, with
    Phi_j the single-criterion net flows: that is what makes the breakdown exact. All pairs
    are compared at once, one n × n array per criterion.
    """
    x = np.asarray(matrix, dtype=float)
    n, k = x.shape
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    if n < 2:
        zeros = np.zeros(n)
        return zeros, zeros, zeros, np.zeros((n, k))
    degrees = np.empty((k, n, n))
    for j in range(k):
        advantage = x[:, j][:, None] - x[:, j][None, :]
        degrees[j] = preference_degree(advantage if maximise[j] else -advantage, functions[j])
    single = (degrees.sum(axis=2) - degrees.sum(axis=1)).T / (n - 1)
    index = np.tensordot(w, degrees, axes=1)
    leaving = index.sum(axis=1) / (n - 1)
    entering = index.sum(axis=0) / (n - 1)
    return leaving, entering, leaving - entering, single


def net_flow_priorities(net: np.ndarray) -> np.ndarray:
    """Priorities (1 + phi) / n: net flows sum to 0, so these sum to 1 and stay >= 0."""
    phi = np.asarray(net, dtype=float)
    return (1.0 + phi) / phi.shape[-1]


@dataclass(frozen=True)
class PrometheeResult(MethodResult):
    phi_plus: pd.Series
    phi_minus: pd.Series
    single_criterion: pd.DataFrame


def promethee_ii(
    matrix: pd.DataFrame | np.ndarray | Sequence[Sequence[float]],
    weights: Mapping[str, float] | pd.Series | Sequence[float] | np.ndarray,
    directions: Mapping[str, str] | Sequence[str] | None = None,
    functions: Mapping[str, Any] | Sequence[Any] | None = None,
    *,
    alternatives: Sequence[str] | None = None,
    criteria: Sequence[str] | None = None,
) -> PrometheeResult:
    """PROMETHEE II complete ranking by net flow; `functions` per criterion (default usual).

    Priorities are (1 + phi) / n; the contributions split that into an equal share 1/n plus
    w_j Phi_j / n per criterion (signed), which sum to each priority.
    """
    data = decision_input(matrix, weights, directions, alternatives=alternatives, criteria=criteria)
    crits = data.criteria
    if functions is None:
        specs = [PreferenceFunction()] * len(crits)
    elif isinstance(functions, Mapping):
        unknown = [name for name in functions if name not in crits]
        if unknown:
            raise ValueError(f"preference functions: '{unknown[0]}' is not a criterion")
        specs = [PreferenceFunction.of(functions.get(name)) for name in crits]
    else:
        specs = [PreferenceFunction.of(spec) for spec in functions]
        if len(specs) != len(crits):
            raise ValueError(f"{len(specs)} preference functions for {len(crits)} criteria")
    leaving, entering, net, single = promethee_flows(
        data.matrix, data.weights, data.maximise, specs
    )
    n = len(data.alternatives)
    alts = pd.Index(data.alternatives, dtype=object)
    contributions = pd.DataFrame(single * data.weights / n, index=alts, columns=crits)
    contributions.insert(0, "equal_split", 1.0 / n)
    return PrometheeResult(
        method="promethee",
        scores=labelled(net, data.alternatives, "score"),
        priorities=labelled(net_flow_priorities(net), data.alternatives, "priority"),
        ranks=labelled(rank_scores(net), data.alternatives, "rank"),
        contributions=contributions,
        phi_plus=labelled(leaving, data.alternatives, "phi_plus"),
        phi_minus=labelled(entering, data.alternatives, "phi_minus"),
        single_criterion=pd.DataFrame(single, index=alts, columns=crits),
    )
