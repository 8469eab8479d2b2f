"""Work shared among lanes: one HiGHS instance (or a few) per lane, one lane per core.

HiGHS runs outside Python's lock, so two lanes solving at once use both cores of a laptop. A
task goes to whichever lane is free; the callers make every solve independent of what its lane
solved before, so the answers do not depend on which lane took which task.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Generic, TypeVar

LANES = 2
"""Most lanes at once (never more than the cores)."""

Lane = TypeVar("Lane")
Task = TypeVar("Task")
Found = TypeVar("Found")


def lane_count(tasks: int) -> int:
    """How many lanes `tasks` tasks are worth on this machine."""
    return max(1, min(LANES, os.cpu_count() or 1, tasks))


def in_lanes(
    lanes: Sequence[Lane],
    tasks: Sequence[Task],
    work: Callable[[Lane, Task], Found],
    progress: Callable[[int, int], None] | None = None,
) -> list[Found]:
    """`work(lane, task)` for every task, each on a free lane, started in task order; the
    results in task order. `progress(done, total)` is called from this thread."""
    free: queue.SimpleQueue[Lane] = queue.SimpleQueue()
    for lane in lanes:
        free.put(lane)

    def run(task: Task) -> Found:
        lane = free.get()
        try:
            return work(lane, task)
        finally:
            free.put(lane)

    found: dict[int, Found] = {}
    pool = ThreadPoolExecutor(max_workers=max(1, len(lanes)))
    try:
        futures = {pool.submit(run, task): i for i, task in enumerate(tasks)}
        for done, future in enumerate(as_completed(futures), start=1):
            found[futures[future]] = future.result()
            if progress is not None:
                progress(done, len(tasks))
    finally:  # an error or Ctrl-C: the tasks not yet started never start
        pool.shutdown(wait=True, cancel_futures=True)
    return [found[i] for i in range(len(tasks))]


class Background(Generic[Found]):
    """`work()` started on a thread of its own, to run while the caller solves something
    else (the fair baselines while the optimum is searched for, docs/model.md §10.2); `result()`
    waits for it. A caller that no longer needs it tells the work so (`FairAlongside` calls its
    deadline off): the lanes it runs in are joined when the interpreter exits."""

    def __init__(self, work: Callable[[], Found]) -> None:
        self._done = threading.Event()
        self._found: Found | None = None
        self._error: BaseException | None = None
        threading.Thread(target=self._run, args=(work,), name="background", daemon=True).start()

    def _run(self, work: Callable[[], Found]) -> None:
        try:
            self._found = work()
        except BaseException as error:  # handed to the caller by `result`
            self._error = error
        finally:
            self._done.set()

    def result(self) -> Found:
        """What `work()` returned (it raises what `work()` raised)."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._found  # type: ignore[return-value]


class Cores:
    """The cores one optimisation shares with the work it runs alongside its solve: a solve
    holds one while it runs, so the baselines take one lane while the optimum is searched for
    and two once it is found: they do not crowd the search."""

    def __init__(self) -> None:
        self._free = threading.Semaphore(lane_count(LANES))

    @contextmanager
    def held(self) -> Iterator[None]:
        self._free.acquire()
        try:
            yield
        finally:
            self._free.release()
