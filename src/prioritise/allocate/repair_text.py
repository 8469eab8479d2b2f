"""The words of a diagnosis: each rule with its value, the conflict, each change, each repair.

Rules appear by what they ask ("every region at least 6 %", "at most 150 funded lines"),
with names in the reader's language, never field paths or ids. Shares show as many decimals
as they need (6 %, 6.1 %, 6.25 %): suggested shares sit on a grid of 0.01 percentage points.
Amounts likewise, up to their grid (`rulebook.money_step`): a minimum ticket lowered to
0.1562 reads 0.1562, never a rounded 0.16 that would not repair anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from prioritise.allocate.input import AllocationInput
from prioritise.allocate.rulebook import Rule, Value, group_field, money_step
from prioritise.allocate.text import amount_of, cell_label, exact_decimals
from prioritise.allocate.yardstick import reference_value
from prioritise.text import Integer, ListOf, Localizable, Message, Number, Percent, msg

_EVERY = {
    ("programme", "floor"): (
        "allocate.rule.every_programme_floor",
        "allocate.what.every_programme_floor",
    ),
    ("region", "floor"): ("allocate.rule.every_region_floor", "allocate.what.every_region_floor"),
    ("programme", "cap"): (
        "allocate.rule.every_programme_cap",
        "allocate.what.every_programme_cap",
    ),
    ("region", "cap"): ("allocate.rule.every_region_cap", "allocate.what.every_region_cap"),
}
_OWN = {
    "floor": ("allocate.rule.floor", "allocate.what.floor"),
    "cap": ("allocate.rule.cap", "allocate.what.cap"),
    "area_floor": ("allocate.rule.area_floor", "allocate.what.area_floor"),
    "area_cap": ("allocate.rule.area_cap", "allocate.what.area_cap"),
}
_PLAIN = {
    "concentration": ("allocate.rule.concentration", "allocate.what.concentration"),
    "continuity": ("allocate.rule.continuity", "allocate.what.continuity"),
    "min_ticket": ("allocate.rule.min_ticket", "allocate.what.min_ticket"),
    "max_lines": ("allocate.rule.max_lines", "allocate.what.max_lines"),
}
_SENTENCES = {
    "lower": "allocate.relax.lower",
    "raise": "allocate.relax.raise",
    "spend_all": "allocate.repair.spend_all_change",
}
_CLAUSES = {
    "lower": "allocate.repair.lower",
    "raise": "allocate.repair.raise",
    "spend_all": "allocate.repair.spend_all",
}


@dataclass(frozen=True)
class Clauses:
    """Phrases read one after the other, separated by semicolons, as one message parameter."""

    items: tuple[Message, ...]

    def text(self, lang: str) -> str:
        return "; ".join(item.text(lang) for item in self.items)


def _share(*values: Value) -> int:
    """Decimals that show every share of a sentence exactly (at most two)."""
    return exact_decimals([100 * float(v) for v in values if not isinstance(v, bool | None)], 2)


def _amount(value: Value, data: AllocationInput) -> Localizable:
    """An amount as exactly as the grid of suggested amounts holds it (the value applied)."""
    money = amount_of(None if value is None else float(value), data)
    if value is None or isinstance(value, bool) or data.unit == 1 or money.decimals is None:
        return money
    places = max(0, -math.floor(math.log10(money_step(data)) + 1e-9))
    return replace(money, decimals=max(money.decimals, exact_decimals([float(value)], places)))


def _value(rule: Rule, value: Value, data: AllocationInput, decimals: int) -> Localizable:
    if rule.kind in ("min_ticket", "fixed"):
        return _amount(value, data)
    if rule.kind == "max_lines":
        return Integer(None if value is None else int(value))
    return Percent(None if value is None else float(value), decimals)


def _ids(rule: Rule) -> tuple[str, str]:
    """(the rule with its value, the rule alone) message ids."""
    every = group_field(rule.path)
    if every is not None:
        return _EVERY[every]
    if rule.kind in _OWN:
        return _OWN[rule.kind]
    return _PLAIN[rule.kind]


def _name(rule: Rule, data: AllocationInput) -> dict[str, object]:
    if rule.kind in _OWN and group_field(rule.path) is None:  # constraints.x_share.<id>.<bound>
        return {"name": data.label(rule.path.split(".")[2])}
    return {}


def _commitment(rule: Rule, data: AllocationInput) -> dict[str, object]:
    index = int(rule.path[len("constraints.fixed[") : rule.path.index("]")])
    item = data.constraints.fixed[index]
    cell = cell_label(data, (item.programme, item.enabling_area, item.region))
    return {"cell": cell, "year": int(item.year)}


def rule_phrase(rule: Rule, data: AllocationInput) -> Message:
    """What a rule asks, with its current value: 'every region at least 6 %'."""
    if rule.kind == "spend_all":
        return msg("allocate.rule.spend_all")
    value = _value(rule, rule.current, data, _share(rule.current))
    if rule.kind == "fixed":
        return msg("allocate.rule.commitment", amount=value, **_commitment(rule, data))
    if rule.kind == "max_lines":
        return msg("allocate.rule.max_lines", count=value)
    key = "amount" if rule.kind == "min_ticket" else "share"
    return msg(_ids(rule)[0], **{key: value}, **_name(rule, data))


def conflict_note(rules: list[Rule], data: AllocationInput) -> Message:
    """'These rules cannot all hold: spend the whole budget; no region above 6.1 %.'"""
    return msg("allocate.conflict", rules=Clauses(tuple(rule_phrase(r, data) for r in rules)))


def _what(rule: Rule, data: AllocationInput) -> Message:
    if rule.kind == "fixed":
        return msg("allocate.what.commitment", **_commitment(rule, data))
    return msg(_ids(rule)[1], **_name(rule, data))


def _direction(rule: Rule, value: Value) -> str:
    if rule.kind == "fixed":
        return "lower" if float(value or 0.0) < float(rule.current) else "raise"
    return "raise" if rule.raises else "lower"


def _change(rule: Rule, value: Value, data: AllocationInput, spent: float, ids: dict) -> Message:
    if rule.kind == "spend_all":
        spent_money, budget = amount_of(spent, data), amount_of(data.total, data)
        return msg(ids["spend_all"], spent=spent_money, budget=budget)
    decimals = _share(rule.current, value)
    return msg(
        ids[_direction(rule, value)],
        what=_what(rule, data),
        old=_value(rule, rule.current, data, decimals),
        new=_value(rule, value, data, decimals),
    )


def change_note(rule: Rule, value: Value, data: AllocationInput, spent: float) -> Message:
    """The change as a sentence: 'Raise the cap on every region from 6.1% to 6.25%.'"""
    return _change(rule, value, data, spent, _SENTENCES)


def repair_note(
    changes: list[tuple[Rule, Value]],
    data: AllocationInput,
    spent: float,
    objective: float,
    bound: float | None = None,
) -> Message:
    """The whole repair in one sentence, with the value its best split reaches (and, when
    that split may fall short of the best, the most any split can reach)."""
    clauses = ListOf([_change(rule, value, data, spent, _CLAUSES) for rule, value in changes])
    reference = reference_value(data)
    if reference > 0:  # the value index, as everywhere else (§10.1)
        index = Number(100 * objective / reference, 1)
        if bound is None:
            return msg("allocate.repair.sentence_index", changes=clauses, value=index)
        most = Number(100 * bound / reference, 1)
        return msg("allocate.repair.sentence_index_bound", changes=clauses, value=index, bound=most)
    value = Number(objective, 4)
    if bound is None:
        return msg("allocate.repair.sentence", changes=clauses, value=value)
    return msg(
        "allocate.repair.sentence_bound", changes=clauses, value=value, bound=Number(bound, 4)
    )
