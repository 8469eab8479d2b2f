"""Pricing rules by re-solving, fair baselines and the value index, against the naive way.

    python benchmarks/prices.py [--rules 6]

On the default scenario (scenarios/chile_transforma_2017.toml, a MIP with its minimum ticket
and line limit, gap 0.1 %):

1. **Rule prices.** The first `--rules` binding rules (regional floors and caps, the line limit)
   priced by our re-solves — one HiGHS instance, the change applied and undone, started from the
   optimum — against the naive way: write the changed rules into the scenario, build the model
   afresh and solve it from scratch. Prints both times, their ratio and the largest difference
   between the two prices (both within the gap).
1b. **Every binding rule, as `optimise` prices them**, on the default scenario and the 25-region
   one (`scale_scenario.py`): ours (rounded from the warm relaxation where it is tight, two
   lanes, the quick lower bounds over the reduced program) against three ways before, in one
   run: the quick lower bounds on the whole LP; every model handed to HiGHS as a model object
   filled field by field and the columns read from PuLP at every call; both of these; one
   lane, every re-solve a mixed-integer solve. With the largest difference between the sets
   of prices.
2. **Fair baselines.** The time to make both plain splits obey every rule (§10.2).
3. **Value index.** The exact greedy reference value against the LP with no rule but the budget.

Figures vary with the machine's load; the ratios measured in one run are what to quote.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

from prioritise.allocate import (
    AllocationModel,
    allocation_input,
    cell_values_of,
    engine,
    optimise,
    reference_value,
)
from prioritise.allocate import fair as fair_module
from prioritise.allocate import matrices as matrices_module
from prioritise.allocate import prices as prices_module
from prioritise.allocate import session as session_module
from prioritise.allocate import staged as staged_module
from prioritise.allocate.constraints import binding_rules
from prioritise.allocate.deadline import Deadline
from prioritise.allocate.engine import run
from prioritise.allocate.input import AllocationInput
from prioritise.allocate.matrices import LinearProgram, highs_lp
from prioritise.allocate.prices import price_rules
from prioritise.allocate.pulp_model import ModelBuilder
from prioritise.allocate.session import Change, Resolved
from prioritise.allocate.solve import fair_splits
from prioritise.scenario import load
from prioritise.scenario.schema import Constraints, Scenario

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_scenario import scaled_scenario

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "scenarios" / "chile_transforma_2017.toml"
GAP = 1e-3


def without_rule(scenario: Scenario, name: str) -> Constraints:
    """The scenario's rules with one named rule removed (or the line limit one higher)."""
    raw = scenario.constraints.model_dump(mode="json", exclude_none=True)
    if name == "max_lines":
        raw["max_lines"] += 1
        return Constraints.model_validate(raw)
    group, rest = name.split("[", 1)
    item, bound = rest.split("].")
    kind = group.removesuffix("_share")
    table = raw.setdefault(f"{kind}_share", {})
    overall = raw.pop(f"{bound}_{kind}_share", None)
    ids = [r.id for r in scenario.regions] if kind == "region" else scenario.programme_ids
    if overall is not None:  # write the overall bound out for every other item
        for other in ids:
            own = table.setdefault(other, {})
            if bound == "min":
                own[bound] = max(own.get(bound, 0.0), overall)
            else:
                own[bound] = min(own.get(bound, 1.0), overall)
    table.setdefault(item, {}).pop(bound, None)
    return Constraints.model_validate(raw)


def naive_prices(scenario: Scenario, names: list[str], base: float) -> tuple[dict, float]:
    start = time.perf_counter()
    values = cell_values_of(scenario)
    found = {}
    for name in names:
        changed = scenario.model_copy(update={"constraints": without_rule(scenario, name)})
        result = optimise(allocation_input(changed, values), gap=GAP, with_baselines=False)
        found[name] = (result.objective or 0.0) - base
    return found, time.perf_counter() - start


def every_rule(name: str, scenario: Scenario) -> None:
    """All binding rules priced as `optimise` prices them, and the way before, in one run."""
    model = AllocationModel(allocation_input(scenario, cell_values_of(scenario)))
    builder = model.builder
    outcome = run(builder, "highs", None, GAP)
    columns = builder.z_columns
    decisions = None if columns is None else outcome.values[columns]
    values = outcome.values
    if decisions is not None:
        with builder.funding_fixed(decisions):
            values = run(builder, "highs", None, None, mip=False).values
    items = binding_rules(builder.data, builder.named, builder.amounts(values))

    def timed() -> tuple[dict, float]:
        start = time.perf_counter()
        found = price_rules(builder, items, values, decisions, gap=GAP, seconds=600)
        return found, time.perf_counter() - start

    ours, ours_seconds = timed()
    with mock.patch.object(prices_module._Lane, "held", whole_lp):
        whole, whole_seconds = timed()
    with field_by_field():
        fields, fields_seconds = timed()
    with field_by_field(), mock.patch.object(prices_module._Lane, "held", whole_lp):
        both, both_seconds = timed()
    with (
        mock.patch.object(prices_module, "lane_count", lambda tasks: 1),
        mock.patch.object(prices_module._Lane, "rounded", lambda *args, **kwargs: None),
    ):
        before, before_seconds = timed()
    worst = max(
        abs((price.dropped or 0.0) - (other[rule].dropped or 0.0))
        for other in (before, whole, fields, both)
        for rule, price in ours.items()
    )
    exact = sum(price.exact for price in ours.values())
    print(
        f"Every binding rule, {name}: {len(ours)} rules ({exact} exact) in {ours_seconds:.2f} s; "
        f"quick lower bounds on the whole LP: {whole_seconds:.2f} s (ratio "
        f"{whole_seconds / ours_seconds:.2f}); models filled field by field and columns read "
        f"from PuLP at every call: {fields_seconds:.2f} s (ratio "
        f"{fields_seconds / ours_seconds:.2f}); both: {both_seconds:.2f} s (ratio "
        f"{both_seconds / ours_seconds:.2f}); one lane, branching every re-solve: "
        f"{before_seconds:.2f} s (ratio {before_seconds / ours_seconds:.2f}); largest "
        f"difference {worst:.1e}",
        flush=True,
    )


