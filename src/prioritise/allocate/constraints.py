"""The named constraints of an allocation and what an allocation does to each.

Every constraint of docs/model.md §7.6 carries a stable name (`budget[2017]`,
`region_share[north].min`, `enabling_share[rd].min[mining]`, `concentration[north][mining]`,
`continuity[p,e,r][2018]`, `fixed[p,e,r][2017]`, `min_ticket`, `max_lines`, ...). Whether one binds
is read from the allocation itself, with plain numpy, so the report does not depend on a solver's
slack sign.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from prioritise.allocate.input import AllocationInput
from prioritise.allocate.text import (
    ConstraintFacts,
    Sentences,
    amount_of,
    cell_label,
    constraint_message,
    dropped_message,
    effect,
    language_of,
    share_of,
)
from prioritise.allocate.yardstick import Yardstick
from prioritise.text import Integer, Message, Percent, msg

BUDGET_KINDS = ("budget", "budget_year")
"""The budget's rows: listed with the binding rules, but last, as the budget is not a rule."""


@dataclass(frozen=True)
class RulePrice:
    """What relaxing one binding rule is worth, in value (the objective's units), re-solved.

    `dropped` is the value gained with the rule removed; `steps` holds the integer rules'
    smaller relaxations ("lines+1", "lines+10", "ticket-10%"); `exact` is false when a re-solve
    stopped at its time limit (its figure is then a lower bound). See docs/model.md §8.2.
    """

    name: str
    dropped: float | None
    steps: dict[str, float] = field(default_factory=dict)
    exact: bool = True


BINDING_TOLERANCE = 1e-6
"""A constraint binds when its slack is below this share of the budget."""


@dataclass(frozen=True)
class NamedConstraint:
    """One constraint as the results speak of it.

    `relax` is +1 when relaxing it means raising its right-hand side (a cap, a budget) and -1
    when it means lowering it (a floor, a commitment); shadow prices are reported per unit of
    money in that direction, so a positive price always means "relaxing adds value".
    """

    name: str
    kind: str
    sense: str
    relax: int
    limit: float
    bound: str | None = None
    index: dict[str, int] = field(default_factory=dict)


class _Sums:
    """Every total a constraint report needs, computed once per allocation."""

    def __init__(self, data: AllocationInput, amounts: np.ndarray) -> None:
        self.amounts = amounts
        self.cells = amounts.sum(axis=3)
        by_year = amounts.sum(axis=(0, 1, 2))
        self.by_year = np.cumsum(by_year) if data.carry_over else by_year
        self.spent = float(amounts.sum())
        self.programme = self.cells.sum(axis=(1, 2))
        self.region = self.cells.sum(axis=(0, 1))
        self.programme_area = self.cells.sum(axis=2)
        self.programme_region = self.cells.sum(axis=1)
        self.tol = BINDING_TOLERANCE * max(1.0, data.total)
        empty = amounts <= self.tol
        # (p, e, r, t) for t ≥ 1: the cell has no money in year t - 1 nor in year t
        self.idle_pairs = empty[..., :-1] & empty[..., 1:]


