"""The funding decisions the relaxation settles before the whole solve (docs/model.md §19)."""

from __future__ import annotations

from pathlib import Path

import highspy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritise.allocate import allocation_input, cell_values_of, pulp_model, run
from prioritise.allocate import staged as staged_module
from prioritise.allocate.deadline import NO_DEADLINE
from prioritise.allocate.matrices import LinearProgram, new_highs
from prioritise.allocate.pulp_model import ModelBuilder
from prioritise.allocate.session import Session
from prioritise.allocate.staged import FEASIBILITY_JUMP, Relaxation, relaxation_bound, stages
from prioritise.scenario import load
from tests.allocate.helpers import small_builder, values_over_funding

DEFAULT_SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "chile_transforma_2017.toml"


def settled_against_brute_force(seed: int, lines: int) -> int:
    """For the small model of `seed`, whatever split value a start has (each of the three best
    values found by brute force), every split worth at least that much keeps each decision the
    relaxation settles. Returns how many decisions it settled in all."""
    builder = small_builder(seed, lines, ticket=3.0)
    program = builder.linear_program()
    columns = builder.z_columns
    assert columns is not None
    relaxation = relaxation_bound(program, NO_DEADLINE)
    splits = values_over_funding(program, columns)
    if relaxation.bound is None or not splits:
        return 0
    position = {int(column): at for at, column in enumerate(columns)}
    counted = 0
    for start in sorted({round(value, 12) for _, value in splits}, reverse=True)[:3]:
        settled = relaxation.settled(start)
        counted += len(settled)
        for funded, value in splits:
            if value >= start - 1e-12:
                for column, held in settled.items():
                    assert funded[position[column]] == held, (seed, lines, start, column)
    return counted


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), lines=st.integers(2, 5))
def test_no_split_as_good_as_the_start_changes_a_settled_decision(seed: int, lines: int) -> None:
    settled_against_brute_force(seed, lines)


def test_the_relaxation_settles_decisions_on_small_models() -> None:
    """The property above is not empty: on these seeds the relaxation settles some lines."""
    assert sum(settled_against_brute_force(seed, 3) for seed in range(6)) > 0


def test_a_reduced_cost_settles_a_decision_only_beyond_the_room_to_the_bound() -> None:
    relaxation = Relaxation(
        1.0,
        {1: 0.0, 2: 0.0, 3: 1.0, 4: 1.0, 5: 0.5},
        {1: 0.02, 2: 0.005, 3: -0.02, 4: -0.005, 5: 0.0},
    )
    assert relaxation.settled(0.99) == {1: 0.0, 3: 1.0}
    assert relaxation.settled(0.97) == {}  # a start further below settles nothing
    assert Relaxation(None, {}, {}).settled(0.5) == {}


def jumps(highs: highspy.Highs) -> bool:
    """Whether HiGHS will run its feasibility jump (some versions answer with a status too)."""
    found = highs.getOptionValue(FEASIBILITY_JUMP)
    value = found[1] if isinstance(found, tuple) else found
    assert isinstance(value, bool)
    return value


def test_the_whole_solve_branches_on_the_settled_model_and_reaches_highs_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At a 0.02 % gap the default scenario's rounded split is not proven: the whole solve is
    handed the model with the settled lines held, and a start with feasibility jump off, and
    ends within the gap of HiGHS alone, with a gap that bounds the whole model."""
    gap = 2e-4
    chile = load(DEFAULT_SCENARIO)
    data = allocation_input(chile, cell_values_of(chile))
    program = ModelBuilder(data).linear_program()
    split = stages(program, NO_DEADLINE, gap)
    assert not split.proven(gap) and split.values is not None and split.settled
    for column, held in split.settled.items():  # the start keeps what is settled
        assert split.values[column] == pytest.approx(held, abs=1e-6)
    passed: list[LinearProgram] = []
    jumped: list[bool] = []
    pass_program, start_from = pulp_model._Highs._pass, pulp_model.start_from

    def recording_pass(self, lp, given: LinearProgram) -> None:  # type: ignore[no-untyped-def]
        passed.append(given)
        pass_program(self, lp, given)

    def recording_start(highs, values) -> None:  # type: ignore[no-untyped-def]
        start_from(highs, values)
        jumped.append(jumps(highs))

    monkeypatch.setattr(pulp_model._Highs, "_pass", recording_pass)
    monkeypatch.setattr(pulp_model, "start_from", recording_start)
    ours = run(ModelBuilder(data), "highs", None, gap)
    whole = run(ModelBuilder(data), "highs", None, gap, staged=False)
    held = passed[0]
    for column, value in split.settled.items():
        assert held.col_lower[column] == held.col_upper[column] == value
    assert (held.col_lower < held.col_upper).sum() < (program.col_lower < program.col_upper).sum()
    assert jumped == [False, True]  # ours with a start, HiGHS alone without
    mine, theirs = (float(program.objective @ outcome.values) for outcome in (ours, whole))
    assert ours.status == whole.status == "optimal"
    assert ours.gap is not None and ours.gap <= gap
    assert mine >= theirs * (1 - gap) and theirs >= mine * (1 - gap)
    assert mine >= (split.objective or 0.0) - 1e-9


def test_a_session_skips_feasibility_jump_only_when_it_has_a_start() -> None:
    highs = new_highs()
    staged_module.start_from(highs, np.zeros(0))
    assert not jumps(highs)
    staged_module.start_from(highs, None)
    assert jumps(highs)
    builder = small_builder(3, 3)
    program = builder.linear_program()
    session = Session(program, 1e-6, staged=False)
    first = session.solve()
    assert first.found and jumps(session.highs)
    again = session.solve(start=first.values)
    assert not jumps(session.highs)
    assert float(program.objective @ again.values) == pytest.approx(
        float(program.objective @ first.values), rel=1e-6
    )
    session.solve()
    assert jumps(session.highs)
