"""Frontier levels solved side by side: one HiGHS model per lane, a level started as soon as a
lane is free (docs/model.md §11.2)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING

from prioritise.allocate.input import AllocationInput
from prioritise.allocate.lanes import LANES, lane_count
from prioritise.allocate.results import Allocation

if TYPE_CHECKING:
    from prioritise.allocate.solve import AllocationModel

__all__ = ["FrontierSolver"]


class FrontierSolver:
    """Solves rewritten problems, counts solves for the progress callback.

    Levels run side by side, one model per lane, a level started as soon as a lane is free:
    each lane's model is moved to its level's rules and is the model a fresh build would give,
    whatever it solved before, so the answers do not depend on which lane took which level
    (docs/model.md §11.2). Used in a `with` block, whose end waits for the lanes."""

    def __init__(
        self,
        solver: str,
        time_limit: float | None,
        gap: float | None,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        from prioritise.allocate.solve import DEFAULT_GAP

        self.solver = solver
        self.time_limit = time_limit
        self.gap = DEFAULT_GAP if gap is None else gap
        self.progress = progress
        self.done = 0
        count = lane_count(LANES) if solver == "highs" else 1  # CBC: a program per solve
        self._models: queue.SimpleQueue[list[AllocationModel | None]] = queue.SimpleQueue()
        for _ in range(count):
            self._models.put([None])
        self._building = threading.Lock()  # one model built or moved at a time
        self._pool = ThreadPoolExecutor(max_workers=count, thread_name_prefix="frontier")
        self._pending: set[Future[Allocation]] = set()
        self._reported: tuple[int, int] | None = None

    def __enter__(self) -> FrontierSolver:
        return self

    def __exit__(self, *_: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, data: AllocationInput) -> Allocation:
        """Optimise `data` on a free lane's model, its share rules moved (a new model only when
        the level adds or removes a bound, `prioritise.allocate.retarget`)."""
        from prioritise.allocate.retarget import retarget

        lane = self._models.get()
        try:
            with self._building:
                lane[0] = model = retarget(lane[0], data)
            return model.solve(
                solver=self.solver,
                time_limit=self.time_limit,
                gap=self.gap,
                with_baselines=False,
                diagnose=False,
            )
        finally:
            self._models.put(lane)

    def start(self, data: AllocationInput) -> Future[Allocation]:
        """Optimise at one level as soon as a lane is free."""
        future = self._pool.submit(self._run, data)
        self._pending.add(future)
        return future

    def result(self, future: Future[Allocation], remaining: int) -> Allocation:
        """What a started level found, once found; progress is reported (from this thread) for
        every level finished meanwhile, with `remaining` levels still to be started."""
        while True:
            ready = future.done()  # before the count: a level that ends meanwhile is counted
            for finished in [f for f in self._pending if f.done()]:
                self._pending.discard(finished)
                self._report(self.done + 1, self.done + 1 + len(self._pending) + max(remaining, 0))
            if ready:
                return future.result()
            wait(self._pending, return_when=FIRST_COMPLETED)

    def _report(self, done: int, total: int) -> None:
        self.done = done
        if self.progress is not None and (done, total) != self._reported:
            self.progress(done, total)
        self._reported = (done, total)

    def finish(self) -> None:
        """Every level solved: the progress says so, whatever total it said before (a
        bisection adds levels; an end that is already a level takes one away)."""
        for future in list(self._pending):
            self.result(future, 0)
        self._report(self.done, self.done)

    def solve(self, data: AllocationInput, remaining: int) -> Allocation:
        """Optimise at one level, with `remaining` levels still to be started."""
        return self.result(self.start(data), remaining)
