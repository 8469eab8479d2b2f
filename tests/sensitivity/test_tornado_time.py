"""The tornado on a busy machine: an end whose search reaches its time limit is drawn from the
best split found, with its gap, and an end with no split at all is a plain message, never a
solver status."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from prioritise.allocate import Session
from prioritise.sensitivity import SensitivityError, prepare
from prioritise.sensitivity.dynamic import (
    largest_gap,
    money_at,
    tornado,
    tornado_unproven,
    weight_refs,
)
from prioritise.sensitivity.splits import Splits
from tests.sensitivity.helpers import integer_scenario


class _Stopped:
    """The whole model's session, as if every solve had reached its time limit: the split it
    found (the real optimum here, so amounts can be compared), marked unproven with `gap`."""

    def __init__(self, real: Session, gap: float | None, found: bool, every: int) -> None:
        self.real, self.gap, self.found, self.every = real, gap, found, every
        self.limits: list[float | None] = []

    def solve(self, change=None, *, start=None, time_limit=None, deadline=None):
        self.limits.append(time_limit)
        done = self.real.solve(change, start=start, deadline=deadline)
        if len(self.limits) % self.every:  # proven, as `every` - 1 of `every` solves here
            return done
        if not self.found:
            return replace(done, status="not_solved", values=np.array([]), gap=None)
        return replace(done, status="feasible", gap=self.gap)


@pytest.fixture
def stopped(monkeypatch: pytest.MonkeyPatch):
    """Every end goes to the whole model (no rounded split is proven) and stops there."""
    sessions: list[_Stopped] = []

    def install(gap: float | None, found: bool = True, every: int = 1) -> list[_Stopped]:
        original = Splits._whole_session

        def whole(self: Splits) -> _Stopped:
            if not isinstance(getattr(self, "_stopped", None), _Stopped):
                self._stopped = _Stopped(original(self), gap, found, every)  # type: ignore[attr-defined]
                sessions.append(self._stopped)  # type: ignore[attr-defined]
            return self._stopped  # type: ignore[attr-defined]

        class Unproven:
            values = None

            def proven(self, gap: float) -> bool:
                return False

            def gap(self) -> None:
                return None

        monkeypatch.setattr(Splits, "_whole_session", whole)
        monkeypatch.setattr(
            "prioritise.sensitivity.splits.from_relaxation", lambda *a, **k: Unproven()
        )
        return sessions

    return install


def test_an_end_stopped_at_its_time_limit_is_drawn_with_its_gap(stopped) -> None:
    scenario = integer_scenario(3)
    fresh = prepare(scenario)  # before the patch: proven splits, to compare the money with
    prepared = prepare(scenario)  # before the patch too: its relaxation is found tight
    sessions = stopped(0.0042)
    table = tornado(prepared)
    assert not table.empty and sessions
    assert all(limit is not None and 0 < limit <= 10.0 for s in sessions for limit in s.limits)
    assert (table["gap"] == 0.0042).all()
    weights = table.drop_duplicates(["set", "weight"])
    assert tornado_unproven(table) == (len(weights), len(weights), 0.0042)
    for ref in weight_refs(fresh):
        rows = table[(table["set"] == ref.set) & (table["weight"] == ref.id)]
        if rows.empty:
            continue
        low = rows["low"].iloc[0]
        found = rows.set_index("programme")["at_low"]
        want = money_at(fresh, ref, low).reindex(found.index)
        np.testing.assert_allclose(found.to_numpy(), want.to_numpy(), atol=1e-6)


def test_every_end_proven_says_nothing_more() -> None:
    table = tornado(prepare(integer_scenario(3)))
    assert table["gap"].isna().all() and tornado_unproven(table) is None


def test_an_end_with_no_split_at_all_is_said_plainly(stopped) -> None:
    prepared = prepare(integer_scenario(3))
    stopped(None, found=False)
    with pytest.raises(SensitivityError) as caught:
        tornado(prepared)
    said = {lang: caught.value.text(lang) for lang in ("en", "es")}
    assert said["en"].startswith("No split was found within 10.0 s while moving a weight")
    assert said["es"].startswith("No se halló ninguna asignación en 10,0 s")
    assert not any("not_solved" in text or "status" in text for text in said.values())


def test_a_weight_with_only_its_high_end_unproven_counts(stopped) -> None:
    """Each lane solves a weight's low end, then its high end: here only the high end stops
    at its limit. The weight is counted, with that end's gap (a NaN beside it must not hide
    it: max() of a NaN and a number can be NaN)."""
    prepared = prepare(integer_scenario(3))
    stopped(0.0042, every=2)
    table = tornado(prepared)
    weights = table.drop_duplicates(["set", "weight"])
    assert (weights["gap"] == 0.0042).all(), weights["gap"].tolist()
    assert tornado_unproven(table) == (len(weights), len(weights), 0.0042)


def test_an_unknown_gap_is_unproven_not_proven(stopped) -> None:
    """HiGHS can stop before it has a bound: the end is still not proven (gap inf)."""
    prepared = prepare(integer_scenario(3))
    stopped(None)
    ref = weight_refs(prepared)[0]
    money = money_at(prepared, ref, 0.5)
    assert money.attrs["gap"] == math.inf
    assert largest_gap([money.attrs["gap"], None]) == (True, None)
    assert largest_gap([None, None]) == (False, None)
    assert largest_gap([0.002, math.inf, 0.004]) == (True, 0.004)
    assert tornado_unproven(tornado(prepared)[0:0]) is None  # no weight, nothing to say
