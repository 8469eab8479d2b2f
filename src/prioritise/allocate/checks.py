"""Plain pre-checks of an allocation problem: contradictions found before any solver runs.

Each check catches one obvious reason why no allocation can exist (floors above 100 %,
commitments above a year's budget, caps that cannot spend the budget, ...) and says it in
words. Every check is sound: it fires only when no allocation can satisfy the rules. What they
cannot see is found by the elastic model and turned into suggested relaxations by
`prioritise.allocate.relax`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from prioritise.allocate.input import AllocationInput
from prioritise.allocate.text import cell_label, money, percent


@dataclass(frozen=True)
class Diagnosis:
    """A contradiction found before solving, with the constraint it involves."""

    constraint: str
    message: str


class _Findings:
    """Collects diagnoses, keeping the sentence in the problem's language."""

    def __init__(self, data: AllocationInput) -> None:
        self.spanish = data.language == "es"
        self.items: list[Diagnosis] = []

    def add(self, constraint: str, english: str, spanish: str) -> None:
        self.items.append(Diagnosis(constraint, spanish if self.spanish else english))


def money_forced(data: AllocationInput) -> bool:
    """True when some rule makes the optimiser spend money at all."""
    rules = (*data.programme_rules().values(), *data.region_rules().values())
    return (
        data.constraints.spend_all
        or any(low is not None for low, _ in rules)
        or any(amount > 0 for _, _, amount in data.fixed_amounts())
    )


def _share_checks(found: _Findings, data: AllocationInput, group: str, rules: dict) -> None:
    en, es = {"programme": ("programme", "por programa"), "region": ("regional", "regionales")}[
        group
    ]
    floors = sum(low.bound for low, _ in rules.values() if low is not None)
    if floors > 1 + 1e-9:
        total = percent(floors, data)
        found.add(
            f"{group}_share",
            f"The {en} minimum shares add up to {total} of the budget, more than 100 %.",
            f"Los mínimos {es} suman {total} del presupuesto, más del 100 %.",
        )
    for item, (low, high) in rules.items():
        if low is not None and high is not None and low.bound > high.bound + 1e-12:
            name, floor, cap = data.name(item), percent(low.bound, data), percent(high.bound, data)
            found.add(
                f"{group}_share[{item}]",
                f"{name} has a floor of {floor}, above its cap of {cap}.",
                f"{name} tiene un piso de {floor}, sobre su tope de {cap}.",
            )
    caps = sum(1.0 if high is None else high.bound for _, high in rules.values())
    if data.constraints.spend_all and caps < 1 - 1e-9:
        total = percent(caps, data)
        found.add(
            f"{group}_share",
            f"The {en} caps add up to {total} of the budget, so the whole budget cannot be "
            "spent (spend_all = true).",
            f"Los topes {es} suman {total} del presupuesto: no se puede gastar todo el "
            "presupuesto (spend_all = true).",
        )


def _fixed_checks(found: _Findings, data: AllocationInput) -> None:
    fixed = np.zeros((*data.shape, len(data.years)))
    years_fixed = np.zeros(data.shape, dtype=int)
    for _, position, amount in data.fixed_amounts():
        fixed[position] = amount
        years_fixed[position[:3]] += 1
    tol = 1e-9 * data.total
    if fixed.sum() > data.total + tol:
        committed, budget = money(fixed.sum(), data), money(data.total, data)
        found.add(
            "fixed",
            f"Committed amounts add up to {committed}, above the budget of {budget}.",
            f"Los montos comprometidos suman {committed}, sobre el presupuesto de {budget}.",
        )
    by_year, budgets = fixed.sum(axis=(0, 1, 2)), data.year_budgets
    if data.carry_over:
        by_year, budgets = np.cumsum(by_year), np.cumsum(budgets)
    for year, committed, budget in zip(data.years, by_year, budgets, strict=True):
        if committed > budget + tol:
            amount, available = money(committed, data), money(budget, data)
            found.add(
                f"budget[{year}]",
                f"Commitments up to {year} ({amount}) exceed the budget available by then "
                f"({available}).",
                f"Los compromisos hasta {year} ({amount}) superan el presupuesto disponible a "
                f"esa fecha ({available}).",
            )
    for group, rules, axes in (
        ("programme", data.programme_rules(), (1, 2, 3)),
        ("region", data.region_rules(), (0, 1, 3)),
    ):
        for (item, (_, cap)), committed in zip(rules.items(), fixed.sum(axis=axes), strict=True):
            if cap is not None and committed > cap.bound * data.total + tol:
                name, amount, limit = (
                    data.name(item),
                    money(committed, data),
                    percent(cap.bound, data),
                )
                found.add(
                    f"{group}_share[{item}].max",
                    f"Commitments to {name} ({amount}) exceed its cap of {limit} of the budget.",
                    f"Los compromisos con {name} ({amount}) superan su tope de {limit} del "
                    "presupuesto.",
                )
    ticket = data.constraints.min_ticket
    if ticket:
        totals = fixed.sum(axis=3)
        short = (years_fixed == len(data.years)) & (totals > 0) & (totals < ticket - tol)
        for p, e, r in zip(*np.nonzero(short), strict=True):
            cell = cell_label(data, (data.programmes[p], data.areas[e], data.regions[r]))
            amount, minimum = money(totals[p, e, r], data), money(ticket, data)
            found.add(
                "min_ticket",
                f"{cell} is committed {amount} over all its years, below the minimum ticket of "
                f"{minimum}.",
                f"{cell} tiene comprometidos {amount} en todos sus años, bajo el monto mínimo de "
                f"{minimum}.",
            )


