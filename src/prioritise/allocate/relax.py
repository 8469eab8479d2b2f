"""Suggested relaxations of an infeasible scenario, and applying them.

The elastic model (`prioritise.allocate`) stretches named constraints as little as possible; each
stretch is a `SlackReading`. Here they become `Relaxation`s on scenario fields — "lower the floor
for Antofagasta from 8 % to 5.5 %" — chosen so that the elastic model's own allocation satisfies
the relaxed scenario: applying every suggestion makes the scenario feasible. Suggested shares are
rounded in the relaxing direction, so rounding never undoes a relaxation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from prioritise.allocate.input import AllocationError, AllocationInput, ShareRule
from prioritise.allocate.text import amount_of, cell_label, exact_decimals, language_of
from prioritise.scenario.checks import cross_check
from prioritise.scenario.schema import Constraints, Scenario
from prioritise.text import Integer, Localizable, Message, Percent, msg

SHARE_STEP = 1e-4
"""Suggested shares are rounded, in the relaxing direction, to 0.01 percentage points."""
SLACK_TOLERANCE = 1e-7


@dataclass(frozen=True)
class Relaxation:
    """Change `field` of the scenario from `current` to `suggested` to make it feasible.

    `note` says so as a message; `message` is it in the scenario's `language`.
    """

    constraint: str
    field: str
    current: float | bool | None
    suggested: float | bool
    note: Message
    language: str = "en"

    @property
    def message(self) -> str:
        return self.note.text(self.language)

    def message_text(self, lang: str | None = None) -> str:
        return self.note.text(lang or self.language)


@dataclass(frozen=True)
class SlackReading:
    """How far the elastic model had to stretch one named constraint (in its own units)."""

    kind: str
    name: str
    amount: float
    context: dict[str, Any] = field(default_factory=dict)


def _down(value: float, step: float) -> float:
    return max(0.0, round(math.floor(value / step + 1e-7) * step, 12))


def _up(value: float, step: float, cap: float = math.inf) -> float:
    return min(cap, round(math.ceil(value / step - 1e-7) * step, 12))


def money_step(data: AllocationInput) -> float:
    """Rounding grid for suggested amounts: five significant digits of the budget."""
    return 10.0 ** (math.floor(math.log10(data.total)) - 4)


class _Needs:
    """Per scenario field, the most relaxed value any stretched constraint asks for."""

    def __init__(self) -> None:
        self.items: dict[str, tuple[str, float | bool, float | bool | None, str, float]] = {}

    def add(
        self,
        path: str,
        direction: str,
        value: float | bool,
        current: float | bool | None,
        name: str,
        size: float,
    ) -> None:
        old = self.items.get(path)
        if old is not None:
            if direction == "lower":
                value = min(value, old[1])
            elif direction == "raise":
                value = max(value, old[1])
            if old[4] > size:
                name, size = old[3], old[4]
        self.items[path] = (direction, value, current, name, size)


def _ratios(numerator: np.ndarray, denominator: np.ndarray) -> float:
    return float(numerator / denominator) if denominator > 1e-12 else 1.0


def _share_need(needs: _Needs, reading: SlackReading) -> None:
    rule: ShareRule = reading.context["rule"]
    if reading.context["bound"] == "min":
        target = _down(rule.bound - reading.amount, SHARE_STEP)
        for path, current in rule.fields:
            if current > target:
                needs.add(path, "lower", target, current, reading.name, reading.amount)
    else:
        target = _up(rule.bound + reading.amount, SHARE_STEP, 1.0)
        for path, current in rule.fields:
            if current < target:
                needs.add(path, "raise", target, current, reading.name, reading.amount)


def _ratio_need(
    data: AllocationInput, needs: _Needs, reading: SlackReading, amounts: np.ndarray
) -> None:
    ctx, cons = reading.context, data.constraints
    totals = amounts.sum(axis=3)
    if reading.kind == "enabling":
        p, e = ctx["programme"], ctx["area"]
        ratio = _ratios(totals[p, e].sum(), totals[p].sum())
        area = data.areas[e]
        current = getattr(cons.enabling_share[area], ctx["bound"])
        path = f"constraints.enabling_share.{area}.{ctx['bound']}"
        if ctx["bound"] == "min":
            needs.add(
                path, "lower", _down(ratio, SHARE_STEP), current, reading.name, reading.amount
            )
        else:
            needs.add(
                path, "raise", _up(ratio, SHARE_STEP, 1.0), current, reading.name, reading.amount
            )
    elif reading.kind == "concentration":
        p, r = ctx["programme"], ctx["region"]
        ratio = _ratios(totals[p, :, r].sum(), totals[:, :, r].sum())
        needs.add(
            "constraints.concentration",
            "raise",
            _up(ratio, SHARE_STEP, 1.0),
            cons.concentration,
            reading.name,
            reading.amount,
        )
    elif reading.kind == "continuity":
        # every cell must keep the new ratio: the smallest one the allocation shows
        before, after = amounts[..., :-1], amounts[..., 1:]
        tol = SLACK_TOLERANCE * max(1.0, data.total)
        active = before > tol
        ratio = float(np.min(after[active] / before[active])) if active.any() else 1.0
        needs.add(
            "constraints.continuity",
            "lower",
            _down(min(ratio, cons.continuity or 0.0), SHARE_STEP),
            cons.continuity,
            reading.name,
            reading.amount,
        )


def relaxations_from_slacks(
    data: AllocationInput, readings: list[SlackReading], amounts: np.ndarray
) -> list[Relaxation]:
    """Scenario changes that the elastic allocation `amounts` (P × E × R × T) satisfies."""
    needs = _Needs()
    cons = data.constraints
    for reading in readings:
        if reading.kind != "fixed" and reading.amount <= SLACK_TOLERANCE:
            continue
        if reading.kind == "share":
            _share_need(needs, reading)
        elif reading.kind in ("enabling", "concentration", "continuity"):
            _ratio_need(data, needs, reading, amounts)
        elif reading.kind == "min_ticket":
            target = _down((cons.min_ticket or 0.0) - reading.amount, money_step(data))
            needs.add(
                "constraints.min_ticket",
                "lower",
                target,
                cons.min_ticket,
                reading.name,
                reading.amount,
            )
        elif reading.kind == "max_lines":
            limit = cons.max_lines or 0
            target = math.ceil(limit + reading.amount - 1e-6)
            needs.add("constraints.max_lines", "raise", target, limit, reading.name, reading.amount)
        elif reading.kind == "spend_all":
            needs.add("constraints.spend_all", "set", False, True, reading.name, reading.amount)
        elif reading.kind == "fixed":
            index, position = reading.context["index"], reading.context["position"]
            current = cons.fixed[index].amount
            target = max(0.0, round(float(amounts[position]), 9))
            if abs(target - current) > SLACK_TOLERANCE * max(1.0, data.total):
                needs.add(
                    f"constraints.fixed[{index}].amount",
                    "set",
                    target,
                    current,
                    reading.name,
                    abs(target - current),
                )
    spent = float(amounts.sum())
    language = language_of(data)
    return [
        Relaxation(
            name,
            path,
            current,
            value,
            _message(data, path, direction, current, value, spent),
            language,
        )
        for path, (direction, value, current, name, _) in needs.items.items()
    ]


# ------------------------------------------------------------------------------- words

_EVERY = {
    "min_programme_share": "allocate.what.every_programme_floor",
    "min_region_share": "allocate.what.every_region_floor",
    "max_programme_share": "allocate.what.every_programme_cap",
    "max_region_share": "allocate.what.every_region_cap",
}
_RULES = {
    "concentration": "allocate.what.concentration",
    "continuity": "allocate.what.continuity",
    "min_ticket": "allocate.what.min_ticket",
    "max_lines": "allocate.what.max_lines",
}
_VERBS = {"lower": "allocate.relax.lower", "raise": "allocate.relax.raise"}


def _what(data: AllocationInput, path: str) -> Message:
    """The rule a scenario field sets, in words (names, never field keys or ids)."""
    parts = path.split(".")
    if path.startswith("constraints.fixed["):
        index = int(path[len("constraints.fixed[") : path.index("]")])
        item = data.constraints.fixed[index]
        cell = cell_label(data, (item.programme, item.enabling_area, item.region))
        return msg("allocate.what.commitment", cell=cell, year=int(item.year))
    key = parts[1]
    if key in _EVERY:
        return msg(_EVERY[key])
    if key in ("programme_share", "region_share"):
        name = data.label(parts[2])
        if parts[3] == "min":
            return msg("allocate.what.floor", name=name)
        return msg("allocate.what.cap", name=name)
    if key == "enabling_share":
        name = data.label(parts[2])
        if parts[3] == "min":
            return msg("allocate.what.area_floor", name=name)
        return msg("allocate.what.area_cap", name=name)
    return msg(_RULES[key])


def _value(
    data: AllocationInput, path: str, amount: float | bool | None, decimals: int
) -> Localizable:
    if path.endswith((".amount", "min_ticket")):
        return amount_of(None if amount is None else float(amount), data)
    if path.endswith("max_lines"):
        return Integer(None if amount is None else int(amount))
    return Percent(None if amount is None else float(amount), decimals)


def _message(
    data: AllocationInput,
    path: str,
    direction: str,
    current: float | bool | None,
    value: float | bool,
    spent: float,
) -> Message:
    if path == "constraints.spend_all":
        return msg(
            "allocate.relax.spend_all",
            spent=amount_of(spent, data),
            budget=amount_of(data.total, data),
        )
    # Shares are suggested to 0.01 percentage points: show as many decimals as they need.
    shares = [100 * float(v) for v in (current, value) if v is not None]
    decimals = exact_decimals(shares, 2)
    return msg(
        _VERBS.get(direction, "allocate.relax.change"),
        what=_what(data, path),
        old=_value(data, path, current, decimals),
        new=_value(data, path, value, decimals),
    )


# ---------------------------------------------------------------------------- applying


def _assign(raw: dict, path: str, value: float | bool) -> None:
    parts = path.split(".")
    if parts[0] != "constraints":
        raise AllocationError("allocate.error.not_a_field", path=path)
    node: Any = raw
    for part in parts[:-1]:
        if part.endswith("]"):
            name, index = part[:-1].split("[")
            node = node[name][int(index)]
        else:
            node = node.setdefault(part, {})
            if node is None:
                raise AllocationError("allocate.error.missing_field", path=path)
    node[parts[-1]] = value


def apply_relaxations(scenario: Scenario, relaxations: list[Relaxation]) -> Scenario:
    """A copy of the scenario with every suggested relaxation written in; the original stays."""
    raw = scenario.model_dump(mode="json", exclude_none=True)
    for relaxation in relaxations:
        _assign(raw, relaxation.field, relaxation.suggested)
    problems = cross_check(raw)
    if problems:
        raise AllocationError(
            "allocate.error.relaxed_invalid", problems="; ".join(str(p) for p in problems)
        )
    constraints = Constraints.model_validate(raw["constraints"])
    return scenario.model_copy(update={"constraints": constraints})
