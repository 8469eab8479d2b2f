"""Each stakeholder's own best split, what every other split costs them, and a compromise.

A stakeholder's regret under a split is their optimum value minus the value of that split,
both under their own cell values V_s: how much they give up. The minimax-regret compromise
(Savage's criterion) is one model: the allocation model's constraints, one extra variable r,
and one row per stakeholder,

    minimise r   subject to   value_s(split) + r >= optimum_s   for every stakeholder s,

solved by HiGHS directly on the model's matrix form. Among splits with that smallest largest
regret, a second solve picks the one with the highest say-weighted mean value, so the
compromise gives nobody up for nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import highspy
import numpy as np
import pandas as pd

from prioritise.robustness.errors import RobustnessError
from prioritise.robustness.lp import MatrixModel
from prioritise.robustness.solve import ReSolver, WarmStart, restricted_integer, solve_fresh
from prioritise.text import msg

GROUP = "group"
COMPROMISE = "compromise"
_REGRET_SLACK = 1e-7


@dataclass(frozen=True)
class Compromise:
    """Stakeholders' optima, the regret table and the minimax-regret split.

    `regret` has one row per stakeholder and one column per split: each stakeholder's own
    optimum (by stakeholder id), the group's ("group") and the compromise ("compromise").
    `portfolios` holds each split's money per cell.
    """

    stakeholders: list[str]
    optimum: pd.Series
    regret: pd.DataFrame
    portfolios: dict[str, np.ndarray]
    shares: pd.Series
    seconds: float
    kept: str | None = None
    """When no split better than this one was found: the split kept as the compromise."""
    reference: float | None = None
    """The group's value index yardstick V* (docs/model.md §10.1): regrets read in its index
    points, one unit for every stakeholder, in which the compromise's largest is smallest."""

    @property
    def relative_regret(self) -> pd.DataFrame:
        """Regret as a share of each stakeholder's optimum value."""
        return self.regret.div(self.optimum.where(self.optimum > 0), axis=0)

    @property
    def regret_points(self) -> pd.DataFrame | None:
        """Regret in index points of the group's value index (None without a yardstick)."""
        if self.reference is None or not self.reference > 0:
            return None
        return 100.0 * self.regret / self.reference

    @property
    def max_regret(self) -> pd.Series:
        """The largest regret any stakeholder suffers under each split."""
        return self.regret.max(axis=0)

    @property
    def worst_off(self) -> pd.Series:
        """Who suffers the largest regret under each split."""
        return self.regret.idxmax(axis=0)


def _regret(
    model: MatrixModel, values: np.ndarray, optimum: np.ndarray, amounts: np.ndarray
) -> np.ndarray:
    achieved = np.asarray(model.value_of(values, amounts[None, :]), dtype=float)
    return np.maximum(optimum - achieved, 0.0)


def minimax_regret(
    model: MatrixModel,
    start: WarmStart,
    stakeholder_values: dict[str, np.ndarray],
    shares: np.ndarray | None = None,
) -> Compromise:
    """Own optima, regrets and the minimax-regret compromise for these stakeholders' V.

    Funding decisions are handled as for the draws (`prioritise.robustness.solve`). A
    stakeholder's optimum is the best value they get from any split found (their own, with
    exact solves), so no regret is negative.
    """
    begin = time.perf_counter()
    names = list(stakeholder_values)
    if not names:
        raise RobustnessError("robustness.error.no_stakeholders")
    values = np.array([stakeholder_values[s] for s in names], dtype=float)
    say = np.full(len(names), 1.0 / len(names)) if shares is None else np.asarray(shares, float)
    say = say / say.sum()
    solver = ReSolver(model, start)
    candidates: dict[str, np.ndarray] = {}
    for i, name in enumerate(names):
        candidates[name] = model.canonical(
            solver.solve(
                model.costs(values[i]), msg("robustness.solve.stakeholder", name=name)
            ).columns
        )
    candidates[GROUP] = model.canonical(start.columns)
    achieved = np.array(
        [model.value_of(values, model.cell_amounts(c)) for c in candidates.values()]
    )  # splits × stakeholders
    optimum = achieved.max(axis=0)
    regret = {
        key: _regret(model, values, optimum, model.cell_amounts(columns))
        for key, columns in candidates.items()
    }
    best = min(candidates, key=lambda key: float(regret[key].max()))
    kept = None
    columns = _solve_minimax(
        model, values, optimum, say, candidates[best], float(regret[best].max()), start.integer
    )
    found = _regret(model, values, optimum, model.cell_amounts(columns))
    if found.max() > regret[best].max():
        columns, found = candidates[best], regret[best]
        kept = best
    candidates[COMPROMISE] = columns
    regret[COMPROMISE] = found
    table = pd.DataFrame(regret, index=pd.Index(names, dtype=object, name="stakeholder"))
    return Compromise(
        stakeholders=names,
        optimum=pd.Series(optimum, index=table.index, name="optimum"),
        regret=table,
        portfolios={key: model.cell_amounts(c) for key, c in candidates.items()},
        shares=pd.Series(say, index=table.index, name="share"),
        seconds=time.perf_counter() - begin,
        kept=kept,
    )


