"""The rules of a scenario as diagnosis sees them: the fields a user edits (docs/model.md §9).

A *rule* is one field of `[constraints]` that the allocation model obeys: `spend_all`, a share
floor or cap (overall or of one programme, region or enabling area), `concentration`,
`continuity`, `min_ticket`, `max_lines`, or the amount of one commitment. The budget is not a
rule: it is what the rules share out. Each rule has a current value and a *relaxed end*, the
value at which it no longer asks anything (floors 0, caps 100 %, `spend_all` false, no line
limit, a commitment of any amount); diagnosis moves rules from one towards the other, never
past the relaxed end. Suggested values sit on a grid, rounded in the relaxing direction:
shares to 0.01 percentage points, money to five significant digits of the budget, lines to
whole lines.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from prioritise.allocate.input import AllocationError, AllocationInput
from prioritise.scenario.schema import Constraints

SHARE_STEP = 1e-4
"""Suggested shares are rounded, in the relaxing direction, to 0.01 percentage points."""

Value = float | bool | None
"""A rule's value: a share, an amount, a number of lines, true/false; None is "no rule"."""

_GROUP_FIELDS = {
    "constraints.min_programme_share": ("programme", "floor"),
    "constraints.max_programme_share": ("programme", "cap"),
    "constraints.min_region_share": ("region", "floor"),
    "constraints.max_region_share": ("region", "cap"),
}
# the order in which the deletion filter tries rules: those that shape the split's detail
# first, those that a workshop states most plainly (shares, spending, commitments) last, so a
# conflict names the rules people remember agreeing to when it has a choice
_ORDER = (
    "continuity",
    "min_ticket",
    "concentration",
    "area_cap",
    "area_floor",
    "max_lines",
    "cap",
    "floor",
    "fixed",
    "spend_all",
)


@dataclass(frozen=True)
class Rule:
    """One rule: its field path, kind, current value and the value that relaxes it fully.

    `kind` is spend_all, floor, cap (programme or region shares, `group` says which),
    area_floor, area_cap, concentration, continuity, min_ticket, max_lines or fixed.
    """

    path: str
    kind: str
    current: float | bool
    relaxed: Value
    group: str | None = None

    @property
    def raises(self) -> bool:
        """True when relaxing means a larger value (caps, concentration, lines)."""
        return self.kind in ("cap", "area_cap", "concentration", "max_lines")

    def step(self, data: AllocationInput) -> float:
        """The grid of suggested values: a share step, a money step, or one line."""
        if self.kind in ("min_ticket", "fixed"):
            return money_step(data)
        return 1.0 if self.kind == "max_lines" else SHARE_STEP

    def toward_relaxed(self, value: float, data: AllocationInput) -> float:
        """`value` put on the grid, rounded in the relaxing direction (never past the end)."""
        step = self.step(data)
        if self.raises:
            rounded = round(math.ceil(value / step - 1e-6) * step, 12)
            return rounded if self.relaxed is None else min(float(self.relaxed), rounded)
        return max(0.0, round(math.floor(value / step + 1e-6) * step, 12))

    def relative_size(self, value: Value) -> float:
        """How big a change to `value` is, relative to the current value (1 = all of it)."""
        if isinstance(self.current, bool) or value is None or isinstance(value, bool):
            return 1.0
        return abs(float(value) - self.current) / max(abs(self.current), 1e-12)


def money_step(data: AllocationInput) -> float:
    """Rounding grid for suggested amounts: five significant digits of the budget."""
    return float(10.0 ** (math.floor(math.log10(data.total)) - 4))


def rules_of(data: AllocationInput) -> list[Rule]:
    """Every rule the allocation model of `data` obeys, in the deletion filter's order."""
    cons, found = data.constraints, {}
    if cons.spend_all:
        found["constraints.spend_all"] = Rule("constraints.spend_all", "spend_all", True, False)
    for group, rules in (("programme", data.programme_rules()), ("region", data.region_rules())):
        for low, high in rules.values():
            for rule, kind in ((low, "floor"), (high, "cap")):
                for path, value in () if rule is None else rule.fields:
                    vacuous = value <= 0 if kind == "floor" else value >= 1
                    if not vacuous:
                        relaxed = 0.0 if kind == "floor" else 1.0
                        found[path] = Rule(path, kind, float(value), relaxed, group)
    if data.programmes:
        for area, (least, most) in data.area_bounds().items():
            if least is not None and least > 0:
                path = f"constraints.enabling_share.{area}.min"
                found[path] = Rule(path, "area_floor", float(least), 0.0)
            if most is not None and most < 1:
                path = f"constraints.enabling_share.{area}.max"
                found[path] = Rule(path, "area_cap", float(most), 1.0)
    if cons.concentration is not None and cons.concentration < 1:
        path = "constraints.concentration"
        found[path] = Rule(path, "concentration", float(cons.concentration), 1.0)
    if cons.continuity and len(data.years) > 1:
        path = "constraints.continuity"
        found[path] = Rule(path, "continuity", float(cons.continuity), 0.0)
    if cons.min_ticket:
        found["constraints.min_ticket"] = Rule(
            "constraints.min_ticket", "min_ticket", float(cons.min_ticket), 0.0
        )
    if cons.max_lines is not None:
        found["constraints.max_lines"] = Rule(
            "constraints.max_lines", "max_lines", float(cons.max_lines), None
        )
    for index, _, amount in data.fixed_amounts():
        path = f"constraints.fixed[{index}].amount"
        found[path] = Rule(path, "fixed", float(amount), None)
    return sorted(found.values(), key=lambda rule: _ORDER.index(rule.kind))


def group_field(path: str) -> tuple[str, str] | None:
    """(group, floor|cap) of a field that sets a share for every programme or region."""
    return _GROUP_FIELDS.get(path)


# ---------------------------------------------------------------------------- applying


def assign(raw: dict[str, Any], path: str, value: Any) -> None:
    """Write `value` at a field path of a scenario's raw data (`constraints.x.y`, `fixed[2]`)."""
    parts = path.split(".")
    if parts[0] != "constraints":
        raise AllocationError("allocate.error.not_a_field", path=path)
    node: Any = raw
    for part in parts[:-1]:
        if part.endswith("]"):
            name, index = part[:-1].split("[")
            items = node.get(name) if isinstance(node, dict) else None
            if not isinstance(items, list) or not 0 <= int(index) < len(items):
                raise AllocationError("allocate.error.missing_field", path=path)
            node = items[int(index)]
        else:
            node = node.setdefault(part, {})
            if node is None:
                raise AllocationError("allocate.error.missing_field", path=path)
    node[parts[-1]] = value


def constraints_with(constraints: Constraints, values: Mapping[str, Value]) -> Constraints:
    """The constraints with some fields set to other values, validated as a scenario's are."""
    raw: dict[str, Any] = {"constraints": constraints.model_dump(mode="json", exclude_none=True)}
    for path, value in values.items():
        assign(raw, path, int(value) if path.endswith("max_lines") and value else value)
    return Constraints.model_validate(raw["constraints"])
