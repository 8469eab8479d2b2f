"""Solving the funding decisions in stages: a bound, a rounded split, and branching only if needed.

HiGHS alone spends most of its time on a model with a line limit looking for a good split, not
proving one (docs/model.md §19). So, before branching:

1. HiGHS presolves the mixed-integer model (which tightens each line's big-M from the rules)
   and the relaxation of the presolved model is solved: its optimum bounds every split's value;
2. the lines that relaxation funds fully stay funded, those it leaves empty stay unfunded, and
   HiGHS chooses among the few undecided ones (a small mixed-integer model);
3. if that split is within the gap of the bound it is the answer, proven; otherwise the whole
   model is solved with that split as its start, and with every line held that the
   relaxation's reduced costs show no split more than the gap better than the start can change.

Each stage runs against the caller's deadline (`run_watched`); a stage that fails or runs out of
time leaves the next stage to do the work, so the answer is never worse than HiGHS's own.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from typing import Any

import highspy
import numpy as np

from prioritise.allocate.deadline import Deadline
from prioritise.allocate.matrices import (
    FEASIBLE_SOLUTION,
    LinearProgram,
    new_highs,
    pass_program,
)
from prioritise.allocate.watchdog import Stop, run_watched

DECIDED = 1e-6
"""A relaxed decision this close to 0 or 1 is taken as decided in stage 2."""
SETTLED_MARGIN = 1e-6
"""How far, relative to the bound, a reduced cost must exceed the room between the bound and the
start's value (plus the gap) before its line counts as settled: the relaxation's duals are exact
only to HiGHS's tolerances, and a line wrongly held could cost more than the gap."""
FEASIBILITY_JUMP = "mip_heuristic_run_feasibility_jump"
"""HiGHS's search for a first split before its root node, skipped when it has a start."""
DEFAULT_HIGHS_GAP = 1e-4
"""HiGHS's own relative gap, used when the caller sets none."""
SUB_SHARE = 0.25
"""Most of the time left that stage 2 may take, when there is a limit."""
SUB_NODES = 200
"""Most branch-and-bound nodes stage 2 may take: a rounded model that needs more is one the whole
solve handles better. Stage 2 is bounded by its work, not by seconds, so that the same model gives
the same split however busy the machine is (docs/model.md §19)."""
SUB_TIMES = 4.0
"""A guard, not the bound: the most time stage 2 may take as a multiple of stage 1's (at least
`SUB_LEAST` seconds), reached only by a rounded model whose nodes are slow."""
SUB_LEAST = 5.0
ROOT_CHECKS = 20
"""Once stage 2 of `stages` can no longer prove a split, the most progress checks it still makes
within its root node, whose last heuristics usually find the best rounded split: a start at the
optimum lets the whole solve prove it sooner (docs/model.md §19). Counted in checks, not
seconds, so that the same model gives the same start however busy the machine is."""
ROOT_REACH = 3.0
"""Stage 2 searches on as `ROOT_CHECKS` allows only while its own bound lies within this many
gaps of the relaxation's; further below, the relaxation is loose, the rounded model is no guide
to the optimum, and the whole solve must search at length whatever its start."""


