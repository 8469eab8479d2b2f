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
from prioritise.allocate.text import cell_label, money, number
from prioritise.scenario.checks import cross_check
from prioritise.scenario.schema import Constraints, Scenario

SHARE_STEP = 1e-4
"""Suggested shares are rounded, in the relaxing direction, to 0.01 percentage points."""
SLACK_TOLERANCE = 1e-7


@dataclass(frozen=True)
class Relaxation:
    """Change `field` of the scenario from `current` to `suggested` to make it feasible."""

    constraint: str
    field: str
    current: float | bool | None
    suggested: float | bool
    message: str


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
    return [
        Relaxation(
            name, path, current, value, _message(data, path, direction, current, value, spent)
        )
        for path, (direction, value, current, name, _) in needs.items.items()
    ]


# ------------------------------------------------------------------------------- words


def _what(data: AllocationInput, path: str) -> tuple[str, str]:
    parts = path.split(".")
    if path.startswith("constraints.fixed["):
        index = int(path[len("constraints.fixed[") : path.index("]")])
        item = data.constraints.fixed[index]
        cell = cell_label(data, (item.programme, item.enabling_area, item.region))
        return (
            f"the commitment to {cell} in {item.year}",
            f"el compromiso con {cell} en {item.year}",
        )
    key = parts[1]
    if key in (
        "min_programme_share",
        "min_region_share",
        "max_programme_share",
        "max_region_share",
    ):
        group = "programme" if "programme" in key else "region"
        es_group = "programa" if group == "programme" else "región"
        if key.startswith("min"):
            return (f"the floor for every {group} ({key})", f"el piso de cada {es_group} ({key})")
        return (f"the cap on every {group} ({key})", f"el tope de cada {es_group} ({key})")
    if key in ("programme_share", "region_share"):
        name = data.name(parts[2])
        if parts[3] == "min":
            return f"the floor for {name}", f"el piso de {name}"
        return f"the cap on {name}", f"el tope de {name}"
    if key == "enabling_share":
        name = data.name(parts[2])
        if parts[3] == "min":
            return (
                f"the floor for {name} in each programme's money",
                f"el piso de {name} en el dinero de cada programa",
            )
        return (
            f"the cap on {name} in each programme's money",
            f"el tope de {name} en el dinero de cada programa",
        )
    return {
        "concentration": (
            "the concentration limit (largest share of a region's money for one programme)",
            "el límite de concentración (mayor participación de un "
            "programa en el dinero de una región)",
        ),
        "continuity": (
            "the continuity rule (each year at least this share of the year before)",
            "la regla de continuidad (cada año al menos esta fracción del anterior)",
        ),
        "min_ticket": ("the minimum ticket", "el monto mínimo por línea"),
        "max_lines": ("the limit on funded lines", "el límite de líneas financiadas"),
    }[key]


def _format(data: AllocationInput, path: str, amount: float | bool | None) -> str:
    language = "es" if data.language == "es" else "en"
    if amount is None:
        return "—"
    if path.endswith((".amount", "min_ticket")):
        return money(float(amount), data)
    if path.endswith("max_lines"):
        return str(int(amount))
    return f"{number(100 * float(amount), language, 2)} %"


def _message(
    data: AllocationInput,
    path: str,
    direction: str,
    current: float | bool | None,
    value: float | bool,
    spent: float,
) -> str:
    if path == "constraints.spend_all":
        if data.language == "es":
            return (
                "Permitir que parte del presupuesto quede sin gastar (spend_all = false): con "
                f"las demás reglas se pueden gastar {money(spent, data)} de "
                f"{money(data.total, data)}."
            )
        return (
            "Let part of the budget go unspent (spend_all = false): under the other rules "
            f"{money(spent, data)} of {money(data.total, data)} can be spent."
        )
    en, es = _what(data, path)
    old, new = _format(data, path, current), _format(data, path, value)
    if data.language == "es":
        verb = {"lower": "Bajar", "raise": "Subir"}.get(direction, "Cambiar")
        return f"{verb} {es} de {old} a {new}."
    verb = {"lower": "Lower", "raise": "Raise"}.get(direction, "Change")
    return f"{verb} {en} from {old} to {new}."


# ---------------------------------------------------------------------------- applying


def _assign(raw: dict, path: str, value: float | bool) -> None:
    parts = path.split(".")
    if parts[0] != "constraints":
        raise AllocationError(f"'{path}' is not a constraint field")
    node: Any = raw
    for part in parts[:-1]:
        if part.endswith("]"):
            name, index = part[:-1].split("[")
            node = node[name][int(index)]
        else:
            node = node.setdefault(part, {})
            if node is None:
                raise AllocationError(f"'{path}' does not exist in this scenario")
    node[parts[-1]] = value


def apply_relaxations(scenario: Scenario, relaxations: list[Relaxation]) -> Scenario:
    """A copy of the scenario with every suggested relaxation written in; the original stays."""
    raw = scenario.model_dump(mode="json", exclude_none=True)
    for relaxation in relaxations:
        _assign(raw, relaxation.field, relaxation.suggested)
    problems = cross_check(raw)
    if problems:
        raise AllocationError(
            "the relaxed scenario is not valid: " + "; ".join(str(p) for p in problems)
        )
    constraints = Constraints.model_validate(raw["constraints"])
    return scenario.model_copy(update={"constraints": constraints})