def whole_lp(lane: prices_module._Lane, change: Change, deadline: Deadline) -> Resolved:
    """A rule's quick lower bound the way before: the whole LP, from the relaxation's basis."""
    return lane.relaxation(change, deadline)


@contextlib.contextmanager
def field_by_field() -> Iterator[None]:
    """The way before `matrices.pass_program` and `columns.ColumnArrays`: every model handed
    to HiGHS as a model object filled field by field, and the columns' arrays read from the
    PuLP variables at every call."""
    read = ModelBuilder._column_arrays

    def passed(
        highs: Any,
        program: LinearProgram,
        objective: np.ndarray | None = None,
        mip: bool = True,
        columns: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        if columns is not None:
            program = replace(program, col_lower=columns[0], col_upper=columns[1])
        costs = program.objective if objective is None else objective
        highs.passModel(highs_lp(program, costs, mip))

    def unread(self: ModelBuilder) -> Any:
        self._cached_columns = None
        return read(self)

    modules = (session_module, fair_module, staged_module, engine, matrices_module)
    with contextlib.ExitStack() as stack:
        for module in modules:
            stack.enter_context(mock.patch.object(module, "pass_program", passed))
        stack.enter_context(mock.patch.object(ModelBuilder, "_column_arrays", unread))
        yield


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=6)
    args = parser.parse_args()
    scenario = load(DEFAULT)
    data: AllocationInput = allocation_input(scenario, cell_values_of(scenario))
    model = AllocationModel(data)
    result = model.solve(gap=GAP, with_baselines=False)
    builder = model.builder
    outcome = run(builder, "highs", None, GAP)
    decisions = outcome.values[builder.z_columns]
    with builder.funding_fixed(decisions):
        fixed = run(builder, "highs", None, None, mip=False)
    table = result.constraints
    binding = table[table["binding"] & table["kind"].isin(["region_share", "max_lines"])]
    names = list(binding["name"])[: args.rules]
    if "max_lines" in binding["name"].tolist() and "max_lines" not in names:
        names[-1] = "max_lines"
    items = [item for item in builder.named if item.name in names]
    start = time.perf_counter()
    ours = price_rules(builder, items, fixed.values, decisions, gap=GAP, seconds=600)
    ours_seconds = time.perf_counter() - start
    naive, naive_seconds = naive_prices(scenario, names, result.objective or 0.0)
    print(f"Rule prices on the default scenario ({len(names)} binding rules):")
    worst = 0.0
    for name in names:
        mine = ours[name].steps.get("lines+1") if name == "max_lines" else ours[name].dropped
        worst = max(worst, abs((mine or 0.0) - naive[name]))
        print(f"  {name:<38} ours {mine:.6f}   naive {naive[name]:.6f}")
    print(f"  re-solving one model: {ours_seconds:.1f} s (with the line limit's +10 and drop)")
    print(f"  naive rebuild and solve: {naive_seconds:.1f} s (drops and +1 line only)")
    print(f"  ratio naive / ours: {naive_seconds / ours_seconds:.2f}")
    print(f"  largest difference: {worst:.2e} (gap {GAP * (result.objective or 0.0):.2e})")

    every_rule("default scenario", scenario)
    every_rule("25 regions", scaled_scenario())

    start = time.perf_counter()
    fair = fair_splits(data)
    print(
        f"Fair baselines: {len(fair)} of 2 made to obey every rule in "
        f"{time.perf_counter() - start:.1f} s"
    )

    free = AllocationModel(
        allocation_input(scenario.model_copy(update={"constraints": Constraints()}), data.values)
    )
    start = time.perf_counter()
    lp = free.solve(gap=0.0, with_baselines=False).objective or 0.0
    lp_seconds = time.perf_counter() - start
    start = time.perf_counter()
    greedy = reference_value(data)
    greedy_seconds = time.perf_counter() - start
    print(
        f"Value index reference: greedy {greedy:.9f} in {greedy_seconds * 1000:.2f} ms, "
        f"LP {lp:.9f} in {lp_seconds * 1000:.0f} ms (ratio {lp_seconds / greedy_seconds:.0f})"
    )
    index = 100 * (result.objective or 0.0) / greedy
    print(f"Value index of the optimum: {index:.1f}; differences {np.abs(greedy - lp):.1e}")


if __name__ == "__main__":
    main()
