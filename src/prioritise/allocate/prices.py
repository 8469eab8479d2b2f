"""The price of every binding rule, integer rules included, by re-solving (docs/model.md §8.2).

A dual price (§8.1) says what relaxing a rule by one unit of money adds at the margin, with the
funded lines held; it says nothing about the line limit and little about large changes. Here the
model is solved again for each binding rule: with the rule dropped entirely, and for the line
limit with one and with ten more lines, for the minimum ticket with a ticket 10 % lower.

Every re-solve starts from the optimum, which stays feasible when a rule is relaxed, so a price
is never negative. First the LP with the funded lines held gives every rule a quick lower bound
(over the program reduced to those lines, `allocate.reduction`); then the mixed-integer
re-solves run, integer rules first and then the costliest, as long as the time allows. A price
whose re-solve did not finish says so (`exact` false): it is the value the solver had found by
then, a lower bound.

Where the model's relaxation is tight (its bound within the gap of the optimum, as on the default
scenario), a re-solve first looks for a proof without branching: the relaxation of the changed
model, solved in a second HiGHS instance from the last basis, bounds the value without the rule.
The quick lower bound's split (the optimum's lines held) is taken when it lies within the gap of
that bound; else the split rounded from the relaxation, as the staged solve's second stage does,
when it does — the same proof HiGHS would give, without presolving and branching anew. Only a
re-solve that neither proves goes to the mixed-integer solve.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from prioritise.allocate.constraints import BUDGET_KINDS, NamedConstraint, RulePrice
from prioritise.allocate.deadline import NO_DEADLINE, Deadline
from prioritise.allocate.lanes import in_lanes, lane_count
from prioritise.allocate.matrices import LinearProgram
from prioritise.allocate.pulp_model import ModelBuilder
from prioritise.allocate.reduction import reduced, reduced_optimum
from prioritise.allocate.session import FREE, Change, Resolved, Session
from prioritise.allocate.splits import objective_of
from prioritise.allocate.staged import DEFAULT_HIGHS_GAP, Staged, from_relaxation

PRICE_SECONDS = 30.0
"""Time allowed to all re-solves of one allocation together."""
RULE_SECONDS = 5.0
"""Time allowed to one re-solve on a machine of its own; past it, the best value found so far is
reported. Lanes that share the machine allow it that many times over (two re-solves at once each
get about half of it), so a price is as exact with two lanes as with one."""
TICKET_STEP = 0.9
"""The minimum ticket is priced by lowering it to 90 % of its value."""
LINE_STEPS = (1, 10)
"""The line limit is priced by raising it by one line and by ten."""
UNPRICED = BUDGET_KINDS
"""The budget is what is being shared, not a rule: its price is the value of money (§8.3)."""


@dataclass
class _Task:
    name: str
    step: str  # "dropped" or a key of RulePrice.steps
    change: Change
    order: float
    value: float = 0.0
    exact: bool = False
    start: np.ndarray | None = None


def _lines_rows(builder: ModelBuilder, item: NamedConstraint) -> list[int]:
    """Valid inequalities on funded lines (`rules._lines_required`) that rest on the rule."""
    region = item.kind == "concentration" or (item.kind == "region_share" and item.bound == "min")
    programme = item.kind in ("programme_share", "enabling_share") and item.bound == "min"
    wanted = {("lines_region", "region")} if region else set()
    if programme:
        wanted.add(("lines_programme", "programme"))
    found = [
        rule.row
        for rule in builder.rule_rows
        for kind, key in wanted
        if rule.kind == kind and rule.where.get(key) == item.index.get(key)
    ]
    if item.kind == "fixed":  # the committed line need not be funded without its commitment
        ix = item.index
        cell = int(builder.cells[ix["programme"], ix["area"], ix["region"]])
        found += [
            rule.row
            for rule in builder.rule_rows
            if rule.kind == "lines_committed" and rule.where["cell"] == cell
        ]
    return found


def _capped_cells(builder: ModelBuilder, item: NamedConstraint) -> np.ndarray | None:
    """Cells whose big-M (`rules._big_m`) may rest on the rule, when it is a cap."""
    ix, cells = item.index, builder.cells
    if item.kind == "concentration":
        return cells[ix["programme"], :, ix["region"]]
    if item.bound != "max":
        return None
    if item.kind == "programme_share":
        return cells[ix["programme"]]
    if item.kind == "region_share":
        return cells[:, :, ix["region"]]
    if item.kind == "enabling_share":
        return cells[ix["programme"], ix["area"]]
    return None


def drop_change(builder: ModelBuilder, item: NamedConstraint) -> Change:
    """The model without one named rule.

    Its rows become free; the big-M of cells it capped becomes the budget and the line counts it
    implied are dropped. Both only loosen valid inequalities, so the model stays exact.
    """
    change = Change(rows={row: FREE for row, _ in builder.parts[item.name]})
    for row in _lines_rows(builder, item):
        change.rows[row] = FREE
    capped = _capped_cells(builder, item)
    if capped is not None and builder.z_columns is not None:
        wanted = set(np.asarray(capped).reshape(-1).tolist())
        total = float(builder.data.total)
        for row, cell in builder.funding_links:
            if cell in wanted:
                change.coefficients[(row, int(builder.z_columns[cell]))] = -total
    return change


def _step_changes(builder: ModelBuilder, program: LinearProgram, item: NamedConstraint) -> dict:
    """The integer rules' small relaxations: more lines, a lower ticket."""
    steps: dict[str, Change] = {}
    if item.kind == "max_lines":
        row = builder.parts[item.name][0][0]
        low = float(program.row_lower[row])
        for extra in LINE_STEPS:
            steps[f"lines+{extra}"] = Change(rows={row: (low, item.limit + extra)})
    elif item.kind == "min_ticket" and builder.z_columns is not None:
        coefficients = {
            (row, int(builder.z_columns[builder.ticket_cell[row]])): -TICKET_STEP * item.limit
            for row, _ in builder.parts[item.name]
        }
        steps["ticket-10%"] = Change(coefficients=coefficients)
    return steps


