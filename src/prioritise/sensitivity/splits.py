"""Programme shares of the optimised split at any weights (docs/model.md §14.3).

The allocation model is built once and its relaxation loaded into one HiGHS instance
(`prioritise.allocate.Session`); each new point only changes the objective (new cell values), and
HiGHS starts from the basis of the last solve, so neighbouring points cost a few pivots. When the
model has funding decisions (`min_ticket`, `max_lines`), the split that counts is the integer one
(what `prioritise optimise` gives). An integer split at a point comes from the warm relaxation
there with its whole decisions held (stage 2 of §19, checked against the relaxation's bound), or
from the whole mixed-integer model when that check fails.
"""

from __future__ import annotations

import copy
import math
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Self

import numpy as np

from prioritise.allocate import (
    DEFAULT_GAP,
    AllocationInput,
    Basis,
    Deadline,
    LinearProgram,
    ModelChange,
    Resolved,
    Session,
    from_relaxation,
    held_decisions,
    optimised_split,
)
from prioritise.scoring import ValueModel
from prioritise.sensitivity.errors import SensitivityError
from prioritise.sensitivity.ranking import moved
from prioritise.text import Duration

SHARE_LIMIT = 0.02
"""The portfolio interval keeps every programme's share of the budget within 2 points."""
TAKEN_GAP = 2 * DEFAULT_GAP
"""An integer split from the held relaxation within this of the relaxation's bound is taken
without branching: where it was not within the optimiser's own gap, the whole model only ever
proved the same split (docs/model.md §14.3)."""
LEAST_SECONDS = 0.2
"""An integer split is not started with less time than this left."""
GRACE = 2.0
"""How long past the deadline a solver told to stop is waited for (it stops at its next check;
one left running would outlive the run)."""
RECENT = 8
"""Relaxations kept per lane (the walk's last points)."""
INTEGER_SECONDS = 10.0
"""Most time one integer split may take when the stage-2 check fails and the whole model is
solved (the app's slider and the tornado; a run's own deadline may cut it shorter)."""
WHOLE_TIMES = 10.0
"""Where the relaxation is loose, one whole-line split of the ends' last check may take this
many times the split at the group's weights (at least `INTEGER_SECONDS`)."""

Weights = dict[str, np.ndarray]
Points = dict[tuple[str, int], list[tuple[float, np.ndarray]]]


def _better(
    found: Resolved, rounded: np.ndarray | None, gap: float | None, objective: np.ndarray
) -> Resolved | None:
    """Of the whole model's unproven answer and the rounded split already in hand, the better
    one ("feasible"); None when there is neither."""
    if rounded is None:
        return found if found.found else None
    if found.found and objective @ found.values >= objective @ rounded:
        return found
    return Resolved("feasible", rounded, gap, found.seconds)


