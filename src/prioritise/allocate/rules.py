"""The allocation model's formulation: which rows each constraint of docs/model.md §7.6 adds.

Money per cell c = (programme, area, region): X_c over the horizon. Years matter only through
the year budgets, continuity and commitments, so only committed cells (with `fixed` amounts)
get a variable per year; every other cell follows one common year profile, the free money F_t
of each year. That is exact — the free cells of any feasible split add up to yearly totals
that a common profile reproduces, continuity included — and a third of the size for three
years.

The concave returns V_c · S_c · h(X_c / S_c) use one variable per curve segment,
s[c, k] ∈ [0, width_k · S_c] earning V_c · slope_k, with Σ_k s[c, k] ≤ X_c: slopes fall, so
segments fill in order and the formulation is exact without binaries; money past the last
breakpoint earns nothing. Binaries z_c exist only with `min_ticket` or `max_lines`; each is
tied to its cell with the tightest big-M the other rules allow and to every segment
(s[c, k] ≤ width_k · S_c · z_c, the perspective of the returns curve), and regions and
programmes with floors get rows saying how many lines they need. Together these keep the LP
relaxation tight: the default scenario solves to 0.1 % in a fraction of a second, where a plain
big-M model takes several.

`RuleSet` is mixed into the PuLP model builder of `prioritise.allocate`, which provides the
primitives (`_row`, `_named`, `_money`, the variables); here is only what the rows say, with
their names, their direction of relaxation and, as `RuleRow`s, which scenario rule each row
serves (what diagnosis switches off or moves, docs/model.md §9).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from prioritise.allocate.constraints import NamedConstraint
from prioritise.allocate.input import AllocationInput


@dataclass(frozen=True)
class RuleRow:
    """A row that a scenario rule puts in the model, and where the rule applies.

    `kind` is share, enabling, concentration, min_ticket, max_lines, continuity, fixed,
    link (a cell's money tied to its funding decision), lines_region, lines_programme or
    lines_committed (the valid inequalities of `_lines_required`). `column` is the variable
    whose coefficient the rule's value sets (a programme's or region's total, a funding
    decision, last year's money), if any; `where` holds the indices (programme, area,
    region, cell, year, ...).
    """

    row: int
    kind: str
    column: Any = None
    where: dict[str, Any] = field(default_factory=dict)


class RuleSet:
    """Constraint rows of the allocation model, added through the builder's primitives."""

    data: AllocationInput
    cells: np.ndarray
    money: list[list[Any]]
    committed: list[int]
    free_cells: list[int]
    free_year: np.ndarray
    s: np.ndarray
    z: np.ndarray | None
    programme_total: np.ndarray
    region_total: np.ndarray
    named: list[NamedConstraint]
    parts: dict[str, list[tuple[int, float | str]]]
    ticket_cell: dict[int, int]
    _scaled: list[tuple[int, float]]
    _budget_rows: list[tuple[int, str, int]]
    _links: list[tuple[int, int]]
    rule_rows: list[RuleRow]

    # primitives provided by the builder
    _row: Callable[..., int]
    _named: Callable[..., int]
    _money: Callable[..., Any]
    _year_money: Callable[..., list[tuple[Any, float]]]

    def _links_and_totals(self) -> None:
        for c, money in enumerate(self.money):
            self._row([*((v, 1.0) for v in self.s[c]), *((v, -1.0) for v in money)], "<=", 0.0)
        self._row(
            [*((v, 1.0) for v in self.free_year), *self._money_out(self.free_cells)], "=", 0.0
        )
        for i, total in enumerate(self.programme_total):
            self._row([(total, 1.0), *self._money_out(self.cells[i])], "=", 0.0)
        for i, total in enumerate(self.region_total):
            self._row([(total, 1.0), *self._money_out(self.cells[:, :, i])], "=", 0.0)

    def _money_out(self, cells: Any) -> list[tuple[Any, float]]:
        return [(v, -1.0) for v, _ in self._money(np.asarray(cells))]

    def _budget(self) -> None:
        data, years = self.data, self.data.years
        total, spend_all = data.total, data.constraints.spend_all
        hard = "=" if spend_all else "<="
        cumulative = data.carry_over or len(years) == 1
        if cumulative:
            for t in range(len(years) - 1):
                limit = float(data.year_budgets[: t + 1].sum())
                item = NamedConstraint(
                    f"budget[{years[t]}]", "budget_year", "<=", 1, limit, index={"year": t}
                )
                index = self._named(item, self._year_money(range(t + 1)), limit)
                self._budget_rows.append((index, "cumulative", t))
            item = NamedConstraint("budget", "budget", hard, 1, total)
            everything = self._year_money(range(len(years)))
            self._budget_rows.append((self._named(item, everything, total), "total", -1))
            return
        parts: list[tuple[int, float | str]] = []
        for t, year in enumerate(years):
            limit = float(data.year_budgets[t])
            item = NamedConstraint(
                f"budget[{year}]", "budget_year", hard, 1, limit, index={"year": t}
            )
            index = self._named(item, self._year_money(range(t, t + 1)), limit)
            self._budget_rows.append((index, "year", t))
            parts.append((index, limit / total))
        self.named.append(NamedConstraint("budget", "budget", hard, 1, total))
        self.parts["budget"] = parts

    def _shares(self) -> None:
        data = self.data
        for group, rules, totals in (
            ("programme", data.programme_rules(), self.programme_total),
            ("region", data.region_rules(), self.region_total),
        ):
            for i, (item_id, (low, high)) in enumerate(rules.items()):
                for bound, rule in (("min", low), ("max", high)):
                    if rule is None:
                        continue
                    item = NamedConstraint(
                        f"{group}_share[{item_id}].{bound}",
                        f"{group}_share",
                        ">=" if bound == "min" else "<=",
                        -1 if bound == "min" else 1,
                        rule.bound,
                        bound,
                        {group: i},
                    )
                    where = {"group": group, "item": item_id, "bound": bound, "rule": rule}
                    index = self._named(
                        item,
                        [(totals[i], 1.0)],
                        rule.bound * data.total,
                        RuleRow(-1, "share", totals[i], where),
                    )
                    self._scaled.append((index, rule.bound))

    def _enabling_and_concentration(self) -> None:
        data = self.data
        for e, (area, (low, high)) in enumerate(data.area_bounds().items()):
            for bound, share in (("min", low), ("max", high)):
                if (
                    share is None
                    or (bound == "min" and share <= 0)
                    or (bound == "max" and share >= 1)
                ):
                    continue
                for p, programme in enumerate(data.programmes):
                    item = NamedConstraint(
                        f"enabling_share[{area}].{bound}[{programme}]",
                        "enabling_share",
                        ">=" if bound == "min" else "<=",
                        -1 if bound == "min" else 1,
                        share,
                        bound,
                        {"programme": p, "area": e},
                    )
                    terms = [*self._money(self.cells[p, e]), (self.programme_total[p], -share)]
                    where = {"programme": p, "area": area, "bound": bound}
                    rule = RuleRow(-1, "enabling", self.programme_total[p], where)
                    self._named(item, terms, 0.0, rule)
        limit = data.constraints.concentration
        if limit is None or limit >= 1:
            return
        for r, region in enumerate(data.regions):
            for p, programme in enumerate(data.programmes):
                item = NamedConstraint(
                    f"concentration[{region}][{programme}]",
                    "concentration",
                    "<=",
                    1,
                    limit,
                    index={"programme": p, "region": r},
                )
                terms = [*self._money(self.cells[p, :, r]), (self.region_total[r], -limit)]
                where = {"programme": p, "region": r}
                self._named(
                    item, terms, 0.0, RuleRow(-1, "concentration", self.region_total[r], where)
                )

    def _big_m(self) -> np.ndarray:
        """The smallest upper bound on each cell's money that the other rules imply."""
        data = self.data
        bound = np.full(data.shape, data.total)
        caps = {
            group: np.array([1.0 if high is None else high.bound for _, high in rules.values()])
            for group, rules in (
                ("programme", data.programme_rules()),
                ("region", data.region_rules()),
            )
        }
        areas = np.array([1.0 if high is None else high for _, high in data.area_bounds().values()])
        bound = np.minimum(bound, data.total * caps["programme"][:, None, None])
        bound = np.minimum(bound, data.total * caps["region"][None, None, :])
        bound = np.minimum(
            bound, data.total * caps["programme"][:, None, None] * areas[None, :, None]
        )
        limit = data.constraints.concentration
        if limit is not None:
            bound = np.minimum(bound, data.total * limit * caps["region"][None, None, :])
        return bound

    def _funding(self) -> None:
        if self.z is None:
            return
        data, cons = self.data, self.data.constraints
        bound = self._big_m().reshape(-1)
        widths, scale = data.widths, data.scale.reshape(-1)
        active = [k for k, slope in enumerate(data.slopes) if slope > 0]
        for c, funded in enumerate(self.z):
            money = [(v, 1.0) for v in self.money[c]]
            link = self._row([*money, (funded, -float(bound[c]))], "<=", 0.0)
            self._links.append((link, c))
            self.rule_rows.append(RuleRow(link, "link", funded, {"cell": c}))
            for k, segment in enumerate(self.s[c]):
                self._row(
                    [(segment, 1.0), (funded, -float(widths[active[k]] * scale[c]))], "<=", 0.0
                )
        ticket = cons.min_ticket or 0.0
        if ticket > 0:
            item = NamedConstraint("min_ticket", "min_ticket", ">=", -1, ticket)
            parts: list[tuple[int, float | str]] = []
            for c, funded in enumerate(self.z):
                p, e, r = np.unravel_index(c, data.shape)
                cell = f"{data.programmes[p]},{data.areas[e]},{data.regions[r]}"
                index = self._named(
                    replace(item, name=f"min_ticket[{cell}]"),
                    [*((v, 1.0) for v in self.money[c]), (funded, -ticket)],
                    0.0,
                    RuleRow(-1, "min_ticket", funded, {"cell": c}),
                    listed=False,
                )
                parts.append((index, "z"))
                self.ticket_cell[index] = c
            self.named.append(item)
            self.parts["min_ticket"] = parts
        self._lines_required()
        if cons.max_lines is not None:
            item = NamedConstraint("max_lines", "max_lines", "<=", 1, float(cons.max_lines))
            self._named(
                item, ((v, 1.0) for v in self.z), float(cons.max_lines), RuleRow(-1, "max_lines")
            )

    def _lines_required(self) -> None:
        """Valid inequalities on the funding decisions that the LP relaxation misses.

        A region with a floor needs money, and under a concentration limit c at least
        ceil(1 / c) funded lines; a programme with a floor needs a funded line in every
        enabling area with a minimum share; a line with committed money is funded. Fractional
        decisions satisfy the floors, and hold the commitments, with a sliver of a line; these
        rows do not change the optimum but close most of the gap.
        """
        data, z = self.data, self.z
        assert z is not None
        committed = {
            int(self.cells[p, e, r])
            for _, (p, e, r, _), amount in data.fixed_amounts()
            if amount > 0
        }
        for c in sorted(committed):
            row = self._row([(z[c], 1.0)], ">=", 1.0)
            self.rule_rows.append(RuleRow(row, "lines_committed", where={"cell": c}))
        limit = data.constraints.concentration
        per_region = math.ceil(1 / limit - 1e-9) if limit else 1
        for r, (low, _) in enumerate(data.region_rules().values()):
            if low is not None:
                row = self._row(
                    ((z[c], 1.0) for c in self.cells[:, :, r].reshape(-1)),
                    ">=",
                    float(min(per_region, self.cells[:, :, r].size)),
                )
                self.rule_rows.append(RuleRow(row, "lines_region", where={"region": r}))
        needed: list[int | None] = [
            e for e, (low, _) in enumerate(data.area_bounds().values()) if low
        ]
        for p, (low, _) in enumerate(data.programme_rules().values()):
            if low is None:
                continue
            for e in needed or [None]:
                cells = self.cells[p] if e is None else self.cells[p, e]
                row = self._row(((z[c], 1.0) for c in cells.reshape(-1)), ">=", 1.0)
                where = {"programme": p, "area": e}
                self.rule_rows.append(RuleRow(row, "lines_programme", where=where))

    def _continuity_and_fixed(self) -> None:
        data = self.data
        rho = data.constraints.continuity
        if rho and len(data.years) > 1:
            self._continuity(rho)
        for i, (p, e, r, t), amount in data.fixed_amounts():
            cell = f"{data.programmes[p]},{data.areas[e]},{data.regions[r]}"
            item = NamedConstraint(
                f"fixed[{cell}][{data.years[t]}]",
                "fixed",
                "=",
                -1,
                amount,
                index={"programme": p, "area": e, "region": r, "year": t},
            )
            money = self.money[self.cells[p, e, r]][t]
            self._named(item, [(money, 1.0)], amount, RuleRow(-1, "fixed", where={"index": i}))

    def _continuity(self, rho: float) -> None:
        """x[c, t] ≥ rho · x[c, t-1]: per cell for committed cells; for the others once, on
        the free money of each year, which their common profile carries to every cell. Every
        funded free cell earns the same at the margin, so that row's dual is a valid dual of
        each funded cell's own rule; rules of cells without money are not reported."""
        data = self.data
        together = {}
        for t in range(1, len(data.years)):
            item = NamedConstraint(
                f"continuity[{data.years[t]}]", "continuity", ">=", -1, rho, index={"year": t}
            )
            terms = [(self.free_year[t], 1.0), (self.free_year[t - 1], -rho)]
            rule = RuleRow(-1, "continuity", self.free_year[t - 1], {"year": t})
            together[t] = self._named(item, terms, 0.0, rule, listed=False)
        committed = set(self.committed)
        for c in range(len(self.money)):
            p, e, r = (int(i) for i in np.unravel_index(c, data.shape))
            cell = f"{data.programmes[p]},{data.areas[e]},{data.regions[r]}"
            for t in range(1, len(data.years)):
                item = NamedConstraint(
                    f"continuity[{cell}][{data.years[t]}]",
                    "continuity",
                    ">=",
                    -1,
                    rho,
                    index={"programme": p, "area": e, "region": r, "year": t},
                )
                if c not in committed:
                    self.named.append(item)
                    self.parts[item.name] = [(together[t], 1.0)]
                    continue
                terms = [(self.money[c][t], 1.0), (self.money[c][t - 1], -rho)]
                rule = RuleRow(-1, "continuity", self.money[c][t - 1], {"cell": c, "year": t})
                self._named(item, terms, 0.0, rule)
