"""Frontier levels solved side by side: the same points as one after the other, progress
reported once per solve, the tightest level started first, and errors that reach the caller."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from prioritise.allocate import AllocationModel
from prioritise.allocate.input import AllocationInput
from prioritise.scenario import load, validate_dict
from prioritise.scenario.schema import Scenario
from prioritise.tradeoffs import budget_sweep, concentration_frontier, equity_frontier, solving
from tests.factories import scenario_dict

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def with_lines(seed: int) -> Scenario:
    """A factory scenario whose funding decisions are integers: a minimum ticket and a line
    limit, so that each level is a mixed-integer model."""
    raw = scenario_dict(seed, programmes=3, areas=2, regions=4)
    raw["constraints"] = {"spend_all": True, "min_ticket": 0.5, "max_lines": 9}
    return validate_dict(raw)


def run(kind: str, scenario: Scenario, lanes: int, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(solving, "lane_count", lambda _: lanes)
    if kind == "equity":
        return equity_frontier(scenario, steps=4)
    return concentration_frontier(scenario, kind, steps=4)


@pytest.mark.parametrize("kind", ["programme", "metropolitan", "equity"])
@pytest.mark.parametrize("source", ["tutorial", "lines"])
def test_two_lanes_give_the_points_of_one(
    kind: str, source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = load(SCENARIOS / "tutorial.toml") if source == "tutorial" else with_lines(11)
    one = run(kind, scenario, 1, monkeypatch)
    two = run(kind, scenario, 2, monkeypatch)
    assert [p.epsilon for p in two.points] == [p.epsilon for p in one.points]
    assert [p.status for p in two.points] == [p.status for p in one.points]
    assert any(p.feasible for p in one.points)
    for a, b in zip(one.points, two.points, strict=True):
        assert a.objective == b.objective
        if a.feasible:
            assert np.array_equal(a.allocation.amounts, b.allocation.amounts)


@pytest.mark.parametrize("kind", ["programme", "metropolitan", "equity"])
def test_every_solve_is_reported_once_in_order(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(solving, "lane_count", lambda _: 2)
    calls: list[tuple[int, int]] = []
    scenario = with_lines(3)
    if kind == "equity":
        equity_frontier(scenario, steps=5, progress=lambda d, t: calls.append((d, t)))
    else:
        concentration_frontier(scenario, kind, 5, lambda d, t: calls.append((d, t)))
    assert [done for done, _ in calls] == list(range(1, len(calls) + 1))
    assert all(done <= total for done, total in calls)
    assert calls[-1][0] == calls[-1][1] >= 4
    # the total never changes: a bar that neither grows its end nor goes back
    assert {total for _, total in calls} == {calls[-1][1]}


def test_the_tightest_cap_starts_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """It needs nothing from the optimum with the cap lifted, and is the slowest to solve."""
    monkeypatch.setattr(solving, "lane_count", lambda _: 2)
    started: list[float | None] = []
    own = solving.FrontierSolver.start

    def recorded(self: Any, data: AllocationInput) -> Any:  # in the order handed to the lanes
        started.append(data.constraints.max_programme_share)
        return own(self, data)

    monkeypatch.setattr(solving.FrontierSolver, "start", recorded)
    found = concentration_frontier(load(SCENARIOS / "tutorial.toml"), "programme", steps=4)
    assert started[0] == pytest.approx(1 / 3) == found.points[0].epsilon
    assert started[1] is None  # then the optimum with the cap lifted
    assert sorted(s for s in started if s is not None) == [p.epsilon for p in found.points[:-1]]


def test_an_error_in_one_lane_reaches_the_caller_and_leaves_no_lane_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(solving, "lane_count", lambda _: 2)
    own = AllocationModel.solve

    def failing(self: AllocationModel, **options: Any) -> Any:
        if self.data.constraints.max_programme_share is None:
            raise RuntimeError("the solver stopped")
        return own(self, **options)

    monkeypatch.setattr(AllocationModel, "solve", failing)
    with pytest.raises(RuntimeError, match="the solver stopped"):
        concentration_frontier(load(SCENARIOS / "tutorial.toml"), "programme", steps=4)
    assert not [t for t in threading.enumerate() if t.name.startswith("frontier")]


def test_each_point_carries_its_gap_beside_its_status() -> None:
    found = concentration_frontier(with_lines(3), "programme", steps=4)
    frame = found.to_frame()
    assert list(frame.columns)[-1] == "gap"
    for point, gap in zip(found.points, frame["gap"], strict=True):
        assert gap == point.allocation.gap and gap is not None and 0 <= gap <= 1e-3
    sweep = budget_sweep(with_lines(3), [10.0, 30.0]).to_frame()
    assert sweep["gap"].notna().all() and (sweep["gap"] <= 1e-3).all()


@pytest.mark.parametrize("which", ["programme", "metropolitan"])
def test_a_frontier_of_one_level_ends_its_progress_and_its_lanes(
    which: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the tutorial one concentration frontier has a single level: the optimum with the cap
    lifted already meets the tightest cap, and the tightest cap's own solve, started beside
    it, is waited for and counted, never left running."""
    monkeypatch.setattr(solving, "lane_count", lambda _: 2)
    calls: list[tuple[int, int]] = []
    found = concentration_frontier(
        load(SCENARIOS / "tutorial.toml"), which, 5, lambda d, t: calls.append((d, t))
    )
    dones = [done for done, _ in calls]
    assert dones[:-1] == list(range(1, len(dones)))  # each solve once, in order
    assert dones[-1] - dones[-2] in (0, 1)  # then, at most, the end said once more
    assert calls[-1][0] == calls[-1][1]
    assert all(done <= total for done, total in calls)
    assert not [t for t in threading.enumerate() if t.name.startswith("frontier")]
    if which == "metropolitan":
        assert len(found.points) == 1  # the case this test is about