@dataclass(frozen=True)
class Staged:
    """What stages 1 and 2 found: the bound, and the best split with its value, if any."""

    bound: float | None  # the relaxation's optimum (maximisation form)
    values: np.ndarray | None  # a feasible split's column values
    objective: float | None  # its value (maximisation form)
    settled: dict[int, float] = field(default_factory=dict)  # decisions held for the branching
    reach: float | None = None  # the most a split that changes a settled decision is worth

    def gap(self) -> float | None:
        """Relative distance between the split's value and the bound, as HiGHS measures it."""
        return None if self.objective is None else self.gap_of(self.objective)

    def gap_of(self, objective: float) -> float | None:
        """The same for any split of the same model, worth `objective`."""
        return None if self.bound is None else _relative(self.bound, objective)

    def proven(self, gap: float | None) -> bool:
        found = self.gap()
        return found is not None and found <= (DEFAULT_HIGHS_GAP if gap is None else gap)

    def settled_program(self, program: LinearProgram) -> LinearProgram:
        """`program` with its settled decisions held: the model the whole solve branches on
        (docs/model.md §19)."""
        if not self.settled:
            return program
        columns = np.fromiter(self.settled, dtype=np.int64, count=len(self.settled))
        held = np.fromiter(self.settled.values(), dtype=float, count=len(self.settled))
        lower, upper = program.col_lower.copy(), program.col_upper.copy()
        lower[columns] = upper[columns] = held
        return replace(program, col_lower=lower, col_upper=upper)

    def starting_from(self, start: np.ndarray) -> Staged:
        """This split's settling, kept only if `start`, the whole solve's start, keeps every
        settled decision (a start that changes one would not be feasible there)."""
        if all(abs(start[column] - held) <= DECIDED for column, held in self.settled.items()):
            return self
        return replace(self, settled={}, reach=None)

    def branched_gap(self, highs: highspy.Highs) -> float:
        """The whole model's gap for the split HiGHS found on `settled_program`: its bound is
        the larger of HiGHS's bound there and `reach`, since every split that changes a
        settled decision is worth at most `reach` (docs/model.md §19)."""
        info = highs.getInfo()
        if self.reach is None:
            return float(info.mip_gap)
        # HiGHS holds the minimisation form: its values and bounds change sign here
        bound = max(-float(info.mip_dual_bound), self.reach)
        return _relative(bound, -float(info.objective_function_value))


def _relative(bound: float, objective: float) -> float:
    return max(0.0, bound - objective) / max(abs(objective), 1e-12)


@dataclass(frozen=True)
class Relaxation:
    """Stage 1's answer: the relaxation's optimum, and its funding decisions with their reduced
    costs (minimisation form: each unit a decision moves off its bound lowers the relaxation's
    optimum by at least its reduced cost's size)."""

    bound: float | None
    decisions: dict[int, float]
    reduced_costs: dict[int, float]

    def settled(self, objective: float, gap: float, start: np.ndarray) -> dict[int, float]:
        """The decisions that only a split worth less than `objective` plus `gap` of it can
        change, among those the split `start` (worth `objective`) keeps: changing one lowers
        the relaxation's optimum, and so the value of every split the presolved model keeps,
        by at least its reduced cost. Held, they leave the whole solve a model whose optimum
        is within `gap` of the whole model's, and the start feasible. HiGHS fixes lines so at
        its root node, after its presolve and root LP, and without the gap (§19)."""
        if self.bound is None:
            return {}
        target = objective + gap * abs(objective)
        room = self.bound - target + SETTLED_MARGIN * max(abs(self.bound), 1.0)
        settled = {}
        for column, value in self.decisions.items():
            cost = self.reduced_costs[column]
            if value <= DECIDED and cost > room and start[column] <= DECIDED:
                settled[column] = 0.0
            elif value >= 1 - DECIDED and -cost > room and start[column] >= 1 - DECIDED:
                settled[column] = 1.0
        return settled

    def reach(self, settled: dict[int, float]) -> float | None:
        """The most a split that changes one of the `settled` decisions can be worth."""
        if self.bound is None or not settled:
            return None
        return self.bound - min(abs(self.reduced_costs[column]) for column in settled)


NOTHING = Relaxation(None, {}, {})


def _new(model: highspy.HighsLp) -> highspy.Highs:
    highs = new_highs()  # prints nothing: `--json` owns standard output
    highs.passModel(model)
    return highs


def _named(program: LinearProgram) -> highspy.Highs:
    """The model loaded with column names, which survive presolve and map its columns back
    (the names are set on HiGHS's own copy: quicker than filling a model object in Python)."""
    highs = new_highs()
    pass_program(highs, program)
    model = highs.getLp()
    model.col_names_ = [str(j) for j in range(model.num_col_)]
    highs.passModel(model)
    return highs


