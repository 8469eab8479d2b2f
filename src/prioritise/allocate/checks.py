"""Plain pre-checks of an allocation problem: contradictions found before any solver runs.

Each check catches one obvious reason why no allocation can exist (floors above 100 %,
commitments above a year's budget, caps that cannot spend the budget, ...) and says it in
words. Every check is sound: it fires only when no allocation can satisfy the rules. What they
cannot see is found by the conflict search of `prioritise.allocate.conflict`, and the ways out
by `prioritise.allocate.repair`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from prioritise.allocate.input import AllocationInput, allocation_input, cell_values_of
from prioritise.allocate.text import Worded, amount_of, cell_label, language_of, share_of
from prioritise.scenario import Scenario
from prioritise.text import Integer, Message, Percent, msg


@dataclass(frozen=True)
class Check(Worded):
    """A contradiction found before solving, with the constraint it involves.

    `note` is the sentence as a message; `message` is it in the scenario's `language`.
    """

    constraint: str
    note: Message
    language: str = "en"


class _Findings:
    """Collects the checks that fire, as messages to be written in any language later."""

    def __init__(self, data: AllocationInput) -> None:
        self.language = language_of(data)
        self.items: list[Check] = []

    def add(self, constraint: str, message_id: str, **params: Any) -> None:
        self.items.append(Check(constraint, msg(message_id, **params), self.language))


def money_forced(data: AllocationInput) -> bool:
    """True when some rule makes the optimiser spend money at all."""
    rules = (*data.programme_rules().values(), *data.region_rules().values())
    return (
        data.constraints.spend_all
        or any(low is not None for low, _ in rules)
        or any(amount > 0 for _, _, amount in data.fixed_amounts())
    )


_GROUP_CHECKS = {
    "programme": ("allocate.check.programme_floors", "allocate.check.programme_caps"),
    "region": ("allocate.check.region_floors", "allocate.check.region_caps"),
}


def _share_checks(found: _Findings, data: AllocationInput, group: str, rules: dict) -> None:
    floors_id, caps_id = _GROUP_CHECKS[group]
    floors = sum(low.bound for low, _ in rules.values() if low is not None)
    if floors > 1 + 1e-9:
        found.add(f"{group}_share", floors_id, total=share_of(floors), whole=Percent(1.0, 0))
    for item, (low, high) in rules.items():
        if low is not None and high is not None and low.bound > high.bound + 1e-12:
            found.add(
                f"{group}_share[{item}]",
                "allocate.check.floor_above_cap",
                name=data.label(item),
                floor=share_of(low.bound),
                cap=share_of(high.bound),
            )
    caps = sum(1.0 if high is None else high.bound for _, high in rules.values())
    if data.constraints.spend_all and caps < 1 - 1e-9:
        found.add(f"{group}_share", caps_id, total=share_of(caps))


def _fixed_checks(found: _Findings, data: AllocationInput) -> None:
    fixed = np.zeros((*data.shape, len(data.years)))
    years_fixed = np.zeros(data.shape, dtype=int)
    for _, position, amount in data.fixed_amounts():
        fixed[position] = amount
        years_fixed[position[:3]] += 1
    tol = 1e-9 * data.total
    if fixed.sum() > data.total + tol:
        found.add(
            "fixed",
            "allocate.check.commitments_over_budget",
            committed=amount_of(float(fixed.sum()), data),
            budget=amount_of(data.total, data),
        )
    by_year, budgets = fixed.sum(axis=(0, 1, 2)), data.year_budgets
    if data.carry_over:
        by_year, budgets = np.cumsum(by_year), np.cumsum(budgets)
    for year, committed, budget in zip(data.years, by_year, budgets, strict=True):
        if committed > budget + tol:
            found.add(
                f"budget[{year}]",
                "allocate.check.commitments_over_year",
                year=int(year),
                amount=amount_of(float(committed), data),
                available=amount_of(float(budget), data),
            )
    for group, rules, axes in (
        ("programme", data.programme_rules(), (1, 2, 3)),
        ("region", data.region_rules(), (0, 1, 3)),
    ):
        for (item, (_, cap)), committed in zip(rules.items(), fixed.sum(axis=axes), strict=True):
            if cap is not None and committed > cap.bound * data.total + tol:
                found.add(
                    f"{group}_share[{item}].max",
                    "allocate.check.commitments_over_cap",
                    name=data.label(item),
                    amount=amount_of(float(committed), data),
                    limit=share_of(cap.bound),
                )
    ticket = data.constraints.min_ticket
    if ticket:
        totals = fixed.sum(axis=3)
        short = (years_fixed == len(data.years)) & (totals > 0) & (totals < ticket - tol)
        for p, e, r in zip(*np.nonzero(short), strict=True):
            found.add(
                "min_ticket",
                "allocate.check.commitment_below_ticket",
                cell=cell_label(data, (data.programmes[p], data.areas[e], data.regions[r])),
                amount=amount_of(float(totals[p, e, r]), data),
                minimum=amount_of(ticket, data),
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
    if forced and floors > 1 + 1e-9:
        found.add("enabling_share", "allocate.check.area_floors", share=share_of(floors))
    if forced and caps < 1 - 1e-9:
        found.add("enabling_share", "allocate.check.area_caps", share=share_of(caps))
    limit = data.constraints.concentration
    count = len(data.programmes)
    if forced and limit is not None and limit * count < 1 - 1e-9:
        found.add(
            "concentration", "allocate.check.concentration", count=count, share=share_of(limit)
        )
    needed, allowed = lines_needed(data), data.constraints.max_lines
    if allowed is not None and needed > allowed:
        found.add("max_lines", "allocate.check.max_lines", count=needed, allowed=Integer(allowed))
    ticket = data.constraints.min_ticket
    if ticket and needed * ticket > data.total * (1 + 1e-9):
        found.add(
            "min_ticket",
            "allocate.check.min_ticket",
            count=needed,
            minimum=amount_of(ticket, data),
            budget=amount_of(data.total, data),
        )


def pre_checks(data: AllocationInput) -> list[Check]:
    """Contradictions that make the problem infeasible, found without a solver."""
    found = _Findings(data)
    _share_checks(found, data, "programme", data.programme_rules())
    _share_checks(found, data, "region", data.region_rules())
    _fixed_checks(found, data)
    _area_and_line_checks(found, data)
    return found.items


def contradictions(scenario: Scenario) -> list[Message]:
    """What `pre_checks` finds in a scenario's rules, as `optimise` finds it before it solves:
    a file can be valid and still have no split, and `validate` and the app's rule forms say
    so at once. A scenario that funds initiatives splits what they leave under other bounds,
    so it is not checked here; one that cannot be scored is left to say so where it is."""
    if scenario.initiatives_share > 0:
        return []
    try:
        data = allocation_input(scenario, cell_values_of(scenario))
    except ValueError:
        return []
    return [check.note for check in pre_checks(data)]
