"""The split as one weight moves: programme shares re-solved along t (docs/model.md §14.3).

The allocation model is built once and loaded into one HiGHS instance
(`prioritise.allocate.Session`); each new t only changes the objective (new cell values), and
HiGHS starts from the basis of the last solve, so neighbouring points cost a few pivots. Funding
decisions (`min_ticket`, `max_lines`) are relaxed, as in the robustness analysis (§12.3), so
every point is a linear program and the reference split is the relaxation's at the current
weights.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from prioritise.allocate import AllocationInput, LinearProgram, ModelChange, Session
from prioritise.scoring import ValueModel
from prioritise.sensitivity.errors import SensitivityError
from prioritise.sensitivity.ranking import moved

SHARE_LIMIT = 0.02
"""The portfolio interval keeps every programme's share of the budget within 2 points."""
STEP = 0.05
"""The walk from the current weight towards 0 and 1 looks at the split every 0.05 of t."""
TOLERANCE = 1e-3
"""Bisection between the last point that keeps the split and the first that does not stops when
they are this close; the reported end is the point that keeps it."""
SECONDS = 25.0
"""Time for all the portfolio intervals of a run; what is left unexplored is reported as such."""

Weights = dict[str, np.ndarray]
SETS = ("criteria", "enabling_areas", "regional_criteria")


@dataclass
class PortfolioSearch:
    """Programme shares of the budget for any weights, and the portfolio interval of a weight."""

    model: ValueModel
    weights: Weights
    data: AllocationInput
    program: LinearProgram
    session: Session = field(init=False)
    base: np.ndarray = field(init=False)
    solves: int = 0
    solved: dict[tuple[str, int], list[tuple[float, np.ndarray]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.session = Session(self.program, None, mip=False)
        self.base = self.shares(self.weights)

    def amounts(self, weights: Weights) -> np.ndarray:
        """Money per (programme, area, region) of the optimised split under `weights`."""
        values = self.model.cell_array(
            weights["criteria"], weights["enabling_areas"], weights["regional_criteria"]
        )
        found = self.session.solve(ModelChange(objective=self.program.objective_for(values)))
        self.solves += 1
        if not found.found:
            raise SensitivityError("sensitivity.error.solve", status=found.status)
        return np.asarray(self.program.amounts(found.values)).sum(axis=3)

    def shares(self, weights: Weights) -> np.ndarray:
        """Each programme's share of the budget under `weights`."""
        return self.amounts(weights).sum(axis=(1, 2)) / self.data.total

    def weights_at(self, name: str, k: int, t: float) -> Weights:
        return {**self.weights, name: moved(self.weights[name], k, t)}

    def shares_at(self, name: str, k: int, t: float) -> np.ndarray:
        found = self.shares(self.weights_at(name, k, t))
        self.solved.setdefault((name, k), []).append((t, found))
        return found

    def holds(self, name: str, k: int, t: float) -> bool:
        moved_by = np.abs(self.shares_at(name, k, t) - self.base).max(initial=0.0)
        return bool(moved_by <= SHARE_LIMIT + 1e-9)

    def interval(self, name: str, k: int, deadline: float) -> tuple[float, float, bool]:
        """(lo, hi, complete): the portfolio interval of weight k of set `name`. `complete` is
        false when time ran out before both ends were found (the ends are then the furthest
        points checked)."""
        t0 = float(self.weights[name][k])
        ends = []
        complete = True
        for side in (-1.0, 1.0):
            end, done = self._side(name, k, t0, side, deadline)
            ends.append(end)
            complete = complete and done
        return ends[0], ends[1], complete

    def _side(
        self, name: str, k: int, t0: float, side: float, deadline: float
    ) -> tuple[float, bool]:
        limit = 0.0 if side < 0 else 1.0
        inside = t0
        outside = None
        while inside != limit:
            if time.perf_counter() > deadline:
                return inside, False
            point = limit if abs(limit - inside) <= STEP else inside + side * STEP
            if self.holds(name, k, point):
                inside = point
            else:
                outside = point
                break
        if outside is None:
            return limit, True
        while abs(outside - inside) > TOLERANCE:
            if time.perf_counter() > deadline:
                return inside, False
            middle = (inside + outside) / 2
            if self.holds(name, k, middle):
                inside = middle
            else:
                outside = middle
        return inside, True

    def funding_flips(
        self, name: str, k: int, funded: float, deadline: float = math.inf
    ) -> dict[int, float]:
        """Programme → the t nearest the current weight (among the points solved so far, then
        refined by bisection until `deadline`) where it is funded and is not now, or the other
        way round."""
        t0 = float(self.weights[name][k])
        now = self.base > funded
        points = sorted(self.solved.get((name, k), []), key=lambda item: abs(item[0] - t0))
        found: dict[int, float] = {}
        for t, shares in points:
            for p in np.flatnonzero((shares > funded) != now):
                if int(p) in found:
                    continue
                kept = [
                    u for u, s in points if (u - t0) * (t - t0) >= 0 and abs(u - t0) < abs(t - t0)
                ]
                inside = max(kept, key=lambda u: abs(u - t0), default=t0)
                found[int(p)] = self._flip(
                    name, k, int(p), (inside, t), bool(now[p]), funded, deadline
                )
        return found

    def _flip(
        self,
        name: str,
        k: int,
        p: int,
        bracket: tuple[float, float],
        now: bool,
        funded: float,
        deadline: float,
    ) -> float:
        inside, outside = bracket
        while abs(outside - inside) > TOLERANCE and time.perf_counter() < deadline:
            middle = (inside + outside) / 2
            if (self.shares_at(name, k, middle)[p] > funded) == now:
                inside = middle
            else:
                outside = middle
        return outside


Progress = Callable[[int, int], None]
