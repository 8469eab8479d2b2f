"""Scenarios: the data users build and share, its checks, and reading and writing it.

`schema` holds the pydantic classes of a scenario, `checks` the rules across its parts,
`io` loading, validating and saving files, `toml_writer` their layout, `summary` plain-text
descriptions, `shipped` the scenarios that come with prioritise, `atomic_file` writing a
file whole. Everything else in prioritise builds on this package; it imports none of it.
"""

from __future__ import annotations

from prioritise.scenario.atomic_file import write_atomically
from prioritise.scenario.checks import Problem, cross_check, suggest
from prioritise.scenario.io import (
    MAX_FILE_BYTES,
    ScenarioError,
    dumps,
    load,
    loads,
    save,
    to_dict,
    validate_dict,
)
from prioritise.scenario.schema import (
    FORMAT,
    HELIX_GROUPS,
    WEIGHT_SETS,
    Budget,
    Constraints,
    Criterion,
    EnablingArea,
    FixedAmount,
    Meta,
    Pairwise,
    Preference,
    Priority,
    Programme,
    Region,
    Returns,
    Scenario,
    ShareBounds,
    Source,
    Stakeholder,
)
from prioritise.scenario.shipped import (
    DEFAULT_SCENARIOS,
    default_scenario_path,
    resolve_scenario,
    scenario_folder,
    shipped_scenarios,
)
from prioritise.scenario.summary import constraint_lines, describe, provenance
from prioritise.scenario.toml_writer import dumps_toml

__all__ = [
    "DEFAULT_SCENARIOS",
    "FORMAT",
    "HELIX_GROUPS",
    "MAX_FILE_BYTES",
    "WEIGHT_SETS",
    "Budget",
    "Constraints",
    "Criterion",
    "EnablingArea",
    "FixedAmount",
    "Meta",
    "Pairwise",
    "Preference",
    "Priority",
    "Problem",
    "Programme",
    "Region",
    "Returns",
    "Scenario",
    "ScenarioError",
    "ShareBounds",
    "Source",
    "Stakeholder",
    "constraint_lines",
    "cross_check",
    "default_scenario_path",
    "describe",
    "dumps",
    "dumps_toml",
    "load",
    "loads",
    "provenance",
    "resolve_scenario",
    "save",
    "scenario_folder",
    "shipped_scenarios",
    "suggest",
    "to_dict",
    "validate_dict",
    "write_atomically",
]
