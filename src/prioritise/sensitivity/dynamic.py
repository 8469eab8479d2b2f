"""Dynamic sensitivity for the app (docs/model.md §14.5): one weight at any value, and the tornado.

Everything is computed on a `Prepared` analysis (the value model and the loaded allocation
model), so that moving a slider costs one scoring and, for the budget, one warm re-solve.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from prioritise.sensitivity.analysis import Prepared
from prioritise.sensitivity.portfolio import SETS, PortfolioSearch, in_lanes
from prioritise.sensitivity.ranking import moved, order_of


@dataclass(frozen=True)
class WeightRef:
    """One group weight: its set, its position in the set and its item id."""

    set: str
    index: int
    id: str


def weight_refs(prepared: Prepared) -> list[WeightRef]:
    """Every group weight that can move (sets of at least two items), in the analysis' order."""
    return [
        WeightRef(name, k, item)
        for name in SETS
        for k, item in enumerate(prepared.items(name))
        if len(prepared.items(name)) > 1
    ]


def ranking_at(prepared: Prepared, ref: WeightRef, t: float) -> pd.DataFrame:
    """Programmes best first with weight `ref` at t: priority P and rank (1 = first)."""
    model = prepared.model
    criteria = prepared.weights["criteria"]
    if ref.set == "criteria":
        criteria = moved(criteria, ref.index, t)
    priority = np.asarray(model.programme_priorities(criteria), dtype=float)
    order = order_of(priority)
    return pd.DataFrame(
        {
            "programme": [model.programmes[p] for p in order],
            "priority": priority[order],
            "rank": np.arange(1, len(order) + 1),
        }
    )


def money_at(prepared: Prepared, ref: WeightRef, t: float) -> pd.Series:
    """Each programme's money in the optimised split with weight `ref` at t (§14.3); where its
    search stopped at its time limit, `attrs["gap"]` says how far below the best possible its
    value may lie (inf: not known), as `Splits.amounts_found`."""
    search = prepared.search
    amounts, gap = search.amounts_found(search.weights_at(ref.set, ref.index, t))
    money = pd.Series(amounts.sum(axis=(1, 2)), index=prepared.model.programmes, name="amount")
    if gap is not None:
        money.attrs["gap"] = gap
    return money


def largest_gap(gaps: Iterable[float | None]) -> tuple[bool, float | None]:
    """Whether any of these splits stopped at its time limit unproven (its gap not None), and
    the largest gap that is known (HiGHS gives inf before it has a bound): what a note under a
    chart says."""
    found = [gap for gap in gaps if gap is not None]
    known = [gap for gap in found if math.isfinite(gap)]
    return bool(found), max(known, default=None)


def stakeholder_range(prepared: Prepared, ref: WeightRef) -> tuple[float, float] | None:
    """The lowest and highest own weight the stakeholders gave this item (None: nobody did)."""
    own = prepared.own_weights(ref.set)
    if own.empty or ref.id not in own.columns:
        return None
    column = own[ref.id]
    return float(column.min()), float(column.max())


def tornado(prepared: Prepared) -> pd.DataFrame:
    """For each weight swung from the lowest to the highest stakeholder's own value: each
    programme's money at both ends and now. Columns set, weight, low, high, programme,
    at_low, at_high, now, swing (|at_high − at_low|), and gap: for a weight with an end whose
    search stopped at its time limit, how far below the best possible that split may lie
    (the larger of its two ends; NaN where both are proven)."""
    now = pd.Series(prepared.search.base * prepared.data.total, index=prepared.model.programmes)
    ranges = [
        (ref, found) for ref in weight_refs(prepared) if (found := stakeholder_range(prepared, ref))
    ]

    def both_ends(
        lane: PortfolioSearch, task: tuple[WeightRef, tuple[float, float]]
    ) -> tuple[np.ndarray, np.ndarray, float]:
        ref, (low, high) = task
        gaps: list[float] = []

        def money(t: float) -> np.ndarray:
            cells, gap = lane.amounts_found(lane.weights_at(ref.set, ref.index, t))
            gaps.append(math.nan if gap is None else gap)
            return np.asarray(cells.sum(axis=(1, 2)))

        at_low, at_high = money(low), money(high)
        unproven = [gap for gap in gaps if not math.isnan(gap)]  # max() with a NaN is NaN
        return at_low, at_high, max(unproven, default=math.nan)

    ends = in_lanes(prepared.search, ranges, both_ends)  # two weights at once, one per core
    rows = []
    for (ref, (low, high)), (*money, gap) in zip(ranges, ends, strict=True):
        at_low, at_high = (pd.Series(m, index=prepared.model.programmes) for m in money)
        for programme in prepared.model.programmes:
            rows.append(
                {
                    "set": ref.set,
                    "weight": ref.id,
                    "low": low,
                    "high": high,
                    "programme": programme,
                    "at_low": float(at_low[programme]),
                    "at_high": float(at_high[programme]),
                    "now": float(now[programme]),
                    "swing": abs(float(at_high[programme] - at_low[programme])),
                    "gap": gap,
                }
            )
    return pd.DataFrame(rows)


def tornado_unproven(table: pd.DataFrame) -> tuple[int, int, float] | None:
    """How many of the tornado's weights have an end not proven best, of how many, and the
    largest gap below the best possible among them (inf: not known); None when every end is
    proven, or there is no weight."""
    if table.empty or "gap" not in table:
        return None
    weights = table.drop_duplicates(["set", "weight"])
    near = weights["gap"].dropna()
    if near.empty:
        return None
    return len(near), len(weights), float(near.max())


def tornado_bars(table: pd.DataFrame, programme: str) -> pd.DataFrame:
    """One programme's tornado: per weight, the change of its money at the low and the high
    end from now, widest swing first."""
    mine = table[table["programme"] == programme].copy()
    mine["from_now_low"] = mine["at_low"] - mine["now"]
    mine["from_now_high"] = mine["at_high"] - mine["now"]
    return mine.sort_values("swing", ascending=False).reset_index(drop=True)


def widest_programme(table: pd.DataFrame) -> str | None:
    """The programme whose money swings most under any one weight."""
    if table.empty:
        return None
    return str(table.loc[table["swing"].idxmax(), "programme"])
