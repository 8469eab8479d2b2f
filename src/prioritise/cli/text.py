"""Readable terminal summaries of an optimisation, for `prioritise optimise` without --json."""

from __future__ import annotations

import pandas as pd

from prioritise.allocate.results import Allocation
from prioritise.scenario.schema import Scenario
from prioritise.scenario.summary import money

TOP_LINES = 10


def _names(scenario: Scenario) -> dict[str, str]:
    items = [*scenario.programmes, *scenario.enabling_areas, *scenario.regions]
    return {item.id: item.name for item in items}


def _table(frame: pd.DataFrame, names: dict[str, str], scenario: Scenario, extra: str = "") -> list:
    rows = []
    width = max((len(names.get(str(i), str(i))) for i in frame.index), default=10)
    for ident, row in frame.iterrows():
        line = (
            f"  {names.get(str(ident), str(ident)):<{width}}  {money(row['amount'], scenario):>16}"
        )
        line += f"  {row['share']:6.1%}"
        if extra and extra in row and pd.notna(row[extra]):
            line += f"  {row[extra]:10,.2f} {scenario.scenario.currency} per person"
        rows.append(line)
    return rows


def _diagnosis(result: Allocation) -> list[str]:
    out = [f"No split satisfies every rule ({result.status}): {result.message}"]
    if result.checks:
        out += ["", "Contradictions found before solving:"]
        out += [f"  - {check.message}" for check in result.checks]
    if result.relaxations:
        out += ["", "The smallest change that makes the scenario feasible:"]
        out += [f"  - {relaxation.message}" for relaxation in result.relaxations]
    return out


def format_allocation(result: Allocation, scenario: Scenario) -> str:
    """Headline figures, totals by programme, region and year, binding rules and their cost."""
    if not result.solved:
        return "\n".join(_diagnosis(result))
    names = _names(scenario)
    spent = float(result.allocation["amount"].sum()) if len(result.allocation) else 0.0
    status = result.status if result.gap is None else f"{result.status}, gap {result.gap:.2%}"
    out = [
        f"{scenario.scenario.name}: optimised split ({status}, solver {result.solver})",
        "",
        f"Budget {money(result.budget, scenario)}; spent {money(spent, scenario)}; "
        f"{result.lines} funded lines; value {result.objective:.4f}",
    ]
    for baseline in result.baselines:
        gain = "" if baseline.gain_share is None else f" ({baseline.gain_share:+.1%})"
        out.append(
            f"  vs {baseline.description}: value {baseline.objective:.4f}, "
            f"optimising adds {baseline.gain or 0.0:.4f}{gain}"
        )
    out += ["", "By programme:"]
    out += _table(result.totals.programme, names, scenario)
    out += ["", "By enabling area:"]
    out += _table(result.totals.enabling_area, names, scenario)
    out += ["", "By region (north to south):"]
    order = [r.id for r in scenario.regions_north_to_south()]
    out += _table(result.totals.region.reindex(order), names, scenario, extra="per_capita")
    out += ["", "By year:"]
    for year, row in result.totals.year.iterrows():
        out.append(
            f"  {year}  {money(row['amount'], scenario):>16} of {money(row['budget'], scenario)}"
        )
    binding = result.constraints
    if len(binding):
        binding = binding[binding["binding"]].copy()
        binding["weight"] = binding["shadow_price"].abs().fillna(0.0)
        binding = binding.sort_values("weight", ascending=False)
        out += ["", f"Binding rules ({len(binding)}), costliest first:"]
        out += [f"  - {row.sentence}" for row in binding.head(TOP_LINES).itertuples()]
        if len(binding) > TOP_LINES:
            out.append(f"  … and {len(binding) - TOP_LINES} more (see --json or --out)")
    return "\n".join(out)
