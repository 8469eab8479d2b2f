"""Scenarios: the data users build and share, its checks, and reading and writing it.

`schema` holds the pydantic classes of a scenario, `checks` the rules across its parts (with
`check_base`, `rule_checks`, `weight_checks` and `derive_checks`; `derive_spec` and `indicators`
hold computed criteria and their arithmetic), `data_warnings` what a valid scenario's data
may silently do to the result, `io` loading, validating and saving files (`model_errors` puts
pydantic's complaints in our words), `toml_writer` their layout, `summary` plain-text
descriptions, `shipped` the scenarios that come with prioritise, `atomic_file` writing a
file whole, `limits` the bounds a file's text is held to before it is parsed;
`initiative_sheet` imports initiatives from a spreadsheet (cells read by `sheet_cells`, columns
in `sheet_columns`) and `initiative_template` writes one. Everything else in prioritise builds
on this package; it imports none of it.
"""

from __future__ import annotations

from prioritise.scenario.atomic_file import write_atomically
from prioritise.scenario.checks import Problem, cross_check, suggest
from prioritise.scenario.data_warnings import GDP_TOLERANCE, check_warnings, warnings_at
from prioritise.scenario.derive_spec import DERIVE_METHODS, Derive
from prioritise.scenario.initiative_sheet import (
    ImportResult,
    import_initiatives,
    initiatives_from,
)
from prioritise.scenario.initiative_template import initiative_sheet_bytes, template_bytes
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
from prioritise.scenario.limits import (
    MAX_FILE_MB_ENV,
    max_file_bytes,
    max_file_megabytes,
    too_large,
)
from prioritise.scenario.problems import (
    entry_ids,
    grouped,
    located,
    location_text,
    problem_lines,
)
from prioritise.scenario.schema import (
    FORMAT,
    HELIX_GROUPS,
    MIN_GROUP_SIZE,
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
    WorkshopSettings,
)
from prioritise.scenario.sheet_cells import SheetError, SheetProblem
from prioritise.scenario.shipped import (
    DEFAULT_SCENARIOS,
    declared_language,
    default_scenario_path,
    resolve_scenario,
    scenario_folder,
    shipped_scenarios,
)
from prioritise.scenario.summary import constraint_lines, describe, provenance
from prioritise.scenario.toml_writer import dumps_toml

__all__ = [
    "DEFAULT_SCENARIOS",
    "DERIVE_METHODS",
    "FORMAT",
    "GDP_TOLERANCE",
    "HELIX_GROUPS",
    "MAX_FILE_BYTES",
    "MAX_FILE_MB_ENV",
    "MIN_GROUP_SIZE",
    "WEIGHT_SETS",
    "Budget",
    "Constraints",
    "Criterion",
    "Derive",
    "EnablingArea",
    "FixedAmount",
    "ImportResult",
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
    "SheetError",
    "SheetProblem",
    "Source",
    "Stakeholder",
    "WorkshopSettings",
    "check_warnings",
    "constraint_lines",
    "cross_check",
    "declared_language",
    "default_scenario_path",
    "describe",
    "dumps",
    "dumps_toml",
    "entry_ids",
    "grouped",
    "import_initiatives",
    "initiative_sheet_bytes",
    "initiatives_from",
    "load",
    "loads",
    "located",
    "location_text",
    "max_file_bytes",
    "max_file_megabytes",
    "problem_lines",
    "provenance",
    "resolve_scenario",
    "save",
    "scenario_folder",
    "shipped_scenarios",
    "suggest",
    "template_bytes",
    "to_dict",
    "too_large",
    "validate_dict",
    "warnings_at",
    "write_atomically",
]