@dataclass
class Splits:
    """Programme shares of the budget for any weights, from one loaded model.

    `integer` is true when the model has funding decisions and its relaxation is tight enough
    to check points on integer splits in time (§14.3): `base` (the split at the group's weights)
    and every exact verdict are then about the integer split. `relaxed` is true when the model
    has funding decisions but its relaxation is too loose for that: the walk and `base` are then
    the relaxation's, and only the ends' last check, in the time left, looks at whole-line
    splits (`whole_base`). The walk always follows the relaxation, whose split at the group's
    weights is `walk_base`.
    """

    model: ValueModel
    weights: Weights
    data: AllocationInput
    program: LinearProgram
    session: Session = field(init=False)
    integer: bool = field(init=False)
    relaxed: bool = field(init=False)
    base: np.ndarray = field(init=False)
    walk_base: np.ndarray = field(init=False)
    solves: int = 0
    integer_solves: int = 0
    fresh_solves: int = 0
    fresh: bool = False
    """While true, exact points are solved afresh, as `prioritise optimise` solves them (the
    ends' last check, §14.3): a new HiGHS instance from scratch, so that a reader who checks
    an end with `optimise` gets the very split the check saw; at most `fresh_left` more."""
    fresh_left: int = 0
    whole_seconds: float | None = None
    """How long that split took to solve (what each whole-line check costs, roughly)."""
    whole_needed: float | None = None
    """About how long the first two whole-line checks of every end take on the lanes."""
    whole_from: float | None = None
    """When (`time.perf_counter()`) the relaxation's part was done and the whole-line part
    began (`optimise`'s split at the group's weights, then the checks)."""
    whole_short: bool = False
    """Where the relaxation is loose: the whole-line checks were not begun, or cut short, for
    want of time (a longer run would check more ends)."""
    whole_base: np.ndarray | None = None
    """Where the relaxation is loose (`relaxed`): the programme shares of the split `optimise`
    gives at the group's weights, solved before the whole-line round of the ends' last check
    (§14.3); the fresh splits of that round are whole-line splits, compared with these."""
    solved: Points = field(default_factory=dict)
    walked: Points = field(default_factory=dict)
    checked: dict[tuple[str, int, float], np.ndarray] = field(default_factory=dict)
    """Programme shares of the fresh splits solved so far (the lanes of a run share them)."""
    _whole: Session | None = field(default=None, init=False, repr=False)
    _basis: Basis | None = field(default=None, init=False, repr=False)
    _recent: dict[tuple[str, int, float], tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, init=False, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.session = Session(self.program, None, mip=False)
        relaxed, objective = self._relaxation(self.weights)
        self.base = self.walk_base = self._programme_shares(relaxed)
        self._basis = self.session.basis()
        decisions = bool(self.program.integer.any())
        self.integer = decisions and self._tight(relaxed, objective)
        self.relaxed = decisions and not self.integer
        if self.integer:  # as `optimise` reports it
            found = optimised_split(replace(self.program, objective=objective), DEFAULT_GAP)
            if not found.found:
                raise SensitivityError("sensitivity.error.solve", status=found.status)
            self.integer_solves += 1
            self.base = self._programme_shares(found.values)

    def _tight(self, relaxed: np.ndarray, objective: np.ndarray) -> bool:
        """Whether the integer split at the group's weights is found from the held relaxation
        within `TAKEN_GAP` of its bound: if not, every integer split would need the whole model
        (seconds each), and the intervals stay the relaxation's."""
        clock = Deadline(INTEGER_SECONDS, grace=GRACE)
        program = replace(self.program, objective=objective)
        return from_relaxation(program, relaxed, clock, DEFAULT_GAP, TAKEN_GAP).proven(TAKEN_GAP)

    def lane(self, *, own_points: bool = False) -> Self:
        """Another search on the same model and the same reference split, with HiGHS instances
        of its own: two lanes look at two weights at once (HiGHS runs outside Python's lock,
        one lane per core). The lanes of one run keep their points in the same tables; a run
        starts from a lane with tables of its own (`own_points`), so that two runs of the app
        on one loaded model never share an instance or a table."""
        other = copy.copy(self)
        other.session = Session(self.program, None, mip=False)
        other._whole = None
        other._recent = {}
        other._lock = threading.Lock()
        other.solves = other.integer_solves = other.fresh_solves = 0
        other.fresh = False
        if own_points:
            other.solved, other.walked, other.checked = {}, {}, {}
        return other

    def restart(self) -> None:
        """Start the next walk on a new HiGHS instance from the basis of the split at the
        current weights, and the whole model's solves from nothing, so that what a weight's
        interval is does not depend on which weights this lane looked at before it: the
        default scenario is degenerate, and an instance that solved other weights first (even
        cleared, `clearSolver`) can end a walk on another of its equally good splits."""
        self.session = Session(self.program, None, mip=False)
        if self._basis is not None:
            self.session.start_from_basis(self._basis)
        self._whole = None

    @property
    def total(self) -> float:
        return float(self.data.total)

    def _objective(self, weights: Weights) -> np.ndarray:
        values = self.model.cell_array(
            weights["criteria"], weights["enabling_areas"], weights["regional_criteria"]
        )
        return self.program.objective_for(values)

    def _whole_session(self) -> Session:
        """The whole model's session; a new one after a solve cut short by its deadline left
        the last one running (`Session.lost`), which would answer nothing more."""
        if self._whole is None or self._whole.lost:
            self._whole = Session(self.program, DEFAULT_GAP, mip=True, staged=True)
        return self._whole

    def _programme_shares(self, values: np.ndarray) -> np.ndarray:
        return self._cells(values).sum(axis=(1, 2)) / self.total

    def _cells(self, values: np.ndarray) -> np.ndarray:
        return np.asarray(self.program.amounts(values)).sum(axis=3)

    def _relaxation(
        self, weights: Weights, key: tuple[str, int, float] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The relaxation's column values and the objective under `weights`; the last points
        (by `key`) are kept, because the integer split at a point the walk has just solved
        starts from its relaxation."""
        if key is not None and key in self._recent:
            return self._recent[key]
        objective = self._objective(weights)
        found = self.session.solve(ModelChange(objective=objective))
        self.solves += 1
        if not found.found:
            raise SensitivityError("sensitivity.error.solve", status=found.status)
        if key is not None:
            if len(self._recent) >= RECENT:
                self._recent.pop(next(iter(self._recent)))
            self._recent[key] = (found.values, objective)
        return found.values, objective

    def _integer_values(
        self, weights: Weights, deadline: float, key: tuple[str, int, float] | None = None
    ) -> np.ndarray | None:
        """The integer split's column values under `weights`, proven within the optimiser's gap
        by `deadline` (a `time.perf_counter()` value), or None."""
        found = self._integer_split(weights, deadline, key)
        return None if found is None else found.values

    def _integer_split(
        self,
        weights: Weights,
        deadline: float,
        key: tuple[str, int, float] | None = None,
        best_found: bool = False,
    ) -> Resolved | None:
        """The integer split under `weights`, "optimal" when proven within the optimiser's gap
        by `deadline`; with `best_found`, else the best split found by then ("feasible", with
        its gap): a chart can show it, a check of the intervals cannot. None: nothing found."""
        relaxed, objective = self._relaxation(weights, key)
        left = deadline - time.perf_counter()
        if left < LEAST_SECONDS:
            return None
        clock = Deadline(left, grace=GRACE)
        self.integer_solves += 1
        program = replace(self.program, objective=objective)
        split = from_relaxation(program, relaxed, clock, DEFAULT_GAP, TAKEN_GAP)
        if split.proven(TAKEN_GAP) and split.values is not None:
            found = Resolved("optimal", split.values, split.gap(), 0.0)
        else:
            # with `best_found`, HiGHS stops at its own time limit with its best split, before
            # the watchdog would abandon it with nothing (allocate.Session.solve)
            limit = max(LEAST_SECONDS, deadline - time.perf_counter()) if best_found else None
            found = self._whole_session().solve(
                ModelChange(objective=objective),
                start=split.values,
                time_limit=limit,
                deadline=clock,
            )
            if found.status != "optimal":
                if not best_found:
                    return None
                better = _better(found, split.values, split.gap(), program.objective)
                if better is None:
                    return None
                found, clock = better, Deadline(GRACE)  # the time is spent: the LP gets its own
        # the amounts `optimise` would show
        return replace(found, values=held_decisions(program, found.values, clock))

    def _fresh_values(self, weights: Weights, deadline: float) -> np.ndarray | None:
        """The column values of the split under `weights` as `prioritise optimise` finds them
        (`allocate.optimised_split`: the stages of §19 and the amounts with the funding
        decisions held, gap 0.1 %), or None when not proven by `deadline`. Where the
        relaxation is loose, the relaxation solved afresh until `whole_base` is known."""
        cap = INTEGER_SECONDS  # a loose relaxation's whole-line split may take longer
        if self.whole_base is not None and self.whole_seconds is not None:
            cap = max(cap, WHOLE_TIMES * self.whole_seconds)
        left = min(deadline - time.perf_counter(), cap)
        if left < LEAST_SECONDS or self.fresh_left <= 0:
            return None
        self.fresh_left -= 1
        whole = not self.relaxed or self.whole_base is not None
        found = optimised_split(
            replace(self.program, objective=self._objective(weights)),
            DEFAULT_GAP,
            mip=whole,
            deadline=Deadline(left, grace=GRACE).as_if_unlimited(),  # as `optimise` solves it
        )
        self.fresh_solves += 1
        self.integer_solves += int(whole and (self.integer or self.relaxed))
        return found.values if found.status == "optimal" else None

    def whole_reference(self, deadline: float) -> bool:
        """Where the relaxation is loose, solve the split `optimise` gives at the group's
        weights (by `deadline`), so that the ends' last check compares whole-line splits with
        it; whether the check can (always, where the relaxation is tight)."""
        if not self.relaxed or self.whole_base is not None:
            return True
        left = deadline - time.perf_counter()
        if left < LEAST_SECONDS:
            return False
        begin = time.perf_counter()
        found = optimised_split(
            replace(self.program, objective=self._objective(self.weights)),
            DEFAULT_GAP,
            deadline=Deadline(left, grace=GRACE).as_if_unlimited(),  # as `optimise` solves it
        )
        self.fresh_solves += 1
        self.integer_solves += 1
        if found.status != "optimal":
            return False
        self.whole_seconds = time.perf_counter() - begin
        self.whole_base = self._programme_shares(found.values)
        return True

    def amounts(self, weights: Weights) -> np.ndarray:
        """Money per (programme, area, region) of the optimised split under `weights`: the
        integer split when the model has funding decisions (the app's slider and tornado)."""
        return self.amounts_found(weights)[0]

    def amounts_found(self, weights: Weights) -> tuple[np.ndarray, float | None]:
        """`amounts`, and how far below the best possible the split may lie when its search
        reached `INTEGER_SECONDS` before proving it (None: proven; inf: not known): on
        a busy machine a chart shows the best split found, and says so, rather than failing."""
        with self._lock:  # the app's sessions share one loaded model
            if not self.integer:
                return self._cells(self._relaxation(weights)[0]), None
            found = self._integer_split(
                weights, time.perf_counter() + INTEGER_SECONDS, best_found=True
            )
        if found is None:
            raise SensitivityError(
                "sensitivity.error.no_split_in_time", seconds=Duration(INTEGER_SECONDS)
            )
        if found.status == "optimal":
            return self._cells(found.values), None
        return self._cells(found.values), math.inf if found.gap is None else found.gap

    def weights_at(self, name: str, k: int, t: float) -> Weights:
        return {**self.weights, name: moved(self.weights[name], k, t)}

    def shares_at(
        self, name: str, k: int, t: float, exact: bool = False, deadline: float = math.inf
    ) -> np.ndarray | None:
        """Programme shares with weight k of `name` at t: the walk's, or (`exact`) the integer
        split's (None when not proven by `deadline`). Every point is kept for §14.4."""
        weights = self.weights_at(name, k, t)
        if exact and self.fresh and (name, k, t) in self.checked:
            return self.checked[name, k, t]
        if exact and self.fresh:
            values = self._fresh_values(weights, deadline)
            if values is None:
                return None
        elif exact and self.integer:
            limit = min(deadline, time.perf_counter() + INTEGER_SECONDS)
            values = self._integer_values(weights, limit, (name, k, t))
            if values is None:
                return None
        else:
            values = self._relaxation(weights, (name, k, t))[0]
        found = self._programme_shares(values)
        if exact and self.fresh:
            self.checked[name, k, t] = found
        if exact and self.fresh and self.whole_base is not None:
            return found  # whole-line splits of a loose relaxation: not §14.4's points
        kept = self.solved if exact or not self.integer else self.walked
        kept.setdefault((name, k), []).append((t, found))
        return found

    def holds(
        self, name: str, k: int, t: float, exact: bool = False, deadline: float = math.inf
    ) -> bool | None:
        """Whether no programme's share moves by more than 2 points at t (None: not known by
        `deadline`)."""
        found = self.shares_at(name, k, t, exact, deadline)
        if found is None:
            return None
        if exact and self.fresh and self.whole_base is not None:
            base = self.whole_base  # a loose relaxation's ends checked on whole-line splits
        else:
            base = self.base if exact or not self.integer else self.walk_base
        return bool(np.abs(found - base).max(initial=0.0) <= SHARE_LIMIT + 1e-9)
