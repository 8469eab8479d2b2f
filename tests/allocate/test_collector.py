"""Python's cyclic collector, paused while a model is built and solved: what is paused is left
as it was found, and what an optimisation leaves behind needs no collector (docs/model.md §19)."""

from __future__ import annotations

import gc
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from prioritise.allocate import PRICE_SECONDS, allocation_input, cell_values_of, with_baselines
from prioritise.allocate.collector import collector_paused
from prioritise.allocate.solve import AllocationModel, optimise
from prioritise.scenario import load
from prioritise.tradeoffs import budget_sweep
from tests.allocate.helpers import tutorial_data

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_paused_inside_and_enabled_again_after(collector_on: None) -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # nested: still paused when the inner one ends
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_already_off_stays_off(collector_on: None) -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_an_error_inside_still_enables_the_collector(collector_on: None) -> None:
    with pytest.raises(ZeroDivisionError), collector_paused():
        raise ZeroDivisionError
    assert gc.isenabled()


def test_two_threads_pause_it_until_the_last_one_ends(collector_on: None) -> None:
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    with collector_paused():
        thread.start()
        assert inside.wait(10)
    assert not gc.isenabled()  # the other thread is still building
    release.set()
    thread.join(10)
    assert gc.isenabled()


def _ours(found: list[object]) -> Counter[str]:
    """The garbage made of this package's objects, PuLP's or HiGHS's, by type."""
    names = (f"{type(item).__module__}.{type(item).__qualname__}" for item in found)
    return Counter(n for n in names if n.split(".")[0] in ("prioritise", "pulp", "highspy"))


def _left_for_the_collector(work: Callable[[], object]) -> Counter[str]:
    work()  # every module imported, every cache filled
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        result = work()
        del result
        gc.collect()
        return _ours(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def _chile_model_solved() -> object:
    chile = load(SCENARIOS / "chile_transforma_2017.toml")
    model = AllocationModel(allocation_input(chile, cell_values_of(chile)))
    return with_baselines(model.solve(with_baselines=False), program=model.linear_program())


@pytest.mark.parametrize(
    "work",
    [
        pytest.param(lambda: optimise(tutorial_data()), id="baselines alongside"),
        pytest.param(
            lambda: optimise(tutorial_data(), price_seconds=PRICE_SECONDS), id="rule prices"
        ),
        pytest.param(lambda: optimise(tutorial_data(min_region_share=0.5)), id="infeasible"),
        pytest.param(lambda: optimise(tutorial_data(), solver="cbc"), id="cbc"),
        pytest.param(_chile_model_solved, id="chile, baselines later"),
        pytest.param(
            lambda: budget_sweep(load(SCENARIOS / "chile_transforma_2017.toml"), [100.0, 175.0]),
            id="budget sweep",
        ),
    ],
)
def test_an_optimisation_leaves_nothing_for_the_collector(work: Callable[[], object]) -> None:
    """No reference cycle: with the collector paused, a model is freed when its user lets
    it go, HiGHS's copy of it included."""
    assert _left_for_the_collector(work) == Counter()


def test_the_cycle_pulp_makes_would_be_garbage(collector_on: None) -> None:
    """The check above can fail: a PuLP problem that keeps its engine is found."""
    import pulp

    class Engine:
        def __init__(self, problem: pulp.LpProblem) -> None:
            self.problem = problem

    def kept() -> object:
        problem = pulp.LpProblem("kept")
        problem.solver = Engine(problem)
        return None

    assert _left_for_the_collector(kept)["pulp.pulp.LpProblem"] == 1