def _facts(
    data: AllocationInput, item: NamedConstraint, sums: _Sums, shadow: float | None
) -> tuple[float, bool, ConstraintFacts]:
    """Activity (share, amount or count), binding flag and sentence facts of one constraint."""
    tol, ix = sums.tol, item.index
    year = int(data.years[ix["year"]]) if "year" in ix else None
    limit = item.limit
    if item.kind in ("budget_year", "budget"):
        spent = float(sums.by_year[ix["year"]]) if item.kind == "budget_year" else sums.spent
        binding = spent >= limit - tol
        params: dict[str, Any] = {"limit": amount_of(limit, data)}
        if item.kind == "budget_year":
            params["year"] = year
            if not binding:
                params["slack"] = amount_of(max(limit - spent, 0.0), data)
        elif not binding:
            params["activity"] = amount_of(spent, data)
        return spent, binding, ConstraintFacts(item.kind, None, binding, shadow, params)
    if item.kind in ("min_ticket", "max_lines"):
        funded = sums.cells > tol
        if item.kind == "min_ticket":
            count = int(np.sum(funded & (np.abs(sums.cells - limit) <= tol)))
            binding = count > 0
            params = {"limit": amount_of(limit, data)}
            if binding:
                params["count"] = count
        else:
            count = int(np.sum(funded))
            binding = count >= limit
            params = {"count": int(limit)}
            if not binding:
                params["funded"] = Integer(count)
        room = limit if item.kind == "min_ticket" else None
        return count, binding, ConstraintFacts(item.kind, None, binding, shadow, params, room)
    if item.kind in ("fixed", "continuity"):
        p, e, r, t = ix["programme"], ix["area"], ix["region"], ix["year"]
        cell = cell_label(data, (data.programmes[p], data.areas[e], data.regions[r]))
        if item.kind == "fixed":
            params = {"limit": amount_of(limit, data), "cell": cell, "year": year}
            facts = ConstraintFacts(item.kind, None, True, shadow, params, limit)
            return float(sums.amounts[p, e, r, t]), True, facts
        amount, base = sums.amounts[p, e, r, t], sums.amounts[p, e, r, t - 1]
        who: dict[str, Any] = {"cell": cell, "year": year}
    elif item.kind == "programme_share":
        amount, base = sums.programme[ix["programme"]], data.total
        who = {"who": data.label(data.programmes[ix["programme"]])}
    elif item.kind == "region_share":
        amount, base = sums.region[ix["region"]], data.total
        who = {"who": data.label(data.regions[ix["region"]])}
    elif item.kind == "enabling_share":
        p, e = ix["programme"], ix["area"]
        amount, base = sums.programme_area[p, e], sums.programme[p]
        who = {"area": data.label(data.areas[e]), "programme": data.label(data.programmes[p])}
    else:  # concentration
        p, r = ix["programme"], ix["region"]
        amount, base = sums.programme_region[p, r], sums.region[r]
        who = {"programme": data.label(data.programmes[p]), "region": data.label(data.regions[r])}
    share = amount / base if base > tol else math.nan
    binding = bool(base > tol and abs(amount - limit * base) <= tol)
    params = {**who, "limit": share_of(limit)}
    if not binding and item.kind != "continuity" and math.isfinite(share):
        activity = share_of(share)
        if activity.text("en") == share_of(limit).text("en"):
            activity = Percent(share, activity.decimals + 2)  # near the limit: show the difference
        params["activity"] = activity
    # without a base (a programme or region that gets no money) there is no share to show:
    # its sentence says so (`text.constraint_message`)
    floor = item.kind == "continuity" or item.bound == "min"  # lowered at most to nothing
    room = limit * base if floor and base > tol else None
    return share, binding, ConstraintFacts(item.kind, item.bound, binding, shadow, params, room)


def _idle(item: NamedConstraint, sums: _Sums) -> bool:
    """A continuity rule of a cell with no money either year: nothing to report."""
    if item.kind != "continuity":
        return False
    ix = item.index
    return bool(sums.idle_pairs[ix["programme"], ix["area"], ix["region"], ix["year"] - 1])


PRICE_COLUMNS = (
    "price_as_budget",
    "value_if_dropped",
    "dropped_points",
    "dropped_as_budget",
    "lines+1",
    "lines+10",
    "ticket-10%",
)


def _priced(
    item: NamedConstraint,
    shadow: float | None,
    rule: RulePrice | None,
    yardstick: Yardstick | None,
) -> tuple[float | None, dict[str, Any]]:
    """The shadow price to report and the re-solved price columns of one constraint (§8)."""
    columns: dict[str, Any] = dict.fromkeys(PRICE_COLUMNS, math.nan)
    columns["price_exact"] = None
    if rule is not None:
        if item.kind == "max_lines" and "lines+1" in rule.steps:
            shadow = rule.steps["lines+1"]  # the value of one more line
        for step, value in rule.steps.items():
            columns[step] = value
        if rule.dropped is not None:
            columns["value_if_dropped"] = rule.dropped
            if yardstick is not None:
                columns["dropped_points"] = _nan(yardstick.points(rule.dropped))
                columns["dropped_as_budget"] = _nan(yardstick.money(rule.dropped))
        columns["price_exact"] = rule.exact
    if shadow is not None and yardstick is not None and item.kind not in BUDGET_KINDS:
        columns["price_as_budget"] = _nan(yardstick.money(shadow))
    return shadow, columns


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _sentence(
    data: AllocationInput,
    facts: ConstraintFacts,
    rule: RulePrice | None,
    yardstick: Yardstick | None,
) -> Message | Sentences:
    """The constraint's sentence, followed by what dropping it (or a smaller step) is worth."""
    if rule is not None and facts.kind == "max_lines" and "lines+10" in rule.steps:
        params = {**facts.params, "one_more": rule.steps["lines+1"]}
        params["ten_more"] = rule.steps["lines+10"]
        facts = replace(facts, params=params)
    most = rule.dropped if rule is not None and rule.exact else None  # no part is worth more
    found = rule.dropped if rule is not None and not rule.exact else None  # at least this
    note = constraint_message(facts, data, yardstick, most, found)
    if rule is None or not facts.binding:
        return note
    parts = [note]
    if "ticket-10%" in rule.steps:
        parts.append(
            msg(
                "allocate.constraint.min_ticket.step",
                effect=effect(rule.steps["ticket-10%"], yardstick, data, at_least=not rule.exact),
            )
        )
    dropped = dropped_message(rule.dropped, rule.exact, yardstick, data)
    if dropped is not None:
        parts.append(dropped)
    return Sentences(tuple(parts)) if len(parts) > 1 else note


