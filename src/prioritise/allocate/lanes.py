"""Work shared among lanes: one HiGHS instance (or a few) per lane, one lane per core.

HiGHS runs outside Python's lock, so two lanes solving at once use both cores of a laptop. A
task goes to whichever lane is free; the callers make every solve independent of what its lane
solved before, so the answers do not depend on which lane took which task.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import TypeVar

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
    with ThreadPoolExecutor(max_workers=max(1, len(lanes))) as pool:
        futures = {pool.submit(run, task): i for i, task in enumerate(tasks)}
        for done, future in enumerate(as_completed(futures), start=1):
            found[futures[future]] = future.result()
            if progress is not None:
                progress(done, len(tasks))
    return [found[i] for i in range(len(tasks))]
