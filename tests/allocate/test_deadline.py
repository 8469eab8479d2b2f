"""One deadline for a whole optimisation, and the watchdog that makes HiGHS keep it.

The deadline arithmetic runs on a fake clock (no waiting); the watchdog is tested with stand-in
solvers (one that honours its limit, one deaf to it) and with HiGHS itself, stopped through its
interrupt callback by a clock that jumps ahead.
"""

from __future__ import annotations

import math
import threading
import time
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from prioritise.allocate import allocation_input, cell_values_of, optimise
from prioritise.allocate import fair as fair_module
from prioritise.allocate import solve as solve_module
from prioritise.allocate.deadline import (
    FINISH_MAX,
    FINISH_SHARE,
    NO_DEADLINE,
    Deadline,
    deadline_for,
)
from prioritise.allocate.fair import fair_splits
from prioritise.allocate.matrices import highs_lp, new_highs
from prioritise.allocate.pulp_model import ModelBuilder
from prioritise.allocate.session import Change, Session
from prioritise.allocate.watchdog import abandoned, run_watched
from prioritise.scenario import load, resolve_scenario
from tests.allocate.helpers import Callbacks, tutorial_data


class FakeClock:
    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# ------------------------------------------------------------------------ the arithmetic


def test_a_deadline_counts_down_and_expires() -> None:
    clock = FakeClock()
    deadline = Deadline(5.0, clock)
    assert deadline.remaining() == 5.0 and not deadline.expired
    clock.advance(3.5)
    assert deadline.remaining() == pytest.approx(1.5)
    assert deadline.limit(10.0) == pytest.approx(1.5)  # a solver asking for more gets what is left
    assert deadline.limit(1.0) == 1.0
    clock.advance(2.0)
    assert deadline.remaining() == 0.0 and deadline.expired
    assert deadline.seconds == 5.0  # the promise quoted in messages does not move


def test_no_limit_never_expires_and_passes_own_limits_through() -> None:
    clock = FakeClock()
    deadline = Deadline(None, clock)
    clock.advance(1e9)
    assert not deadline.expired and deadline.remaining() is None
    assert deadline.limit(4.0) == 4.0 and deadline.limit() is None
    assert deadline_for(None).remaining() is None
    assert NO_DEADLINE.within(None).remaining() is None


@pytest.mark.parametrize(
    ("given", "remaining"), [(math.inf, None), (-math.inf, 0.0), (math.nan, 0.0), (-3.0, 0.0)]
)
def test_odd_limits(given: float, remaining: float | None) -> None:
    assert Deadline(given, FakeClock()).remaining() == remaining


def test_later_work_gets_only_what_earlier_work_left() -> None:
    """A child deadline (prices within 30 s, a baseline within 10 s) never outlives the
    command's: the sum of all the pieces stays within the one limit."""
    clock = FakeClock()
    command = Deadline(5.0, clock)
    clock.advance(4.0)  # the main solve took 4 s
    prices = command.within(30.0)
    assert prices.remaining() == pytest.approx(1.0)
    short = command.within(0.25)
    assert short.remaining() == pytest.approx(0.25)
    clock.advance(0.5)
    assert short.expired and not prices.expired
    clock.advance(0.5)
    assert prices.expired and command.expired
    assert command.within(10.0).remaining() == 0.0


@pytest.mark.parametrize("limit", [0.5, 3.0, 5.0, 10.0, 60.0, 600.0])
def test_solvers_stop_early_enough_to_finish(limit: float) -> None:
    clock = FakeClock()
    command = Deadline(limit, clock)
    solvers = command.for_solvers()
    reserve = min(FINISH_MAX, FINISH_SHARE * limit)
    assert solvers.remaining() == pytest.approx(limit - reserve)
    # a solver that does not stop is waited for until the command's own deadline
    assert solvers.remaining() + solvers.grace == pytest.approx(limit)
    # the reserve is taken once, however often a nested optimisation asks for it
    assert solvers.for_solvers().remaining() == pytest.approx(limit - reserve)
    assert solvers.within(None).for_solvers().remaining() == pytest.approx(limit - reserve)
    assert NO_DEADLINE.for_solvers().remaining() is None


# ------------------------------------------------------------------------ the watchdog


