"""Questions to the switchable model: is there a split, what is the best one, how far must a
rule move (docs/model.md §9.2).

Every "yes" comes with a split that obeys every rule, funding decisions included, so it is a
proof; every "no" is a proof too: either the LP relaxation (with the valid line rows) has no
split, or the mixed-integer model says so. Mixed-integer solves are the slow part, so they
come last: a split is first sought by rounding the LP relaxation (fund the cells it funds,
then solve the LP with those decisions held), and the best split of a repaired scenario by a
mixed-integer model restricted to the cells the relaxation funds, started from the rounded
split. The relaxation's value bounds what any split can reach, which gives each answer its gap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import highspy
import numpy as np

from prioritise.allocate.deadline import Deadline
from prioritise.allocate.matrices import FEASIBLE_SOLUTION, INFINITY, new_highs
from prioritise.allocate.rulebook import Value
from prioritise.allocate.switchable import SwitchableModel
from prioritise.allocate.watchdog import abandoned, run_watched

GAP = 5e-3
"""A repaired scenario's value is taken as reached by a split within 0.5 % of the relaxation's
bound; a rounded split further off is improved by a restricted mixed-integer model, which stops
at the optimiser's own gap of 0.1 %."""
MIP_GAP = 1e-3
MIP_SECONDS = 5.0
"""The longest any one mixed-integer solve of a diagnosis may take."""
EXTRA_LINES = 30
"""Cells beyond the line limit that the restricted model may fund (the relaxation's next best)."""


@dataclass
class Outcome:
    """One answer: status (optimal, feasible, infeasible, unknown), columns, value, bound."""

    status: str
    values: np.ndarray = field(default_factory=lambda: np.array([]))
    objective: float | None = None
    bound: float | None = None

    @property
    def found(self) -> bool:
        return self.status in ("optimal", "feasible")

    @property
    def gap(self) -> float:
        """How far the value may be below the best possible, relative to the value."""
        if self.objective is None or self.bound is None:
            return INFINITY
        return (self.bound - self.objective) / max(abs(self.objective), 1e-12)


class _Instance:
    """One HiGHS instance and the bounds, costs and coefficients last handed to it."""

    def __init__(self, model: SwitchableModel, integer: bool) -> None:
        self.highs = new_highs()
        self.highs.passModel(model.highs_model)
        self.row_lower = np.array(model.highs_model.row_lower_, dtype=float)
        self.row_upper = np.array(model.highs_model.row_upper_, dtype=float)
        self.col_lower = np.array(model.highs_model.col_lower_, dtype=float)
        self.col_upper = np.array(model.highs_model.col_upper_, dtype=float)
        self.cost = np.zeros(model.columns)
        self.entries = model.original.copy()
        if not integer:  # presolve only slows these LPs down, cold or warm
            self.highs.setOptionValue("presolve", "off")
        if integer:
            columns = np.flatnonzero(model.integer).astype(np.int32)
            kinds = np.full(len(columns), highspy.HighsVarType.kInteger.value, dtype=np.uint8)
            self.highs.changeColsIntegrality(len(columns), columns, kinds)

    def sync(self, model: SwitchableModel, cost: np.ndarray) -> None:
        """Hand HiGHS whatever changed since the last solve."""
        highs = self.highs
        for ours, theirs, rows in (
            ((model.row_lower, model.row_upper), (self.row_lower, self.row_upper), True),
            ((model.col_lower, model.col_upper), (self.col_lower, self.col_upper), False),
        ):
            changed = np.flatnonzero((ours[0] != theirs[0]) | (ours[1] != theirs[1]))
            if len(changed):
                change = getattr(highs, "changeRowsBounds" if rows else "changeColsBounds")
                change(len(changed), changed.astype(np.int32), ours[0][changed], ours[1][changed])
                theirs[0][changed], theirs[1][changed] = ours[0][changed], ours[1][changed]
        matrix_rows, matrix_cols, _ = model.matrix
        for i in np.flatnonzero(model.entries != self.entries):
            highs.changeCoeff(int(matrix_rows[i]), int(matrix_cols[i]), float(model.entries[i]))
            self.entries[i] = model.entries[i]
        changed = np.flatnonzero(cost != self.cost)
        if len(changed):
            highs.changeColsCost(len(changed), changed.astype(np.int32), cost[changed])
            self.cost[changed] = cost[changed]


