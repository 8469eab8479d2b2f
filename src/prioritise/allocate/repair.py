"""Repairs: changes of rules that together make an infeasible scenario feasible (§9.3).

A rule whose change alone makes the scenario feasible belongs to every conflict (without it
every conflict would be gone), so the conflict's rules are the only candidates for a one-change
repair, and each is tried: its smallest sufficient value comes from the LP in which only that
rule may stretch (exact for shares, tickets, line limits and commitments, whose stretch is one
number), then the value is put on the grid in the relaxing direction and *verified*: the
scenario with it must have a split, whose value the repair reports. When the relaxation was
too hopeful (whole funding decisions) or rounding broke it, the relaxed end must have a split,
one grid step short of it decides between the end and a bisection between the two. Ratio rules
(enabling shares, concentration, continuity) stretch row by row, so their value is tightened
by bisection towards the current value.

Only when no single change works, the smallest combination comes from a mixed-integer model in
which every rule may stretch and counts 1 when it does: fewest rules first, then least stretch.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from prioritise.allocate.checks import Check, pre_checks
from prioritise.allocate.conflict import find_conflict
from prioritise.allocate.deadline import Deadline
from prioritise.allocate.diagnosis import Change, Diagnosis, Repair
from prioritise.allocate.input import AllocationError, AllocationInput
from prioritise.allocate.probe import MIP_GAP, Outcome, Prober
from prioritise.allocate.pulp_model import ModelBuilder
from prioritise.allocate.repair_text import change_note, conflict_note, repair_note
from prioritise.allocate.rulebook import Rule, Value, assign, rules_of
from prioritise.allocate.splits import objective_of
from prioritise.allocate.switchable import SwitchableModel
from prioritise.allocate.text import language_of
from prioritise.allocate.yardstick import reference_value
from prioritise.scenario.io import ScenarioError, validate_dict
from prioritise.scenario.schema import Scenario

RATIO_RULES = ("area_floor", "area_cap", "concentration", "continuity")
DIAGNOSIS_SECONDS = 20.0
"""Time a diagnosis may take when the caller sets no limit (checks that would run past it
give up: a rule whose check timed out is kept in the conflict and offers no repair)."""


@dataclass(frozen=True)
class Found:
    """A verified repair: each changed rule's suggested value, and the best split with them."""

    values: dict[str, Value]
    outcome: Outcome

    def size(self, rules: Mapping[str, Rule]) -> tuple[int, float]:
        """Number of rules changed, then the changes relative to their rules' values."""
        return len(self.values), sum(rules[p].relative_size(v) for p, v in self.values.items())


def suggested(rule: Rule, held: Value, prober: Prober) -> Value:
    """The value a split asks of a rule, on the grid, in the relaxing direction, and at least
    one step away from the current value (which is known not to work)."""
    if isinstance(rule.current, bool):
        return False
    data, current = prober.model.data, float(rule.current)
    step = rule.step(data)
    amount = current if held is None or isinstance(held, bool) else float(held)
    if rule.kind == "fixed":  # a commitment moves either way
        if abs(amount - current) < 1e-9 * max(1.0, data.total):
            return None
        grid = math.floor if amount < current else math.ceil
        tolerance = 1e-6 if amount < current else -1e-6
        return round(max(0.0, grid(amount / step + tolerance) * step), 12)
    amount = max(amount, current) if rule.raises else min(amount, current)
    value = rule.toward_relaxed(amount, data)
    if abs(value - current) < 1e-12:
        value = _moved(rule, current, 1, data)
    return round(value, 12)


def _moved(rule: Rule, start: float, steps: int, data: AllocationInput) -> float:
    """`steps` grid steps from `start` toward the relaxed end (never past it)."""
    return _at(rule, _index(rule, start, data) + steps * _sign(rule), data)


def _sign(rule: Rule) -> int:
    return 1 if rule.raises else -1


def _index(rule: Rule, value: float, data: AllocationInput) -> int:
    return round(value / rule.step(data))


def _end(rule: Rule, data: AllocationInput) -> int:
    """The grid index of the relaxed end (for a line limit: one line per cell)."""
    if rule.relaxed is None:
        return data.n_cells
    return _index(rule, float(rule.relaxed), data)


def _at(rule: Rule, index: int, data: AllocationInput) -> float:
    end = _end(rule, data)
    index = min(index, end) if rule.raises else max(index, end)
    return round(index * rule.step(data), 12)


def _verified(prober: Prober, values: dict[str, Value]) -> Found | None:
    outcome = prober.best(values)
    return Found(values, outcome) if outcome.found else None