class StandIn:
    """A solver that works `seconds`, looking at its limit and its interrupt callbacks every
    10 ms unless it is `deaf`."""

    def __init__(self, seconds: float, deaf: bool = False) -> None:
        self.seconds, self.deaf = seconds, deaf
        self.options: dict[str, float] = {}
        self.cbSimplexInterrupt = Callbacks()
        self.cbIpmInterrupt = Callbacks()
        self.cbMipInterrupt = Callbacks()
        self.stopped_by: str | None = None
        self.done = threading.Event()

    def setOptionValue(self, name: str, value: float) -> None:
        self.options[name] = value

    def run(self) -> None:
        start = time.monotonic()
        while time.monotonic() - start < self.seconds:
            time.sleep(0.01)
            if self.deaf:
                continue
            if time.monotonic() - start >= self.options["time_limit"]:
                self.stopped_by = "time_limit"
                break
            event = _Event(bound=self.seconds - (time.monotonic() - start))
            for callback in self.cbMipInterrupt.callbacks:
                callback(event)
            if event.stop:
                self.stopped_by = "interrupt"
                break
        self.done.set()


class _Event:
    """HiGHS's callback event: `data_out` carries, here, a dual bound that falls as it works."""

    stop = False

    def __init__(self, bound: float) -> None:
        self.data_out = SimpleNamespace(mip_dual_bound=-bound)  # minimisation form

    def interrupt(self, value: bool = True) -> None:  # as HiGHS's: the flag is set either way
        self.stop = value


def test_a_solver_that_honours_its_limit_is_waited_for() -> None:
    solver = StandIn(seconds=0.05)
    assert run_watched(solver, Deadline(5.0))  # type: ignore[arg-type]
    assert solver.options["time_limit"] == pytest.approx(5.0, abs=0.1)
    assert solver.done.is_set() and not abandoned(solver)
    assert not solver.cbMipInterrupt.callbacks  # the watch is removed after the run


def test_the_interrupt_stops_a_solver_when_a_shared_clock_runs_out() -> None:
    """The solver's own limit is set when it starts; the callback sees the deadline move."""
    offset = [0.0]
    deadline = Deadline(30.0, lambda: time.monotonic() + offset[0])
    solver = StandIn(seconds=30.0)
    threading.Timer(0.2, lambda: offset.__setitem__(0, 60.0)).start()
    start = time.monotonic()
    assert run_watched(solver, deadline)  # type: ignore[arg-type]
    assert solver.stopped_by == "interrupt" and time.monotonic() - start < 5.0


def test_a_deaf_solver_is_abandoned_at_the_deadline_and_never_touched_again() -> None:
    solver = StandIn(seconds=3.0, deaf=True)
    deadline = Deadline(0.3, grace=0.1)
    start = time.monotonic()
    assert not run_watched(solver, deadline)  # type: ignore[arg-type]
    waited = time.monotonic() - start
    assert 0.3 <= waited < 0.3 + 0.1 + 0.3
    assert abandoned(solver) and not solver.done.is_set()
    solver.options.clear()
    assert not run_watched(solver, Deadline(60.0))  # type: ignore[arg-type]
    assert solver.options == {}  # not even configured
    solver.done.wait(5.0)


def _bound_below(value: float) -> Any:
    return lambda found: -found.mip_dual_bound < value


@pytest.mark.parametrize("limit", [None, 30.0], ids=["no limit", "limit"])
def test_a_stop_rule_ends_the_search_with_or_without_a_deadline(limit: float | None) -> None:
    """The stop rule reads the callback's output; without a deadline the run is not put in a
    thread with a grace that could abandon it. (The deadline starts here, not when the tests
    are collected.)"""
    deadline = NO_DEADLINE if limit is None else Deadline(limit)
    solver = StandIn(seconds=3.0)
    start = time.monotonic()
    assert run_watched(solver, deadline, stop=_bound_below(2.8))  # type: ignore[arg-type]
    assert solver.stopped_by == "interrupt" and time.monotonic() - start < 1.5
    assert solver.done.is_set() and not abandoned(solver)
    assert not solver.cbMipInterrupt.callbacks


def test_a_stop_rule_that_never_fires_lets_the_solver_finish_past_a_tiny_own_limit() -> None:
    """Without a deadline, a solver that overruns its own limit is waited for, not abandoned."""
    solver = StandIn(seconds=0.3, deaf=True)
    assert run_watched(  # type: ignore[arg-type]
        solver, NO_DEADLINE, own_limit=0.01, stop=_bound_below(-1.0)
    )
    assert solver.done.is_set() and not abandoned(solver)


def test_no_time_left_means_no_run() -> None:
    clock = FakeClock()
    deadline = Deadline(1.0, clock)
    clock.advance(1.0)
    solver = StandIn(seconds=0.01)
    assert not run_watched(solver, deadline)  # type: ignore[arg-type]
    assert not solver.done.is_set()


# ------------------------------------------------------------------------ with HiGHS


@pytest.fixture(scope="module")
def clusters() -> ModelBuilder:
    scenario = load(resolve_scenario("chile_clusters_2008"))
    return ModelBuilder(allocation_input(scenario, cell_values_of(scenario), None))


