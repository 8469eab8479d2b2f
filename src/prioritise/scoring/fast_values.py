"""The value tree's arithmetic, precomputed once so that new weights cost only a few products.

    V(p, e, r) = P(p) · Q(e | p) · F(r | p)

Everything that does not depend on the weights (normalised performance, TOPSIS' unit vectors,
PROMETHEE's single-criterion net flows, the need profile, the regional criteria tensor) is
computed when the model is built. Robustness analysis then calls `cell_values` with fresh
weight vectors thousands of times, or once with a whole batch (one row per draw).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from prioritise.scoring.methods import net_flow_priorities, topsis_closeness
from prioritise.scoring.normalisation import ScoringError, shares
from prioritise.text import ListOf, Message, msg

Method = Literal["additive", "topsis", "promethee"]
METHODS: tuple[str, ...] = ("additive", "topsis", "promethee")


def weight_rows(
    weights: np.ndarray | list[float], size: int, what: str | Message
) -> np.ndarray:
    """Weights as rows summing to 1: shape (size,) or (draws, size).

    `what` names the weights in errors (a message such as ``scoring.set.criteria``).
    """
    w = np.asarray(weights, dtype=float)
    if w.ndim not in (1, 2) or w.shape[-1] != size:
        raise ValueError(f"{what}: expected {size} weights per row, got shape {w.shape}")
    if size == 0:
        return w
    total = w.sum(axis=-1, keepdims=True)
    if not np.all(np.isfinite(w)) or np.any(w < 0) or np.any(total <= 0):
        raise ScoringError("scoring.error.weight_rows", what=what)
    return w / total


@dataclass(frozen=True)
class ValueModel:
    """Weight-independent parts of the value tree, and fast evaluation for any weights.

    Weight vectors are numpy arrays over `criteria` (programme-level criteria), `areas`
    (enabling areas) and `regional_criteria` (region and programme_region criteria), in those
    orders, in any positive units; 2-D arrays are batches with one row per draw.
    """

    programmes: list[str]
    areas: list[str]
    regions: list[str]
    criteria: list[str]
    regional_criteria: list[str]
    method: str
    blend: float
    direct: np.ndarray | None
    normalised: np.ndarray  # programmes × criteria, in [0, 1] (additive)
    raw: np.ndarray  # programmes × criteria, as given (TOPSIS)
    maximise: np.ndarray  # criteria
    single_flows: np.ndarray  # programmes × criteria, PROMETHEE single-criterion net flows
    need: np.ndarray  # programmes × areas, rows without entries are all ones
    regional: np.ndarray  # programmes × regions × regional criteria, in [0, 1]

    @property
    def shape(self) -> tuple[int, int, int]:
        return len(self.programmes), len(self.areas), len(self.regions)

    @property
    def cells(self) -> pd.MultiIndex:
        """Cell order of `cell_values`: programme-major, then enabling area, then region."""
        return pd.MultiIndex.from_product(
            [self.programmes, self.areas, self.regions],
            names=["programme", "enabling_area", "region"],
        )

    def criteria_scores(self, criteria_w: np.ndarray, method: str | None = None) -> np.ndarray:
        """Method scores of the programmes: additive value, TOPSIS closeness or net flow."""
        chosen = method or self.method
        w = weight_rows(criteria_w, len(self.criteria), msg("scoring.set.criteria"))
        n = len(self.programmes)
        if not self.criteria:
            neutral = {"additive": 0.0, "topsis": 0.5, "promethee": 0.0}[chosen]
            return np.full((*w.shape[:-1], n), neutral)
        if chosen == "additive":
            return w @ self.normalised.T
        if chosen == "topsis":
            return topsis_closeness(self.raw, w, self.maximise)[0]
        if chosen == "promethee":
            return w @ self.single_flows.T
        raise ScoringError("scoring.error.method", method=chosen, methods=ListOf(METHODS, "or"))

    def criteria_priorities(self, criteria_w: np.ndarray, method: str | None = None) -> np.ndarray:
        """P from the criteria alone (no direct programme weights), summing to 1."""
        chosen = method or self.method
        scores = self.criteria_scores(criteria_w, chosen)
        return net_flow_priorities(scores) if chosen == "promethee" else shares(scores)

    def programme_priorities(
        self,
        criteria_w: np.ndarray,
        method: str | None = None,
        direct: np.ndarray | None = None,
    ) -> np.ndarray:
        """P(p): criteria-based priorities blended with direct programme weights."""
        base = self.criteria_priorities(criteria_w, method)
        chosen = (
            self.direct
            if direct is None
            else weight_rows(direct, len(self.programmes), msg("scoring.set.programmes"))
        )
        if chosen is None or self.blend == 0:
            return base
        return (1.0 - self.blend) * base + self.blend * chosen

    def enabling_priorities(self, enabling_w: np.ndarray) -> np.ndarray:
        """Q(e | p) = weight × need normalised over e; (…, programmes, areas)."""
        w = weight_rows(enabling_w, len(self.areas), msg("scoring.set.enabling_areas"))
        product = self.need * w[..., None, :]
        total = product.sum(axis=-1, keepdims=True)
        fallback = shares(self.need)  # needed areas all weighted zero: split by need alone
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(total > 0, product / total, fallback)

    def regional_scores(self, regional_w: np.ndarray) -> np.ndarray:
        """Additive regional value before normalisation; (…, programmes, regions)."""
        label = msg("scoring.set.regional_criteria")
        w = weight_rows(regional_w, len(self.regional_criteria), label)
        if not self.regional_criteria:
            return np.zeros((*w.shape[:-1], *self.regional.shape[:2]))
        return np.einsum("prk,...k->...pr", self.regional, w)

    def regional_priorities(self, regional_w: np.ndarray) -> np.ndarray:
        """F(r | p), summing to 1 over regions (equal split where no criterion separates them)."""
        return shares(self.regional_scores(regional_w))

    def cell_array(
        self,
        criteria_w: np.ndarray,
        enabling_w: np.ndarray,
        regional_w: np.ndarray,
        method: str | None = None,
    ) -> np.ndarray:
        """V as an array (…, programmes, areas, regions); each slice sums to 1."""
        p = self.programme_priorities(criteria_w, method)
        q = self.enabling_priorities(enabling_w)
        f = self.regional_priorities(regional_w)
        batch = np.broadcast_shapes(p.shape[:-1], q.shape[:-2], f.shape[:-2])
        p = np.broadcast_to(p, (*batch, p.shape[-1]))
        return p[..., :, None, None] * q[..., :, :, None] * f[..., :, None, :]

    def cell_values(
        self,
        criteria_w: np.ndarray,
        enabling_w: np.ndarray,
        regional_w: np.ndarray,
        method: str | None = None,
    ) -> np.ndarray:
        """V flattened in `cells` order: (n_cells,) or (draws, n_cells) for batches."""
        array = self.cell_array(criteria_w, enabling_w, regional_w, method)
        return array.reshape(*array.shape[:-3], -1)
