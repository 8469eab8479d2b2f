"""The rules of the allocation model: which rows each constraint of DESIGN §4 adds.

`RuleSet` is mixed into the PuLP model builder of `prioritise.allocate`, which provides the
primitives (`_row`, `_named`, `_money`, the variable blocks); here is only what the rows say,
with their names, their direction of relaxation and how the elastic model may stretch them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from prioritise.allocate_constraints import NamedConstraint
from prioritise.allocate_input import AllocationInput

PENALTY = {
    "share": 1.0,
    "enabling": 1.0,
    "concentration": 1.0,
    "continuity": 1.0,
    "min_ticket": 1.0,
    "fixed": 10.0,
    "spend_all": 0.9,
}
"""Elastic penalty per unit of money a constraint is stretched (a line counts as an average
ticket, budget / max_lines): commitments move last, leaving money unspent comes first."""


@dataclass(frozen=True)
class Stretch:
    """How the elastic model may stretch a row: slack units, penalty, bound, shared key."""

    kind: str
    scale: float
    penalty: float
    upper: float | None = None
    key: str | None = None
    context: dict[str, Any] = field(default_factory=dict)


class RuleSet:
    """Constraint rows of the allocation model, added through the builder's primitives."""

    data: AllocationInput
    elastic: bool
    decoupled: bool
    cells: np.ndarray
    x: np.ndarray
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

    # primitives provided by the builder
    _row: Callable[..., int]
    _named: Callable[..., int]
    _money: Callable[..., Any]

    def _links_and_totals(self) -> None:
        for c in range(self.x.shape[0]):
            self._row([*((v, 1.0) for v in self.s[c]), *((v, -1.0) for v in self.x[c])], "<=", 0.0)
        for i, total in enumerate(self.programme_total):
            self._row([(total, 1.0), *((v, -1.0) for v, _ in self._money(self.cells[i]))], "=", 0.0)
        for i, total in enumerate(self.region_total):
            self._row(
                [(total, 1.0), *((v, -1.0) for v, _ in self._money(self.cells[:, :, i]))], "=", 0.0
            )

    def _budget(self) -> None:
        data, years = self.data, self.data.years
        total, spend_all = data.total, data.constraints.spend_all
        hard = "=" if spend_all and not self.elastic else "<="
        floor = Stretch("spend_all", 1.0, PENALTY["spend_all"])
        cumulative = data.carry_over or len(years) == 1
        if self.decoupled:
            # one row for the whole horizon; each year's budget binds exactly when the total
            # does (money is split in proportion), so its price is the total's (0 for the
            # cumulative limits of carry-over, which the total overrides)
            item = NamedConstraint("budget", "budget", hard, 1, total)
            index = self._named(item, self._money(self.cells), total, listed=False)
            self._budget_rows.append((index, "total", -1))
            if spend_all and self.elastic:
                self._named(
                    replace(item, sense=">="), self._money(self.cells), total, floor, listed=False
                )
            for t, year in enumerate(years[:-1] if cumulative else years):
                limit = float(
                    data.year_budgets[: t + 1].sum() if cumulative else data.year_budgets[t]
                )
                name = f"budget[{year}]"
                self.named.append(
                    NamedConstraint(
                        name,
                        "budget_year",
                        hard if not cumulative else "<=",
                        1,
                        limit,
                        index={"year": t},
                    )
                )
                self.parts[name] = [] if cumulative else [(index, 1.0)]
            self.named.append(item)
            self.parts["budget"] = [(index, 1.0)]
            return
        if cumulative:
            for t in range(len(years) - 1):
                limit = float(data.year_budgets[: t + 1].sum())
                item = NamedConstraint(
                    f"budget[{years[t]}]", "budget_year", "<=", 1, limit, index={"year": t}
                )
                index = self._named(item, self._money(self.cells, slice(0, t + 1)), limit)
                self._budget_rows.append((index, "cumulative", t))
            item = NamedConstraint("budget", "budget", hard, 1, total)
            self._budget_rows.append(
                (self._named(item, self._money(self.cells), total), "total", -1)
            )
            if spend_all and self.elastic:
                self._named(
                    replace(item, sense=">="), self._money(self.cells), total, floor, listed=False
                )
            return
        parts: list[tuple[int, float | str]] = []
        for t, year in enumerate(years):
            limit = float(data.year_budgets[t])
            item = NamedConstraint(
                f"budget[{year}]", "budget_year", hard, 1, limit, index={"year": t}
            )
            index = self._named(item, self._money(self.cells, t), limit)
            self._budget_rows.append((index, "year", t))
            parts.append((index, limit / total))
            if spend_all and self.elastic:
                self._named(
                    replace(item, sense=">="),
                    self._money(self.cells, t),
                    limit,
                    floor,
                    listed=False,
                )
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
                    pick = max if bound == "min" else min
                    deciding = pick(rule.fields, key=lambda f: f[1])[0]
                    item = NamedConstraint(
                        f"{group}_share[{item_id}].{bound}",
                        f"{group}_share",
                        ">=" if bound == "min" else "<=",
                        -1 if bound == "min" else 1,
                        rule.bound,
                        bound,
                        {group: i},
                    )
                    stretch = Stretch(
                        "share",
                        data.total,
                        PENALTY["share"],
                        rule.bound if bound == "min" else 1 - rule.bound,
                        deciding,
                        {"rule": rule, "bound": bound},
                    )
                    index = self._named(item, [(totals[i], 1.0)], rule.bound * data.total, stretch)
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
                    self._named(
                        item,
                        terms,
                        0.0,
                        Stretch(
                            "enabling",
                            1.0,
                            PENALTY["enabling"],
                            context={"programme": p, "area": e, "bound": bound},
                        ),
                    )
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
                self._named(
                    item,
                    terms,
                    0.0,
                    Stretch(
                        "concentration",
                        1.0,
                        PENALTY["concentration"],
                        context={"programme": p, "region": r},
                    ),
                )

    def _big_m(self) -> np.ndarray:
        """The smallest upper bound on each cell's money that the other rules imply."""
        data = self.data
        bound = np.full(data.shape, data.total)
        if self.elastic:
            return bound
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
            money = [(v, 1.0) for v in self.x[c]]
            self._links.append((self._row([*money, (funded, -float(bound[c]))], "<=", 0.0), c))
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
                    [*((v, 1.0) for v in self.x[c]), (funded, -ticket)],
                    0.0,
                    Stretch("min_ticket", 1.0, PENALTY["min_ticket"], ticket, context={"cell": c}),
                    listed=False,
                )
                parts.append((index, "z"))
                self.ticket_cell[index] = c
            self.named.append(item)
            self.parts["min_ticket"] = parts
        if cons.max_lines is not None:
            item = NamedConstraint("max_lines", "max_lines", "<=", 1, float(cons.max_lines))
            line_cost = data.total / max(cons.max_lines, 1)
            self._named(
                item,
                ((v, 1.0) for v in self.z),
                float(cons.max_lines),
                Stretch("max_lines", 1.0, line_cost),
            )

    def _continuity_and_fixed(self) -> None:
        data = self.data
        rho = data.constraints.continuity
        if rho:
            for c in range(self.x.shape[0]):
                p, e, r = np.unravel_index(c, data.shape)
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
                    if self.decoupled:  # the proportional split keeps every ratio above rho
                        self.named.append(item)
                        self.parts[item.name] = []
                        continue
                    self._named(
                        item,
                        [(self.x[c, t], 1.0), (self.x[c, t - 1], -rho)],
                        0.0,
                        Stretch(
                            "continuity",
                            1.0,
                            PENALTY["continuity"],
                            context={"cell": (p, e, r), "year": t},
                        ),
                    )
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
            self._named(
                item,
                [(self.x[self.cells[p, e, r], t], 1.0)],
                amount,
                Stretch(
                    "fixed", 1.0, PENALTY["fixed"], context={"index": i, "position": (p, e, r, t)}
                ),
            )
