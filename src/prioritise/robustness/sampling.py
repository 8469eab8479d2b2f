"""Weight draws for robustness analysis: Dirichlet around the group, uniform, panel bootstrap.

Every draw has its own random stream, `SeedSequence(seed, spawn_key=(i,))`, so draw i is the
same whatever the number of draws asked for and whichever process handles it.

The Dirichlet spread comes from the panel: the precision a0 of Dirichlet(a0 · m) around the
group weights m is fitted by the method of moments (Minka, T. P. (2000). Estimating a
Dirichlet distribution, eq. 21-23, pooled over items): Var(w_i) = m_i (1 - m_i) / (a0 + 1),
so a0 = sum_i m_i (1 - m_i) / sum_i v_i - 1 with v_i the stakeholders' (influence-weighted,
unbiased) variance of weight i around m_i. A panel that agrees exactly gives v = 0: the draws
are then exactly the group weights. The fitted a0 is kept between `PRECISION_FLOOR_PER_ITEM`
times the number of items (at uniform m, a0 = k is the flat Dirichlet: a wider spread would
pile the draws into the simplex's corners) and `PRECISION_CEILING`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from prioritise.robustness.errors import RobustnessError
from prioritise.text import Integer, Message, msg
from prioritise.weights.group import aggregate_weights, stakeholder_shares

Sampling = Literal["dirichlet", "uniform", "resample"]
SAMPLINGS: tuple[str, ...] = ("dirichlet", "uniform", "resample")
PRECISION_FLOOR_PER_ITEM = 1.0
PRECISION_CEILING = 1e5
_AGREEMENT_TOLERANCE = 1e-12


def draw_rng(seed: int, draw: int) -> np.random.Generator:
    """The random stream of one draw: depends only on the seed and the draw's number."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(draw,)))


@dataclass(frozen=True)
class WeightSet:
    """One weight set (criteria, enabling areas, ...): the group's and each holder's weights.

    `rows` holds the normalised weights of the stakeholders who stated this set, in the order
    of `holders`; `group` the aggregated weights the scenario uses.
    """

    name: str
    items: list[str]
    group: np.ndarray
    holders: list[str] = field(default_factory=list)
    rows: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))

    def label(self) -> Message | str:
        """The weight set's weights as a message ("criterion weights"), else its name."""
        labels = {
            "criteria": "scoring.set.criteria",
            "enabling_areas": "scoring.set.enabling_areas",
            "regional_criteria": "scoring.set.regional_criteria",
            "programmes": "scoring.set.programmes",
        }
        return msg(labels[self.name]) if self.name in labels else self.name

    def __post_init__(self) -> None:
        group = np.asarray(self.group, dtype=float)
        if group.shape != (len(self.items),):
            raise RobustnessError(
                "robustness.error.group_size",
                weights=self.label(),
                items=Integer(len(self.items)),
                given=Integer(group.size),
            )
        if len(self.items) and (np.any(group < 0) or group.sum() <= 0):
            raise RobustnessError("robustness.error.group_weights", weights=self.label())
        rows = np.asarray(self.rows, dtype=float).reshape(len(self.holders), len(self.items))
        object.__setattr__(self, "group", group / group.sum() if len(self.items) else group)
        object.__setattr__(self, "rows", rows)


@dataclass(frozen=True)
class Panel:
    """Who has a say and how the scenario combines their weights (for the panel bootstrap)."""

    stakeholders: list[str]
    influence: np.ndarray
    groups: list[str]
    aggregation: str = "arithmetic"
    count: str = "stakeholder"

    def shares(self, members: Sequence[int]) -> np.ndarray:
        """Each listed member's say (duplicates count again, as a bootstrap needs)."""
        index = list(members)
        return stakeholder_shares(
            self.influence[index],
            [self.groups[i] for i in index],
            self.count,  # type: ignore[arg-type]
        )


def dirichlet_precision(
    mean: np.ndarray, rows: np.ndarray, shares: np.ndarray | None = None
) -> float:
    """Method-of-moments Dirichlet precision a0 of `rows` around `mean`; inf if they agree.

    `shares` weighs the rows (influence); the variance uses the unbiased weighted form
    sum_s a_s (w_s - m)^2 / (1 - sum_s a_s^2), so two equal-say stakeholders give the usual
    n - 1 sample variance. One stakeholder, or a panel that agrees, carries no spread: inf.
    """
    m = np.asarray(mean, dtype=float)
    w = np.asarray(rows, dtype=float)
    k = m.size
    if w.shape[0] < 2 or k < 2:
        return float("inf")
    a = np.full(w.shape[0], 1.0 / w.shape[0]) if shares is None else np.asarray(shares, float)
    a = a / a.sum()
    correction = 1.0 - float((a**2).sum())
    if correction <= 0:
        return float("inf")
    variance = (a[:, None] * (w - m) ** 2).sum(axis=0) / correction
    spread = float(variance.sum())
    if spread <= _AGREEMENT_TOLERANCE:
        return float("inf")
    fitted = float((m * (1.0 - m)).sum()) / spread - 1.0
    return float(np.clip(fitted, PRECISION_FLOOR_PER_ITEM * k, PRECISION_CEILING))


