"""Budget allocation: the optimised split of a budget over programmes, enabling areas and regions.

`input` checks and prepares the data, `rules` and `constraints` hold the formulation's rows,
`pulp_model` builds and solves it with PuLP (the only module that imports PuLP), `matrices`
hands the same problem to HiGHS as matrices, `solve` runs the whole optimisation, `results`
reads the split, `text` words it all. An infeasible problem is explained by `checks` (plain
pre-checks), `conflict` (the rules that cannot all hold) and `repair` (verified ways out),
which ask their questions of one `switchable` model through `probe`; `rulebook` says what a
rule is, `diagnosis` holds the answer and `repair_text` words it.
"""

from __future__ import annotations

from prioritise.allocate.checks import Check, pre_checks
from prioritise.allocate.diagnosis import Change, Diagnosis, Repair
from prioritise.allocate.input import (
    AllocationError,
    AllocationInput,
    allocation_input,
    cell_values_of,
)
from prioritise.allocate.matrices import LinearProgram, solve_linear_program
from prioritise.allocate.pulp_model import SOLVERS, ModelBuilder, run
from prioritise.allocate.repair import apply_repair, diagnose
from prioritise.allocate.results import Allocation, Baseline
from prioritise.allocate.solve import (
    DEFAULT_GAP,
    AllocationModel,
    linear_program,
    optimise,
    optimise_scenario,
    reoptimise,
)

__all__ = [
    "DEFAULT_GAP",
    "SOLVERS",
    "Allocation",
    "AllocationError",
    "AllocationInput",
    "AllocationModel",
    "Baseline",
    "Change",
    "Check",
    "Diagnosis",
    "LinearProgram",
    "ModelBuilder",
    "Repair",
    "allocation_input",
    "apply_repair",
    "cell_values_of",
    "diagnose",
    "linear_program",
    "optimise",
    "optimise_scenario",
    "pre_checks",
    "reoptimise",
    "run",
    "solve_linear_program",
]
