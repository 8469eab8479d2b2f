"""Budget allocation with PuLP: the model of one AllocationInput (docs/model.md §7).

The formulation is described in `prioritise.allocate.rules`, which holds the rows of every
constraint; this module owns the variables and the PuLP problem, and `engine` solves it.
Rows are built from coefficient lists (`LpAffineExpression`), never by adding terms one at a
time.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

import numpy as np
import pulp

from prioritise.allocate.columns import ColumnArrays
from prioritise.allocate.constraints import NamedConstraint
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.matrices import (
    LinearProgram,
    RowMatrix,
    money_by_year,
)
from prioritise.allocate.rules import RuleRow, RuleSet

_SENSE = {"<=": pulp.LpConstraintLE, ">=": pulp.LpConstraintGE, "=": pulp.LpConstraintEQ}


class ModelBuilder(RuleSet):
    """The PuLP model of one AllocationInput; `rule_rows` says which rule each row serves."""

    def __init__(self, data: AllocationInput) -> None:
        self.data = data
        self.problem = pulp.LpProblem("allocation", pulp.LpMaximize)
        self.columns: list[pulp.LpVariable] = []
        self._column: dict[str, int] = {}
        self._meta: list[tuple[str, int, int, int]] = []
        self.rows: list[pulp.LpConstraint] = []
        self._cached_matrix: RowMatrix | None = None
        self._cached_columns: ColumnArrays | None = None
        self.row_names: list[str] = []
        self.named: list[NamedConstraint] = []
        self.parts: dict[str, list[tuple[int, float | str]]] = {}
        self.ticket_cell: dict[int, int] = {}
        self.rule_rows: list[RuleRow] = []
        self._scaled: list[tuple[int, float]] = []
        self._budget_rows: list[tuple[int, str, int]] = []
        self._links: list[tuple[int, int]] = []
        p, e, r = data.shape
        count, years = p * e * r, len(data.years)
        self.cells = np.arange(count).reshape(p, e, r)
        # Only committed cells need money per year: every other cell follows one common year
        # profile, the free money of each year (WLOG: any feasible split of the free cells
        # sums to yearly totals that a common profile reproduces, continuity included).
        self.committed = sorted({int(self.cells[pos[:3]]) for _, pos, _ in data.fixed_amounts()})
        dated = set(self.committed)
        self.money: list[list[pulp.LpVariable]] = [
            [self._var(f"x{c}_{t}", "x", (c, t, -1)) for t in range(years)]
            if c in dated
            else [self._var(f"x{c}", "x", (c, -1, -1))]
            for c in range(count)
        ]
        self.free_cells = [c for c in range(count) if c not in dated]
        self.free_year = self._block("F", (years,), "year", lambda t: (-1, t, -1))
        scale = data.scale.reshape(-1)
        active = [k for k, slope in enumerate(data.slopes) if slope > 0]
        widths = data.widths
        self.slopes = np.asarray(data.slopes, dtype=float)
        self.s = self._block(
            "s",
            (p * e * r, len(active)),
            "s",
            lambda c, k: (c, -1, active[k]),
            upper=lambda c, k: float(widths[active[k]] * scale[c]),
        )
        self.programme_total = self._block("P", (p,), "total", lambda i: (-1, -1, -1))
        self.region_total = self._block("R", (r,), "total", lambda i: (-1, -1, -1))
        cons = data.constraints
        needs_z = bool(cons.min_ticket) or cons.max_lines is not None
        self.z = (
            self._block("z", (p * e * r,), "z", lambda c: (c, -1, -1), binary=True)
            if needs_z
            else None
        )
        self.z_columns = (
            None if self.z is None else np.array([self._column[v.name] for v in self.z])
        )
        self._links_and_totals()
        self._budget()
        self._shares()
        self._enabling_and_concentration()
        self._funding()
        self._continuity_and_fixed()
        values = data.values.reshape(-1)
        self.problem.setObjective(
            pulp.LpAffineExpression(
                (self.s[c, k], float(values[c] * self.slopes[active[k]]))
                for c in range(self.s.shape[0])
                for k in range(self.s.shape[1])
            )
        )

    # ------------------------------------------------------------------ variables and rows
    def _var(
        self,
        name: str,
        kind: str,
        meta: tuple[int, int, int],
        upper: float | None = None,
        binary: bool = False,
    ) -> pulp.LpVariable:
        variable = self.problem.add_variable(
            name,
            lowBound=0,
            upBound=1 if binary else upper,
            cat=pulp.LpBinary if binary else pulp.LpContinuous,
        )
        self._column[name] = len(self.columns)
        self.columns.append(variable)
        self._meta.append((kind, *meta))
        return variable

    def _block(
        self,
        prefix: str,
        shape: tuple[int, ...],
        kind: str,
        meta: Any,
        upper: Any = None,
        binary: bool = False,
    ) -> np.ndarray:
        block = np.empty(shape, dtype=object)
        for index in np.ndindex(*shape):
            name = prefix + "_".join(map(str, index))
            block[index] = self._var(
                name, kind, meta(*index), upper(*index) if upper else None, binary
            )
        return block

    def _row(
        self,
        terms: Iterable[tuple[pulp.LpVariable, float]],
        sense: str,
        rhs: float,
        label: str = "",
    ) -> int:
        row = pulp.LpConstraint(pulp.LpAffineExpression(terms), _SENSE[sense], rhs=float(rhs))
        index = len(self.rows)
        self.problem.addConstraint(row, f"r{index}")
        self.rows.append(row)
        self.row_names.append(label)
        return index

    def _named(
        self,
        item: NamedConstraint,
        terms: Iterable[tuple[pulp.LpVariable, float]],
        rhs: float,
        rule: RuleRow | None = None,
        listed: bool = True,
    ) -> int:
        index = self._row(terms, item.sense, rhs, item.name)
        if rule is not None:
            self.rule_rows.append(replace(rule, row=index))
        if listed:
            self.named.append(item)
            self.parts[item.name] = [(index, 1.0)]
        return index

    def _money(self, cells: np.ndarray) -> Iterator[tuple[pulp.LpVariable, float]]:
        """Terms of the money of some cells over the whole horizon."""
        return ((v, 1.0) for c in np.asarray(cells).reshape(-1) for v in self.money[c])

    def _year_money(self, years: range) -> list[tuple[pulp.LpVariable, float]]:
        """Terms of all the money spent in some years: free money plus commitments' cells."""
        return [(self.free_year[t], 1.0) for t in years] + [
            (self.money[c][t], 1.0) for c in self.committed for t in years
        ]

    # ----------------------------------------------------------------- changes and export
    def set_budget(self, budget: float, base: AllocationInput | None = None) -> None:
        """Move every budget-proportional right-hand side, and the big-Ms, to a new total;
        from `base` (this model's problem at another total) when given, so that the numbers
        do not depend on the totals the model was moved through before."""
        self.data = data = (self.data if base is None else base).with_budget(budget)
        cumulative = np.cumsum(data.year_budgets)
        for index, kind, t in self._budget_rows:
            limit = {
                "cumulative": cumulative[t],
                "total": data.total,
                "year": data.year_budgets[t],
            }[kind]
            self.rows[index].changeRHS(float(limit))
        for index, share in self._scaled:
            self.rows[index].changeRHS(share * data.total)
        if self.z is not None:
            bound = self._big_m().reshape(-1)
            for index, c in self._links:
                self.rows[index].expr[self.z[c]] = -float(bound[c])
        moved = [index for index, _, _ in self._budget_rows] + [i for i, _ in self._scaled]
        self.rows_moved(moved + [index for index, _ in self._links])
        limits = {"budget": data.total}
        limits.update(
            {
                f"budget[{y}]": float(v)
                for y, v in zip(
                    data.years,
                    cumulative if data.carry_over or len(data.years) == 1 else data.year_budgets,
                    strict=True,
                )
            }
        )
        self.named = [
            replace(item, limit=limits[item.name]) if item.name in limits else item
            for item in self.named
        ]

    @contextlib.contextmanager
    def funding_fixed(self, decisions: np.ndarray) -> Iterator[None]:
        """Hold every funding decision at its value (the LP whose duals are reported)."""
        assert self.z is not None and self.z_columns is not None
        saved = [(v.lowBound, v.upBound, v.cat) for v in self.z]
        columns = self._column_arrays()
        try:
            held = np.round(np.asarray(decisions, dtype=float))
            for variable, value in zip(self.z, held, strict=True):
                variable.lowBound = variable.upBound = float(value)
                variable.cat = pulp.LpContinuous
            self._cached_columns = columns.held(self.z_columns, held)
            yield
        finally:
            for variable, (low, up, cat) in zip(self.z, saved, strict=True):
                variable.lowBound, variable.upBound, variable.cat = low, up, cat
            self._cached_columns = columns

    @property
    def funding_links(self) -> list[tuple[int, int]]:
        """(row, cell) of each row tying a cell's money to its funding decision (big-M)."""
        return self._links

    def has_integers(self) -> bool:
        return self.z is not None and any(v.cat == pulp.LpInteger for v in self.z)

    def rows_moved(self, moved: list[int]) -> None:
        """Rows whose bounds or coefficients were changed in place: the cached matrix follows."""
        if self._cached_matrix is not None:
            self._cached_matrix = self._cached_matrix.moved(self.rows, moved)

    def _matrix(self) -> RowMatrix:
        """The rows as a matrix, read from the PuLP rows once and cached (`rows_moved`)."""
        if self._cached_matrix is None:
            self._cached_matrix = RowMatrix.read(self.rows, self.columns)
        return self._cached_matrix

    def _column_arrays(self) -> ColumnArrays:
        """The columns' objective, bounds, kinds and places, read from PuLP once: the columns
        are all made by `__init__`, and `funding_fixed`, the one change of their bounds,
        changes these arrays with them, on the way in and out."""
        if self._cached_columns is None:
            self._cached_columns = ColumnArrays.read(
                self.columns, self.problem.objective, self._meta, pulp.LpInteger
            )
        return self._cached_columns

    def linear_program(self) -> LinearProgram:
        """The current model as matrices (also what HiGHS receives)."""
        matrix, columns = self._matrix(), self._column_arrays()
        return LinearProgram(
            objective=columns.objective.copy(),
            rows=matrix.rows,
            cols=matrix.cols,
            values=matrix.values,
            row_lower=matrix.lower.copy(),
            row_upper=matrix.upper.copy(),
            col_lower=columns.lower.copy(),
            col_upper=columns.upper.copy(),
            integer=columns.integer.copy(),
            column_kind=columns.kind,
            column_cell=columns.cell,
            column_year=columns.year,
            column_segment=columns.segment,
            slopes=self.slopes,
            row_names=list(self.row_names),
            shape=(*self.data.shape, len(self.data.years)),
        )

    def amounts(self, values: np.ndarray) -> np.ndarray:
        """Money per (programme, area, region, year) from column values."""
        columns = self._column_arrays()
        return money_by_year(
            columns.kind,
            columns.cell,
            columns.year,
            values,
            (*self.data.shape, len(self.data.years)),
        )

    def column_of(self, variable: pulp.LpVariable) -> int:
        """The position of a variable among the model's columns (as in `linear_program`)."""
        return self._column[variable.name]