def dirichlet_draw(rng: np.random.Generator, mean: np.ndarray, precision: float) -> np.ndarray:
    """One draw of Dirichlet(precision · mean); items with zero mean stay at zero."""
    m = np.asarray(mean, dtype=float)
    if not np.isfinite(precision) or m.size == 0:
        return m.copy()
    positive = m > 0
    result = np.zeros_like(m)
    if positive.sum() == 1:
        result[positive] = 1.0
        return result
    drawn = rng.dirichlet(precision * m[positive])
    if not np.all(np.isfinite(drawn)) or drawn.sum() <= 0:  # tiny parameters can underflow
        return m.copy()
    result[positive] = drawn / drawn.sum()
    return result


def uniform_draw(rng: np.random.Generator, size: int) -> np.ndarray:
    """A point uniformly distributed on the simplex (flat Dirichlet)."""
    if size == 0:
        return np.zeros(0)
    return rng.dirichlet(np.ones(size))


@dataclass(frozen=True)
class WeightSampler:
    """Draws weight vectors for every weight set; `draws(seed, range)` is reproducible."""

    sets: list[WeightSet]
    panel: Panel | None = None
    sampling: str = "dirichlet"
    precisions: dict[str, float] = field(default_factory=dict)

    @classmethod
    def build(cls, sets: list[WeightSet], panel: Panel | None, sampling: str) -> WeightSampler:
        if sampling not in SAMPLINGS:
            raise RobustnessError(
                "robustness.error.sampling", sampling=sampling, samplings=", ".join(SAMPLINGS)
            )
        if sampling == "resample" and (panel is None or not panel.stakeholders):
            raise RobustnessError("robustness.error.resample")
        precisions = {}
        for weight_set in sets:
            shares = None
            if panel is not None and weight_set.holders:
                members = [panel.stakeholders.index(s) for s in weight_set.holders]
                try:
                    shares = panel.shares(members)
                except ValueError:  # nobody holding this set has any say
                    shares = None
            precisions[weight_set.name] = dirichlet_precision(
                weight_set.group, weight_set.rows, shares
            )
        return cls(list(sets), panel, sampling, precisions)

    @property
    def degenerate(self) -> bool:
        """True when every draw equals the group weights (Dirichlet with a panel in agreement)."""
        return self.sampling == "dirichlet" and all(
            not np.isfinite(self.precisions[s.name]) for s in self.sets
        )

    def draw(self, seed: int, index: int) -> dict[str, np.ndarray]:
        """The weight vectors of draw `index`, one per weight set."""
        rng = draw_rng(seed, index)
        if self.sampling == "dirichlet":
            return {
                s.name: dirichlet_draw(rng, s.group, self.precisions[s.name]) for s in self.sets
            }
        if self.sampling == "uniform":
            return {s.name: uniform_draw(rng, len(s.items)) for s in self.sets}
        return self._bootstrap(rng)

    def _bootstrap(self, rng: np.random.Generator) -> dict[str, np.ndarray]:
        panel = self.panel
        assert panel is not None
        n = len(panel.stakeholders)
        chosen = rng.integers(0, n, size=n)
        result = {}
        for weight_set in self.sets:
            position = {s: j for j, s in enumerate(weight_set.holders)}
            members = [i for i in chosen if panel.stakeholders[i] in position]
            if not members:  # nobody drawn stated this set: the group weights stand
                result[weight_set.name] = weight_set.group.copy()
                continue
            rows = weight_set.rows[[position[panel.stakeholders[i]] for i in members]]
            try:
                shares = panel.shares(members)
                result[weight_set.name] = aggregate_weights(rows, shares, panel.aggregation)  # type: ignore[arg-type]
            except ValueError:  # no say among those drawn, or a geometric mean of zeros
                result[weight_set.name] = weight_set.group.copy()
        return result

    def draw_many(self, seed: int, start: int, stop: int) -> dict[str, np.ndarray]:
        """Draws start..stop-1 stacked per weight set: arrays (stop - start, items)."""
        rows = [self.draw(seed, i) for i in range(start, stop)]
        return {
            s.name: np.array([row[s.name] for row in rows]).reshape(stop - start, len(s.items))
            for s in self.sets
        }
