"""Helpers of the repair tests: a scenario's rules and the scenario without some of them.

Read straight from the scenario's `[constraints]`, without the diagnosis code, so that brute
force over subsets of rules checks the diagnosis independently.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

import numpy as np

from prioritise.allocate import allocation_input, optimise
from prioritise.scenario.schema import Constraints, Scenario

OVERALL = ("min_programme_share", "max_programme_share", "min_region_share", "max_region_share")
PLAIN = ("concentration", "min_ticket", "max_lines", "continuity")


def rule_paths(scenario: Scenario) -> list[str]:
    """Every rule field the scenario sets (the budget is not a rule)."""
    cons = scenario.constraints
    paths = ["constraints.spend_all"] if cons.spend_all else []
    paths += [f"constraints.{key}" for key in OVERALL + PLAIN if getattr(cons, key) is not None]
    for table in ("programme_share", "region_share", "enabling_share"):
        for item, bounds in getattr(cons, table).items():
            for bound in ("min", "max"):
                if getattr(bounds, bound) is not None:
                    paths.append(f"constraints.{table}.{item}.{bound}")
    paths += [f"constraints.fixed[{i}].amount" for i in range(len(cons.fixed))]
    return paths


def without(scenario: Scenario, paths: Iterable[str]) -> Scenario:
    """The scenario with these rules switched off (a commitment is removed altogether)."""
    raw = scenario.constraints.model_dump(mode="json", exclude_none=True)
    gone: set[int] = set()
    for path in paths:
        parts = path.split(".")[1:]
        if parts[0].startswith("fixed["):
            gone.add(int(parts[0][len("fixed[") : -1]))
        elif parts[0] == "spend_all":
            raw["spend_all"] = False
        elif len(parts) == 1:
            raw.pop(parts[0], None)
        else:
            raw[parts[0]][parts[1]].pop(parts[2], None)
    raw["fixed"] = [item for i, item in enumerate(raw.get("fixed", [])) if i not in gone]
    return scenario.model_copy(update={"constraints": Constraints.model_validate(raw)})


def has_split(scenario: Scenario, values: np.ndarray, budget: float | None = None) -> bool:
    """Whether the optimiser finds any split (no diagnosis, a loose gap: feasibility only)."""
    data = allocation_input(scenario, values, budget)
    result = optimise(data, gap=0.05, with_baselines=False, diagnose=False)
    assert result.status in ("optimal", "feasible", "infeasible"), result.status
    return result.solved


def fewest_rules_to_drop(
    scenario: Scenario, values: np.ndarray, most: int, budget: float | None = None
) -> int | None:
    """The fewest rules whose removal makes the scenario feasible (None if more than `most`)."""
    paths = rule_paths(scenario)
    for size in range(most + 1):
        for chosen in combinations(paths, size):
            if has_split(without(scenario, chosen), values, budget):
                return size
    return None


def with_values(scenario: Scenario, changes: dict[str, object]) -> Scenario:
    """The scenario with some rule fields set (validated as constraints, no cross-checks)."""
    raw = scenario.constraints.model_dump(mode="json", exclude_none=True)
    for path, value in changes.items():
        node = raw
        parts = path.split(".")[1:]
        for part in parts[:-1]:
            if part.endswith("]"):
                name, index = part[:-1].split("[")
                node = node[name][int(index)]
            else:
                node = node.setdefault(part, {})
        node[parts[-1]] = value
    return scenario.model_copy(update={"constraints": Constraints.model_validate(raw)})
