"""Indicators computed from a scenario's raw tables (docs/model.md §17).

Pure arithmetic on arrays, with no knowledge of scenario files, so that loading can check a
table (does the Leontief inverse exist? is the complexity defined?) and scoring can use the
very same numbers.

- `location_quotients(x)`: x is programmes × regions activity (any unit); LQ(p, r) =
  (x_pr / Σ_p x_pr) / (Σ_r x_pr / Σ_pr x).
- `presence(lq)`: M(p, r) = 1 where LQ ≥ 1.
- `relatedness(m)`: density ω(r, p) of Hidalgo et al. (2007), returned programmes × regions.
- `complexity(m)`: programme complexity by the eigenvector method (Hidalgo & Hausmann 2009).
- `linkages(a)`: Rasmussen–Hirschman backward and forward indices from technical coefficients.

Callers make sure that every row and column of an activity table has a positive total and
that every cell is finite and non-negative (`table_problem` says which rule fails).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PRESENCE_TOLERANCE = 1e-12
"""LQ ≥ 1 is read as LQ ≥ 1 − 10⁻¹², so rounding never decides a region's presence."""
EIGEN_GAP = 1e-9
"""Two eigenvalues closer than this are one repeated eigenvalue (complexity undefined)."""


class IndicatorError(ValueError):
    """A table on which an indicator is not defined; `reason` names the rule, `value` a figure."""

    def __init__(self, reason: str, value: float = 0.0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.value = value


def table_problem(x: np.ndarray) -> tuple[str, int] | None:
    """The first rule an activity table breaks: ("finite" | "negative", flat index),
    ("row", programme index) or ("column", region index) for a zero total; None if none."""
    bad = np.flatnonzero(~np.isfinite(x))
    if bad.size:
        return "finite", int(bad[0])
    negative = np.flatnonzero(x < 0)
    if negative.size:
        return "negative", int(negative[0])
    for kind, totals in (("row", x.sum(axis=1)), ("column", x.sum(axis=0))):
        zero = np.flatnonzero(totals <= 0)
        if zero.size:
            return kind, int(zero[0])
    return None


def location_quotients(x: np.ndarray) -> np.ndarray:
    """LQ(p, r) = (x_pr / Σ_p x_pr) / (Σ_r x_pr / Σ_pr x) for programmes × regions x."""
    x = np.asarray(x, dtype=float)
    regional_share = x / x.sum(axis=0, keepdims=True)
    national_share = x.sum(axis=1, keepdims=True) / x.sum()
    return regional_share / national_share


def presence(lq: np.ndarray) -> np.ndarray:
    """M(p, r) = 1 where LQ(p, r) ≥ 1 (up to `PRESENCE_TOLERANCE`), else 0."""
    return (np.asarray(lq, dtype=float) >= 1.0 - PRESENCE_TOLERANCE).astype(float)


def proximity(m: np.ndarray) -> np.ndarray:
    """φ(p, q) = min(P(M_q | M_p), P(M_p | M_q)) over regions, for presence m (p × r).

    Every programme is present somewhere (some region's share is at least the national one),
    so the conditional probabilities are defined; φ(p, p) = 1.
    """
    m = np.asarray(m, dtype=float)
    together = m @ m.T
    ubiquity = m.sum(axis=1)
    given_p = together / ubiquity[:, None]  # P(M_q | M_p) in row p, column q
    return np.minimum(given_p, given_p.T)


def relatedness(m: np.ndarray) -> np.ndarray:
    """ω(r, p) = Σ_q M(r, q) φ(p, q) / Σ_q φ(p, q) over every programme q (p itself
    included, with φ(p, p) = 1), returned programmes × regions; each value lies in [0, 1]."""
    phi = proximity(m)
    return (phi @ np.asarray(m, dtype=float)) / phi.sum(axis=1)[:, None]


@dataclass(frozen=True)
class Complexity:
    """Programme complexity and what it is built from (docs/model.md §17.4)."""

    values: np.ndarray  # per programme, mean 0 and (population) standard deviation 1
    eigenvalue: float  # the second-largest eigenvalue of M̃
    diversity: np.ndarray  # per region, the number of programmes present
    ubiquity: np.ndarray  # per programme, the number of regions where present


def complexity(m: np.ndarray) -> Complexity:
    """Programme complexity of presence m (programmes × regions): the eigenvector Q of

        M̃(p, q) = Σ_r M(p, r) M(q, r) / (k_p · k_r)

    for its second-largest eigenvalue (k_p ubiquity, k_r diversity), standardised to mean 0
    and population standard deviation 1 over the programmes, its sign chosen so that a
    region's mean complexity over its programmes rises with its diversity (ties: so that it
    falls with ubiquity; then so that the largest value in size is positive). With one
    programme the value is 0. Raises `IndicatorError("repeated", λ)` when that eigenvalue is
    repeated, or 0 (the eigenvector, and so the ranking, is not unique).
    """
    m = np.asarray(m, dtype=float)
    ubiquity, diversity = m.sum(axis=1), m.sum(axis=0)
    n = m.shape[0]
    if n < 2:
        return Complexity(np.zeros(n), 0.0, diversity, ubiquity)
    root = 1.0 / np.sqrt(ubiquity)
    symmetric = (root[:, None] * m / diversity[None, :]) @ (m.T * root[None, :])
    eigenvalues, vectors = np.linalg.eigh((symmetric + symmetric.T) / 2)
    second = float(eigenvalues[-2])
    neighbours = [eigenvalues[-1], eigenvalues[-3] if n > 2 else 0.0]
    if any(abs(second - float(other)) <= EIGEN_GAP for other in neighbours):
        raise IndicatorError("repeated", second)
    q = vectors[:, -2] * root
    values = (q - q.mean()) / q.std()
    regional = (m.T @ values) / diversity
    sign = _sign(_covariance(diversity, regional))
    if sign == 0:
        sign = -_sign(_covariance(ubiquity, values))
    if sign == 0:
        sign = _sign(values[np.argmax(np.abs(values))])
    return Complexity(values * sign, second, diversity, ubiquity)


def _covariance(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean((a - a.mean()) * (b - b.mean())))


def _sign(value: float) -> int:
    return 0 if abs(value) <= EIGEN_GAP else (1 if value > 0 else -1)


@dataclass(frozen=True)
class Linkages:
    """Rasmussen–Hirschman indices of each programme, each averaging 1 (docs/model.md §17.5)."""

    backward: np.ndarray
    forward: np.ndarray
    leontief: np.ndarray

    def index(self, kind: str) -> np.ndarray:
        """ "backward", "forward" or "mean" (their average)."""
        if kind == "backward":
            return self.backward
        if kind == "forward":
            return self.forward
        return (self.backward + self.forward) / 2


def spectral_radius(a: np.ndarray) -> float:
    """The largest eigenvalue in size of a square matrix."""
    a = np.asarray(a, dtype=float)
    return float(np.max(np.abs(np.linalg.eigvals(a)))) if a.size else 0.0


def linkages(a: np.ndarray) -> Linkages:
    """Indices from technical coefficients a (a[i, j]: input from programme i per unit of
    programme j's output). L = (I − A)⁻¹; backward BL_j = n Σ_i L_ij / Σ_ij L_ij, forward
    FL_i = n Σ_j L_ij / Σ_ij L_ij (Rasmussen's row-sum definition). Raises
    `IndicatorError("productive", ρ)` unless the spectral radius ρ of A is below 1, the
    condition for (I − A)⁻¹ = I + A + A² + … to exist and be non-negative."""
    a = np.asarray(a, dtype=float)
    n = a.shape[0]
    radius = spectral_radius(a)
    if radius >= 1.0 - 1e-12:
        raise IndicatorError("productive", radius)
    leontief = np.linalg.inv(np.eye(n) - a)
    total = leontief.sum()
    return Linkages(
        backward=n * leontief.sum(axis=0) / total,
        forward=n * leontief.sum(axis=1) / total,
        leontief=leontief,
    )


def indicator(method: str, x: np.ndarray, linkage: str = "mean") -> np.ndarray:
    """A derive method's values from its table x: programmes × regions for
    `location_quotient` and `relatedness`, one per programme for `complexity` and `linkages`
    (x then programmes × programmes of coefficients)."""
    if method == "linkages":
        return linkages(x).index(linkage)
    lq = location_quotients(x)
    if method == "location_quotient":
        return lq
    if method == "relatedness":
        return relatedness(presence(lq))
    return complexity(presence(lq)).values