def _grid_search(prober: Prober, rule: Rule, bad: float, good: float) -> float:
    """Bisection on the grid between a value without a split and one with a split."""
    data = prober.model.data
    low, high = _index(rule, bad, data), _index(rule, good, data)
    while abs(high - low) > 1 and prober.remaining() > 0:
        middle = (low + high) // 2
        if prober.feasible({rule.path: _at(rule, middle, data)}).found:
            high = middle
        else:
            low = middle
    return _at(rule, high, data)


def _outward(prober: Prober, rule: Rule, value: float) -> Found | None:
    """From a value with no split: the relaxed end must have one; one step short of it
    decides between the end itself and a bisection; the value found is verified."""
    data, path = prober.model.data, rule.path
    end = _end(rule, data)
    far = _at(rule, end, data)
    at_end = None if far == value else _verified(prober, {path: far})
    if at_end is None:
        return None
    near = _at(rule, end - _sign(rule), data)
    if near == value or prober.feasible({path: near}).status == "infeasible":
        return at_end
    return _verified(prober, {path: _grid_search(prober, rule, value, near)}) or at_end


def single_repair(prober: Prober, rule: Rule) -> Found | None:
    """The smallest change of this rule alone that makes the scenario feasible, if any."""
    model, path = prober.model, rule.path
    if rule.kind == "spend_all":
        return _verified(prober, {path: False})
    stretched = prober.stretch([path])
    if not stretched.found:
        return None
    value = suggested(rule, model.value_stretched(rule, stretched.values), prober)
    if value is None:
        return None
    found = _verified(prober, {path: value})
    if found is None:
        if rule.kind == "fixed":
            return _commitment(prober, rule)
        return _outward(prober, rule, float(value))
    if rule.kind in RATIO_RULES:
        tight = _grid_search(prober, rule, float(rule.current), float(value))
        if tight != value:
            found = _verified(prober, {path: tight}) or found
    return found


def _commitment(prober: Prober, rule: Rule) -> Found | None:
    """A commitment the relaxation could not place: the amount of any split without it."""
    free = prober.feasible({rule.path: None})
    if not free.found:
        return None
    amount = suggested(rule, prober.model.value_held(rule, free.values), prober)
    return None if amount is None else _verified(prober, {rule.path: amount})


def combination(prober: Prober, rules: Sequence[Rule]) -> Found | None:
    """The fewest rules to change together (then the least stretch), verified."""
    model = prober.model
    paths = [rule.path for rule in rules]
    model.configure({}, stretching=paths)
    model.close_slacks()
    model.open_slacks(paths, indicators="free")
    cost = model.zero_cost.copy()
    slacks = sum(len(model.parts[p].slacks) for p in paths)
    for path in paths:
        parts = model.parts[path]
        cost[parts.indicator] = 1.0
        cost[parts.slacks] = 0.5 / max(slacks, 1) / np.maximum(parts.slack_upper, 1e-12)
    try:
        outcome = prober.solve(cost, integer=True, gap=0.0)
    finally:
        model.close_slacks()
    if not outcome.found:
        return None
    changed = [rule for rule in rules if model.stretched(rule.path, outcome.values)]
    values = {
        rule.path: suggested(rule, model.value_stretched(rule, outcome.values), prober)
        for rule in changed
    }
    chosen = {path: value for path, value in values.items() if value is not None}
    by_path = {rule.path: rule for rule in rules}
    for steps in (0, 1, 4, 16, 64):  # rounding may not be enough: move further, then more
        trial = {path: _further(by_path[path], v, steps, model.data) for path, v in chosen.items()}
        found = _verified(prober, trial)
        if found is not None or prober.remaining() <= 0:
            return found
    return _commitments_at_ticket(prober, by_path, chosen)


def _commitments_at_ticket(
    prober: Prober, by_path: Mapping[str, Rule], chosen: Mapping[str, Value]
) -> Found | None:
    """A funded line must reach the minimum ticket, so a commitment lowered below it cannot
    stand: try the lowered commitments at the ticket, then dropped to nothing."""
    ticket_rule = by_path.get("constraints.min_ticket")
    ticket = chosen.get("constraints.min_ticket", ticket_rule.current if ticket_rule else None)
    fixed = [path for path in chosen if by_path[path].kind == "fixed"]
    if not fixed:
        return None
    tries = []
    if isinstance(ticket, float) and not isinstance(ticket, bool):
        tries.append({**chosen, **{p: max(float(chosen[p] or 0.0), ticket) for p in fixed}})
    tries.append({**chosen, **dict.fromkeys(fixed, 0.0)})
    for trial in tries:
        if prober.remaining() <= 0:
            return None
        found = _verified(prober, trial)
        if found is not None:
            return found
    return None