def _tasks(
    builder: ModelBuilder, binding: list[NamedConstraint], program: LinearProgram
) -> tuple[list[_Task], dict[str, str]]:
    """The re-solves to run, and the rules whose price is another's (`shared`: name → owner)."""
    tasks: list[_Task] = []
    seen: dict[tuple[int, ...], str] = {}
    shared: dict[str, str] = {}
    for item in binding:
        if item.kind in UNPRICED or item.name not in builder.parts:
            continue
        rows = tuple(sorted(row for row, _ in builder.parts[item.name]))
        if rows in seen:  # continuity of lines that follow the common year profile
            shared[item.name] = seen[rows]
            continue
        seen[rows] = item.name
        integer = item.kind in ("max_lines", "min_ticket")
        tasks.append(_Task(item.name, "dropped", drop_change(builder, item), 1.0 if integer else 0))
        for step, change in _step_changes(builder, program, item).items():
            tasks.append(_Task(item.name, step, change, 2.0))
    return tasks, shared


def _value(builder: ModelBuilder, found: Resolved) -> float | None:
    if not found.found:
        return None
    return objective_of(builder.data, builder.amounts(found.values))


class _Lane:
    """The model and its relaxation in HiGHS instances of their own: two lanes re-solve two
    rules at once. Every relaxation starts from the basis of the base model's, so a price does
    not depend on which lane solved it, nor on what that lane solved before.

    Rounding (module docstring) is `tight` only where the base model's relaxation lies within
    the gap of the optimum; elsewhere it would rarely prove anything and only add time.
    """

    def __init__(
        self, program: LinearProgram, gap: float | None, base: float, deadline: Deadline
    ) -> None:
        self.session = Session(program, gap)
        self.relaxed = Session(program, None, mip=False)
        self.gap = DEFAULT_HIGHS_GAP if gap is None else gap
        bound = self.relaxed.solve(deadline=deadline)
        self.basis = self.relaxed.basis() if bound.found else None
        self.tight = bound.found and (
            float(program.objective @ bound.values) - base <= self.gap * abs(base)
        )

    def relaxation(self, change: Change, deadline: Deadline) -> Resolved:
        if self.basis is not None:
            self.relaxed.start_from_basis(self.basis)
        return self.relaxed.solve(change, deadline=deadline)

    def held(self, change: Change, deadline: Deadline) -> Resolved:
        """The LP of the model under `change`, which holds every funding decision: solved over
        the program reduced to the lines funded (`allocate.reduction`), five times quicker
        than the whole program from the relaxation's basis."""
        begin = time.perf_counter()
        program = self.session.changed_program(change)
        part = reduced(program, program.integer, program.col_lower)
        found = reduced_optimum(part, program.objective, deadline)
        seconds = time.perf_counter() - begin
        if found is None:
            return Resolved("not_solved", np.array([]), None, seconds)
        return Resolved("optimal", found, None, seconds)

    def rounded(
        self, change: Change, deadline: Deadline, held: np.ndarray | None = None
    ) -> np.ndarray | None:
        """Column values of a split of the changed model proven within the gap, or None:
        `held`, the split with the optimum's lines held (the quick lower bound), when it lies
        within the gap of the changed model's relaxation already; else the split rounded from
        that relaxation, if it does."""
        if not self.tight or deadline.expired:
            return None
        relaxed = self.relaxation(change, deadline)
        if relaxed.status != "optimal":  # a relaxation cut short bounds nothing
            return None
        program = self.session.changed_program(change)
        bound = float(program.objective @ relaxed.values)
        if held is not None:
            kept = Staged(bound, held, float(program.objective @ held))
            if kept.proven(self.gap):
                return held
        staged = from_relaxation(program, relaxed.values, deadline, self.gap)
        return staged.values if staged.proven(self.gap) else None


