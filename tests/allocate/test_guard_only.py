"""A deadline that only guards (`Deadline.as_if_unlimited`): the solve takes the path of one
without a time limit, so that a check of a sensitivity end gets the split a reader gets from
`prioritise optimise` (docs/model.md §14.3, §16)."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from prioritise.allocate import DEFAULT_GAP, optimised_split
from prioritise.allocate.deadline import NO_DEADLINE, Deadline
from prioritise.allocate.watchdog import abandoned, run_watched
from prioritise.scenario import load
from prioritise.sensitivity import prepare
from tests.allocate.helpers import Callbacks

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


class Watched:
    """A stand-in for HiGHS that works `seconds` (deaf to every limit) and notes which
    interrupt callbacks were subscribed while it ran."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.options: dict[str, float] = {}
        self.cbIpmInterrupt = Callbacks()
        self.cbMipInterrupt = Callbacks()
        self.seen: tuple[int, int] = (0, 0)
        self.done = threading.Event()

    def setOptionValue(self, name: str, value: float) -> None:
        self.options[name] = value

    def run(self) -> None:
        self.seen = (len(self.cbIpmInterrupt.callbacks), len(self.cbMipInterrupt.callbacks))
        time.sleep(self.seconds)
        self.done.set()


def _never(found: Any) -> bool:
    """A stop rule that never fires."""
    return False


def test_a_guard_is_kept_by_every_deadline_drawn_from_it() -> None:
    guard = Deadline(30.0).as_if_unlimited()
    assert guard.guard_only and guard.bounded
    assert guard.within(5.0).guard_only and guard.for_solvers().guard_only
    assert not Deadline(30.0).within(5.0).guard_only


@pytest.mark.parametrize(
    ("deadline", "stop", "seen"),
    [
        (lambda: Deadline(30.0), None, (1, 1)),
        (lambda: Deadline(30.0).as_if_unlimited(), None, (0, 0)),
        (lambda: Deadline(30.0).as_if_unlimited(), _never, (0, 1)),
        (lambda: NO_DEADLINE, _never, (0, 1)),
        (lambda: NO_DEADLINE, None, (0, 0)),
    ],
    ids=["deadline", "guard", "guard with a stop rule", "no limit with a stop rule", "no limit"],
)
def test_a_guard_subscribes_what_a_run_without_a_limit_subscribes(deadline, stop, seen) -> None:
    solver = Watched(seconds=0.05)
    assert run_watched(solver, deadline(), stop=stop)  # type: ignore[arg-type]
    assert solver.seen == seen
    assert not solver.cbIpmInterrupt.callbacks and not solver.cbMipInterrupt.callbacks


def test_a_guard_still_hands_the_solver_its_limit_and_abandons_a_deaf_one() -> None:
    solver = Watched(seconds=3.0)
    guard = Deadline(0.3, grace=0.1).as_if_unlimited()
    assert not run_watched(solver, guard)  # type: ignore[arg-type]
    assert solver.options["time_limit"] == pytest.approx(0.3, abs=0.1)
    assert abandoned(solver)
    solver.done.wait(5.0)


def test_a_guarded_split_is_the_one_optimise_gives_without_a_limit() -> None:
    """On the 2008 clusters scenario, whose relaxation is loose, HiGHS's interrupt callbacks
    and stage 2's search under a time limit lead it to another split of nearly the same value
    (2.3 points of share apart at this weight); guarded, the split is the unlimited one."""
    scenario = load(SCENARIOS / "chile_clusters_2008.toml")
    search = prepare(scenario).search
    moved = search.weights_at("criteria", 2, 0.025079)  # branch size, near its interval's end
    program = replace(search.program, objective=search._objective(moved))
    free = optimised_split(program, DEFAULT_GAP)
    guarded = optimised_split(program, DEFAULT_GAP, deadline=Deadline(600.0).as_if_unlimited())
    assert free.status == guarded.status == "optimal"
    assert np.array_equal(free.values, guarded.values)