class Prober:
    """Asks a `SwitchableModel` questions until `deadline`; a solve still running then is
    stopped (`prioritise.allocate.watchdog`) and answers "unknown".

    Three HiGHS instances keep their own bases: one for the value LPs (a repair's best split
    starts from the last one's basis), one for every other LP, one for mixed-integer models.
    """

    def __init__(self, model: SwitchableModel, deadline: Deadline) -> None:
        self.model, self.deadline = model, deadline
        self._instances: dict[str, _Instance] = {}
        self.lines_cost = model.zero_cost.copy()
        self.lines_cost[model.funding] = 1.0
        self.solves = 0

    @property
    def has_decisions(self) -> bool:
        return len(self.model.funding) > 0

    def remaining(self) -> float:
        left = self.deadline.remaining()
        return INFINITY if left is None else left

    def solve(
        self,
        cost: np.ndarray,
        *,
        integer: bool = False,
        gap: float | None = None,
        start: np.ndarray | None = None,
    ) -> Outcome:
        """Minimise `cost` over the model as configured: its LP relaxation, or the MIP."""
        kind = "mip" if integer else "value" if cost is self.model.value_cost else "lp"
        if kind not in self._instances or abandoned(self._instances[kind].highs):
            self._instances[kind] = _Instance(self.model, integer=integer)
        instance = self._instances[kind]
        instance.sync(self.model, cost)
        highs = instance.highs
        self.solves += 1
        if integer:
            highs.setOptionValue("mip_rel_gap", MIP_GAP if gap is None else gap)
            if start is not None:
                index = np.arange(len(start), dtype=np.int32)
                highs.setSolution(len(start), index, np.asarray(start, dtype=float))
        # an LP gets what is left; a mixed-integer model at most MIP_SECONDS of it
        if not run_watched(highs, self.deadline, MIP_SECONDS if integer else None):
            return Outcome("unknown")
        status, info = highs.getModelStatus(), highs.getInfo()
        if status == highspy.HighsModelStatus.kInfeasible:
            return Outcome("infeasible")
        if info.primal_solution_status != FEASIBLE_SOLUTION:
            return Outcome("unknown")
        values = np.asarray(highs.getSolution().col_value, dtype=float)
        optimal = status == highspy.HighsModelStatus.kOptimal
        bound = float(info.mip_dual_bound) if integer else float(info.objective_function_value)
        return Outcome("optimal" if optimal else "feasible", values, float(cost @ values), bound)

    def _held(self, funded: np.ndarray, cost: np.ndarray) -> Outcome:
        """The LP with these cells funded and no others (an integer split, if any)."""
        self.model.fix_funding(funded)
        try:
            return self.solve(cost)
        finally:
            self.model.fix_funding(None)

    def _restricted(
        self, lower: np.ndarray, upper: np.ndarray, cost: np.ndarray, start: Outcome
    ) -> Outcome:
        """The mixed-integer model with the cells in `lower` funded, those not in `upper`
        unfunded, and the rest to decide."""
        model = self.model
        model.col_lower[model.funding] = lower.astype(float)
        model.col_upper[model.funding] = upper.astype(float)
        try:
            return self.solve(cost, integer=True, start=_values(start))
        finally:
            model.fix_funding(None)

    def _decided(self, relaxed: Outcome, cost: np.ndarray, start: Outcome) -> Outcome:
        """The mixed-integer model with every decision the relaxation took whole kept: cells
        it funds fully stay funded, cells it leaves out stay out, the others are decided."""
        decisions = relaxed.values[self.model.funding]
        money = self.model.cell_money(relaxed.values) > 1e-9 * self.model.data.total
        return self._restricted(decisions >= 1 - 1e-6, money | (decisions > 1e-6), cost, start)

    def _funded(self, values: np.ndarray, limit: float = INFINITY) -> np.ndarray:
        """The cells a relaxation funds; if more than `limit`, first the lines that floors
        need (each region's largest cells, of different programmes, as concentration asks;
        each floored programme's), then in every programme chosen a line in each enabling
        area with a floor, then the largest others."""
        model = self.model
        money = model.cell_money(values)
        funded = money > 1e-9 * model.data.total
        if funded.sum() <= limit:
            return funded
        programmes, areas, regions = model.data.shape
        chosen = np.zeros_like(funded)
        for cells, needed in model.required_lines():
            order = cells[np.argsort(-money[cells], kind="stable")]
            distinct = order[np.unique(order // (areas * regions), return_index=True)[1]]
            distinct = distinct[np.argsort(-money[distinct], kind="stable")]
            picks = [*distinct[:needed], *order]
            while chosen[cells].sum() < needed and picks:
                chosen[picks.pop(0)] = True
        grid = np.arange(model.data.n_cells).reshape(programmes, areas, regions)
        for p in np.unique(np.flatnonzero(chosen) // (areas * regions)):
            for e in model.floored_areas():
                cells = grid[p, e]
                if not chosen[cells].any():
                    chosen[cells[np.argmax(money[cells])]] = True
        for cell in np.argsort(-money, kind="stable"):
            if chosen.sum() >= limit or not funded[cell]:
                break
            chosen[cell] = True
        return chosen

    # ------------------------------------------------------------------------- questions
    def feasible(self, values: Mapping[str, Value]) -> Outcome:
        """Is there a split with the rules at these values? `optimal` with one, `infeasible`,
        or `unknown` (the mixed-integer model ran out of time)."""
        model = self.model
        model.configure(values)
        model.close_slacks()
        relaxed = self.solve(self.lines_cost)
        if not relaxed.found or not self.has_decisions:
            return relaxed
        held = self._held(self._funded(relaxed.values), model.zero_cost)
        if not held.found:
            held = self._decided(relaxed, model.zero_cost, held)
        if not held.found:
            held = self.solve(model.zero_cost, integer=True)
        return Outcome("optimal", held.values) if held.found else Outcome(held.status)

    def best(self, values: Mapping[str, Value]) -> Outcome:
        """The best split with the rules at these values: `objective` its value, `bound` the
        relaxation's (no split can reach more)."""
        model = self.model
        model.configure(values)
        model.close_slacks()
        relaxed = self.solve(model.value_cost)
        if not relaxed.found or not self.has_decisions:
            return _valued(relaxed, relaxed, model)
        limit = self._line_limit(values)
        held = self._held(self._funded(relaxed.values, limit), model.value_cost)
        if held.found and _valued(held, relaxed, model).gap <= GAP:
            return _valued(held, relaxed, model)
        found = self._decided(relaxed, model.value_cost, held)
        if not found.found:
            allowed = self._funded(relaxed.values, limit + EXTRA_LINES)
            if held.found:
                allowed |= self._funded(held.values)
            found = self._restricted(np.zeros_like(allowed), allowed, model.value_cost, held)
        if not found.found and not held.found:  # the restricted model proves nothing
            found = self.solve(model.value_cost, integer=True)
        splits = [split for split in (found, held) if split.found]
        if not splits:
            return found
        return _valued(min(splits, key=lambda s: model.value_cost @ s.values), relaxed, model)

    def _line_limit(self, values: Mapping[str, Value]) -> float:
        path = "constraints.max_lines"
        if path not in self.model.rules:
            return INFINITY
        value = self.model.value_of(values, path)
        return INFINITY if value is None else float(value)

    def stretch(self, paths: Iterable[str], values: Mapping[str, Value] | None = None) -> Outcome:
        """The LP in which the rules of `paths` may stretch and every other rule holds at its
        value: the least stretch, each rule's relative to its value."""
        model = self.model
        stretching = list(paths)
        model.configure(values or {}, stretching=stretching)
        model.close_slacks()
        model.open_slacks(stretching)
        cost = model.zero_cost.copy()
        for path in stretching:
            parts = model.parts[path]
            cost[parts.slacks] = 1.0 / np.maximum(parts.slack_upper, 1e-12)
        try:
            return self.solve(cost)
        finally:
            model.close_slacks()


def _values(outcome: Outcome) -> np.ndarray | None:
    return outcome.values if outcome.found else None


def _valued(found: Outcome, relaxed: Outcome, model: SwitchableModel) -> Outcome:
    """A split with its value (maximised) and the relaxation's bound on what any can reach."""
    if not found.found:
        return found
    value = -float(model.value_cost @ found.values)
    bound = -float(model.value_cost @ relaxed.values)
    return Outcome("optimal", found.values, value, max(bound, value))
