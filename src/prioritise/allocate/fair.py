"""The fair baselines, solved on one model (docs/model.md §10.2).

Each plain split made to obey every rule is the optimum of the closeness model
(`closeness_input`): the optimiser's rules, with the curve g in place of the returns and the
plain split as each line's scale. Its program is rewritten from the optimiser's own
(`closeness.closeness_program`), so no second model is built. The programs differ only in the
segments' bounds and coefficients, so their LP relaxations are solved one after another, each
from the optimal basis of the one before, and each split is rounded as stage 2 of §19 does, in
a lane of its own (`allocate.lanes`), as soon as its relaxation is ready and a core is free;
`optimise` solves them while it searches for its own optimum. Of the closest splits with its
funding decisions, each baseline is the one nearest its plain split (`nearest.nearest_split`),
which finds the best amounts for those decisions itself. Only the amounts are read: a baseline
needs no shadow price, sentence or source of money.

`with_baselines` adds the baselines to an allocation solved without them, so that a screen can
show a new split first and its comparisons when they are ready: the same baselines as an
`optimise` that computes them at once.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import replace
from functools import partial

import highspy
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
from prioritise.allocate.collector import collector_paused
from prioritise.allocate.deadline import NO_DEADLINE, Deadline, deadline_for
from prioritise.allocate.engine import run
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.lanes import Background, Cores, in_lanes, lane_count
from prioritise.allocate.matrices import LinearProgram, new_highs, pass_program
from prioritise.allocate.nearest import nearest_split
from prioritise.allocate.pulp_model import ModelBuilder
from prioritise.allocate.results import Allocation
from prioritise.allocate.session import Basis, Session
from prioritise.allocate.staged import from_relaxation
from prioritise.allocate.watchdog import run_watched


def _optimum(program: LinearProgram, target: np.ndarray, deadline: Deadline) -> np.ndarray | None:
    """Money per cell and year of the closeness program's optimum nearest the plain split
    `target` (`nearest.nearest_split`); None unless it was proven (within `FAIR_GAP`)."""
    solving = deadline.for_solvers()
    found = Session(program, FAIR_GAP).solve(deadline=solving)
    if found.status != "optimal":
        return None
    return _nearest(program, found.values, target, solving)


def _nearest(
    program: LinearProgram, values: np.ndarray, target: np.ndarray, deadline: Deadline
) -> np.ndarray | None:
    """Money per cell and year of the split `nearest_split` finds with the funding decisions
    of the optimum `values` (it finds the best amounts for them itself)."""
    nearest = nearest_split(program, values, target, deadline)
    return None if nearest is None else program.amounts(nearest)


def _relaxation(
    program: LinearProgram, deadline: Deadline, basis: Basis | None
) -> tuple[np.ndarray | None, Basis | None]:
    """The closeness program's LP relaxation, from `basis` (another closeness program's
    optimal one) if given: its column values and its basis; no values if it was not solved
    to optimality. Without presolve, which would set the basis aside (and, on this model,
    costs more than it saves)."""
    highs = new_highs()
    pass_program(highs, program, mip=False)
    highs.setOptionValue("presolve", "off")
    if basis is not None:
        highs.setBasis(basis)
    solving = deadline.for_solvers()
    if not run_watched(highs, solving) or solving.expired:
        return None, basis
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None, basis
    return np.asarray(highs.getSolution().col_value, dtype=float), highs.getBasis()


def _from_relaxation(
    program: LinearProgram, target: np.ndarray, relaxed: np.ndarray | None, deadline: Deadline
) -> np.ndarray | None:
    """As `_optimum`, from the relaxation already solved: the rounded split of §19 (stage 2),
    and branching from it only if it is not proven within `FAIR_GAP`. A relaxation that was
    not solved (a numerical failure, or no time) leaves the whole search to `_optimum`, and
    so does a program without funding decisions (an LP, `_relaxed_in_turn` leaves it)."""
    if relaxed is None:
        return _optimum(program, target, deadline)
    solving = deadline.for_solvers()
    # bounded by its work, not by a share of the time left: the same split on a busy machine
    split = from_relaxation(program, relaxed, solving.as_if_unlimited(), FAIR_GAP)
    values = split.values
    if values is None or not split.proven(FAIR_GAP):
        found = Session(program, FAIR_GAP, staged=False).solve(start=values, deadline=solving)
        if found.status != "optimal":
            return None
        values = found.values
    return _nearest(program, values, target, solving)


def _cbc_optimum(
    data: AllocationInput, target: np.ndarray, deadline: Deadline
) -> np.ndarray | None:
    """As `_optimum`, solved by CBC (through PuLP)."""
    builder = ModelBuilder(closeness_input(data, target.sum(axis=3)))
    solving = deadline.for_solvers()
    outcome = run(builder, "cbc", solving, FAIR_GAP)
    if outcome.status != "optimal":
        return None
    return _nearest(builder.linear_program(), outcome.values, target, solving)


@collector_paused()
def fair_splits(
    data: AllocationInput,
    solver: str = "highs",
    deadline: Deadline = NO_DEADLINE,
    program: LinearProgram | None = None,
    cores: Cores | None = None,
) -> dict[str, np.ndarray]:
    """Each plain baseline made to obey every rule (docs/model.md §10.2); a baseline whose
    search does not finish within `FAIR_SECONDS`, or by `deadline`, is left out. With HiGHS
    the programs are rewritten from `program`, the optimiser's program of `data` (built here
    if not given); their relaxations are solved in turn, and each baseline is rounded in a
    lane of its own once its relaxation is ready. Every solve holds one of `cores` (two, or
    the machine's, if none are given) while it runs."""
    if pre_checks(data):  # the rules cannot all hold: no split obeys them
        return {}
    targets = plain_splits(data)
    if not targets:
        return {}
    found: dict[str, np.ndarray | None] = {}
    if solver != "highs":
        for name, target in targets.items():
            if not deadline.expired:
                found[name] = _cbc_optimum(data, target, deadline.within(FAIR_SECONDS))
    else:
        names = list(targets)
        own = ModelBuilder(data).linear_program() if program is None else program
        programs = {
            name: closeness_program(own, data, target.sum(axis=3))
            for name, target in targets.items()
        }
        shared = Cores() if cores is None else cores
        relaxations = _relaxed_in_turn(programs, deadline, shared)

        def solve(_lane: int, name: str) -> np.ndarray | None:
            relaxed, until = relaxations[name].result()  # waits without holding a core
            with shared.held():
                if until.expired:
                    return None
                return _from_relaxation(programs[name], targets[name], relaxed, until)

        lanes = range(lane_count(len(names)))
        found = dict(zip(names, in_lanes(lanes, names, solve), strict=True))
    return {name: amounts for name, amounts in found.items() if amounts is not None}


Relaxed = tuple[np.ndarray | None, Deadline]
"""A baseline's relaxation (None: none solved) and its deadline, `FAIR_SECONDS` from its start."""


def _relaxed_in_turn(
    programs: dict[str, LinearProgram], deadline: Deadline, cores: Cores
) -> dict[str, Future[Relaxed]]:
    """Each closeness program's relaxation, on a thread of its own, one after another, each
    from the basis the one before ended at (docs/model.md §10.2), each holding one of `cores`
    as it solves: a baseline is rounded as soon as its relaxation is ready and a core is free,
    while the next relaxation is solved. A program without funding decisions is an LP, solved
    whole by `_optimum`: none is given."""
    found: dict[str, Future[Relaxed]] = {name: Future() for name in programs}

    def relax() -> None:
        basis: Basis | None = None
        try:
            for name, program in programs.items():
                until = deadline.within(FAIR_SECONDS)
                relaxed = None
                if not until.expired and program.integer.any():
                    with cores.held():
                        relaxed, basis = _relaxation(program, until, basis)
                found[name].set_result((relaxed, until))
        except BaseException as error:  # handed to every baseline still waiting for it
            for future in found.values():
                if not future.done():
                    future.set_exception(error)

    threading.Thread(target=relax, name="relaxations", daemon=True).start()
    return found


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