def regret_model(model: MatrixModel, costs: np.ndarray, optimum: np.ndarray) -> MatrixModel:
    """The allocation model plus a column r >= 0 and rows costs_s · v + r >= optimum_s."""
    n, k = model.n_cols, len(optimum)
    column_of = np.repeat(np.arange(n), np.diff(model.a_start))
    stake, used = np.nonzero(costs)
    cols = np.concatenate([column_of, used, np.full(k, n)])
    rows = np.concatenate([model.a_index, model.n_rows + stake, model.n_rows + np.arange(k)])
    values = np.concatenate([model.a_value, costs[stake, used], np.ones(k)])
    order = np.lexsort((rows, cols))
    counts = np.bincount(cols, minlength=n + 1)
    extend: dict[str, Any] = {
        name: np.append(getattr(model, name), fill)
        for name, fill in (
            ("base_cost", 0.0),
            ("value_cell", -1),
            ("value_factor", 0.0),
            ("amount_cell", -1),
            ("segment_start", 0.0),
            ("segment_width", 0.0),
            ("integer", False),
        )
    }
    return replace(
        model,
        col_lower=np.append(model.col_lower, 0.0),
        col_upper=np.append(model.col_upper, highspy.kHighsInf),
        row_lower=np.concatenate([model.row_lower, optimum - model.offset]),
        row_upper=np.concatenate([model.row_upper, np.full(k, highspy.kHighsInf)]),
        a_start=np.concatenate(([0], np.cumsum(counts))).astype(np.int32),
        a_index=rows[order].astype(np.int32),
        a_value=values[order],
        **extend,
    )


def _solve(
    model: MatrixModel, costs: np.ndarray, known: np.ndarray | None, integer: bool, what: str
) -> np.ndarray:
    relaxed = solve_fresh(model, costs, what).columns
    if not integer:
        return relaxed
    return restricted_integer(model, costs, relaxed, known, what)[1]


def _solve_minimax(
    model: MatrixModel,
    values: np.ndarray,
    optimum: np.ndarray,
    say: np.ndarray,
    best: np.ndarray,
    best_regret: float,
    integer: bool,
) -> np.ndarray:
    """Phase 1: the smallest largest regret r*; phase 2: best mean value with r <= r*."""
    costs = model.costs(values)  # stakeholders × columns
    extended = regret_model(model, costs, optimum)
    n = model.n_cols
    first = np.zeros(n + 1)
    first[n] = -1.0
    known = np.append(best, best_regret)
    found = _solve(extended, first, known, integer, "the minimax-regret compromise")
    smallest = float(found[n])
    capped = replace(
        extended,
        col_upper=np.append(model.col_upper, smallest * (1 + _REGRET_SLACK) + _REGRET_SLACK),
    )
    second = np.append(say @ costs, 0.0)
    found = _solve(capped, second, found, integer, "the minimax-regret compromise")
    return model.canonical(found[:n])