def test_highs_stopped_by_the_interrupt_keeps_its_best_split(clusters: ModelBuilder) -> None:
    """The clusters model takes HiGHS several seconds to prove; its own limit is a minute,
    and a clock that jumps past the deadline stops it through the callback, incumbent kept."""
    program = clusters.linear_program()
    highs = new_highs()
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.passModel(highs_lp(program, program.objective, True))
    offset = [0.0]
    deadline = Deadline(60.0, lambda: time.monotonic() + offset[0])
    threading.Timer(1.5, lambda: offset.__setitem__(0, 120.0)).start()
    start = time.monotonic()
    assert run_watched(highs, deadline)
    took = time.monotonic() - start
    assert took < 10.0
    assert highs.modelStatusToString(highs.getModelStatus()) == "Interrupted by user"
    values = np.asarray(highs.getSolution().col_value)
    assert len(values) == len(program.objective) and highs.getInfo().mip_gap > 0


def test_an_instance_stopped_once_solves_in_full_the_next_time(clusters: ModelBuilder) -> None:
    """HiGHS keeps the interrupt flag from one run to the next: a re-solve after one stopped by
    its limit must not stop at its first check (a rule priced after a slow one, §8.2)."""
    program = clusters.linear_program()
    highs = new_highs()
    highs.setOptionValue("mip_rel_gap", 1e-3)
    highs.passModel(highs_lp(program, program.objective, True))
    assert run_watched(highs, Deadline(60.0), 0.3)
    assert highs.modelStatusToString(highs.getModelStatus()) in (
        "Interrupted by user",
        "Time limit reached",
    )
    assert run_watched(highs, Deadline(60.0))
    assert highs.modelStatusToString(highs.getModelStatus()) == "Optimal"


def test_expired_deadlines_skip_every_later_solve(clusters: ModelBuilder) -> None:
    clock = FakeClock()
    deadline = Deadline(1.0, clock)
    clock.advance(2.0)
    session = Session(clusters.linear_program(), 1e-3)
    found = session.solve(Change(), deadline=deadline)
    assert found.status == "not_solved" and not found.found and found.seconds == 0.0
    assert fair_splits(clusters.data, deadline=deadline) == {}


def test_a_first_limit_within_no_deadline_gets_its_own_grace() -> None:
    clock = FakeClock()
    unbounded = Deadline(None, clock)
    assert unbounded.grace == 0.0
    assert unbounded.within(10.0).grace == pytest.approx(0.5)
    assert unbounded.within(60.0).grace == pytest.approx(1.0)
    assert Deadline(4.0, clock).within(10.0).grace == pytest.approx(0.2)  # the command's


@pytest.mark.parametrize("limit", [None, 30.0])
def test_a_called_off_deadline_arrives_at_once_for_everything_drawn_from_it(
    limit: float | None,
) -> None:
    clock, event = FakeClock(), threading.Event()
    deadline = Deadline(limit, clock).called_off_by(event)
    earlier = deadline.within(10.0)
    assert not deadline.expired and not earlier.expired
    assert deadline.remaining() == (None if limit is None else pytest.approx(limit))
    assert earlier.remaining() == pytest.approx(10.0)
    event.set()
    later = deadline.within(10.0)
    for drawn in (deadline, earlier, later, later.for_solvers(), deadline.within(None)):
        assert drawn.expired and drawn.remaining() == 0.0 and drawn.limit(5.0) == 0.0
    assert fair_splits(tutorial_data(), deadline=deadline) == {}


def _recorded(monkeypatch: pytest.MonkeyPatch) -> list[Deadline]:
    """The deadlines `optimise` hands its baselines (which then find nothing)."""
    handed: list[Deadline] = []

    def record(data, solver, deadline, *rest):  # type: ignore[no-untyped-def]
        handed.append(deadline)
        return {}

    monkeypatch.setattr(fair_module, "fair_splits", record)
    return handed


def test_the_baselines_of_a_split_that_is_not_found_are_called_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An infeasible model the pre-checks let through: its baselines' search is stopped."""
    handed = _recorded(monkeypatch)
    monkeypatch.setattr(solve_module, "pre_checks", lambda data: [])
    result = optimise(tutorial_data(min_region_share=0.5), diagnose=False)
    assert result.status == "infeasible" and len(handed) == 1 and handed[0].expired
    solved = optimise(tutorial_data())  # collected, then called off: harmless
    assert solved.solved and len(handed) == 2 and solved.seconds["baselines"] >= 0.0


def test_the_baselines_are_called_off_when_the_search_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An error (or Ctrl-C) in the search: nobody will collect the baselines, so they stop."""
    handed = _recorded(monkeypatch)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(solve_module, "run", broken)
    with pytest.raises(KeyboardInterrupt):
        optimise(tutorial_data())
    assert len(handed) == 1 and handed[0].expired