def _further(rule: Rule, value: Value, steps: int, data: AllocationInput) -> Value:
    """A suggested value moved `steps` more grid steps in its relaxing direction."""
    if isinstance(value, bool) or value is None or not steps:
        return value
    if rule.kind == "fixed":
        direction = 1 if value > float(rule.current) else -1
        return round(max(0.0, value + direction * steps * rule.step(data)), 12)
    return _moved(rule, float(value), steps, data)


def search(prober: Prober, rules: Sequence[Rule], conflict: Sequence[Rule]) -> list[Found]:
    """Every one-change repair among the conflict's rules, or else the smallest combination;
    ordered by the number of rules changed, then the relative size of the changes."""
    found = []
    for rule in conflict:
        repair = single_repair(prober, rule) if prober.remaining() > 0 else None
        if repair is not None:
            found.append(repair)
    if not found and prober.remaining() > 0:
        together = combination(prober, rules)
        found = [] if together is None else [together]
    by_path = {rule.path: rule for rule in rules}
    return sorted(found, key=lambda repair: repair.size(by_path))


# ------------------------------------------------------------------------------ diagnosis


def diagnose(
    data: AllocationInput,
    *,
    checks: Sequence[Check] | None = None,
    builder: ModelBuilder | None = None,
    time_limit: float | Deadline | None = None,
) -> Diagnosis:
    """The conflict among the rules of an infeasible problem, and verified repairs.

    `checks` are the pre-checks already run (run here if not given); `builder` is the model
    already built for `data`, if any (the diagnosis reads its matrices rather than build
    another). Always solved with HiGHS. A feasible problem gets an empty diagnosis.
    """
    start = time.perf_counter()
    model_builder = builder if builder is not None else ModelBuilder(data)
    data = model_builder.data
    found_checks = tuple(pre_checks(data) if checks is None else checks)
    language = language_of(data)
    rules = rules_of(data)
    model = SwitchableModel(model_builder, rules)
    if isinstance(time_limit, Deadline) and time_limit.bounded:
        deadline = time_limit
    else:
        limit = time_limit if isinstance(time_limit, float | int) else DIAGNOSIS_SECONDS
        deadline = Deadline(limit - (time.perf_counter() - start))
    prober = Prober(model, deadline)
    conflict = find_conflict(prober, rules)
    if not conflict.rules:
        return Diagnosis(checks=found_checks, language=language)
    by_path = {rule.path: rule for rule in rules}
    repairs = tuple(
        _repair(found, model, by_path, language) for found in search(prober, rules, conflict.rules)
    )
    return Diagnosis(
        conflict=tuple(rule.path for rule in conflict.rules),
        checks=found_checks,
        repairs=repairs,
        conflict_note=conflict_note(list(conflict.rules), data),
        proven=conflict.proven,
        language=language,
    )


def _shown(rule: Rule, value: Value) -> float | bool:
    """A rule's value as the scenario file writes it (whole lines, true/false, a number)."""
    if isinstance(value, bool):
        return value
    return round(float(value or 0.0)) if rule.kind == "max_lines" else float(value or 0.0)


def _repair(
    found: Found, model: SwitchableModel, rules: Mapping[str, Rule], language: str
) -> Repair:
    data = model.data
    amounts = model.amounts(found.outcome.values)
    objective = objective_of(data, amounts)
    bound = max(float(found.outcome.bound or objective), objective)
    spent = float(amounts.sum())
    changed = [(rules[path], value) for path, value in found.values.items()]
    changes = tuple(
        Change(
            rule.path,
            _shown(rule, rule.current),
            _shown(rule, value),
            change_note(rule, value, data, spent),
            language,
        )
        for rule, value in changed
    )
    close = bound - objective <= MIP_GAP * abs(objective)
    note = repair_note(changed, data, spent, objective, None if close else bound)
    return Repair(changes, objective, bound, note, language, reference_value(data))


# ------------------------------------------------------------------------------ applying


@dataclass(frozen=True)
class _Problems:
    """A scenario's problems, each with its location, as one message parameter."""

    problems: tuple[object, ...]

    def text(self, lang: str) -> str:
        return "; ".join(p.line(lang) for p in self.problems)  # type: ignore[attr-defined]


def apply_repair(scenario: Scenario, repair: Repair) -> Scenario:
    """A copy of the scenario with every change of `repair` written in; the original stays.

    The changed scenario is validated like a file; a problem is an `AllocationError` that
    names where it is.
    """
    raw = scenario.model_dump(mode="json", exclude_none=True)
    for change in repair.changes:
        assign(raw, change.field, change.suggested)
    try:
        return validate_dict(raw)
    except ScenarioError as exc:
        raise AllocationError(
            "allocate.error.relaxed_invalid", problems=_Problems(tuple(exc.problems))
        ) from None
