"""The portfolio interval of a weight: the split re-solved along t (docs/model.md §14.3).

The walk from the current weight runs on the relaxation (`prioritise.sensitivity.splits`): it
steps towards 0 and 1 and bisects where the split moves by more than 2 points. When the model
has funding decisions, each end it finds is then checked on the integer split, just inside and
just outside, and moved by a gallop and bisection on integer splits where the check fails.
Two lanes (one per core) look at two weights at once.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from prioritise.allocate import in_lanes as shared_lanes
from prioritise.allocate import lane_count
from prioritise.sensitivity.splits import Splits

STEP = 0.05
"""The walk from the current weight towards 0 and 1 looks at the split every 0.05 of t."""
TOLERANCE = 1e-3
"""Bisection between the last point that keeps the split and the first that does not stops when
they are this close; the reported end is the point that keeps it."""
SECONDS = 28.0
"""Time for loading the model, all the portfolio intervals of a run, the funding edges and the
ends' checks, so that a run on the default scenario ends within 30 s; what is left unexplored is
reported as such."""
GALLOP = 0.002
"""The first step from a relaxation's end that the integer split does not confirm."""
INTEGER_FLIP_TOLERANCE = 0.005
"""Where an integer split's funding of a programme starts or stops is refined to half a point of
weight; each step there is a mixed-integer solve."""
FRESH_ROUNDS = 6
"""Most rounds of an end's last check (§14.3)."""
FRESH_SOLVES = 12
"""Most fresh splits one end's last check may solve (about 0.2 s each on the default
scenario) in its first try: an end whose check needs more waits until every end has had its
try, so that the time goes to the others first."""
MORE_TRIES = 3
"""Each further try at the ends whose check still disagrees may solve this many times more
fresh splits than the one before (the splits already solved are kept), while time is left."""
MOST_SOLVES = FRESH_SOLVES * MORE_TRIES**2
"""The last try's fresh splits: an end whose check needs more is reported unchecked."""

SETS = ("criteria", "enabling_areas", "regional_criteria")
Task = TypeVar("Task")
Found = TypeVar("Found")