def constraint_table(
    data: AllocationInput,
    named: list[NamedConstraint],
    amounts: np.ndarray,
    shadow: dict[str, float | None],
    yardstick: Yardstick | None,
    rules: Mapping[str, RulePrice] | None = None,
) -> pd.DataFrame:
    """One row per named constraint: kind, limit, activity, binding, prices, sentence.

    `shadow_price` is the dual price (§8.1; for a binding `max_lines` re-solved, the value of
    one more line); `rules` adds the re-solved prices of binding rules (§8.2): value if
    dropped, in index points and as budget. `note` holds each sentence as a message (for any
    language), `sentence` the same in the scenario's language. Continuity rules of cells that
    get no money in either year are left out: they hold trivially and would drown the table at
    commune scale.
    """
    sums = _Sums(data, amounts)
    language = language_of(data)
    rows = []
    for item in named:
        if _idle(item, sums):
            continue
        rule = None if rules is None else rules.get(item.name)
        price, columns = _priced(item, shadow.get(item.name), rule, yardstick)
        activity, binding, facts = _facts(data, item, sums, price)
        note = _sentence(data, facts, rule if binding else None, yardstick)
        rows.append(
            {
                "name": item.name,
                "kind": item.kind,
                "limit": float(item.limit),
                "activity": float(activity),
                "binding": bool(binding),
                "shadow_price": math.nan if price is None else float(price),
                **columns,
                "sentence": note.text(language),
                "note": note,
            }
        )
    order = [
        "name",
        "kind",
        "limit",
        "activity",
        "binding",
        "shadow_price",
        *PRICE_COLUMNS,
        "price_exact",
        "sentence",
        "note",
    ]
    return pd.DataFrame(rows, columns=order)


def binding_rules(
    data: AllocationInput, named: list[NamedConstraint], amounts: np.ndarray
) -> list[NamedConstraint]:
    """The named constraints that bind at `amounts`, as `constraint_table` marks them, without
    writing a sentence for each."""
    sums = _Sums(data, amounts)
    return [item for item in named if not _idle(item, sums) and _facts(data, item, sums, None)[1]]


def costliest_first(table: pd.DataFrame, priced: bool) -> pd.DataFrame:
    """The binding rows of a `constraint_table`, costliest first, the budget last, each with its
    `order`. Re-solved (`priced`, §8.2): by the value of dropping each; a rule not re-solved in
    time comes after the others. Otherwise by the dual price, and first of all a rule that has
    none (a line limit, §8.1): only re-solving measures it, its sentence says so, and it is
    often the costliest of all, so a list cut short must not leave it out."""
    binding = table[table["binding"].astype(bool)]
    if priced:
        order = binding["value_if_dropped"].astype(float).fillna(-1.0)
    else:
        order = binding["shadow_price"].astype(float).abs().fillna(math.inf)
    binding = binding.assign(order=order)
    budget = binding["kind"].isin(BUDGET_KINDS)
    rules = binding[~budget].sort_values("order", ascending=False, kind="stable")
    return pd.concat([rules, binding[budget]])


def in_reading_order(table: pd.DataFrame, priced: bool) -> pd.DataFrame:
    """Every row of a `constraint_table`: the binding ones as `costliest_first` orders them
    (the budget last), then the others as the model lists them. One order for every full list
    (the app's, the workbook's), so that a reader finds the rules where the summary put them."""
    binding = costliest_first(table, priced).drop(columns="order")
    return pd.concat([binding, table[~table["binding"].astype(bool)]])
