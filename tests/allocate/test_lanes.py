"""Work beside a solve: a background task, and the cores a solve shares with its baselines."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from prioritise.allocate import fair as fair_module
from prioritise.allocate import lanes as lanes_module
from prioritise.allocate.fair import fair_splits
from prioritise.allocate.lanes import Background, Cores, in_lanes
from tests.allocate.helpers import tutorial_data


def test_background_work_hands_back_its_result_and_its_error() -> None:
    started = threading.Event()

    def work() -> int:
        started.set()
        return 42

    assert Background(work).result() == 42 and started.is_set()

    def broken() -> int:
        raise ZeroDivisionError("no")

    with pytest.raises(ZeroDivisionError, match="no"):
        Background(broken).result()


def test_background_work_runs_while_the_caller_goes_on() -> None:
    release = threading.Event()
    task = Background(lambda: release.wait(10))
    release.set()  # the caller reaches this line while the task waits for it
    assert task.result() is True


def test_the_baselines_take_one_core_while_the_solve_holds_the_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While `optimise` solves it holds a core: the baselines' relaxations run one after
    another on the other core, their splits one at a time while the solve holds its core,
    and side by side once it lets go; the splits are those found with no core shared."""
    monkeypatch.setattr(lanes_module, "lane_count", lambda tasks: 2)
    monkeypatch.setattr(fair_module, "lane_count", lambda tasks: 2)
    running, most, lock = [0], [0], threading.Lock()
    started = threading.Semaphore(0)

    def counting(solve, seconds):  # type: ignore[no-untyped-def]
        def counted(*args):  # type: ignore[no-untyped-def]
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            started.release()
            time.sleep(seconds)
            try:
                return solve(*args)
            finally:
                with lock:
                    running[0] -= 1

        return counted

    monkeypatch.setattr(fair_module, "_relaxation", counting(fair_module._relaxation, 0.6))
    monkeypatch.setattr(
        fair_module, "_from_relaxation", counting(fair_module._from_relaxation, 0.6)
    )
    data = tutorial_data()
    cores = Cores()
    with cores.held():  # the optimiser's own solve
        task = Background(lambda: fair_splits(data, cores=cores))
        for _ in range(3):  # three of the four solves, one at a time, on the one free core
            assert started.acquire(timeout=30)
        time.sleep(0.2)  # the last one would start now, had it a core
        assert most[0] == 1 and not started.acquire(blocking=False)
    found = task.result()
    assert set(found) == {"proportional", "population"}
    monkeypatch.undo()
    alone = fair_splits(data)  # no core shared: the same splits
    for name, amounts in found.items():
        np.testing.assert_allclose(amounts, alone[name], atol=1e-9)


def test_with_both_cores_free_the_baselines_are_rounded_side_by_side(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lanes_module, "lane_count", lambda tasks: 2)
    monkeypatch.setattr(fair_module, "lane_count", lambda tasks: 2)
    both = threading.Barrier(2, timeout=10)
    rounded = fair_module._from_relaxation

    def meeting(program, target, relaxed, deadline):  # type: ignore[no-untyped-def]
        both.wait()  # breaks (and fails the test) unless the two run at once
        return rounded(program, target, relaxed, deadline)

    monkeypatch.setattr(fair_module, "_from_relaxation", meeting)
    assert set(fair_splits(tutorial_data(), cores=Cores())) == {"proportional", "population"}


def test_an_error_in_one_task_leaves_the_tasks_not_yet_started_unstarted() -> None:
    """A failed solve (or Ctrl-C) ends the work: the queued tasks are not run first."""
    started: list[int] = []

    def work(lane: int, task: int) -> int:
        started.append(task)
        if task == 0:
            raise RuntimeError("the solver stopped")
        time.sleep(0.2)
        return task

    with pytest.raises(RuntimeError, match="the solver stopped"):
        in_lanes([0, 1], list(range(20)), work)
    assert 0 in started and len(started) < 20
