"""The allocation model on one HiGHS instance, with its rules moved or switched off.

Diagnosing an infeasible scenario (docs/model.md §9) asks one model many questions: is there
a split without this rule, with that floor at 4 % instead of 6 %, with at most 32 lines? A
fresh model per question would cost most of a second to build and solve; here the model of
the scenario is read once from the PuLP builder's matrices and each question only changes row
bounds, column bounds and a few coefficients; `prioritise.allocate.probe` hands the changes
to its HiGHS instances and asks.

Three changes to the matrices make every rule movable on its own:

- a share rule gets one row per scenario field (`min_region_share` and a region's own `min`
  are two rows), so each field moves alone; the builder's combined row is left free;
- each rule gets slack columns (closed unless the rule may stretch) and an indicator column
  that counts it as changed when any of its slacks is used (for the fewest-rules model);
- rows whose content follows from the rules (each cell's big-M, the lines that floors need)
  are recomputed from the rules' values, so they stay valid however the rules move.

A rule's value goes into the model as the scenario would put it: a floor's rows get
value × budget, a ratio rule (enabling share, concentration, continuity, minimum ticket) its
coefficient, `max_lines` its row bound, a commitment its amount, `spend_all` false opens the
budget rows' lower side. The relaxed end of each rule (`Rule.relaxed`) makes its rows ask
nothing, so "without the rule" is one more value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

from prioritise.allocate.matrices import INFINITY
from prioritise.allocate.pulp_model import ModelBuilder
from prioritise.allocate.rulebook import Rule, Value

_AREA = "constraints.enabling_share."


@dataclass
class _Parts:
    """Where one rule sits in the model: rows it bounds, coefficients it sets, its slacks."""

    bounds: list[tuple[int, float]] = field(default_factory=list)  # (row, scale)
    coefficients: list[tuple[int, int]] = field(default_factory=list)  # (row, column)
    slacks: list[int] = field(default_factory=list)
    slack_upper: list[float] = field(default_factory=list)
    indicator: int = -1


class SwitchableModel:
    """The model of one scenario whose rules can each take any value between current and off.

    `configure(values)` sets every rule (missing ones at their current value); `open_slacks`
    lets some rules stretch; `highs_model` is the whole model for HiGHS, and `row_lower`,
    `row_upper`, `col_lower`, `col_upper` and `entries` (the coefficients) are its state as
    configured. `zero_cost` is the feasibility question, `value_cost` the allocation model's
    own objective (value, negated, for minimisation).
    """

    def __init__(self, builder: ModelBuilder, rules: Sequence[Rule]) -> None:
        program = builder.linear_program()
        self.data = builder.data
        self.rules = {rule.path: rule for rule in rules}
        self.parts = {path: _Parts() for path in self.rules}
        self._rows, self._cols = list(program.rows), list(program.cols)
        self._values = list(program.values)
        self._row_low, self._row_high = list(program.row_lower), list(program.row_upper)
        self._col_low, self._col_high = list(program.col_lower), list(program.col_upper)
        self._integer = list(program.integer)
        self._links: list[tuple[int, int, int]] = []  # (row, funding column, cell)
        self._lines: list[tuple[int, str, dict]] = []
        self._fields: dict[tuple[str, int, str], list[str]] = {}  # (group, item, floor|cap)
        self._read_rules(builder)
        self._indicators()
        self.columns = len(self._col_low)
        self.row_lower, self.row_upper = np.array(self._row_low), np.array(self._row_high)
        self.col_lower, self.col_upper = np.array(self._col_low), np.array(self._col_high)
        self.integer = np.array(self._integer, dtype=bool)
        self._closed = (self.col_lower.copy(), self.col_upper.copy())  # slacks closed
        self.zero_cost = np.zeros(self.columns)
        self.value_cost = np.zeros(self.columns)
        self.value_cost[: len(program.objective)] = -program.objective
        self.funding = np.array([], dtype=int) if builder.z_columns is None else builder.z_columns
        money = program.column_kind == "x"
        self._money_columns, self._money_cell = np.flatnonzero(money), program.column_cell[money]
        self._program = program
        matrix = self._highs_model()
        rows, cols, self.original = self.matrix
        self.entries = self.original.copy()
        wanted = [key for parts in self.parts.values() for key in parts.coefficients]
        wanted += [(row, column) for row, column, _ in self._links]
        keys = rows.astype(np.int64) * self.columns + cols
        order = np.argsort(keys, kind="stable")
        asked = np.array([r * self.columns + c for r, c in wanted], dtype=np.int64)
        found = order[np.searchsorted(keys, asked, sorter=order)]
        self._entry = dict(zip(wanted, found.tolist(), strict=True))
        stretchable = [(*parts.slacks, parts.indicator) for parts in self.parts.values()]
        self._slack_columns = np.array([c for group in stretchable for c in group], dtype=int)
        self.highs_model = matrix
        self.configure({})

    # ------------------------------------------------------------------------- building
    def _row(self, terms: list[tuple[int, float]], lower: float, upper: float) -> int:
        row = len(self._row_low)
        for column, value in terms:
            self._rows.append(row)
            self._cols.append(column)
            self._values.append(value)
        self._row_low.append(lower)
        self._row_high.append(upper)
        return row

    def _column(self, upper: float, integer: bool = False) -> int:
        self._col_low.append(0.0)
        self._col_high.append(upper)
        self._integer.append(integer)
        return len(self._col_low) - 1

    def _slack(self, path: str, row: int, sign: float, upper: float) -> None:
        column = self._column(0.0)
        self._rows.append(row)
        self._cols.append(column)
        self._values.append(sign)
        self.parts[path].slacks.append(column)
        self.parts[path].slack_upper.append(upper)

    def _shared_slack(self, path: str, upper: float) -> int:
        parts = self.parts[path]
        if not parts.slacks:
            parts.slacks.append(self._column(0.0))
            parts.slack_upper.append(upper)
        return parts.slacks[0]

    def _read_rules(self, builder: ModelBuilder) -> None:
        data, total = self.data, self.data.total
        cells = data.n_cells
        spend = self.parts.get("constraints.spend_all")
        for row, kind, _ in builder._budget_rows:
            if spend is not None and kind in ("year", "total"):
                limit = float(self._row_high[row])
                spend.bounds.append((row, limit))
                self._slack("constraints.spend_all", row, 1.0, limit)
        for item in builder.rule_rows:
            row, where = item.row, item.where
            column = None if item.column is None else builder.column_of(item.column)
            if item.kind == "share":
                self._share_rows(row, where, builder.column_of(item.column))
            elif item.kind == "link":
                self._links.append((row, int(column), where["cell"]))  # type: ignore[arg-type]
            elif item.kind.startswith("lines_"):
                self._lines.append((row, item.kind, where))
            elif item.kind == "max_lines":
                self.parts["constraints.max_lines"].bounds.append((row, 1.0))
                self._slack("constraints.max_lines", row, -1.0, float(cells))
            elif item.kind == "fixed":
                path = f"constraints.fixed[{where['index']}].amount"
                self.parts[path].bounds.append((row, 1.0))
                self._slack(path, row, 1.0, total)
                self._slack(path, row, -1.0, total)
            else:
                path = {
                    "enabling": f"{_AREA}{where.get('area')}.{where.get('bound')}",
                    "concentration": "constraints.concentration",
                    "continuity": "constraints.continuity",
                    "min_ticket": "constraints.min_ticket",
                }[item.kind]
                self.parts[path].coefficients.append((row, int(column)))  # type: ignore[arg-type]
                floor = item.kind != "concentration" and where.get("bound") != "max"
                if item.kind == "min_ticket":  # X_c >= m z_c - sigma: one slack, exact
                    shared = self._shared_slack(path, float(self.rules[path].current))
                    self._rows.append(row)
                    self._cols.append(shared)
                    self._values.append(1.0)
                else:
                    self._slack(path, row, 1.0 if floor else -1.0, total)

    def _share_rows(self, combined: int, where: dict, total_column: int) -> None:
        """One row per field that sets this bound, instead of the builder's combined row."""
        self._row_low[combined], self._row_high[combined] = -INFINITY, INFINITY
        group, bound = where["group"], where["bound"]
        items = self.data.programmes if group == "programme" else self.data.regions
        kind = "floor" if bound == "min" else "cap"
        paths = self._fields.setdefault((group, items.index(where["item"]), kind), [])
        for path, _ in where["rule"].fields:
            rule = self.rules.get(path)
            if rule is None:
                continue
            paths.append(path)
            row = self._row([(total_column, 1.0)], -INFINITY, INFINITY)
            self.parts[path].bounds.append((row, self.data.total))
            headroom = rule.current if kind == "floor" else 1.0 - float(rule.current)
            sigma = self._shared_slack(path, float(headroom))
            self._rows.append(row)
            self._cols.append(sigma)
            self._values.append(self.data.total if kind == "floor" else -self.data.total)

    def _indicators(self) -> None:
        """y_rule ∈ {0, 1} with Σ slack_j / upper_j ≤ (number of slacks) · y_rule."""
        for parts in self.parts.values():
            parts.indicator = self._column(0.0, integer=True)
            terms = [
                (column, 1.0 / max(upper, 1e-12))
                for column, upper in zip(parts.slacks, parts.slack_upper, strict=True)
            ]
            self._row([*terms, (parts.indicator, -float(len(terms)))], -INFINITY, 0.0)

    def _highs_model(self) -> highspy.HighsLp:
        rows, cols = np.asarray(self._rows), np.asarray(self._cols)
        values = np.asarray(self._values, dtype=float)
        order = np.lexsort((rows, cols))
        self.matrix = (rows, cols, values)
        model = highspy.HighsLp()
        model.num_col_, model.num_row_ = self.columns, len(self.row_lower)
        model.col_cost_ = np.zeros(self.columns)
        model.col_lower_, model.col_upper_ = self.col_lower, self.col_upper
        model.row_lower_, model.row_upper_ = self.row_lower, self.row_upper
        model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        counts = np.bincount(cols, minlength=self.columns)
        model.a_matrix_.start_ = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
        model.a_matrix_.index_ = rows[order].astype(np.int32)
        model.a_matrix_.value_ = values[order]
        return model

    # ---------------------------------------------------------------------- configuring
    def value_of(self, values: Mapping[str, Value], path: str) -> Value:
        return values[path] if path in values else self.rules[path].current

    def configure(self, values: Mapping[str, Value], stretching: Iterable[str] = ()) -> None:
        """Put every rule at its value in `values` (its current value when not given).

        Rules in `stretching` may stretch (see `open_slacks`): the rows that follow from the
        rules (big-Ms, lines needed) count them as switched off, so they stay valid.
        """
        for path, rule in self.rules.items():
            value, parts = self.value_of(values, path), self.parts[path]
            number = 0.0 if value is None or isinstance(value, bool) else float(value)
            for row, scale in parts.bounds:
                if rule.kind == "spend_all":
                    self.row_lower[row] = scale if value else -INFINITY
                elif rule.kind == "floor":
                    self.row_lower[row] = number * scale
                elif rule.kind in ("cap", "max_lines"):
                    self.row_upper[row] = INFINITY if value is None else number * scale
                else:  # a commitment: exactly its amount, or anything when switched off
                    self.row_lower[row] = -INFINITY if value is None else number
                    self.row_upper[row] = INFINITY if value is None else number
            for row, column in parts.coefficients:
                self.entries[self._entry[row, column]] = -number
        derived = dict(values)
        derived.update((path, self.rules[path].relaxed) for path in stretching)
        self._derived_rows(derived)
        self._configured = derived

    def _derived_rows(self, values: Mapping[str, Value]) -> None:
        """Big-Ms and the lines that floors need, for rules at these values."""
        data = self.data
        caps = {
            group: np.array([self._bound(values, group, i, "cap") for i in range(count)])
            for group, count in (("programme", len(data.programmes)), ("region", len(data.regions)))
        }
        areas = np.array([self._number(values, f"{_AREA}{a}.max", 1.0) for a in data.areas])
        limit = self._number(values, "constraints.concentration", 1.0)
        programme, region = caps["programme"][:, None, None], caps["region"][None, None, :]
        bound = np.full(data.shape, data.total)
        bound = np.minimum(bound, data.total * programme)
        bound = np.minimum(bound, data.total * region)
        bound = np.minimum(bound, data.total * programme * areas[None, :, None])
        bound = np.minimum(bound, data.total * limit * region).reshape(-1)
        for row, column, cell in self._links:
            self.entries[self._entry[row, column]] = -float(bound[cell])
        per_region = min(math.ceil(1 / limit - 1e-9) if limit > 0 else 1, data.n_cells)
        per_region = min(per_region, len(data.programmes) * len(data.areas))
        for row, kind, where in self._lines:
            if kind == "lines_committed":  # off: a commitment here may stretch to nothing
                needed = 0
            elif kind == "lines_region":
                floor = self._bound(values, "region", where["region"], "floor")
                needed = per_region if floor > 0 else 0
            else:
                area = where["area"]
                inside = (
                    1.0
                    if area is None
                    else self._number(values, f"{_AREA}{data.areas[area]}.min", 0.0)
                )
                floor = self._bound(values, "programme", where["programme"], "floor")
                needed = 1 if floor > 0 and inside > 0 else 0
            self.row_lower[row] = float(needed) if needed else -INFINITY

    def _number(self, values: Mapping[str, Value], path: str, missing: float) -> float:
        if path not in self.rules:
            return missing
        value = self.value_of(values, path)
        return missing if value is None else float(value)

    def _bound(self, values: Mapping[str, Value], group: str, item: int, kind: str) -> float:
        """An item's floor (the largest field that sets it) or cap (the smallest)."""
        paths = self._fields.get((group, item, kind), [])
        if kind == "floor":
            return max((self._number(values, p, 0.0) for p in paths), default=0.0)
        return min((self._number(values, p, 1.0) for p in paths), default=1.0)

    def close_slacks(self) -> None:
        """Every rule held at its value: no slack, no indicator, funding decisions free."""
        self.col_lower[:], self.col_upper[:] = self._closed

    def open_slacks(self, paths: Sequence[str], indicators: str = "fixed") -> None:
        """Let these rules stretch: slacks up to their bound; indicators at 1, or free
        (0..1, integer in the MIP) with `indicators="free"`."""
        for path in paths:
            parts = self.parts[path]
            self.col_upper[parts.slacks] = np.asarray(parts.slack_upper, dtype=float)
            self.col_lower[parts.indicator] = 0.0 if indicators == "free" else 1.0
            self.col_upper[parts.indicator] = 1.0

    def fix_funding(self, funded: np.ndarray | None) -> None:
        """Hold every funding decision at 1 where `funded`, else 0; None frees them."""
        if funded is None:
            self.col_lower[self.funding], self.col_upper[self.funding] = 0.0, 1.0
        else:
            self.col_lower[self.funding] = self.col_upper[self.funding] = funded.astype(float)

    def amounts(self, values: np.ndarray) -> np.ndarray:
        """Money per (programme, area, region, year) from column values."""
        return self._program.amounts(values[: len(self._program.objective)])

    def cell_money(self, values: np.ndarray) -> np.ndarray:
        """Money of each cell over the horizon, from column values."""
        weights = np.maximum(values[self._money_columns], 0.0)
        return np.bincount(self._money_cell, weights=weights, minlength=self.data.n_cells)

    def activity(self, values: np.ndarray) -> np.ndarray:
        """Every row's activity A·v under the current coefficients, slacks left out."""
        rows, cols, _ = self.matrix
        plain = values.copy()
        plain[self._slack_columns] = 0.0
        return np.bincount(rows, weights=self.entries * plain[cols], minlength=len(self.row_lower))

    def coefficient(self, row: int, column: int) -> float:
        return float(self.entries[self._entry[row, column]])

    def value_held(self, rule: Rule, values: np.ndarray) -> Value:
        """The tightest value of `rule` that a split obeys (of an integer split: exactly what
        it does; with open slacks, the value the stretched rows stand for)."""
        parts, total = self.parts[rule.path], self.data.total
        activity = self.activity(values)
        if rule.kind == "spend_all":
            tolerance = 1e-7 * max(1.0, total)
            return all(activity[row] >= limit - tolerance for row, limit in parts.bounds)
        if rule.kind in ("floor", "cap"):
            shares = [activity[row] / scale for row, scale in parts.bounds]
            return min(shares) if rule.kind == "floor" else max(shares)
        if rule.kind in ("max_lines", "fixed"):
            return float(activity[parts.bounds[0][0]])
        smallest = 0.5 if rule.kind == "min_ticket" else 1e-9 * max(1.0, total)
        ratios = []
        for row, column in parts.coefficients:
            base = values[column]
            if base > smallest:
                inside = activity[row] - self.entries[self._entry[row, column]] * base
                ratios.append(inside / base)
        if not ratios:
            return rule.current
        return max(ratios) if rule.raises else min(ratios)

    def value_stretched(self, rule: Rule, values: np.ndarray) -> Value:
        """The value a rule takes in a split found with its slacks open."""
        parts = self.parts[rule.path]
        slack = values[parts.slacks]
        if rule.kind == "spend_all":
            return not bool((slack > 1e-9 * max(1.0, self.data.total)).any())
        current = float(rule.current)
        if rule.kind in ("floor", "min_ticket"):
            return current - float(slack[0])
        if rule.kind in ("cap", "max_lines"):
            return current + float(slack[0])
        if rule.kind == "fixed":
            return current - float(slack[0]) + float(slack[1])
        return self.value_held(rule, values)

    def stretched(self, path: str, values: np.ndarray) -> bool:
        """Whether a split uses any of this rule's slacks."""
        parts = self.parts[path]
        used = values[parts.slacks] / np.maximum(parts.slack_upper, 1e-12)
        return bool((used > 1e-7).any())

    def floored_areas(self) -> list[int]:
        """The enabling areas whose floor is in force as configured."""
        return [
            e
            for e, area in enumerate(self.data.areas)
            if self._number(self._configured, f"{_AREA}{area}.min", 0.0) > 0
        ]

    def required_lines(self) -> list[tuple[np.ndarray, int]]:
        """The cells of each line row in force and how many of them must be funded."""
        programmes, areas, regions = self.data.shape
        cells = np.arange(self.data.n_cells).reshape(programmes, areas, regions)
        found = []
        for row, kind, where in self._lines:
            needed = self.row_lower[row]
            if needed <= 0 or not np.isfinite(needed):
                continue
            if kind == "lines_region":
                members = cells[:, :, where["region"]]
            elif where["area"] is None:
                members = cells[where["programme"]]
            else:
                members = cells[where["programme"], where["area"]]
            found.append((members.reshape(-1), round(float(needed))))
        return found