def relaxation_bound(program: LinearProgram, deadline: Deadline) -> Relaxation:
    """Stage 1: the presolved model's relaxation: its optimum and the decisions it takes."""
    left = deadline.remaining()
    if left is not None and left <= 0:
        return NOTHING
    highs = _named(program)
    if left is not None:  # presolve runs in this thread: only HiGHS's own clock stops it
        highs.setOptionValue("time_limit", float(left))
    if highs.presolve() != highspy.HighsStatus.kOk or deadline.expired:
        return NOTHING
    if highs.getModelPresolveStatus() != highspy.HighsPresolveStatus.kReduced:
        return NOTHING  # nothing left, or infeasible: the whole solve says which
    reduced = highs.getPresolvedLp()
    reduced.integrality_ = []
    relaxed = _new(reduced)
    relaxed.setOptionValue("presolve", "off")  # presolved already: a second pass only costs
    if not run_watched(relaxed, deadline):
        return NOTHING
    if relaxed.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return NOTHING
    solution = relaxed.getSolution()
    integer = set(np.flatnonzero(program.integer).tolist())
    kept = [
        (j, column) for j, name in enumerate(reduced.col_names_) if (column := int(name)) in integer
    ]
    values = solution.col_value
    costs = solution.col_dual if solution.dual_valid else [0.0] * len(values)
    return Relaxation(
        -float(relaxed.getInfo().objective_function_value),
        {column: float(values[j]) for j, column in kept},
        {column: float(costs[j]) for j, column in kept},
    )


def _held(program: LinearProgram, decisions: dict[int, float], funded: bool) -> highspy.Highs:
    """The model loaded with the lines the relaxation leaves empty held unfunded and, if
    `funded`, the lines it funds fully held funded."""
    lower, upper = program.col_lower.copy(), program.col_upper.copy()
    for column, value in decisions.items():
        if funded and value >= 1 - DECIDED:
            lower[column] = upper[column] = 1.0
        elif value <= DECIDED:
            lower[column] = upper[column] = 0.0
    highs = new_highs()
    pass_program(highs, program, columns=(lower, upper))
    return highs


def _hopeless(bound: float | None, gap: float | None, root_checks: int = 0) -> Stop | None:
    """Stops stage 2 once its own bound shows that no split it can find is within `gap` of
    `bound`, the relaxation's: the whole solve must branch then, and the rest of stage 2's
    search would only delay it. With `root_checks`, only once its root node is done, that many
    more checks have passed, or its bound lies more than `ROOT_REACH` gaps below `bound`: the
    whole solve then starts from the root node's best split (docs/model.md §19)."""
    if bound is None:
        return None
    tolerance = max(DEFAULT_HIGHS_GAP if gap is None else gap, 0.0)
    needed = bound / (1 + tolerance)  # the least value a proven split has
    near = bound / (1 + ROOT_REACH * tolerance)
    hopeless_checks = 0

    def stop(found: Any) -> bool:
        nonlocal hopeless_checks
        own = -float(found.mip_dual_bound)  # minimisation form; infinite before the root
        if not (math.isfinite(own) and own < needed * (1 - 1e-9)):
            return False
        hopeless_checks += 1
        return int(found.mip_node_count) > 0 or hopeless_checks > root_checks or own < near

    return stop


