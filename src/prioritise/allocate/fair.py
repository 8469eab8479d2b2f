"""The fair baselines, solved on one model (docs/model.md §10.2).

Each plain split made to obey every rule is the optimum of the closeness model
(`closeness_input`): the optimiser's rules, with the curve g in place of the returns and the
plain split as each line's scale. Its program is rewritten from the optimiser's own
(`closeness.closeness_program`), so no second model is built, and the splits are solved side
by side (`allocate.lanes`), each in stages (§19); `optimise` solves them while it searches for
its own optimum. Only the amounts are read: a baseline needs no shadow price, sentence or
source of money.

`with_baselines` adds the baselines to an allocation solved without them, so that a screen can
show a new split first and its comparisons when they are ready: the same baselines as an
`optimise` that computes them at once.
"""

from __future__ import annotations

import threading
import time
from contextlib import nullcontext
from dataclasses import replace
from functools import partial

import numpy as np

from prioritise.allocate.baselines import (
    FAIR_GAP,
    FAIR_SECONDS,
    baselines,
    closeness_input,
    plain_splits,
)
from prioritise.allocate.checks import pre_checks
from prioritise.allocate.closeness import closeness_program
from prioritise.allocate.deadline import NO_DEADLINE, Deadline, deadline_for
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.lanes import Background, Cores, in_lanes, lane_count
from prioritise.allocate.matrices import LinearProgram
from prioritise.allocate.pulp_model import ModelBuilder, run
from prioritise.allocate.results import Allocation
from prioritise.allocate.session import optimised_split


def _optimum(program: LinearProgram, deadline: Deadline) -> np.ndarray | None:
    """Money per cell and year of the closeness program's optimum; None unless it was proven
    (within `FAIR_GAP`). With funding decisions, the LP with them held gives the amounts."""
    found = optimised_split(program, FAIR_GAP, deadline=deadline.for_solvers())
    if found.status != "optimal":
        return None
    return program.amounts(found.values)


def _cbc_optimum(data: AllocationInput, scale: np.ndarray, deadline: Deadline) -> np.ndarray | None:
    """As `_optimum`, solved by CBC (through PuLP)."""
    builder = ModelBuilder(closeness_input(data, scale))
    solving = deadline.for_solvers()
    outcome = run(builder, "cbc", solving, FAIR_GAP)
    if outcome.status != "optimal":
        return None
    values = outcome.values
    if builder.z_columns is not None:  # the best amounts for the lines it funds
        with builder.funding_fixed(values[builder.z_columns]):
            fixed = run(builder, "cbc", solving, None, mip=False)
        if fixed.has_solution:
            values = fixed.values
    return builder.amounts(values)


def fair_splits(
    data: AllocationInput,
    solver: str = "highs",
    deadline: Deadline = NO_DEADLINE,
    program: LinearProgram | None = None,
    cores: Cores | None = None,
) -> dict[str, np.ndarray]:
    """Each plain baseline made to obey every rule (docs/model.md §10.2); a baseline whose
    search does not finish within `FAIR_SECONDS`, or by `deadline`, is left out. With HiGHS
    the baselines are solved side by side, one lane each, on programs rewritten from
    `program`, the optimiser's program of `data` (built here if not given); each holds one of
    `cores` while it solves."""
    if pre_checks(data):  # the rules cannot all hold: no split obeys them
        return {}
    scales = {name: target.sum(axis=3) for name, target in plain_splits(data).items()}
    if not scales:
        return {}
    found: dict[str, np.ndarray | None] = {}
    if solver != "highs":
        for name, scale in scales.items():
            if not deadline.expired:
                found[name] = _cbc_optimum(data, scale, deadline.within(FAIR_SECONDS))
    else:
        names = list(scales)
        own = ModelBuilder(data).linear_program() if program is None else program
        programs = {name: closeness_program(own, data, scale) for name, scale in scales.items()}

        def solve(_lane: int, name: str) -> np.ndarray | None:
            with nullcontext() if cores is None else cores.held():
                if deadline.expired:
                    return None
                return _optimum(programs[name], deadline.within(FAIR_SECONDS))

        lanes = range(lane_count(len(names)))
        found = dict(zip(names, in_lanes(lanes, names, solve), strict=True))
    return {name: amounts for name, amounts in found.items() if amounts is not None}


class FairAlongside:
    """The fair baselines solved on a thread of their own while `optimise` searches for its
    optimum (docs/model.md §10.2), each holding one of `cores` as it solves. `collect` waits
    for them; `call_off` tells them nobody will: a search under way stops at its next look at
    the deadline, and a command that ends does not wait long for it."""

    def __init__(
        self, data: AllocationInput, deadline: Deadline, program: LinearProgram, cores: Cores
    ) -> None:
        self._unwanted = threading.Event()
        until = deadline.called_off_by(self._unwanted)
        self._work = Background(partial(fair_splits, data, "highs", until, program, cores))

    def collect(self) -> dict[str, np.ndarray]:
        return self._work.result()

    def call_off(self) -> None:
        self._unwanted.set()


def with_baselines(
    result: Allocation,
    solver: str = "highs",
    time_limit: float | Deadline | None = None,
    program: LinearProgram | None = None,
) -> Allocation:
    """`result` (solved with `with_baselines=False`) with its baselines (docs/model.md §10),
    as `optimise` would have added them; an allocation without a split comes back as it is.
    `program`, the optimiser's program of `result.data` if the caller keeps it, saves
    building the model again."""
    data = result.data
    if not result.solved or data is None or result.objective is None:
        return result
    start = time.perf_counter()
    found = fair_splits(data, solver, deadline_for(time_limit).for_solvers(), program)
    reference = None if result.yardstick is None else result.yardstick.reference
    fair = baselines(data, result.objective, reference, found)
    seconds = {**result.seconds, "baselines": time.perf_counter() - start}
    return replace(result, baselines=fair, seconds=seconds)