def lines_needed(data: AllocationInput) -> int:
    """A lower bound on the number of funded cells of any feasible allocation."""
    fixed_cells = {position[:3] for _, position, amount in data.fixed_amounts() if amount > 0}
    programmes = sum(low is not None for low, _ in data.programme_rules().values())
    regions = sum(low is not None for low, _ in data.region_rules().values())
    concentration = data.constraints.concentration
    per_region = math.ceil(1 / concentration - 1e-9) if concentration else 1
    needed = max(len(fixed_cells), programmes, regions * per_region)
    return max(needed, 1) if money_forced(data) else needed


def _area_and_line_checks(found: _Findings, data: AllocationInput) -> None:
    forced = money_forced(data)
    bounds = data.area_bounds()
    floors = sum(low or 0.0 for low, _ in bounds.values())
    caps = sum(1.0 if high is None else high for _, high in bounds.values())
    for total, en, es in (
        (floors, "minimum shares", "mínimos") if floors > 1 + 1e-9 else (None, "", ""),
        (caps, "caps", "topes") if caps < 1 - 1e-9 else (None, "", ""),
    ):
        if forced and total is not None:
            share = percent(total, data)
            found.add(
                "enabling_share",
                f"The enabling-area {en} add up to {share} of each programme's money, so no "
                "programme can receive any money.",
                f"Los {es} por ámbito habilitante suman {share} del dinero de cada programa: "
                "ningún programa puede recibir dinero.",
            )
    limit = data.constraints.concentration
    count = len(data.programmes)
    if forced and limit is not None and limit * count < 1 - 1e-9:
        share = percent(limit, data)
        found.add(
            "concentration",
            f"With {count} programmes each limited to {share} of a region's money, no region "
            "can receive any.",
            f"Con {count} programas limitados a {share} del dinero de una región, ninguna "
            "región puede recibir dinero.",
        )
    needed, allowed = lines_needed(data), data.constraints.max_lines
    if allowed is not None and needed > allowed:
        found.add(
            "max_lines",
            f"The floors and commitments need at least {needed} funded lines, but at most "
            f"{allowed} are allowed.",
            f"Los pisos y compromisos requieren al menos {needed} líneas financiadas, pero se "
            f"permiten como máximo {allowed}.",
        )
    ticket = data.constraints.min_ticket
    if ticket and needed * ticket > data.total * (1 + 1e-9):
        minimum, budget = money(ticket, data), money(data.total, data)
        found.add(
            "min_ticket",
            f"At least {needed} lines must be funded with at least {minimum} each, more than "
            f"the budget of {budget}.",
            f"Se deben financiar al menos {needed} líneas con al menos {minimum} cada una, más "
            f"que el presupuesto de {budget}.",
        )


def pre_checks(data: AllocationInput) -> list[Diagnosis]:
    """Contradictions that make the problem infeasible, found without a solver."""
    found = _Findings(data)
    _share_checks(found, data, "programme", data.programme_rules())
    _share_checks(found, data, "region", data.region_rules())
    _fixed_checks(found, data)
    _area_and_line_checks(found, data)
    return found.items