@dataclass
class PortfolioSearch(Splits):
    """The portfolio interval of each weight, and where a programme's funding starts or stops."""

    def interval(self, name: str, k: int, deadline: float) -> tuple[float, float, bool]:
        """(lo, hi, complete): the portfolio interval of weight k of set `name`. `complete` is
        false when time ran out before both ends were found (the ends are then the furthest
        points checked)."""
        t0 = float(self.weights[name][k])
        ends = []
        complete = True
        for side in (-1.0, 1.0):
            self.restart()
            inside, outside, done = self._side(name, k, side, deadline, False, t0)
            if self.integer:
                inside, done = (
                    self._confirm(name, k, side, deadline, inside, outside) if done else (t0, False)
                )
            ends.append(inside)
            complete = complete and done
        return ends[0], ends[1], complete

    def _side(
        self,
        name: str,
        k: int,
        side: float,
        deadline: float,
        exact: bool,
        inside: float,
        outside: float | None = None,
    ) -> tuple[float, float | None, bool]:
        """From `inside` (a point that holds), walk away from the current weight by `STEP`
        until a point fails (or start from `outside`, one known to fail), then bisect.
        Returns (last point that holds, first that fails or None at 0 or 1, done in time)."""
        limit = 0.0 if side < 0 else 1.0
        while outside is None and inside != limit:
            point = limit if abs(limit - inside) <= STEP else inside + side * STEP
            verdict = self.holds(name, k, point, exact, deadline)
            if verdict is None or time.perf_counter() > deadline:
                return inside, None, False
            if verdict:
                inside = point
            else:
                outside = point
        if outside is None:
            return limit, None, True
        while abs(outside - inside) > TOLERANCE:
            middle = (inside + outside) / 2
            verdict = self.holds(name, k, middle, exact, deadline)
            if verdict is None or time.perf_counter() > deadline:
                return inside, outside, False
            if verdict:
                inside = middle
            else:
                outside = middle
        return inside, outside, True

    def _confirm(
        self, name: str, k: int, side: float, deadline: float, inside: float, outside: float | None
    ) -> tuple[float, bool]:
        """The relaxation's end checked on the integer split: the point inside must hold and the
        point outside fail; otherwise the walk and bisection go on from what the check found."""
        t0 = float(self.weights[name][k])
        if inside != t0:
            verdict = self.holds(name, k, inside, True, deadline)
            if verdict is None:
                return t0, False
            if not verdict:  # narrower than the relaxation's
                return self._gallop(name, k, side, deadline, (inside, t0), wider=False)
        if outside is None:
            return inside, True
        verdict = self.holds(name, k, outside, True, deadline)
        if verdict is None:
            return inside, False
        if not verdict:
            return inside, True
        limit = 0.0 if side < 0 else 1.0
        return self._gallop(name, k, side, deadline, (outside, limit), wider=True)

    def checked_end(
        self,
        name: str,
        k: int,
        side: float,
        end: float,
        deadline: float,
        settle: bool,
        solves: int = FRESH_SOLVES,
    ) -> tuple[float, bool]:
        """`end` (of a complete interval) as a reader who checks it with `optimise` finds it
        (`_fresh_end`, with at most `solves` fresh splits), and whether the check agrees;
        `end` as it was when it does not (and `settle` is false: only the two checks) or when
        time or the fresh splits ran out."""
        found, done = self._fresh_end(name, k, side, deadline, end, settle, solves)
        return (found, True) if done else (end, False)

    def _fresh_end(
        self,
        name: str,
        k: int,
        side: float,
        deadline: float,
        inside: float,
        settle: bool,
        solves: int = FRESH_SOLVES,
    ) -> tuple[float, bool]:
        """The end checked as a reader checks it: the split solved afresh, as `optimise` solves
        it, must keep every share within 2 points at the end (as reported, to 6 decimals) and
        break that 0.001 beyond. Splits of nearly the same value can differ by tenths of a point
        (§14.3), so where a fresh split disagrees the gallop and bisection go on, on fresh
        splits, until both checks agree."""
        t0 = float(self.weights[name][k])
        limit = 0.0 if side < 0 else 1.0
        self.fresh, self.fresh_left = True, solves
        try:
            for _ in range(FRESH_ROUNDS * max(1, solves // FRESH_SOLVES)):
                rounded = round(inside, 6)  # the end as reported, never past the current value
                inside = rounded if (rounded - t0) * side > 0 else t0
                if inside != t0:
                    verdict = self.holds(name, k, inside, True, deadline)
                    if verdict is None:
                        return t0, False
                    if not verdict:
                        if not settle:
                            return inside, False
                        inside, done = self._gallop(
                            name, k, side, deadline, (inside, t0), wider=False
                        )
                        if not done:
                            return inside, False
                        continue
                beyond = inside + side * TOLERANCE
                if inside == limit or not 0.0 <= beyond <= 1.0:
                    return inside, True
                verdict = self.holds(name, k, beyond, True, deadline)
                if verdict is None:
                    return inside, False
                if not verdict:
                    return inside, True
                if not settle:
                    return inside, False
                inside, done = self._gallop(name, k, side, deadline, (beyond, limit), wider=True)
                if not done:
                    return inside, False
            return inside, False
        finally:
            self.fresh = False

    def _gallop(
        self,
        name: str,
        k: int,
        side: float,
        deadline: float,
        span: tuple[float, float],
        *,
        wider: bool,
    ) -> tuple[float, bool]:
        """From the start of `span`, where the integer split disagrees with the relaxation (it
        holds there when `wider`, fails otherwise), look towards its stop at distances growing
        threefold from `GALLOP` until the verdict changes — at the stop at the latest: the
        current weight holds, and 0 or 1 bounds the interval — then bisect. Integer ends are
        usually within a few thousandths of the relaxation's, so this takes fewer integer
        solves than bisecting from the current weight."""
        start, stop = span
        holds_at_start = wider
        towards = 1.0 if stop > start else -1.0
        last, distance = start, GALLOP
        while True:
            point = stop if abs(stop - start) <= distance else start + towards * distance
            verdict = True if point == stop and not holds_at_start else None
            if verdict is None:
                verdict = self.holds(name, k, point, True, deadline)
            if verdict is None or time.perf_counter() > deadline:
                return (last if holds_at_start else float(self.weights[name][k])), False
            if verdict != holds_at_start:
                break
            if point == stop:  # held all the way to 0 or 1
                return stop, True
            last, distance = point, distance * 3
        inside, outside = (last, point) if holds_at_start else (point, last)
        end, _, done = self._side(name, k, side, deadline, True, inside, outside)
        return end, done

    def funding_flips(
        self, name: str, k: int, funded: float, deadline: float = math.inf
    ) -> dict[int, float]:
        """Programme → the t nearest the current weight (among the points solved so far, then
        refined by bisection until `deadline`) where it is funded and is not now, or the other
        way round. With funding decisions, only the integer splits solved count (the relaxation
        funds lines thinly that no integer split funds), refined to `INTEGER_FLIP_TOLERANCE`."""
        t0 = float(self.weights[name][k])
        self.restart()
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
        tolerance = INTEGER_FLIP_TOLERANCE if self.integer else TOLERANCE
        while abs(outside - inside) > tolerance and time.perf_counter() < deadline:
            middle = (inside + outside) / 2
            shares = self.shares_at(name, k, middle, self.integer, deadline)
            if shares is None:
                break
            if (shares[p] > funded) == now:
                inside = middle
            else:
                outside = middle
        return outside


Progress = Callable[[int, int], None]


def in_lanes(
    search: PortfolioSearch,
    tasks: Sequence[Task],
    work: Callable[[PortfolioSearch, Task], Found],
    progress: Progress | None = None,
) -> list[Found]:
    """`work(lane, task)` for every task, on up to `lane_count` lanes of `search` (never more
    than the cores), in task order; `progress(done, total)` is called from this thread.
    `search` itself is not solved on: it only gathers the work done."""
    lanes = [search.lane() for _ in range(lane_count(len(tasks)))]
    found = shared_lanes(lanes, tasks, work, progress)
    for lane in lanes:
        search.solves += lane.solves
        search.integer_solves += lane.integer_solves
        search.fresh_solves += lane.fresh_solves
    return found