def price_rules(
    builder: ModelBuilder,
    binding: list[NamedConstraint],
    solution: np.ndarray,
    decisions: np.ndarray | None,
    *,
    gap: float | None,
    seconds: float = PRICE_SECONDS,
    deadline: Deadline = NO_DEADLINE,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, RulePrice]:
    """Re-solve the model once per binding rule (and per integer step), within `seconds` and
    by `deadline` (that of the whole optimisation); `progress(done, total)` is called after
    each re-solve, for a screen that says how far the prices are.

    `solution` is the optimum's column vector (feasible for every relaxed model), `decisions`
    the funding decisions it took (None without them).
    """
    deadline = deadline.within(seconds)
    program = builder.linear_program()
    base = objective_of(builder.data, builder.amounts(solution))
    held = Change()
    if decisions is not None and builder.z_columns is not None:
        held = Change(
            columns={
                int(column): (float(round(v)), float(round(v)))
                for column, v in zip(builder.z_columns, decisions, strict=True)
            }
        )
    tasks, shared = _tasks(builder, binding, program)
    if not tasks:
        return {}
    count, optimum = lane_count(len(tasks)), float(program.objective @ solution)
    own = RULE_SECONDS * count
    with ThreadPoolExecutor(max_workers=count) as pool:  # the lanes load side by side
        lanes = list(pool.map(lambda _: _Lane(program, gap, optimum, deadline), range(count)))

    def lower(lane: _Lane, task: _Task) -> None:
        """A quick lower bound: the funded lines held (an LP, the decisions fixed)."""
        if task.order > 0 or deadline.expired:
            return
        if held.columns:
            found = lane.held(task.change.merged(held), deadline)
        else:  # no funding decisions: the LP is the model
            found = lane.relaxation(task.change, deadline)
        value = _value(builder, found)
        if value is not None:
            task.value, task.start = max(0.0, value - base), found.values

    def resolve(lane: _Lane, task: _Task) -> None:
        if deadline.expired:
            return
        rounded = lane.rounded(task.change, deadline.within(own), task.start)
        if rounded is not None:
            gained = objective_of(builder.data, builder.amounts(rounded)) - base
            task.value, task.exact = max(task.value, gained), True
            return
        start = solution if task.start is None else task.start
        found = lane.session.solve(task.change, start=start, time_limit=own, deadline=deadline)
        value = _value(builder, found)
        if value is not None:
            task.value = max(task.value, value - base)
        task.exact = found.status == "optimal"

    in_lanes(lanes, tasks, lower)
    tasks.sort(key=lambda t: (-t.order, -t.value))
    in_lanes(lanes, tasks, resolve, progress)
    prices: dict[str, RulePrice] = {}
    for task in tasks:
        old = prices.get(task.name, RulePrice(task.name, None))
        steps = dict(old.steps)
        dropped = old.dropped
        if task.step == "dropped":
            dropped = task.value
        else:
            steps[task.step] = task.value
        prices[task.name] = RulePrice(task.name, dropped, steps, old.exact and task.exact)
    prices = {name: at_least_each_step(price) for name, price in prices.items()}
    for name, owner in shared.items():
        prices[name] = RulePrice(name, prices[owner].dropped, {}, prices[owner].exact)
    return prices


def at_least_each_step(price: RulePrice) -> RulePrice:
    """`price` with each relaxation worth at least every smaller one of the same rule: ten
    more lines at least one more, dropping the rule at least any step. Every figure is the
    value of a split found, so the larger relaxation can reach it too; a re-solve cut short
    (or one within the gap of another) is raised to it, and no sentence then says that
    dropping a minimum ticket adds less than lowering it by a tenth (docs/model.md §8.2)."""
    steps = dict(price.steps)
    if "lines+1" in steps and "lines+10" in steps:
        steps["lines+10"] = max(steps["lines+10"], steps["lines+1"])
    dropped = price.dropped
    if dropped is not None and steps:
        dropped = max(dropped, *steps.values())
    return RulePrice(price.name, dropped, steps, price.exact)