def rounded_split(
    program: LinearProgram,
    decisions: dict[int, float],
    deadline: Deadline,
    gap: float | None,
    seconds: float | None = None,
    bound: float | None = None,
    proof: float | None = None,
    root_checks: int = 0,
) -> tuple[np.ndarray | None, float | None]:
    """Stage 2: the model with every decided line held, the undecided ones left to HiGHS, for
    at most `SUB_NODES` nodes and `seconds` (and `SUB_SHARE` of the time left), and only while
    a split within `gap` of `bound` can still come out of it. The relaxation may fund fully
    more lines than any split can (it spreads money thinly over the lines it funds in part,
    which a split must fund whole or not at all); when holding them leaves no split, only the
    empty lines stay held (docs/model.md §19). `proof`, when the caller accepts a wider gap
    than it solves to, is that wider gap; `root_checks` as `_hopeless` takes it."""
    left = None if deadline.guard_only else deadline.remaining()  # as without a limit
    limits = [limit for limit in (seconds, left and SUB_SHARE * left) if limit is not None]
    stop = time.perf_counter() + min(limits) if limits else None
    for funded in (True, False):  # the second try shares the first one's time
        highs = _held(program, decisions, funded)
        highs.setOptionValue("mip_rel_gap", (DEFAULT_HIGHS_GAP if gap is None else gap) / 10)
        highs.setOptionValue("mip_max_nodes", SUB_NODES)
        own = None if stop is None else stop - time.perf_counter()
        hopeless = _hopeless(bound, gap if proof is None else proof, root_checks)
        if not run_watched(highs, deadline, own, hopeless):
            return None, None
        if highs.getInfo().primal_solution_status == FEASIBLE_SOLUTION:
            values = np.asarray(highs.getSolution().col_value, dtype=float)
            return values, float(program.objective @ values)
        if highs.getModelStatus() != highspy.HighsModelStatus.kInfeasible:
            break
    return None, None


def stages(program: LinearProgram, deadline: Deadline, gap: float | None) -> Staged:
    """Stages 1 and 2 for a model with funding decisions, and the decisions settled for the
    whole solve if it must branch."""
    begin = time.perf_counter()
    relaxation = relaxation_bound(program, deadline)
    bound = relaxation.bound
    if bound is None:
        return Staged(None, None, None)
    allowed = max(SUB_LEAST, SUB_TIMES * (time.perf_counter() - begin))
    # Under a time limit the branching may be cut short, and its start is then the answer: stage
    # 2 looks for the best split it can. Without one, the branching proves the optimum anyway,
    # so stage 2 stops once no split it finds could be proven, at the end of its root node.
    hopeless = None if deadline.bounded and not deadline.guard_only else bound
    values, objective = rounded_split(
        program, relaxation.decisions, deadline, gap, allowed, hopeless, root_checks=ROOT_CHECKS
    )
    split = Staged(bound, values, objective)
    if values is None or objective is None or split.proven(gap):
        return split
    settled = relaxation.settled(objective, DEFAULT_HIGHS_GAP if gap is None else gap, values)
    return replace(split, settled=settled, reach=relaxation.reach(settled))


def from_relaxation(
    program: LinearProgram,
    relaxed: np.ndarray,
    deadline: Deadline,
    gap: float | None,
    proof: float | None = None,
) -> Staged:
    """Stage 2 from a relaxation already solved (`relaxed`: its column values, in `program`'s
    columns): any relaxation's optimum bounds every split, so a caller that keeps the
    relaxation loaded and warm (the sensitivity walk, §14.3) skips stage 1. `proof` is the
    gap the caller will accept, if wider than `gap`."""
    integer = np.flatnonzero(program.integer)
    decisions = {int(column): float(relaxed[column]) for column in integer}
    bound = float(program.objective @ relaxed)
    values, objective = rounded_split(program, decisions, deadline, gap, bound=bound, proof=proof)
    return Staged(bound, values, objective)


def start_from(highs: highspy.Highs, values: np.ndarray | None) -> None:
    """Hand HiGHS a feasible split to start branching from, or none. With one, HiGHS's
    feasibility jump is skipped: it looks for a first split, and took a tenth of the whole
    solve on the 25-region scenarios of `benchmarks/scale.py` (docs/model.md §19)."""
    highs.setOptionValue(FEASIBILITY_JUMP, values is None)
    if values is None:
        return
    solution = highspy.HighsSolution()
    solution.col_value = values.tolist()
    solution.value_valid = True
    highs.setSolution(solution)
